"""Intake, identity, incident, consent, assignment, transfer and closure services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.core.errors import NotFound
from hifazat.crisis_cells import access, errors, selectors, services
from hifazat.crisis_cells.models import Consent, SurvivorCase

pytestmark = pytest.mark.django_db


def test_intake_gives_a_pseudonymous_code_per_cell_and_year(cell, survivor):
    first = services.open_case(user=cell["doctor"], arrival_route="police", sex="F", age=30,
                               name=survivor.full_name())
    second = services.open_case(user=cell["wmlo"], arrival_route="walk_in", sex="F", age=22)
    year = clock.now().year
    assert first.code == f"ARCC-LHR1-{year}-000001"
    assert second.code == f"ARCC-LHR1-{year}-000002"
    vawc = services.open_case(user=cell["vawc_counsellor"], arrival_route="helpline",
                              sex="F", age=35)
    assert vawc.code == f"VAWC-MUL1-{year}-000001" and vawc.is_vawc
    other = services.open_case(user=cell["other_doctor"], arrival_route="referral", sex="M",
                               age=19)
    assert other.code.startswith("ARCC-KHS1-")


def test_intake_is_audited_without_identity(cell, survivor):
    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=30,
                              name=survivor.full_name(), cnic=survivor.cnic)
    event = AuditEvent.objects.get(action="crisis_cells.case_opened")
    assert event.case_reference == case.code and event.purpose == "care"
    dumped = str(event.details) + event.reason + event.case_reference
    assert survivor.full_name() not in dumped and survivor.cnic not in dumped


def test_bad_intake_input_names_each_field(cell):
    with pytest.raises(errors.InvalidInput) as exc:
        services.open_case(user=cell["doctor"], arrival_route="taxi", sex="Q", age=300,
                           cnic="123", phone="abc",
                           arrived_at=clock.now() + timedelta(days=1))
    assert set(exc.value.fields) == {"arrival_route", "sex", "age", "cnic", "phone",
                                     "arrived_at"}
    assert SurvivorCase.objects.count() == 0


def test_child_without_guardian_is_refused_and_nothing_saved(cell):
    with pytest.raises(errors.GuardianRequired) as exc:
        services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=12)
    assert "guardian_name" in exc.value.fields
    assert SurvivorCase.objects.count() == 0
    assert not AuditEvent.objects.filter(action="crisis_cells.case_opened").exists()


def test_child_with_guardian_is_accepted(cell, people):
    guardian = people.person("F", min_age=35, max_age=50)
    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=12,
                              guardian={"name": guardian.full_name(), "relationship": "mother",
                                        "cnic": guardian.cnic})
    assert case.is_child
    identity = selectors.survivor_identity(user=cell["counsellor"], case=case)
    assert identity["guardian"]["name"] == guardian.full_name()


def test_only_cell_staff_can_open_a_case(cell):
    for who in ("police", "prosecutor", "npb", "analyst", "sysadmin", "cell_admin"):
        with pytest.raises((errors.NotACell, PermissionDenied)):
            services.open_case(user=cell[who], arrival_route="walk_in", sex="F", age=30)


def test_identity_visible_to_own_cell_only_and_every_view_audited(opened, cell, survivor):
    identity = selectors.survivor_identity(user=cell["counsellor"], case=opened)
    assert identity["name"] == survivor.full_name()
    assert identity["cnic"] == survivor.cnic.replace("-", "")
    event = AuditEvent.objects.filter(action="crisis_cells.identity_viewed").last()
    assert event.purpose == "care" and event.case_reference == opened.code
    for who in ("other_doctor", "police", "io", "prosecutor", "npb", "analyst", "sysadmin",
                "cell_admin"):
        with pytest.raises(NotFound):
            selectors.survivor_identity(user=cell[who], case=opened)
        with pytest.raises(NotFound):
            access.access_case(user=cell[who], code=opened.code)


def test_missing_and_forbidden_cases_look_the_same(cell, opened):
    with pytest.raises(NotFound):
        access.access_case(user=cell["doctor"], code="ARCC-LHR1-1999-000001")
    with pytest.raises(NotFound):
        access.access_case(user=cell["other_doctor"], code=opened.code)
    assert access.access_case(user=cell["doctor"], code=opened.code) == opened


def test_incident_after_arrival_or_in_future_is_refused(cell, opened):
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_incident(user=cell["doctor"], case=opened,
                                 occurred_at=opened.arrived_at + timedelta(hours=2),
                                 district="PB-LHR", kind="rape", relationship="stranger")
    assert "occurred_at" in exc.value.fields
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_incident(user=cell["doctor"], case=opened, occurred_at="yesterday",
                                 district="XX", kind="theft", relationship="?",
                                 perpetrator_count=0)
    assert set(exc.value.fields) == {"occurred_at", "district", "kind", "relationship",
                                     "perpetrator_count"}


def test_incident_sets_clinical_window_start_and_keeps_particulars_encrypted(cell, opened):
    assert opened.incident_at is not None
    assert selectors.perpetrator_particulars(user=cell["legal"], case=opened) == \
        "Tall man, black car"
    with pytest.raises(NotFound):
        selectors.perpetrator_particulars(user=cell["police"], case=opened)


def test_consent_recorded_withdrawn_and_audited(cell, opened):
    services.record_consent(user=cell["doctor"], case=opened, use="police_report",
                            is_given=True, given_by="survivor")
    assert selectors.has_consent(opened, "police_report")
    services.withdraw_consent(user=cell["counsellor"], case=opened, use="police_report",
                              note="changed her mind")
    assert not selectors.has_consent(opened, "police_report")
    actions = list(AuditEvent.objects.filter(case_reference=opened.code)
                   .values_list("action", flat=True))
    assert "crisis_cells.consent_recorded" in actions
    assert "crisis_cells.consent_withdrawn" in actions
    with pytest.raises(errors.ConsentNotGiven):
        services.withdraw_consent(user=cell["doctor"], case=opened, use="police_report")
    # A new decision supersedes, and history stays.
    services.record_consent(user=cell["doctor"], case=opened, use="police_report",
                            is_given=True, given_by="survivor")
    assert Consent.objects.filter(case=opened, use="police_report").count() == 2
    assert selectors.current_consents(opened)["police_report"].is_given


def test_child_consent_comes_from_the_guardian(cell):
    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=10,
                              guardian={"name": "Guardian", "relationship": "aunt"})
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_consent(user=cell["doctor"], case=case, use="medical_examination",
                                is_given=True, given_by="survivor")
    assert "given_by" in exc.value.fields
    services.record_consent(user=cell["doctor"], case=case, use="medical_examination",
                            is_given=True, given_by="guardian")


def test_assignment_by_in_charge_to_own_staff_only(cell, opened):
    services.assign_case(user=cell["incharge"], case=opened, assignee=cell["counsellor"])
    opened.refresh_from_db()
    assert opened.assigned_to_id == cell["counsellor"].pk
    with pytest.raises(errors.InvalidInput):
        services.assign_case(user=cell["incharge"], case=opened, assignee=cell["other_doctor"])
    with pytest.raises(PermissionDenied):
        services.assign_case(user=cell["doctor"], case=opened, assignee=cell["wmlo"])


def test_transfer_needs_acceptance_by_the_receiving_in_charge(cell, opened):
    transfer = services.request_transfer(user=cell["incharge"], case=opened,
                                         to_cell=cell["other_agency"], reason="moved")
    opened.refresh_from_db()
    assert opened.status == SurvivorCase.Status.TRANSFER_PENDING
    assert list(selectors.transfers_awaiting_me(cell["other_incharge"])) == [transfer]
    with pytest.raises(PermissionDenied):
        services.accept_transfer(user=cell["incharge"], transfer=transfer)
    with pytest.raises(NotFound):
        access.access_case(user=cell["other_doctor"], code=opened.code)
    services.accept_transfer(user=cell["other_incharge"], transfer=transfer)
    assert access.access_case(user=cell["other_doctor"], code=opened.code).status == "open"
    with pytest.raises(NotFound):
        access.access_case(user=cell["doctor"], code=opened.code)
    with pytest.raises(errors.TransferNotPending):
        services.decline_transfer(user=cell["other_incharge"], transfer=transfer, note="no")


def test_declined_transfer_keeps_the_case(cell, opened):
    transfer = services.request_transfer(user=cell["incharge"], case=opened,
                                         to_cell=cell["other_agency"], reason="moved")
    with pytest.raises(errors.InvalidInput):
        services.decline_transfer(user=cell["other_incharge"], transfer=transfer, note=" ")
    services.decline_transfer(user=cell["other_incharge"], transfer=transfer, note="full")
    assert access.access_case(user=cell["doctor"], code=opened.code).status == "open"


def test_closure_needs_in_charge_approval(cell, opened):
    request = services.request_closure(user=cell["counsellor"], case=opened,
                                       outcome="care_completed")
    with pytest.raises(PermissionDenied):
        services.approve_closure(user=cell["doctor"], request=request)
    with pytest.raises(errors.CaseNotOpen):
        services.request_transfer(user=cell["incharge"], case=opened,
                                  to_cell=cell["other_agency"], reason="x")
    case = services.approve_closure(user=cell["incharge"], request=request)
    assert case.status == "closed" and case.outcome == "care_completed"
    with pytest.raises(errors.CaseClosed):
        services.record_consent(user=cell["doctor"], case=case, use="photographs",
                                is_given=True, given_by="survivor")


def test_returned_closure_reopens(cell, opened):
    request = services.request_closure(user=cell["counsellor"], case=opened, outcome="other")
    services.return_closure(user=cell["incharge"], request=request, note="follow-up due")
    opened.refresh_from_db()
    assert opened.status == "open"
    with pytest.raises(errors.InvalidInput):
        services.request_closure(user=cell["counsellor"], case=opened, outcome="nonsense")


def test_timeline_lists_what_was_done(cell, opened):
    kinds = [a.kind for a in selectors.timeline(cell["doctor"], opened)]
    assert kinds[:2] == ["case_opened", "incident_recorded"]


def test_transfer_moves_evidence_and_follow_ups_to_the_new_cells_dashboard(cell, opened):
    services.record_consent(user=cell["doctor"], case=opened, use="forensic_samples",
                            is_given=True, given_by="survivor")
    item = services.collect_evidence(user=cell["doctor"], case=opened, kind="swab",
                                     description="swab")
    follow_up = services.schedule_follow_up(user=cell["doctor"], case=opened, kind="medical",
                                            due_on=timezone.localdate(), description="test")
    assert selectors.dashboard(cell["doctor"])["evidence_awaiting_dispatch"]["rows"] == [item]
    transfer = services.request_transfer(user=cell["incharge"], case=opened,
                                         to_cell=cell["other_agency"], reason="moved")
    services.accept_transfer(user=cell["other_incharge"], transfer=transfer)
    mine, theirs = selectors.dashboard(cell["doctor"]), selectors.dashboard(cell["other_doctor"])
    assert mine["evidence_awaiting_dispatch"]["count"] == 0 and mine["due_today"]["count"] == 0
    assert theirs["evidence_awaiting_dispatch"]["rows"] == [item]
    assert theirs["due_today"]["rows"] == [follow_up]


def test_oversight_counts_every_case_and_consent_governs_research_counts(cell):
    cases = []
    for i in range(7):
        case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F",
                                  age=20 + i)
        services.record_incident(user=cell["doctor"], case=case,
                                 occurred_at=clock.now() - timedelta(hours=3),
                                 district="PB-LHR", kind="rape" if i < 6 else "harassment",
                                 relationship="stranger")
        if i < 6:  # the seventh survivor did not agree to statistics
            services.record_consent(user=cell["doctor"], case=case,
                                    use="anonymous_statistics", is_given=True,
                                    given_by="survivor")
        cases.append(case)
    services.withdraw_consent(user=cell["doctor"], case=cases[5],
                              use="anonymous_statistics")
    out = selectors.oversight_case_counts()  # statutory: every case
    assert out["total"] == 7
    assert out["by_incident_type"] == {"rape": 6, "harassment": "<5"}
    assert out["consenting_to_statistics"] == 5
    research = selectors.oversight_case_counts(consenting_only=True)
    assert research["total"] == 5
    assert research["by_incident_type"] == {"rape": 5}
    assert out["with_fir"] == 0 and out["median_hours_arrival_to_fir"] is None
    assert selectors.oversight_case_counts(district=cell["places"]["KHI"])["total"] == 0


def test_reading_a_case_is_audited_and_a_refused_read_is_not(cell, opened):
    access.access_case(user=cell["counsellor"], code=opened.code)
    event = AuditEvent.objects.filter(action="crisis_cells.case_viewed").last()
    assert event.actor_id == cell["counsellor"].pk and event.case_reference == opened.code
    assert event.purpose == "care"
    before = AuditEvent.objects.count()
    with pytest.raises(NotFound):
        access.access_case(user=cell["police"], code=opened.code)
    assert AuditEvent.objects.count() == before
