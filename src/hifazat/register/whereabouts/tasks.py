"""Background jobs of whereabouts (Django Tasks API), each calling a service. They are
registered with the notices periodic registry (see notify.register_periodic_jobs) and
enqueued by ``manage.py run_periodic``."""

from __future__ import annotations

from django_tasks import task

from hifazat.register.whereabouts import services


@task()
def check_overdue() -> dict:
    """Overdue, then absconded, after release; status abroad during notified travel."""
    return services.check_overdue()


@task()
def schedule_verifications() -> int:
    """One open compliance verification per offender living in the community."""
    return services.schedule_verifications()
