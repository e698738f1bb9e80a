"""The periodic-job registry and run_periodic."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from hifazat.notices import periodic, tasks
from hifazat.notices.models import PeriodicRun

HOUR = datetime.timedelta(hours=1)


@task()
def _tick() -> int:
    return 1


@task()
def _other() -> int:
    return 2


@pytest.fixture
def only_tick():
    saved = dict(periodic._jobs)
    periodic._jobs.clear()
    periodic.register("tests.tick", _tick, every=HOUR)
    yield
    periodic._jobs.clear()
    periodic._jobs.update(saved)


def test_notices_registers_its_own_periodic_jobs():
    names = {job.name: job for job in periodic.registered()}
    assert names["notices.escalate_overdue"].task is tasks.escalate_overdue_notices
    assert "notices.redeliver_stale" in names


def test_registering_the_same_task_again_is_harmless_and_another_is_refused(only_tick):
    periodic.register("tests.tick", _tick, every=HOUR)
    with pytest.raises(periodic.PeriodicConflict):
        periodic.register("tests.tick", _other, every=HOUR)


@pytest.mark.parametrize("kwargs", [
    {"name": "", "task": _tick, "every": HOUR},
    {"name": "x", "task": _tick, "every": datetime.timedelta(0)},
    {"name": "x", "task": lambda: 1, "every": HOUR},
])
def test_bad_registrations_are_refused(kwargs):
    with pytest.raises((ValueError, TypeError)):
        periodic.register(kwargs["name"], kwargs["task"], every=kwargs["every"])


@pytest.mark.django_db
def test_a_job_is_enqueued_once_per_interval(only_tick):
    now = timezone.now()
    assert periodic.enqueue_due(now=now) == ["tests.tick"]
    assert periodic.enqueue_due(now=now + HOUR / 2) == []
    assert periodic.enqueue_due(now=now + HOUR) == ["tests.tick"]
    assert DBTaskResult.objects.filter(task_path__endswith="._tick").count() == 2
    assert PeriodicRun.objects.get(name="tests.tick").last_enqueued_at == now + HOUR


@pytest.mark.django_db
def test_run_periodic_once_enqueues_what_is_due(only_tick, capsys):
    call_command("run_periodic", "--once")
    assert "enqueued tests.tick" in capsys.readouterr().out
    call_command("run_periodic", "--list")
    assert "tests.tick" in capsys.readouterr().out


@pytest.mark.django_db
def test_escalation_task_calls_the_service(world):
    assert tasks.escalate_overdue_notices.call() == 0


class _Broken:
    def enqueue(self):
        raise RuntimeError("queue is down")


@pytest.mark.django_db
def test_a_broken_job_does_not_stop_the_others(only_tick):
    periodic._jobs["tests.broken"] = periodic.PeriodicJob("tests.broken", _Broken(), HOUR)
    assert periodic.enqueue_due() == ["tests.tick"]
    # The broken job's claim was rolled back with it: it is tried again next time.
    assert not PeriodicRun.objects.filter(name="tests.broken").exists()
