"""Every declared crisis-cell lifecycle, table-driven: for each (from, to) pair of a
status field's states, an allowed change succeeds and writes its audit event in the
same transaction; any other is refused with ``IllegalTransition`` naming both states.
Then the three services that used to allow any status to any status."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from hifazat.accounts.roles import AgencyKind
from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.core.errors import IllegalTransition
from hifazat.core.lifecycle import LIFECYCLES
from hifazat.crisis_cells import lifecycles, services
from hifazat.crisis_cells.models import (
    CaseTransfer,
    ClosureRequest,
    CyberHarassmentReport,
    EvidenceItem,
    ProtectionOrder,
    ShelterReferral,
)
from tests.crisis_cells.helpers import open_test_case
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


def _row(lifecycle, places):
    """A fresh row of the lifecycle's model on a fresh case."""
    agency = make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"])
    user = make_user(agency)
    case = open_test_case(places, agency=agency, user=user)
    now = clock.now()
    model = lifecycle.model
    if model is type(case):
        return case, user
    make = {
        EvidenceItem: lambda: EvidenceItem.objects.create(
            case=case, cell=agency, label_code=f"{case.code}-E01", kind="swab",
            description="swab", collected_at=now, collected_by=user),
        ShelterReferral: lambda: ShelterReferral.objects.create(
            case=case, shelter="Dar-ul-Aman", referred_at=now, referred_by=user),
        CyberHarassmentReport: lambda: CyberHarassmentReport.objects.create(
            case=case, platform="whatsapp", account_identifiers="@x", recorded_by=user),
        ProtectionOrder: lambda: ProtectionOrder.objects.create(
            case=case, court="Family court", applied_on=now.date(), recorded_by=user),
        CaseTransfer: lambda: CaseTransfer.objects.create(
            case=case, from_cell=agency,
            to_cell=make_agency(AgencyKind.CRISIS_CELL, places["hosp_khi"]), reason="r",
            requested_by=user, requested_at=now),
        ClosureRequest: lambda: ClosureRequest.objects.create(
            case=case, outcome="care_completed", requested_by=user, requested_at=now),
    }
    return make[model](), user


def _pairs():
    for lifecycle in lifecycles.ALL:
        for current, requested in itertools.product(lifecycle.states, repeat=2):
            yield pytest.param(lifecycle.name, current, requested,
                               id=f"{lifecycle.name}:{current}->{requested}")


def test_every_status_field_of_the_app_is_declared():
    declared = {(lc.model, lc.field) for lc in lifecycles.ALL}
    assert len(declared) == len(lifecycles.ALL) == 7  # the FIR referral moved to justice
    assert all(LIFECYCLES[lc.name] is lc for lc in lifecycles.ALL)


@pytest.mark.parametrize(("name", "current", "requested"), list(_pairs()))
def test_lifecycle_table(places, name, current, requested):
    lifecycle = LIFECYCLES[name]
    row, user = _row(lifecycle, places)
    type(row).objects.filter(pk=row.pk).update(**{lifecycle.field: current})
    row.refresh_from_db()
    before = AuditEvent.objects.count()
    if lifecycle.is_allowed(current, requested):
        moved = audit.transition(row, lifecycle=lifecycle, to=requested, actor=user,
                                 action="crisis_cells.test_moved", object_type="test")
        assert getattr(moved, lifecycle.field) == requested
        event = AuditEvent.objects.get(action="crisis_cells.test_moved")
        assert event.details["from"] == current and event.details["to"] == requested
    else:
        with pytest.raises(IllegalTransition) as exc:
            audit.transition(row, lifecycle=lifecycle, to=requested, actor=user,
                             action="crisis_cells.test_moved", object_type="test")
        message = str(exc.value.message)
        assert lifecycle.label(current) in message and lifecycle.label(requested) in message
        row.refresh_from_db()
        assert getattr(row, lifecycle.field) == current
        assert AuditEvent.objects.count() == before


def test_custody_keeps_its_order_with_repeated_hand_overs():
    custody = lifecycles.EVIDENCE_CUSTODY
    assert custody.is_allowed("handed_over", "handed_over")
    assert not custody.is_allowed("collected", "handed_over")
    assert custody.is_final("result")


# --- the services that allowed any status to any status (issue 10) ---------------------

def test_shelter_referral_cannot_go_back_once_decided(cell, opened):
    referral = services.refer_to_shelter(user=cell["counsellor"], case=opened,
                                         shelter="Dar-ul-Aman Lahore")
    referral = services.update_shelter_referral(user=cell["counsellor"], referral=referral,
                                                status="declined")
    assert referral.status == "declined"
    with pytest.raises(IllegalTransition) as exc:
        services.update_shelter_referral(user=cell["counsellor"], referral=referral,
                                         status="admitted")
    assert "Declined" in str(exc.value.message) and "Admitted" in str(exc.value.message)
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert AuditEvent.objects.filter(action="crisis_cells.shelter_referral_updated",
                                     details__to="declined").count() == 1


def test_closed_cyber_report_cannot_be_reopened(cell, opened):
    report = services.record_cyber_harassment(user=cell["counsellor"], case=opened,
                                              platform="tiktok", account_identifiers="@x")
    report = services.update_cyber_status(user=cell["counsellor"], report=report,
                                          status="closed")
    with pytest.raises(IllegalTransition) as exc:
        services.update_cyber_status(user=cell["counsellor"], report=report,
                                     status="in_progress")
    assert "Closed" in str(exc.value.message)
    report.refresh_from_db()
    assert report.status == "closed"


def test_expired_protection_order_cannot_become_granted_again(cell):
    from hifazat.crisis_cells.services import open_case

    case = open_case(user=cell["vawc_counsellor"], arrival_route="walk_in", sex="F", age=30)
    today = clock.now().date()
    order = services.record_protection_order(
        user=cell["vawc_counsellor"], case=case, court="Family court Multan",
        applied_on=today - timedelta(days=20), status="granted",
        granted_on=today - timedelta(days=10), expires_on=today - timedelta(days=1))
    order = services.update_protection_order(user=cell["vawc_counsellor"], order=order,
                                             status="expired")
    assert order.status == "expired"
    with pytest.raises(IllegalTransition) as exc:
        services.update_protection_order(user=cell["vawc_counsellor"], order=order,
                                         status="granted")
    assert "Expired" in str(exc.value.message) and "Granted" in str(exc.value.message)
    with pytest.raises(IllegalTransition):
        services.update_protection_order(user=cell["vawc_counsellor"], order=order,
                                         status="applied")
    order.refresh_from_db()
    assert order.status == "expired"


def test_status_page_shows_an_illegal_change_next_to_the_field(client, cell, opened):
    from django.urls import reverse

    from tests.factories import verified_client

    referral = services.refer_to_shelter(user=cell["counsellor"], case=opened,
                                         shelter="Dar-ul-Aman Lahore")
    services.update_shelter_referral(user=cell["counsellor"], referral=referral,
                                     status="admitted")
    c = verified_client(client, cell["counsellor"])
    response = c.post(reverse("crisis_cells:shelter_status", args=[opened.code, referral.pk]),
                      {"status": "referred"})
    assert response.status_code == 400
    assert "Admitted" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "admitted"
