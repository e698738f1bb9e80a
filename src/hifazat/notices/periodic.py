"""A tiny registry of periodic jobs, run by ``manage.py run_periodic``.

Apps register their jobs at start-up (in their AppConfig.ready)::

    from hifazat.notices import periodic
    periodic.register("register.overdue_reports", tasks.mark_overdue, every=timedelta(hours=1))

``enqueue_due()`` enqueues each job whose interval has passed since it was last
enqueued. The claim is a conditional UPDATE of ``PeriodicRun`` in the same transaction
as the enqueue (the database task backend writes to the same database), so two
schedulers or a restart never enqueue one job twice in one interval.
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
