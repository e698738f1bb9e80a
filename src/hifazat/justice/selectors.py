"""Reads of the justice pipeline: the station's referral inbox, a user's cases, the
overdue lists (district, SSOIU, prosecution office, court), a court's cause list, a
case's deadlines, and what a cell may know of its case (the stage and its dates, and
nothing more).

The overdue lists read ``JusticeCase.next_due_on`` through the partial indexes
``justice_due_<scope>``: one range scan per list, whatever the size of the table
(``bench/justice_overdue.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from hifazat.accounts.roles import Role, Scope
from hifazat.core import clock, permissions
from hifazat.justice.models import (
    DueKind,
    FirReferral,
    Hearing,
    JusticeCase,
    Stage,
)
from hifazat.justice.services.common import due_dates

_LIST_ROWS = ("fir", "fir__station", "district", "court", "ssoiu", "prosecution_office",
              "investigating_officer")


def _today() -> date:
    return timezone.localdate(clock.now())


def _coverage(user, role: str, *, court: bool = False) -> Q | None:
    """The cases ``user`` covers in ``role`` as a filter (None: none)."""
    q = None
    for a in user.active_roles():
        if a.role != role:
            continue
        if a.scope == Scope.NATIONAL:
            part = Q()
        elif court:
            part = Q(court__facility_id=a.facility_id) if a.scope == Scope.FACILITY else (
                Q(court__facility__district_id=a.district_id) if a.scope == Scope.DISTRICT
                else Q(court__facility__district__province_id=a.province_id))
        elif a.scope == Scope.FACILITY:
            part = Q(fir__station_id=a.facility_id) if role == \
                Role.POLICE_STATION_OFFICER else Q(district_id=a.facility.district_id)
        elif a.scope == Scope.DISTRICT:
            part = Q(district_id=a.district_id)
        else:
            part = Q(district__province_id=a.province_id)
        q = part if q is None else q | part
    return q


def covered_cases(user):
    """Every case ``user`` may open, in any of their justice roles."""
    if not permissions.can(user, "justice.view_case"):
        return JusticeCase.objects.none()
    q = None
    for role in (Role.POLICE_STATION_OFFICER, Role.INVESTIGATING_OFFICER, Role.PROSECUTOR,
                 Role.COURT_STAFF):
        part = _coverage(user, role, court=role == Role.COURT_STAFF)
        if part is not None:
            q = part if q is None else q | part
    if q is None:
        return JusticeCase.objects.none()
    return JusticeCase.objects.filter(q)


def my_cases(user, *, stage: str = "", limit: int = 100):
    """The user's cases, latest first (assigned to them first for officers and
    prosecutors)."""
    rows = covered_cases(user).select_related(*_LIST_ROWS)
    if stage in Stage.values:
        rows = rows.filter(stage=stage)
    return list(rows.order_by("-fir__registered_at", "-pk")[:limit])


def referral_inbox(user, *, include_answered: bool = False, limit: int = 100):
    """Cell referrals to the stations the user's police role covers: the case code,
    the cell and the dates only."""
    if not permissions.can(user, "justice.view_referral"):
        return []
    # A referral has no district column: a district-level officer covers its stations.
    q = Q(pk__in=[])
    for a in user.active_roles():
        if a.role != Role.POLICE_STATION_OFFICER:
            continue
        q |= Q(police_station_id=a.facility_id) if a.scope == Scope.FACILITY else \
            Q(police_station__district_id=a.district_id)
    rows = FirReferral.objects.filter(q).select_related("police_station", "cell")
    if not include_answered:
        rows = rows.filter(status=FirReferral.Status.REFERRED)
    return list(rows.order_by("referred_at", "pk")[:limit])


SCOPES = ("district", "ssoiu", "prosecution", "court")


def overdue_for(*, scope: str, target_id: int, today: date | None = None,
                limit: int = 50, offset: int = 0):
    """Cases whose next statutory deadline has passed, oldest due first, for one
    district (``scope="district"``), SSOIU, prosecution office or court (agency ids).
    One range scan on the scope's partial index."""
    today = today or _today()
    column = {"district": "district_id", "ssoiu": "ssoiu_id",
              "prosecution": "prosecution_office_id", "court": "court_id"}[scope]
    return (JusticeCase.objects.filter(**{column: target_id}, next_due_on__lt=today)
            .order_by("next_due_on", "pk").select_related(*_LIST_ROWS)[offset:offset + limit])


