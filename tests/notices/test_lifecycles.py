"""Every notices lifecycle, table-driven: each allowed transition goes through
audit.transition and writes its audit event; every other pair is refused with a message
naming the current and the requested state. The services move states only so."""

from __future__ import annotations

import datetime

import pytest

from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.core import lifecycle
from hifazat.core.errors import IllegalTransition
from hifazat.notices import lifecycles, services, tasks
from hifazat.notices.models import ContactPoint, Delivery, Notice

pytestmark = pytest.mark.django_db

DECLARED = [lifecycles.ESCALATION, lifecycles.DELIVERY]
PAIRS = [(lc, current, requested) for lc in DECLARED
         for current in lc.states for requested in lc.states]


def test_every_status_field_of_notices_is_declared():
    declared = {(lc.model, lc.field) for lc in lifecycle.LIFECYCLES.values()
                if lc.name.startswith("notices.")}
    assert declared == {(Notice, "escalation_state"), (Delivery, "status")}


def make_row(model, world, state):
    notice = services.send_notice(kind="register.release_scheduled", subject="Release",
                                  body="", to_agencies=[world["ps_lhr"]],
                                  ack_within=datetime.timedelta(hours=1))
    if model is Notice:
        Notice.objects.filter(pk=notice.pk).update(escalation_state=state)
        return Notice.objects.get(pk=notice.pk)
    return Delivery.objects.create(notice=notice, recipient=notice.recipients.first(),
                                   channel="sms", address="+923001112223", status=state)


@pytest.mark.parametrize("lc, current, requested", PAIRS,
                         ids=[f"{lc.name.split('.')[1]}:{c}->{r}" for lc, c, r in PAIRS])
def test_transition_table(world, lc, current, requested):
    row = make_row(lc.model, world, current)
    if lc.is_allowed(current, requested):
        moved = audit.transition(row, lifecycle=lc, to=requested, actor=None,
                                 action="test.moved", object_type="test")
        assert getattr(moved, lc.field) == requested
        event = AuditEvent.objects.get(action="test.moved")
        assert (event.details["from"], event.details["to"]) == (current, requested)
    else:
        with pytest.raises(IllegalTransition) as refused:
            audit.transition(row, lifecycle=lc, to=requested, actor=None,
                             action="test.moved", object_type="test")
        assert str(lc.label(current)) in str(refused.value.message)
        assert str(lc.label(requested)) in str(refused.value.message)
        row.refresh_from_db()
        assert getattr(row, lc.field) == current
        assert not AuditEvent.objects.filter(action="test.moved").exists()


def test_finals_are_final():
    for state in (Notice.Escalation.NOT_REQUIRED, Notice.Escalation.MET,
                  Notice.Escalation.ESCALATED, Notice.Escalation.UNROUTED,
                  Notice.Escalation.OVERDUE):
        assert lifecycles.ESCALATION.is_final(state)
    assert lifecycles.DELIVERY.is_final(Delivery.Status.SENT)
    assert lifecycles.DELIVERY.is_final(Delivery.Status.FAILED)


def test_acknowledgement_by_all_moves_the_notice_to_met_with_its_event(world):
    notice = services.send_notice(kind="register.release_scheduled", subject="Release",
                                  body="", to_agencies=[world["ps_lhr"]],
                                  ack_within=datetime.timedelta(hours=1))
    services.acknowledge(notice=notice, user=world["officer1"])
    notice.refresh_from_db()
    assert notice.escalation_state == Notice.Escalation.MET
    event = AuditEvent.objects.get(action="notices.deadline_met")
    assert (event.details["from"], event.details["to"]) == ("awaiting", "met")
    assert event.actor_id == world["officer1"].pk


def test_retry_path_walks_the_delivery_lifecycle_and_audits_each_attempt(world, settings):
    settings.NOTICES_SMS_BACKEND = "hifazat.notices.channels.FailingSmsBackend"
    settings.NOTICES_DELIVERY_MAX_ATTEMPTS = 2
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="sms", address="+923001112223")
    notice = services.send_notice(kind="register.release_scheduled", subject="Release",
                                  body="", to_agencies=[world["ps_lhr"]])
    services.deliver(notice_id=notice.pk)
    services.deliver(notice_id=notice.pk)
    delivery = Delivery.objects.get(notice=notice, channel="sms")
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 2)
    assert "unreachable" in delivery.last_error
    events = AuditEvent.objects.filter(object_type="notices.delivery",
                                       object_id=str(delivery.pk)).order_by("pk")
    assert [(e.action, e.details["from"], e.details["to"]) for e in events] == [
        ("notices.delivery_retrying", "pending", "retrying"),
        ("notices.delivery_failed", "retrying", "failed")]
    assert [e.details["attempt"] for e in events] == [1, 2]
    # A failed delivery is final: delivering again changes nothing.
    services.deliver(notice_id=notice.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 2)


def test_sent_delivery_records_when_and_clears_the_error(world):
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="sms", address="+923001112223")
    notice = services.send_notice(kind="register.release_scheduled", subject="Release",
                                  body="", to_agencies=[world["ps_lhr"]])
    Delivery.objects.filter(notice=notice).update(status="retrying", attempts=1,
                                                  last_error="OSError: earlier")
    tasks.deliver_notice.call(notice.pk)
    delivery = Delivery.objects.get(notice=notice, channel="sms")
    assert delivery.status == Delivery.Status.SENT and delivery.sent_at is not None
    assert delivery.last_error == "" and delivery.attempts == 2
    assert AuditEvent.objects.filter(action="notices.delivery_sent",
                                     object_id=str(delivery.pk)).count() == 1
