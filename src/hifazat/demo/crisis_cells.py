"""Synthetic survivor cases for the demo crisis cells (dev only), made through the
crisis-cell services so every row, timeline entry and audit event is what real use
would write (this module imports no crisis-cell model). Idempotent: a cell that already
has cases gets none added.

Every person here comes from ``hifazat.synthetic.PeopleGenerator``; none is real.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hifazat.core import clock
from hifazat.crisis_cells import selectors, services
from hifazat.places import selectors as places
from hifazat.synthetic import PeopleGenerator

DEMO_CASES_SEED = 2021_06


def _survivor_identity(person) -> dict:
    return {"name": person.full_name(honorific=False),
            "father_or_husband_name": person.relation_name(),
            "cnic": person.cnic, "phone": person.phone, "address": person.address}


def _acting(user):
    """The demo user as the services see a signed-in, second-factor-verified user (the
    loader runs outside any request; dev only, refused in production by load_demo)."""
    user.is_verified = lambda: True
    return user


def _consent_all(user, case, uses, given_by="survivor"):
    for use in uses:
        services.record_consent(user=user, case=case, use=use, is_given=True,
                                given_by=given_by)


def load_demo_cases(users: dict) -> list:
    """A night shift's worth of cases at the Lahore cell (two referred to the police for
    an FIR) and two at the Multan VAWC centre, at different stages. ``users`` maps demo
    username -> User."""
    users = {name: _acting(user) for name, user in users.items()}
    doctor, wmlo = users.get("cell.doctor"), users.get("cell.wmlo")
    counsellor, incharge = users.get("cell.counsellor"), users.get("cell.incharge")
    vawc = users.get("vawc.counsellor")
    if not all([doctor, wmlo, counsellor, incharge]):
        return []
    if selectors.cases_for(doctor).exists():
        return []
    people = PeopleGenerator(seed=DEMO_CASES_SEED)
    now = clock.now()
    today = timezone.localdate(now)
    lahore = doctor.agency.district or places.district_by_code("PB-LHR")
    all_uses = ["medical_examination", "forensic_samples", "photographs", "police_report",
                "prosecution_sharing", "anonymous_statistics"]
    made = []

    # 1. Arrived an hour ago; incident 9 hours ago: PEP and EC windows running.
    p = people.person(sex="F", min_age=19, max_age=35)
    case = services.open_case(user=doctor, arrival_route="walk_in", sex="F", age=p.age(),
                              arrived_at=now - timedelta(hours=1), **_survivor_identity(p))
    services.record_incident(user=doctor, case=case, occurred_at=now - timedelta(hours=9),
                             district=lahore, kind="rape", relationship="acquaintance",
                             perpetrator_particulars="Synthetic demo particulars")
    _consent_all(doctor, case, ["medical_examination", "forensic_samples"])
    made.append(case)

    # 2. Examined, samples collected, PEP given; evidence awaiting dispatch; police consent.
    p = people.person(sex="F", min_age=20, max_age=40)
    case = services.open_case(user=wmlo, arrival_route="police", sex="F", age=p.age(),
                              arrived_at=now - timedelta(hours=20), **_survivor_identity(p))
    services.record_incident(user=wmlo, case=case, occurred_at=now - timedelta(hours=26),
                             district=lahore, kind="sexual_assault", relationship="stranger",
                             perpetrator_count=2)
    _consent_all(wmlo, case, all_uses)
    services.record_medical_care(user=wmlo, case=case, kind="pep",
                                 description="PEP starter pack, 3 days",
                                 given_at=now - timedelta(hours=19))
    exam = services.record_medico_legal_exam(
        user=wmlo, case=case, examined_at=now - timedelta(hours=18),
        chaperone_name="Staff nurse on duty", chaperone_role="Staff nurse",
        general_findings="Conscious, oriented, distressed. Vital signs normal.",
        injuries_findings="Abrasions on both forearms.",
        opinion="Findings consistent with the history given.",
        samples=[{"kind": "swab", "description": "Swabs"},
                 {"kind": "clothing", "description": "Clothing worn at the time"}])
    for item in selectors.evidence_for_case(wmlo, case).filter(exam=exam):
        services.record_custody(user=wmlo, item=item, step="sealed",
                                at=now - timedelta(hours=17))
    station = places.facilities(places.FacilityKind.POLICE_STATION, district=lahore) \
        .order_by("code").first()
    if station is not None:
        services.refer_for_fir(user=wmlo, case=case, police_station=station)
    services.plan_follow_up(user=wmlo, case=case, kind="medical", due_on=today,
                            description="PEP adherence check")
    services.record_counselling(user=counsellor, case=case,
                                held_at=now - timedelta(hours=16), duration_minutes=40)
    made.append(case)

    # 3. A child with her guardian (the guardian consents), incident 4 days ago.
    p = people.person(sex="F", min_age=12, max_age=15)
    g = people.person(sex="F", min_age=35, max_age=50)
    case = services.open_case(
        user=doctor, arrival_route="referral", sex="F", age=13,
        arrived_at=now - timedelta(days=3), **_survivor_identity(p),
        guardian={"name": g.full_name(honorific=False), "relationship": "Mother",
                  "cnic": g.cnic, "phone": g.phone})
    services.record_incident(user=doctor, case=case, occurred_at=now - timedelta(days=4),
                             district=lahore, kind="child_sexual_abuse",
                             relationship="neighbour")
    _consent_all(doctor, case, ["medical_examination", "forensic_samples"],
                 given_by="guardian")
    services.assign_case(user=incharge, case=case, assignee=counsellor)
    services.plan_follow_up(user=counsellor, case=case, kind="counselling",
                            due_on=today - timedelta(days=1),
                            description="Counselling session with the guardian")
    made.append(case)

    # 4. Closed after care.
    p = people.person(sex="F", min_age=25, max_age=45)
    case = services.open_case(user=counsellor, arrival_route="helpline", sex="F",
                              age=p.age(), arrived_at=now - timedelta(days=12),
                              **_survivor_identity(p))
    services.record_incident(user=counsellor, case=case,
                             occurred_at=now - timedelta(days=13), district=lahore,
                             kind="harassment", relationship="employer")
    closure = services.request_closure(user=counsellor, case=case, outcome="care_completed")
    services.approve_closure(user=incharge, request=closure)
    made.append(case)

    # 5–6. The Multan Violence Against Women Centre: domestic violence, cyber harassment.
    if vawc is not None and not selectors.cases_for(vawc).exists():
        multan = vawc.agency.district or places.district_by_code("PB-MUL")
        for kind, rel in (("domestic_violence", "spouse"), ("cyber_harassment", "online")):
            p = people.person(sex="F", min_age=20, max_age=40)
            case = services.open_case(user=vawc, arrival_route="walk_in", sex="F",
                                      age=p.age(), arrived_at=now - timedelta(days=2),
                                      **_survivor_identity(p))
            services.record_incident(user=vawc, case=case,
                                     occurred_at=now - timedelta(days=3),
                                     district=multan, kind=kind, relationship=rel)
            made.append(case)

    # 7. Brought by the police three hours ago, examined, referred for an FIR: the demo's
    # justice loader registers the FIR from this referral (case 2's stays unanswered in
    # the station's inbox).
    p = people.person(sex="F", min_age=18, max_age=30)
    case = services.open_case(user=wmlo, arrival_route="police", sex="F", age=p.age(),
                              arrived_at=now - timedelta(hours=3), **_survivor_identity(p))
    services.record_incident(user=wmlo, case=case, occurred_at=now - timedelta(hours=14),
                             district=lahore, kind="rape", relationship="acquaintance",
                             perpetrator_count=1)
    _consent_all(wmlo, case, [*all_uses, "case_updates"])
    if station is not None:
        services.refer_for_fir(user=wmlo, case=case, police_station=station)
    made.append(case)
    return made

