"""Background jobs of the crisis cells (Django Tasks API), each calling a service.
``manage.py run_periodic`` enqueues the periodic ones; ``db_worker`` runs them."""

from __future__ import annotations

from django_tasks import task

from hifazat.crisis_cells import services


@task()
def remind_overdue_follow_ups() -> int:
    """Daily: one notice per cell listing the case codes with overdue follow-ups."""
    return services.remind_overdue_follow_ups()
