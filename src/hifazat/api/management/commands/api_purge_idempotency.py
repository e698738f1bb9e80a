"""Delete answers kept for idempotent replay once they are older than
API_IDEMPOTENCY_TTL_HOURS (default 24): they are no longer replayed, and searches'
answers should not be kept longer than needed."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from hifazat.api import selectors, services


class Command(BaseCommand):
    help = "Delete stored POST answers older than API_IDEMPOTENCY_TTL_HOURS."

    def handle(self, *args, **options):
        deleted = services.purge_expired_responses(
            older_than=timezone.now() - selectors.idempotency_ttl())
        self.stdout.write(f"deleted {deleted} stored answers")
