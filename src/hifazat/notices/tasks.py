"""Background jobs of notices (Django Tasks API), each calling a service.

Run them with ``manage.py db_worker``; ``manage.py run_periodic`` enqueues the periodic
ones (see ``periodic.py`` and docs/notices.md)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django_tasks import default_task_backend, task

from hifazat.core import clock
from hifazat.notices import services


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
    """Pick up deliveries whose task was lost (a worker crashed), periodic."""
    older_than = datetime.timedelta(seconds=settings.NOTICES_DELIVERY_RETRY_SECONDS * 2)
    notice_ids = services.notices_awaiting_delivery(older_than=older_than)
    for notice_id in notice_ids:
        deliver_notice.enqueue(notice_id)
    return len(notice_ids)
