"""Background jobs of the justice pipeline (Django Tasks API), each calling a service.
``manage.py run_periodic`` enqueues the periodic ones; ``db_worker`` runs them."""

from __future__ import annotations

from django_tasks import task

from hifazat.justice import services


@task()
def warn_deadlines() -> int:
    """Daily: a notice a week before and on the day of each case's next deadline."""
    return services.warn_deadlines()