def overdue_count(*, scope: str, target_id: int, today: date | None = None) -> int:
    today = today or _today()
    column = {"district": "district_id", "ssoiu": "ssoiu_id",
              "prosecution": "prosecution_office_id", "court": "court_id"}[scope]
    return JusticeCase.objects.filter(**{column: target_id}, next_due_on__lt=today).count()


@dataclass(frozen=True)
class OverdueList:
    scope: str
    target_id: int
    name: str
    count: int
    cases: list


def overdue(user, now=None, *, limit: int = 50) -> list[OverdueList]:
    """The overdue lists the user's roles give them: a station officer or investigating
    officer their district(s) and SSOIU, a prosecutor their office, court staff their
    court. The deadline registry names this selector for every justice deadline."""
    if not permissions.can(user, "justice.view_overdue"):
        return []
    today = timezone.localdate(now) if now else _today()
    agency = getattr(user, "agency", None)
    lists: list[tuple[str, int, str]] = []
    from hifazat.places import selectors as places

    for a in user.active_roles():
        if a.role in (Role.POLICE_STATION_OFFICER, Role.INVESTIGATING_OFFICER,
                      Role.PROSECUTOR):
            district = a.district or (a.facility.district if a.facility_id else None)
            if district is not None:
                lists.append(("district", district.pk, str(district)))
            elif a.province_id:
                for d_id in places.district_ids_in_province(a.province_id):
                    d = places.district_by_id(d_id)
                    lists.append(("district", d_id, str(d)))
    if agency is not None and user.has_role(Role.INVESTIGATING_OFFICER):
        lists.insert(0, ("ssoiu", agency.pk, str(agency)))
    if agency is not None and user.has_role(Role.PROSECUTOR):
        lists.insert(0, ("prosecution", agency.pk, str(agency)))
    if agency is not None and user.has_role(Role.COURT_STAFF):
        lists.insert(0, ("court", agency.pk, str(agency)))
    seen, out = set(), []
    for scope, target, name in lists:
        if (scope, target) in seen:
            continue
        seen.add((scope, target))
        out.append(OverdueList(scope, target, name,
                               overdue_count(scope=scope, target_id=target, today=today),
                               list(overdue_for(scope=scope, target_id=target, today=today,
                                                limit=limit))))
    return out


def cause_list(court, day: date):
    """A court's hearings on one day, by trial number."""
    return list(Hearing.objects.filter(court=court, on=day).select_related(
        "case", "case__fir", "case__fir__station").order_by("case__trial_number", "pk"))


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due_on: date
    met: bool
    overdue: bool


def deadlines_of(case: JusticeCase, *, today: date | None = None) -> list[Deadline]:
    """Every deadline running for the case, with its due date and whether it is met
    or overdue."""
    today = today or _today()
    return [Deadline(kind, str(DueKind(kind).label), due, met, not met and due < today)
            for kind, due, met in due_dates(case)]


# --- what a cell may know --------------------------------------------------------------

@dataclass(frozen=True)
class StageNews:
    fir_number: str
    fir_date: date | None
    station: object
    stage: str
    stage_label: str
    steps: list  # (label, date) in order


def for_survivor_case(survivor_case_id: int) -> list:
    """The referrals of one cell case with, once an FIR is registered, its stage and
    the dates each stage was reached. No suspect, officer, section or diary."""
    out = []
    for ref in FirReferral.objects.filter(survivor_case_id=survivor_case_id).select_related(
            "police_station", "fir", "fir__case").order_by("referred_at", "pk"):
        case = getattr(getattr(ref, "fir", None), "case", None) if ref.fir_number else None
        out.append({"referral": ref, "case": case,
                    "steps": _steps(case) if case is not None else []})
    return out


