"""A tiny registry of periodic jobs, run by ``manage.py run_periodic``.

Apps register their jobs at start-up (in their AppConfig.ready)::

    from hifazat.notices import periodic
    periodic.register("register.overdue_reports", tasks.mark_overdue, every=timedelta(hours=1))

``enqueue_due()`` enqueues each job whose interval has passed since it was last
enqueued. The claim is a conditional UPDATE of ``PeriodicRun`` in the same transaction
as the enqueue (the database task backend writes to the same database), so two
schedulers or a restart never enqueue one job twice in one interval.

``fail_abandoned_tasks()`` is the worker's housekeeping after a crash. django-tasks'
database backend marks a task RUNNING when a worker claims it and keeps no heartbeat:
after ``kill -9`` the row stays RUNNING for ever. A worker runs one task at a time and
none of ours runs for long (a delivery run is bounded by its sends' timeouts), so a
task RUNNING for longer than NOTICES_TASK_STALE_SECONDS (default 600) has no live
worker; it is marked failed (``WorkerLost``) and, if it was a job that must not be
lost, enqueued again. Deliveries do not wait for it: their own lease (see
``services.notices_with_stalled_deliveries``) brings them back within a minute.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from hifazat.core import clock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object  # a django_tasks Task: anything with .enqueue()
    every: datetime.timedelta


_jobs: dict[str, PeriodicJob] = {}


class PeriodicConflict(RuntimeError):
    """Two different tasks registered under one name."""


def register(name: str, task, *, every: datetime.timedelta) -> PeriodicJob:
    """Run ``task`` (no arguments) every ``every``. Registering the same name and task
    again is harmless (apps may be readied twice in tests); another task is refused."""
    if not name or len(name) > 100:
        raise ValueError("a periodic job needs a name of at most 100 characters")
    if not isinstance(every, datetime.timedelta) or every < datetime.timedelta(seconds=1):
        raise ValueError("a periodic job runs at most every second")
    if not hasattr(task, "enqueue"):
        raise TypeError("a periodic job is a task (decorated with django_tasks.task)")
    existing = _jobs.get(name)
    if existing is not None and getattr(existing.task, "func", existing.task) is not \
            getattr(task, "func", task):
        raise PeriodicConflict(f"periodic job {name!r} is already registered")
    job = PeriodicJob(name=name, task=task, every=every)
    _jobs[name] = job
    return job


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def registered() -> list[PeriodicJob]:
    return [_jobs[name] for name in sorted(_jobs)]


def _claim(job: PeriodicJob, now) -> bool:
    from hifazat.notices.models import PeriodicRun

    claimed = PeriodicRun.objects.filter(
        name=job.name, last_enqueued_at__lte=now - job.every,
    ).update(last_enqueued_at=now)
    if claimed:
        return True
    if PeriodicRun.objects.filter(name=job.name).exists():
        return False
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, last_enqueued_at=now)
    except IntegrityError:  # another scheduler created it first
        return False
    return True


def enqueue_due(*, now=None) -> list[str]:
    """Enqueue every registered job that is due; returns the names enqueued."""
    now = now or clock.now()
    enqueued = []
    for job in registered():
        try:
            with transaction.atomic():
                if _claim(job, now):
                    job.task.enqueue()
                    enqueued.append(job.name)
        except Exception:
            # One broken job must not stop the others; it is retried on the next check.
            logger.exception("periodic job %s could not be enqueued", job.name)
    return enqueued




class WorkerLost(RuntimeError):
    """The worker running a task stopped without finishing it (killed, crashed)."""


def task_stale_after() -> datetime.timedelta:
    from django.conf import settings

    return datetime.timedelta(seconds=int(settings.NOTICES_TASK_STALE_SECONDS))


def fail_abandoned_tasks(*, now=None) -> list[str]:
    """Mark every task RUNNING for longer than ``task_stale_after()`` as failed (its
    worker is gone), with a ``WorkerLost`` error naming the presumed-dead worker. A row
    is updated only if still RUNNING. Nothing is re-run from here: periodic jobs come
    round again, and a lost delivery run is re-enqueued from the deliveries' own state
    (``tasks.redeliver_stale_notices``). Returns the ids marked failed."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or clock.now()
    stale = DBTaskResult.objects.running().filter(started_at__lte=now - task_stale_after())
    failed = []
    for row in stale:
        lost = WorkerLost(f"no worker finished this task within {task_stale_after()} "
                          f"(worker {(row.worker_ids or ['?'])[-1]} presumed dead)")
        updated = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {lost}\n", return_value=None)
        if not updated:
            continue
        failed.append(str(row.pk))
        logger.warning("task %s (%s) marked failed: %s", row.pk, row.task_path, lost)
    return failed
