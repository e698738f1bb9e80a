"""Background jobs of the API (Django Tasks API), each calling a service."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from hifazat.api import selectors, services


@task()
def purge_idempotency_answers() -> int:
    """Delete stored POST answers older than API_IDEMPOTENCY_TTL_HOURS (daily): they
    are no longer replayed, and search answers must not be kept longer than needed."""
    return services.purge_expired_responses(
        older_than=timezone.now() - selectors.idempotency_ttl())