_STEP_ACTIONS = {
    "justice.investigation_started": Stage.UNDER_INVESTIGATION,
    "justice.challan_submitted": Stage.CHALLAN_SUBMITTED,
    "justice.sent_to_court": Stage.IN_TRIAL,
    "justice.decided": Stage.DECIDED,
    "justice.appealed": Stage.APPEAL,
    "justice.appeal_concluded": Stage.DECIDED,
    "justice.retrial_ordered": Stage.IN_TRIAL,
}


def _steps(case: JusticeCase) -> list[tuple[str, date]]:
    """The stages the case has reached, with their dates (from the audit log of its
    stage changes: one source of truth)."""
    from hifazat.audit import selectors as audit

    steps = [(str(Stage.FIR_REGISTERED.label),
              timezone.localdate(case.fir.registered_at))]
    for event in audit.history_of("justice.case", case.pk):
        if event.action in _STEP_ACTIONS:
            steps.append((str(Stage(_STEP_ACTIONS[event.action]).label),
                          timezone.localdate(event.occurred_at)))
    return steps


def unanswered_referrals(*, cell_id: int, older_than):
    """A cell's referrals still without an FIR, referred before ``older_than``."""
    return FirReferral.objects.filter(
        cell_id=cell_id, status=FirReferral.Status.REFERRED, referred_at__lt=older_than,
    ).select_related("police_station").order_by("referred_at", "pk")


def _cases_from(survivor_case_id: int):
    return JusticeCase.objects.filter(fir__referral__survivor_case_id=survivor_case_id)


def prosecutes(user, survivor_case_id: int) -> bool:
    """Whether ``user`` is a prosecutor covering a case that a cell's case led to (the
    cell's read-only medico-legal page checks this, and the survivor's consent)."""
    from hifazat.justice import policy

    return any(policy.covers_case(user, Role.PROSECUTOR, c)
               for c in _cases_from(survivor_case_id).select_related("fir", "district"))


def investigates(user, survivor_case_id: int) -> bool:
    """Whether ``user`` is an investigating officer covering a case that a cell's case
    led to (for the forensic results, with the survivor's consent to police)."""
    from hifazat.justice import policy

    return any(policy.covers_case(user, Role.INVESTIGATING_OFFICER, c)
               for c in _cases_from(survivor_case_id).select_related("fir", "district"))


# --- what the screens offer -------------------------------------------------------------

def _holders(role: str, agency_kind: str, district) -> list:
    """Active users of an agency of ``agency_kind`` holding ``role`` over ``district``,
    by name (read through ``accounts.selectors``)."""
    from hifazat.accounts import selectors as accounts

    found = {}
    for a in accounts.role_assignments_in_force(roles=[role]).select_related("user__agency"):
        user = a.user
        if user.agency is None or user.agency.kind != agency_kind or not user.agency.is_active:
            continue
        if a.covers_district(district):
            found.setdefault(user.pk, user)
    return sorted(found.values(), key=lambda u: (u.display_name or u.username, u.pk))


def investigating_officers_for(case: JusticeCase) -> list:
    """The investigating officers of SSOIUs covering the case's district: whom the case
    may be assigned to (``services.assign_investigation`` checks it again)."""
    from hifazat.accounts.roles import AgencyKind

    return _holders(Role.INVESTIGATING_OFFICER, AgencyKind.SSOIU, case.district)


def prosecutors_for(case: JusticeCase) -> list:
    """The prosecutors of offices covering the case's district."""
    from hifazat.accounts.roles import AgencyKind

    return _holders(Role.PROSECUTOR, AgencyKind.PROSECUTION, case.district)


def special_courts():
    """Every active Special Court (the district's is offered first by the screens)."""
    from hifazat.accounts import selectors as accounts
    from hifazat.accounts.roles import AgencyKind

    return accounts.agencies(kinds=[AgencyKind.SPECIAL_COURT])


def district_court(case: JusticeCase):
    """The Special Court of the case's district, or None."""
    return special_courts().filter(district=case.district).order_by("pk").first()


def courts_of(user) -> list:
    """The Special Courts whose cause list the user may read (their own court)."""
    return [c for c in special_courts() if permissions.can(user, "justice.cause_list", c)]


