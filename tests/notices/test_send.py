"""send_notice: recipients, deadline, audit, delivery after commit, refusals."""

from __future__ import annotations

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from hifazat.audit.models import AuditEvent
from hifazat.notices import services
from hifazat.notices.errors import (
    IdentityDataInNotice,
    InactiveRecipient,
    InvalidNotice,
    NoRecipients,
)
from hifazat.notices.models import Delivery, Notice, NoticeRecipient

pytestmark = pytest.mark.django_db

HOURS_48 = datetime.timedelta(hours=48)


def _send(world, **overrides):
    kwargs = {
        "kind": "register.release_scheduled", "subject": "Release scheduled",
        "body": "Offender NSOR-2026-0000123 is due for release to Lahore on 1 December.",
        "to_agencies": [world["ps_lhr"], world["pros_lhr"]], "reference": "NSOR-2026-0000123",
        "object_type": "register.offender", "object_id": 123,
        "ack_within": HOURS_48, "escalate_to_roles": ("npb_supervisor",),
        "sender": world["registrar"],
    }
    kwargs.update(overrides)
    return services.send_notice(**kwargs)


def test_send_creates_one_recipient_per_agency_and_user_with_deadline(world):
    notice = _send(world, to_users=[world["registrar"]],
                   to_agencies=[world["ps_lhr"], world["ps_lhr"].code, world["pros_lhr"]])
    rows = list(notice.recipients.all())
    assert {r.agency_id for r in rows if r.agency_id} == {world["ps_lhr"].pk,
                                                          world["pros_lhr"].pk}
    assert [r.user_id for r in rows if r.user_id] == [world["registrar"].pk]
    assert notice.ack_deadline == notice.created_at + HOURS_48
    assert notice.escalation_state == Notice.Escalation.AWAITING
    assert notice.object_id == "123"


def test_notice_without_deadline_needs_no_escalation(world):
    notice = _send(world, ack_within=None, escalate_to_roles=())
    assert notice.ack_deadline is None
    assert notice.escalation_state == Notice.Escalation.NOT_REQUIRED


def test_send_is_audited_in_the_same_transaction(world):
    notice = _send(world)
    event = AuditEvent.objects.get(action="notices.sent", object_id=str(notice.pk))
    assert event.actor_id == world["registrar"].pk
    assert event.case_reference == "NSOR-2026-0000123"
    assert event.details["agencies"] == [world["ps_lhr"].code, world["pros_lhr"].code]


def test_delivery_is_enqueued_only_after_commit(world, django_capture_on_commit_callbacks):
    world["officer1"].email = "officer1@police.example"
    world["officer1"].save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = _send(world)
        assert DBTaskResult.objects.count() == 0
    assert Delivery.objects.filter(notice=notice, channel="email").count() == 1
    assert len(callbacks) == 1
    callbacks[0]()
    task = DBTaskResult.objects.get()
    assert task.task_path == "hifazat.notices.tasks.deliver_notice"
    assert task.args_kwargs["args"] == [notice.pk]


def test_empty_recipient_list_is_refused(world):
    with pytest.raises(NoRecipients):
        _send(world, to_agencies=[], to_users=[])
    assert not Notice.objects.exists()


@pytest.mark.parametrize("field,text", [
    ("body", "Survivor CNIC 35202-1234567-1 at the cell"),
    ("body", "cnic 3520212345671"),
    ("body", "Call 0300-1234567 for details"),
    ("body", "Call +92 300 1234567"),
    ("body", "Landline 042-35761234"),
    ("subject", "Release of 35202 1234567 1"),
    ("reference", "03001234567"),
])
def test_identity_like_text_is_refused_and_nothing_stored(world, field, text):
    with pytest.raises(IdentityDataInNotice) as caught:
        _send(world, **{field: text})
    assert field in caught.value.fields
    assert not Notice.objects.exists()
    assert not NoticeRecipient.objects.exists()
    assert not AuditEvent.objects.filter(action="notices.sent").exists()


@pytest.mark.parametrize("text", [
    "Register number NSOR-2026-0000123, FIR 412/2026 at PS Model Town",
    "Case ARCC-LHR1-2026-000123 referred; FIR No. 0123/26 dated 2026-11-23",
    "Release on 2026-12-01 10:00, sections 376(1) and 377-B",
])
def test_codes_and_references_are_allowed(world, text):
    notice = _send(world, body=text, reference=text[:100])
    assert notice.body == text


@pytest.mark.parametrize("overrides,field", [
    ({"kind": "Not A Code"}, "kind"),
    ({"subject": "   "}, "subject"),
    ({"subject": "x" * 201}, "subject"),
    ({"body": "x" * 4001}, "body"),
    ({"reference": "r" * 101}, "reference"),
    ({"ack_within": datetime.timedelta(0)}, "ack_within"),
    ({"escalate_to_roles": ("emperor",)}, "escalate_to_roles"),
    ({"ack_within": None}, "escalate_to_roles"),
])
def test_bad_input_is_refused_with_the_field_named(world, overrides, field):
    with pytest.raises(InvalidNotice) as caught:
        _send(world, **overrides)
    assert field in caught.value.fields


def test_unknown_agency_code_is_refused(world):
    with pytest.raises(InvalidNotice) as caught:
        _send(world, to_agencies=["NO-SUCH-AGENCY"])
    assert "to_agencies" in caught.value.fields


def test_switched_off_agency_or_user_is_refused(world):
    world["ps_khi"].is_active = False
    world["ps_khi"].save()
    with pytest.raises(InactiveRecipient):
        _send(world, to_agencies=[world["ps_khi"]])
    world["officer1"].is_active = False
    world["officer1"].save()
    with pytest.raises(InactiveRecipient):
        _send(world, to_agencies=[], to_users=[world["officer1"]])


def test_system_notice_has_no_sender(world):
    notice = _send(world, sender=None)
    assert notice.sender is None
    assert AuditEvent.objects.get(action="notices.sent").actor_id is None


def test_texts_are_cleaned_by_the_validation_kernel(world):
    # A right-to-left override would show a reader a different reference than stored.
    notice = services.send_notice(
        kind="register.release_scheduled", subject="Release \u202escheduled\u202c",
        body="Line one\r\nLine two\x00", reference="NSOR-2026-\u20660000042\u2069",
        to_agencies=[world["ps_lhr"]])
    assert notice.subject == "Release scheduled"
    assert notice.body == "Line one\nLine two"
    assert notice.reference == "NSOR-2026-0000042"


def test_every_problem_of_a_notice_is_reported_at_once(world):
    from hifazat.core import validation
    from hifazat.notices.errors import InvalidNotice

    with pytest.raises(InvalidNotice) as refused:
        services.send_notice(kind="Not A Code", subject="\u202e", body="x" * 4001,
                             to_agencies=[world["ps_lhr"]])
    assert set(refused.value.fields) == {"kind", "subject", "body"}
    assert refused.value.fields["subject"] == validation.REQUIRED
