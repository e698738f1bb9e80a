"""Re-encrypt every encrypted column under the newest key in HIFAZAT_FIELD_KEYS, and
recompute every blind index under the newest key in HIFAZAT_BLIND_INDEX_KEYS.

Rotation: put the new key first in HIFAZAT_FIELD_KEYS and/or HIFAZAT_BLIND_INDEX_KEYS
(keeping the old ones after it), run this command, then remove the old keys.
Idempotent; prints counts only.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from hifazat.core import crypto


class Command(BaseCommand):
    help = ("Re-encrypt every field-encrypted value under the newest HIFAZAT_FIELD_KEYS key "
            "and re-index every blind index under the newest HIFAZAT_BLIND_INDEX_KEYS key.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        counts = crypto.rotate_all(batch_size=batch_size)
        for label, n in sorted(counts.items()):
            verb = "re-indexed" if label.endswith(" blind indexes") else "re-encrypted"
            self.stdout.write(f"{label}: {n} rows {verb}")
        self.stdout.write(self.style.SUCCESS(f"done: {sum(counts.values())} rows"))
