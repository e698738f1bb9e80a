from django.core.management.base import BaseCommand, CommandError

from hifazat.audit import checkpoints
from hifazat.audit.selectors import verify_chain, verify_checkpoints


class Command(BaseCommand):
    help = (
        "Verify the whole audit chain: recompute every event's SHA-256, check each link to "
        "the previous event and each event's keyed MAC. With --checkpoints, also check "
        "every signed checkpoint in AUDIT_CHECKPOINT_FILE against the chain (truncation, "
        "rewrite, rollback, forged lines). Exits non-zero and names what is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--checkpoints", action="store_true",
                            help="also check the chain against the checkpoint file")

    def handle(self, *args, **options):
        failures = []
        report = verify_chain()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(
                f"audit chain OK: {report.checked} events verified"))
        else:
            failures.append(
                f"audit chain BROKEN at event #{report.first_broken_seq} "
                f"(id {report.first_broken_id}): {report.problem}; "
                f"{report.checked} events before it verified")
        if options["checkpoints"]:
            cps = verify_checkpoints()
            for problem in cps.problems:
                self.stderr.write(f"checkpoint {problem.kind}: {problem.message}")
            if cps.problems:
                failures.append(
                    f"audit checkpoints BROKEN: {len(cps.problems)} problem(s) in "
                    f"{checkpoints.path()} (first: {cps.problems[0].message})")
            elif not cps.checked:
                failures.append(f"no audit checkpoint in {checkpoints.path()}: run "
                                "`manage.py audit_checkpoint` and the periodic job")
            else:
                self.stdout.write(self.style.SUCCESS(
                    f"audit checkpoints OK: {cps.checked} checkpoints match the chain "
                    f"(head #{cps.head_seq})"))
        if failures:
            raise CommandError("; ".join(failures))