def stations_of(user) -> list:
    """The police stations the user's station role covers (their station, or every
    station of their district), by name."""
    from hifazat.places import selectors as places

    out = {}
    for a in user.active_roles():
        if a.role != Role.POLICE_STATION_OFFICER:
            continue
        if a.scope == Scope.FACILITY and a.facility_id:
            out[a.facility_id] = a.facility
        elif a.district_id:
            for f in places.facilities(places.FacilityKind.POLICE_STATION,
                                       district=a.district):
                out[f.pk] = f
    return sorted(out.values(), key=lambda f: (f.name_en, f.pk))


def case_overview(case: JusticeCase) -> dict:
    """Everything the case page lists, each in date order (two or three queries per
    part, not one per row)."""
    from django.db.models import Prefetch

    from hifazat.justice.models import CustodyEvent, Sentence, Suspect

    suspects = list(Suspect.objects.filter(fir_id=case.fir_id).select_related(
        "district", "register_proposal").prefetch_related(
        Prefetch("custody_events", queryset=CustodyEvent.objects.order_by("on", "pk"))))
    verdicts = list(case.verdicts.order_by("decided_on", "pk").prefetch_related(
        Prefetch("sentences", queryset=Sentence.objects.select_related("suspect")
                 .prefetch_related("sections")),
        "appeals", "appeals__suspect", "appeals__register_proposal"))
    proposals = [s.register_proposal for s in suspects if s.register_proposal_id]
    proposals += [a.register_proposal for v in verdicts for a in v.appeals.all()
                  if a.register_proposal_id]
    return {
        "sections": list(case.fir.sections.all()),
        "charge_sections": list(case.charge_sections.all()),
        "suspects": suspects,
        "diary": list(case.diary.order_by("on", "pk")),
        "reports": list(case.reports.select_related("scrutinised_by")
                        .order_by("submitted_on", "pk")),
        "disclosures": list(case.disclosures.order_by("on", "pk")),
        "hearings": list(case.hearings.order_by("on", "pk")),
        "witnesses": list(case.witnesses.select_related("summoned_for").order_by("side",
                                                                                  "pk")),
        "verdicts": verdicts,
        "appeals": [a for v in verdicts for a in v.appeals.all()],
        "proposals": proposals,
    }


# --- oversight aggregates -----------------------------------------------------------
# Read-only facts for the oversight app (hifazat.oversight): one row per case, keyed by
# the FIR's district and the month the FIR was registered (the case's cohort). No names,
# no numbers of FIRs or trials, no free text.


def _month_of(at) -> date:
    local = timezone.localtime(at).date() if hasattr(at, "tzinfo") else at
    return local.replace(day=1)


def oversight_report_mark() -> int:
    """The newest police report's id (its ``submitted_on`` is a date the officer gives,
    so new reports are found by id)."""
    from hifazat.justice.models import PoliceReport

    return PoliceReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def oversight_changed_buckets(since, *, report_after: int | None = None) -> set[tuple]:
    """(FIR month, district id) of every case whose FIR was created, whose stage changed,
    that had a hearing or verdict recorded at or after ``since`` or a police report
    after id ``report_after`` — and of every case whose charge was framed since (the
    charge changes the case without a timestamp of its own, so its audit event is the
    witness; an adjournment always schedules the next hearing, a new row). Each part is
    an indexed look-up of what happened since, so a quiet day costs little whatever the
    number of trials under way."""
    from hifazat.audit import selectors as audit
    from hifazat.justice.models import PoliceReport, Verdict

    touched = set(JusticeCase.objects.filter(fir__created_at__gte=since)
                  .values_list("pk", flat=True))
    touched |= set(JusticeCase.objects.filter(stage_changed_at__gte=since)
                   .values_list("pk", flat=True))
    touched |= {int(pk) for pk in audit.objects_acted_on(
        action="justice.charge_framed", object_type="justice.case", since=since)}
    if report_after is not None:
        touched |= set(PoliceReport.objects.filter(pk__gt=report_after)
                       .values_list("case_id", flat=True))
    for model in (Hearing, Verdict):
        touched |= set(model.objects.filter(recorded_at__gte=since)
                       .values_list("case_id", flat=True))
    rows = (JusticeCase.objects.filter(pk__in=touched)
            .values_list("fir__registered_at", "district_id"))
    return {(_month_of(at), district) for at, district in rows}


