from django.core.management.base import BaseCommand

from hifazat.audit import checkpoints, services


class Command(BaseCommand):
    help = ("Append one signed checkpoint of the audit chain head (seq, hash, time, key id, "
            "MAC) to AUDIT_CHECKPOINT_FILE. The periodic job does the same every "
            "AUDIT_CHECKPOINT_MINUTES.")

    def handle(self, *args, **options):
        cp = services.write_checkpoint()
        self.stdout.write(self.style.SUCCESS(
            f"audit checkpoint #{cp['seq']} {cp['hash'][:16]} at {cp['at']} "
            f"(key {cp['key_id']}) appended to {checkpoints.path()}"))
