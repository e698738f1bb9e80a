from django.core.management.base import BaseCommand, CommandError

from hifazat.audit.selectors import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the whole audit hash chain: recompute every event's SHA-256 and check each "
        "link to the previous event. Exits non-zero and names the first broken event."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain BROKEN at event #{report.first_broken_seq} "
                f"(id {report.first_broken_id}): {report.problem}; "
                f"{report.checked} events before it verified"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain OK: {report.checked} events verified"))
