"""Background jobs of notices (Django Tasks API), each calling a service.

Run them with ``manage.py db_worker``; ``manage.py run_periodic`` enqueues the periodic
ones (see ``periodic.py`` and docs/notices.md)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django_tasks import default_task_backend, task

from hifazat.core import clock
from hifazat.notices import periodic, services

# Recovered deliveries run before the periodic jobs that piled up while the worker was
# away (django-tasks runs higher priorities first; the default is 0).
RECOVERY_PRIORITY = 10


def recovery_check_every() -> datetime.timedelta:
    """How often ``redeliver_stale_notices`` runs: NOTICES_RECOVERY_CHECK_SECONDS
    (default 30, the scheduler's own check interval): with the 30-second delivery lease,
    a crashed delivery is sent again within a minute of a worker being back."""
    return datetime.timedelta(seconds=int(settings.NOTICES_RECOVERY_CHECK_SECONDS))


@task()
def deliver_notice(notice_id: int) -> dict:
    """Send a notice's e-mail and SMS copies; re-enqueue itself with a back-off while
    some failed and may be retried (when the backend can defer)."""
    counts = services.deliver(notice_id=notice_id)
    if counts.get("retrying") and default_task_backend.supports_defer:
        backoff = datetime.timedelta(seconds=settings.NOTICES_DELIVERY_RETRY_SECONDS)
        deliver_notice.using(run_after=clock.now() + backoff).enqueue(notice_id)
    return counts


@task()
def escalate_overdue_notices() -> int:
    """Escalate every notice past its acknowledgement deadline (periodic)."""
    return services.escalate_overdue()


@task()
def redeliver_stale_notices() -> int:
    """After a worker crash (periodic, every NOTICES_RECOVERY_CHECK_SECONDS): mark its
    abandoned RUNNING tasks failed, and enqueue a delivery run, ahead of other work, for
    every notice whose delivery stalled (its lease ran out, or its task was lost).
    Delivery is idempotent per channel address, so a run too many sends nothing twice."""
    periodic.fail_abandoned_tasks()
    notice_ids = services.notices_with_stalled_deliveries()
    for notice_id in notice_ids:
        deliver_notice.using(priority=RECOVERY_PRIORITY).enqueue(notice_id)
    return len(notice_ids)
