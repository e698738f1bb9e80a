"""``crisis_cells.access``: each sensitive row is fetched and checked in one call, and a
row of another cell (or another case) answers the same ``core`` NotFound as a missing
one. The case read is audited."""

from __future__ import annotations

import pytest

from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.core.errors import NotFound
from hifazat.crisis_cells import access, services
from hifazat.crisis_cells.models import (
    CyberHarassmentReport,
    EvidenceItem,
    FollowUp,
    ShelterReferral,
)

pytestmark = pytest.mark.django_db


def test_case_read_is_audited_and_refusals_look_missing(cell, opened):
    case = access.access_case(user=cell["counsellor"], code=opened.code.lower())
    assert case == opened
    event = AuditEvent.objects.filter(action="crisis_cells.case_viewed").latest("pk")
    assert event.case_reference == opened.code and event.actor_id == cell["counsellor"].pk
    for who in ("other_doctor", "police", "npb", "sysadmin"):
        with pytest.raises(NotFound) as forbidden:
            access.access_case(user=cell[who], code=opened.code)
        with pytest.raises(NotFound) as missing:
            access.access_case(user=cell[who], code="ARCC-NONE-2026-000001")
        assert str(forbidden.value) == str(missing.value)


def _rows(cell, opened):
    user = cell["doctor"]
    services.record_consent(user=user, case=opened, use="forensic_samples", is_given=True,
                            given_by="survivor")
    item = services.collect_evidence(user=user, case=opened, kind="swab",
                                     description="swab")
    follow_up = services.plan_follow_up(user=user, case=opened, kind="medical",
                                        due_on=clock.now().date(), description="check")
    shelter = services.refer_to_shelter(user=user, case=opened, shelter="Dar-ul-Aman")
    report = services.record_cyber_harassment(user=user, case=opened, platform="whatsapp",
                                              account_identifiers="@x")
    return item, follow_up, shelter, report


def test_rows_of_a_case_are_reached_only_through_that_case(cell, opened):
    item, follow_up, shelter, report = _rows(cell, opened)
    doctor, other = cell["doctor"], cell["other_doctor"]
    assert access.access_evidence_item(user=doctor, case=opened,
                                       label=item.label_code) == item
    assert access.access_follow_up(user=doctor, case=opened,
                                   follow_up_id=follow_up.pk) == follow_up
    assert access.access_shelter_referral(user=doctor, case=opened,
                                          referral_id=shelter.pk) == shelter
    assert access.access_cyber_report(user=doctor, case=opened) == report
    attempts = [
        lambda u: access.access_evidence_item(user=u, case=opened, label=item.label_code),
        lambda u: access.access_follow_up(user=u, case=opened, follow_up_id=follow_up.pk),
        lambda u: access.access_shelter_referral(user=u, case=opened,
                                                 referral_id=shelter.pk),
        lambda u: access.access_cyber_report(user=u, case=opened),
        lambda u: access.access_protection_order(user=u, case=opened, order_id=1),
        lambda u: access.access_exam(user=u, case=opened, exam_id=1),
        lambda u: access.access_pending_closure(user=u, case=opened),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt(other)


def test_an_id_from_another_case_is_not_found(cell, opened):
    _item, follow_up, shelter, _report = _rows(cell, opened)
    second = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F",
                                age=30)
    with pytest.raises(NotFound):
        access.access_follow_up(user=cell["doctor"], case=second, follow_up_id=follow_up.pk)
    with pytest.raises(NotFound):
        access.access_shelter_referral(user=cell["doctor"], case=second,
                                       referral_id=shelter.pk)
    with pytest.raises(NotFound):
        access.access_cyber_report(user=cell["doctor"], case=second)
    assert EvidenceItem.objects.exists() and FollowUp.objects.exists()
    assert ShelterReferral.objects.exists() and CyberHarassmentReport.objects.exists()


def test_a_follow_up_of_another_case_answers_404_on_its_page(client, cell, opened):
    from django.urls import reverse

    from tests.factories import verified_client

    _item, follow_up, _shelter, _report = _rows(cell, opened)
    second = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F",
                                age=30)
    c = verified_client(client, cell["doctor"])
    url = reverse("crisis_cells:follow_up_done", args=[second.code, follow_up.pk])
    assert c.get(url).status_code == 404


def test_views_keep_their_declared_action():
    from hifazat.crisis_cells import views, views_care, views_manage, views_support

    for view in (views.case_detail, views_care.exam, views_manage.transfer_decide,
                 views_support.shelter_status):
        assert view.hifazat_action.startswith("crisis_cells.")
