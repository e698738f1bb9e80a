"""The demo's justice pipeline: a case at every stage in Lahore and in Multan, some
overdue, made through the services (audited, register-checked), the justice users with
their roles, and a second load that adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from hifazat.accounts.models import RoleAssignment, User
from hifazat.accounts.roles import Role, Scope
from hifazat.audit.models import AuditEvent
from hifazat.audit.selectors import verify_chain
from hifazat.demo.services import load_demo
from hifazat.justice import selectors
from hifazat.justice.models import (
    CustodyEvent,
    DiaryEntry,
    FirReferral,
    FirSource,
    Hearing,
    JusticeCase,
    PoliceReport,
    Stage,
    Verdict,
    Witness,
)
from hifazat.register.models import EntryProposal

pytestmark = pytest.mark.django_db

JUSTICE_USERS = {
    "police.station": (Role.POLICE_STATION_OFFICER, "PS-LHR-CIVL", Scope.FACILITY),
    "io.ssoiu": (Role.INVESTIGATING_OFFICER, "SSOIU-LHR-CITY", Scope.DISTRICT),
    "io.ssoiu2": (Role.INVESTIGATING_OFFICER, "SSOIU-LHR-CITY", Scope.DISTRICT),
    "prosecutor": (Role.PROSECUTOR, "PROS-LHR-CITY", Scope.DISTRICT),
    "court.clerk": (Role.COURT_STAFF, "COURT-LHR-CITY", Scope.FACILITY),
    "police.multan": (Role.POLICE_STATION_OFFICER, "PS-MUL-CANT", Scope.FACILITY),
    "io.multan": (Role.INVESTIGATING_OFFICER, "SSOIU-MUL-CITY", Scope.DISTRICT),
    "prosecutor.multan": (Role.PROSECUTOR, "PROS-MUL-CITY", Scope.DISTRICT),
    "court.multan": (Role.COURT_STAFF, "COURT-MUL-CITY", Scope.FACILITY),
}


def _justice_counts():
    return tuple(m.objects.count() for m in (
        JusticeCase, FirReferral, DiaryEntry, CustodyEvent, PoliceReport, Hearing, Witness,
        Verdict, EntryProposal))


def test_the_demo_holds_a_case_at_every_stage_in_both_districts_and_loads_once():
    load_demo()
    today = timezone.localdate()
    for district in ("PB-LHR", "PB-MUL"):
        cases = JusticeCase.objects.filter(district__code=district)
        assert set(cases.values_list("stage", flat=True)) >= {
            Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION, Stage.CHALLAN_SUBMITTED,
            Stage.IN_TRIAL, Stage.DECIDED, Stage.APPEAL}, district
        # Awaiting scrutiny; and a challan returned with its defects, investigation resumed.
        assert PoliceReport.objects.filter(case__in=cases, kind="final",
                                           scrutiny="pending").exists()
        returned = PoliceReport.objects.get(case__in=cases, scrutiny="returned")
        assert returned.defects and returned.case.stage == Stage.UNDER_INVESTIGATION
        assert set(Verdict.objects.filter(case__in=cases).values_list(
            "outcome", flat=True)) == {"convicted", "acquitted"}
        trial = cases.filter(stage=Stage.IN_TRIAL).get()
        assert trial.charged_on and trial.adjournments >= 2
        adjourned = trial.hearings.filter(outcome="adjourned")
        assert adjourned.count() == trial.adjournments
        assert all(h.adjournment_reason for h in adjourned)
        assert trial.hearings.filter(outcome="scheduled", on__gt=today).exists()
        assert trial.witnesses.filter(attended=True, examined_on__isnull=False).exists()
        investigated = cases.filter(stage=Stage.UNDER_INVESTIGATION)
        assert DiaryEntry.objects.filter(case__in=investigated).exists()
        assert CustodyEvent.objects.filter(suspect__fir__case__in=investigated).exists()
        # Overdue: the district's list, read as the screens read it.
        overdue = list(selectors.overdue_for(scope="district",
                                             target_id=cases.first().district_id))
        assert overdue and all(c.next_due_on < today for c in overdue)
        # Every date a step carries is on or after its FIR and not in the future.
        for case in cases.select_related("fir"):
            fir_day = timezone.localdate(case.fir.registered_at)
            assert fir_day <= today
            assert not case.diary.filter(on__lt=fir_day).exists()
            assert not case.hearings.filter(on__lt=fir_day).exists()
            assert not case.reports.filter(submitted_on__gt=today).exists()

    lahore = JusticeCase.objects.filter(district__code="PB-LHR")
    # The FIR from the cell's referral; the older referral still waits in the inbox.
    assert lahore.filter(fir__source=FirSource.CELL_REFERRAL).exists()
    police = User.objects.get(username="police.station")
    police.is_verified = lambda: True
    assert any(r.status == "referred" for r in selectors.referral_inbox(police))
    # A conviction's register proposal awaits NPB; its accused is a registered offender
    # written another way, and the suspect check found him.
    convicted = lahore.get(stage=Stage.DECIDED, verdicts__outcome="convicted")
    accused = convicted.fir.suspects.get(register_proposal__isnull=False)
    assert accused.register_matches >= 1
    assert accused.register_proposal.state == EntryProposal.State.PROPOSED
    assert accused.register_proposal.payload["verdict_reference"].startswith(
        "justice:sentence:")
    # A man investigates a woman's complaint: the flag shows.
    assert any(c.needs_female_officer for c in lahore.filter(
        stage=Stage.UNDER_INVESTIGATION, investigating_officer__username="io.ssoiu2"))
    # Synthetic suspects with the errors FIRs carry: a name in Urdu script, no date of
    # birth, no CNIC.
    suspects = [s for c in JusticeCase.objects.all() for s in c.fir.suspects.all()]
    assert any("\u0600" <= s.name[0] <= "\u06ff" for s in suspects)
    assert any(not s.dob for s in suspects) and any(not s.cnic for s in suspects)
    # Every stage change is in the audit log with the FIR as reference.
    assert AuditEvent.objects.filter(action="justice.sent_to_court").count() >= 6

    first = _justice_counts()
    load_demo()
    assert _justice_counts() == first
    assert verify_chain().ok


def test_the_justice_users_hold_their_roles_and_have_codes(capsys):
    load_demo()
    for username, (role, facility, scope) in JUSTICE_USERS.items():
        user = User.objects.get(username=username)
        assert user.agency.facility.code == facility, username
        assert RoleAssignment.objects.in_force().filter(user=user, role=role,
                                                        scope=scope).exists(), username
    sexes = dict(User.objects.filter(username__in=["io.ssoiu", "io.ssoiu2"])
                 .values_list("username", "sex"))
    assert sexes == {"io.ssoiu": "F", "io.ssoiu2": "M"}
    call_command("demo_otp", "court.clerk")
    assert capsys.readouterr().out.strip().isdigit()
