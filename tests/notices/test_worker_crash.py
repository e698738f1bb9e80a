"""A worker killed mid-task (kill -9): its task row does not stay RUNNING for ever, the
deliveries it had claimed are sent again within a minute of a worker being back, and a
delivery is never sent twice by us (every attempt carries the same idempotency key)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from hifazat.core import clock
from hifazat.notices import periodic, services, tasks
from hifazat.notices.models import ContactPoint, Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(world):
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="sms", address="+923001112223")
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="email",
                                address="duty@police.example")
    return services.send_notice(kind="register.release_scheduled", subject="Release scheduled",
                                body="Inside Hifazat only.", to_agencies=[world["ps_lhr"]],
                                reference="NSOR-2026-0000009")


def _crash_mid_delivery(notice, *, seconds_ago: int, worker="dead-worker"):
    """What kill -9 leaves: the delivery task RUNNING, every delivery claimed (attempt
    counted, not finished), nothing marked sent."""
    claimed_at = clock.now() - datetime.timedelta(seconds=seconds_ago)
    DBTaskResult.objects.filter(task_path="hifazat.notices.tasks.deliver_notice").delete()
    result = tasks.deliver_notice.enqueue(notice.pk)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=claimed_at,
                                                     worker_ids=[worker])
    Delivery.objects.filter(notice=notice).update(attempts=1, last_attempt_at=claimed_at)
    return result.id


def _later(monkeypatch, seconds):
    moment = clock.now() + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_a_claimed_delivery_is_not_sent_by_another_run_within_its_lease(notice, sms_outbox):
    _crash_mid_delivery(notice, seconds_ago=5)
    assert services.deliver(notice_id=notice.pk)["sent"] == 0
    assert sms_outbox == [] and mail.outbox == []
    assert services.notices_with_stalled_deliveries() == []


def test_deliveries_of_a_killed_worker_resume_within_a_minute(notice, sms_outbox):
    _crash_mid_delivery(notice, seconds_ago=31)  # the worker came back a lease later
    assert services.notices_with_stalled_deliveries() == [notice.pk]
    assert tasks.redeliver_stale_notices.call() == 1
    rerun = DBTaskResult.objects.filter(task_path="hifazat.notices.tasks.deliver_notice",
                                        status="READY").get()
    assert rerun.priority == tasks.RECOVERY_PRIORITY
    assert tasks.deliver_notice.call(notice.pk)["sent"] == 2
    assert {d.status for d in Delivery.objects.filter(notice=notice)} == {"sent"}
    assert all(d.attempts == 2 for d in Delivery.objects.filter(notice=notice))


def test_the_recovery_runs_every_thirty_seconds(settings):
    job = {j.name: j for j in periodic.registered()}["notices.redeliver_stale"]
    assert job.every <= datetime.timedelta(seconds=30)
    assert services.delivery_lease() + job.every <= datetime.timedelta(minutes=1)


def test_a_retried_delivery_carries_the_same_idempotency_key(notice, sms_outbox):
    _crash_mid_delivery(notice, seconds_ago=60)
    keys_before = {services.delivery_key(d) for d in Delivery.objects.filter(notice=notice)}
    services.deliver(notice_id=notice.pk)
    assert {m["idempotency_key"] for m in sms_outbox} <= keys_before
    [email] = mail.outbox
    assert email.extra_headers["X-Idempotency-Key"] in keys_before
    assert email.extra_headers["Message-ID"] == \
        f"<{email.extra_headers['X-Idempotency-Key']}@hifazat>"


def test_a_sent_delivery_is_never_sent_again(notice, sms_outbox):
    services.deliver(notice_id=notice.pk)
    assert len(sms_outbox) == 1 and len(mail.outbox) == 1
    _crash_mid_delivery(notice, seconds_ago=3600)  # a stale RUNNING row for a sent notice
    Delivery.objects.filter(notice=notice).update(status="sent")
    assert tasks.redeliver_stale_notices.call() == 0
    assert services.deliver(notice_id=notice.pk)["sent"] == 0
    assert len(sms_outbox) == 1 and len(mail.outbox) == 1


def test_two_runs_racing_claim_each_delivery_once(notice, sms_outbox):
    snapshot = list(Delivery.objects.filter(notice=notice))
    now = clock.now()
    assert all(services._claim(d, now) for d in snapshot)
    assert not any(services._claim(d, now) for d in snapshot)


def test_a_running_task_of_a_dead_worker_is_marked_failed(notice, monkeypatch, settings):
    settings.NOTICES_TASK_STALE_SECONDS = 600
    row_id = _crash_mid_delivery(notice, seconds_ago=0)
    assert periodic.fail_abandoned_tasks() == []  # could still be a live worker
    _later(monkeypatch, 601)
    assert periodic.fail_abandoned_tasks() == [str(row_id)]
    row = DBTaskResult.objects.get(pk=row_id)
    assert row.status == "FAILED"
    assert row.exception_class_path.endswith("WorkerLost")
    assert "dead-worker" in row.traceback
    assert DBTaskResult.objects.running().count() == 0


def test_recovery_job_fails_abandoned_tasks_and_resends(notice, monkeypatch, sms_outbox):
    row_id = _crash_mid_delivery(notice, seconds_ago=0)
    _later(monkeypatch, 3600)  # the worker was away for an hour
    assert tasks.redeliver_stale_notices.call() == 1
    assert DBTaskResult.objects.get(pk=row_id).status == "FAILED"
