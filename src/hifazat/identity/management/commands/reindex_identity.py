"""Recompute the identity store's comparison forms and blocking keys."""

from django.core.management.base import BaseCommand

from hifazat.identity.services import reindex


class Command(BaseCommand):
    help = ("Recompute every stored person's comparison forms and blocking keys from its "
            "fields (after a change to name normalisation or to the key rules), in "
            "batches of one transaction each.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, batch_size: int, **options):
        count = reindex(batch_size=max(1, batch_size))
        self.stdout.write(f"reindexed {count} identity records")
