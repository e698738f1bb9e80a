"""Recompute every evidence item's chain-of-custody hashes; exit 1 naming the items
(label code and first bad entry) whose chain no longer verifies."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hifazat.crisis_cells.models import EvidenceItem
from hifazat.crisis_cells.services import verify_custody


class Command(BaseCommand):
    help = "Verify the hash chain of custody of every evidence item."

    def handle(self, *args, **options):
        checked, broken = 0, []
        for item in EvidenceItem.objects.order_by("pk").iterator():
            ok, seq = verify_custody(item)
            checked += 1
            if not ok:
                broken.append(f"{item.label_code} (entry {seq})")
        if broken:
            for line in broken:
                self.stderr.write(f"broken: {line}")
            raise CommandError(f"{len(broken)} of {checked} custody chains do not verify")
        self.stdout.write(self.style.SUCCESS(f"{checked} custody chains verify"))
