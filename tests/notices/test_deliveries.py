"""Deliveries: addresses per recipient, e-mail and SMS content, retries, the task."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from hifazat.audit.models import AuditEvent
from hifazat.notices import channels, services, tasks
from hifazat.notices.errors import ContactNotAllowed, InvalidContact
from hifazat.notices.models import ContactPoint, Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressed(world):
    world["officer1"].email = "officer1@police.example"
    world["officer1"].save()
    world["officer2"].email = "officer2@police.example"
    world["officer2"].save()
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="sms", address="+923001112223")
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="email",
                                address="duty@police.example")
    ContactPoint.objects.create(user=world["officer1"], channel="sms", address="+923004445556")
    return world


def _notice(world, **kw):
    kwargs = {"kind": "register.release_scheduled", "subject": "Release scheduled",
              "body": "Details only inside Hifazat: destination Lahore.",
              "to_agencies": [world["ps_lhr"]], "reference": "NSOR-2026-0000009"}
    kwargs.update(kw)
    return services.send_notice(**kwargs)


def test_agency_notice_is_planned_to_every_active_address_once(addressed):
    addressed["officer2"].is_active = False
    addressed["officer2"].save()
    notice = _notice(addressed, to_users=[addressed["officer1"]])
    got = set(Delivery.objects.filter(notice=notice).values_list("channel", "address"))
    assert got == {("email", "officer1@police.example"), ("email", "duty@police.example"),
                   ("sms", "+923001112223"), ("sms", "+923004445556")}


def test_deliver_sends_email_and_sms_with_minimal_content(addressed, sms_outbox):
    notice = _notice(addressed)
    counts = tasks.deliver_notice.call(notice.pk)
    assert counts["sent"] == Delivery.objects.filter(notice=notice).count() == 5, \
        list(Delivery.objects.values_list("last_error", flat=True))
    assert {m.to[0] for m in mail.outbox} == {"officer1@police.example",
                                              "officer2@police.example",
                                              "duty@police.example"}
    message = mail.outbox[0]
    assert "Release scheduled" in message.subject
    assert "NSOR-2026-0000009" in message.body
    assert f"/notices/{notice.pk}/" in message.body
    assert "destination Lahore" not in message.body  # the text stays inside the system
    assert {m["to"] for m in sms_outbox} == {"+923001112223", "+923004445556"}
    for sms in sms_outbox:
        assert sms["text"] == "Release scheduled [NSOR-2026-0000009]"
    assert AuditEvent.objects.get(action="notices.delivered").details["sent"] == 5
    # Delivering again sends nothing more.
    assert tasks.deliver_notice.call(notice.pk)["sent"] == 0
    assert len(mail.outbox) == 3


def test_sms_stays_within_its_limit_and_keeps_the_reference(world):
    notice = _notice(world, subject="S" * 200, reference="R" * 100)
    text = channels.sms_text(notice)
    assert len(text) <= channels.SMS_MAX_CHARS and text.endswith("R" * 100 + "]")


def test_failed_sms_is_retried_then_marked_failed(addressed, settings):
    settings.NOTICES_SMS_BACKEND = "hifazat.notices.channels.FailingSmsBackend"
    settings.NOTICES_DELIVERY_MAX_ATTEMPTS = 2
    notice = _notice(addressed)
    first = services.deliver(notice_id=notice.pk)
    assert first["retrying"] == 2 and first["sent"] == 3
    sms = Delivery.objects.filter(notice=notice, channel="sms")
    assert all(d.status == "retrying" and d.attempts == 1 for d in sms)
    assert "unreachable" in sms[0].last_error
    second = services.deliver(notice_id=notice.pk)
    assert second["failed"] == 2
    assert all(d.status == "failed" and d.attempts == 2 for d in sms.all())
    assert services.deliver(notice_id=notice.pk) == {s: 0 for s in Delivery.Status.values}


def test_retrying_delivery_task_re_enqueues_itself_with_a_delay(addressed, settings):
    from django_tasks_db.models import DBTaskResult

    settings.NOTICES_SMS_BACKEND = "hifazat.notices.channels.FailingSmsBackend"
    notice = _notice(addressed)
    tasks.deliver_notice.call(notice.pk)
    retry = DBTaskResult.objects.get(task_path="hifazat.notices.tasks.deliver_notice")
    assert retry.run_after is not None


def test_channels_can_be_switched_off(addressed, settings):
    settings.NOTICES_CHANNELS = ["email"]
    notice = _notice(addressed)
    assert set(Delivery.objects.filter(notice=notice).values_list("channel", flat=True)) == \
        {"email"}


def test_a_retry_whose_task_was_lost_is_picked_up_again(addressed):
    from django.utils import timezone

    notice = _notice(addressed)
    assert services.notices_with_stalled_deliveries() == []
    Delivery.objects.filter(notice=notice).update(
        last_attempt_at=timezone.now() - datetime.timedelta(hours=1), status="retrying",
        attempts=1)
    assert services.notices_with_stalled_deliveries() == [notice.pk]
    assert tasks.redeliver_stale_notices.call() == 1


def test_contact_points_are_validated_normalised_and_audited(world):
    point = services.add_contact_point(actor=world["officer1"], user=world["officer1"],
                                       channel="sms", address="0300-765 4321")
    assert point.address == "+923007654321"
    event = AuditEvent.objects.get(action="notices.contact_added")
    assert "7654321" not in str(event.details)
    with pytest.raises(InvalidContact):
        services.add_contact_point(actor=world["officer1"], user=world["officer1"],
                                   channel="sms", address="12345")
    with pytest.raises(InvalidContact):
        services.add_contact_point(actor=world["officer1"], user=world["officer1"],
                                   channel="email", address="not-an-email")


def test_only_the_user_or_an_administrator_adds_a_contact_point(world):
    with pytest.raises(ContactNotAllowed):
        services.add_contact_point(actor=world["officer2"], user=world["officer1"],
                                   channel="email", address="a@police.example")
    with pytest.raises(ContactNotAllowed):
        services.add_contact_point(actor=world["officer1"], agency=world["ps_lhr"],
                                   channel="email", address="a@police.example")


def test_removed_contact_point_gets_no_more_deliveries(addressed):
    point = ContactPoint.objects.get(user=addressed["officer1"])
    with pytest.raises(ContactNotAllowed):
        services.remove_contact_point(actor=addressed["officer2"], point=point)
    services.remove_contact_point(actor=addressed["officer1"], point=point)
    services.remove_contact_point(actor=addressed["officer1"], point=point)  # idempotent
    assert AuditEvent.objects.filter(action="notices.contact_removed").count() == 1
    notice = _notice(addressed)
    assert not Delivery.objects.filter(notice=notice, address=point.address).exists()


def test_email_is_bilingual(addressed):
    notice = _notice(addressed, ack_within=datetime.timedelta(hours=4))
    subject, body = channels.email_text(notice)
    assert subject == "[Hifazat] Release scheduled"
    assert "Reference: NSOR-2026-0000009" in body and "حوالہ: NSOR-2026-0000009" in body
    assert "Acknowledge by:" in body and "PKT" in body
    assert body.count(f"/notices/{notice.pk}/") == 2


@pytest.mark.parametrize("typed", ["۰۳۰۰ ۷۶۵۴۳۲۱", "(0300) 765-4321", "+92 300 7654321"])
def test_sms_contact_reads_the_number_by_the_kernel_phone_rule(world, typed):
    # Urdu-keyboard digits and brackets are read as core.validation.phone reads them.
    point = services.add_contact_point(actor=world["officer1"], user=world["officer1"],
                                       channel="sms", address=typed)
    assert point.address == "+923007654321"


@pytest.mark.parametrize("typed", ["call me", "042 3576 1234", "+44 20 7946 0958"])
def test_sms_contact_that_is_no_pakistani_mobile_says_so(world, typed):
    with pytest.raises(InvalidContact) as refused:
        services.add_contact_point(actor=world["officer1"], user=world["officer1"],
                                   channel="sms", address=typed)
    assert "Pakistani mobile" in str(refused.value.fields["address"])