def oversight_all_buckets() -> set[tuple]:
    rows = JusticeCase.objects.values_list("fir__registered_at", "district_id")
    return {(_month_of(at), district) for at, district in rows}


def oversight_case_facts(*, month: date, district_id) -> list[dict]:
    """Per case whose FIR was registered in ``month`` in the district: FIR date, first
    interim/final report date, accepted challan date, charge and decision dates,
    adjournments, the latest verdict's outcome (``""`` when undecided)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(month, datetime.min.time(), tzinfo=tz)
    nxt = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    end = datetime.combine(nxt, datetime.min.time(), tzinfo=tz)
    return _oversight_facts(district_id=district_id, fir__registered_at__gte=start,
                            fir__registered_at__lt=end)


def oversight_case_districts() -> list[int]:
    """Every district with a justice case: the chunks of a full rebuild."""
    return sorted(JusticeCase.objects.values_list("district_id", flat=True).distinct()
                  .order_by())


def oversight_case_facts_of_district(district_id) -> list[dict]:
    """The facts of ``oversight_case_facts`` for every case of the district, each with
    its FIR ``month`` (first day): a full rebuild reads a district in three queries
    instead of three per month."""
    facts = _oversight_facts(district_id=district_id)
    for f in facts:
        f["month"] = f["fir_on"].replace(day=1)
    return facts


def _oversight_facts(**cases_filter) -> list[dict]:
    from hifazat.justice.models import PoliceReport, Verdict

    cases = list(JusticeCase.objects.filter(**cases_filter)
                 .values("id", "fir__registered_at", "charged_on", "decided_on",
                         "adjournments", "stage", "district__province_id"))
    related = {f"case__{k}": v for k, v in cases_filter.items()}
    first_report, final_report, accepted = {}, {}, {}
    for case_id, kind, on, scrutiny, scrutinised_on in PoliceReport.objects.filter(
            **related).order_by("submitted_on", "pk").values_list(
            "case_id", "kind", "submitted_on", "scrutiny", "scrutinised_on"):
        first_report.setdefault(case_id, on)
        if kind == PoliceReport.Kind.FINAL:
            final_report.setdefault(case_id, on)
            if scrutiny == PoliceReport.Scrutiny.ACCEPTED:
                accepted.setdefault(case_id, scrutinised_on or on)
    outcome = dict(Verdict.objects.filter(**related).order_by("decided_on", "pk")
                   .values_list("case_id", "outcome"))
    return [{"id": c["id"], "fir_on": timezone.localtime(c["fir__registered_at"]).date(),
             "province_id": c["district__province_id"], "first_report_on": first_report.get(
                 c["id"]), "final_report_on": final_report.get(c["id"]),
             "challan_accepted_on": accepted.get(c["id"]), "charged_on": c["charged_on"],
             "decided_on": c["decided_on"], "adjournments": c["adjournments"],
             "outcome": outcome.get(c["id"], "")} for c in cases]


_IN_BATCH = 900  # ids per query: under SQLite's bound-parameter limit, small plans


def oversight_firs_by_survivor_case(case_ids) -> dict[int, int]:
    """How many FIRs were registered from each crisis-cell case's referrals."""
    from django.db.models import Count

    case_ids = list(case_ids)
    out = {}
    for i in range(0, len(case_ids), _IN_BATCH):
        rows = (FirReferral.objects.filter(survivor_case_id__in=case_ids[i:i + _IN_BATCH],
                                           fir_recorded_at__isnull=False)
                .values("survivor_case_id").annotate(n=Count("pk")).order_by())
        out.update({r["survivor_case_id"]: r["n"] for r in rows})
    return out


def oversight_survivor_cases_with_new_firs(since) -> set[int]:
    """Crisis-cell case ids whose referral got an FIR at or after ``since``."""
    return set(FirReferral.objects.filter(fir_recorded_at__gte=since)
               .values_list("survivor_case_id", flat=True))
