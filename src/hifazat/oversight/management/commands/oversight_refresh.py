"""``manage.py oversight_refresh [--full]``: bring the oversight aggregate tables up to
date now (incremental: the buckets touched since the last run; ``--full``: rebuild)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from hifazat.oversight import services


class Command(BaseCommand):
    help = "Refresh the oversight aggregates (incremental, or --full rebuild)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true")

    def handle(self, *args, full, **options):
        run = services.refresh(full=full)
        self.stdout.write(f"{run.kind}: {run.days_processed} day buckets, "
                          f"{run.months_processed} month buckets, {run.status}.")
