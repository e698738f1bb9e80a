from django.core.management.base import BaseCommand, CommandError

from hifazat.demo.oversight_year import YEAR_CASES
from hifazat.demo.services import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load reference places and the synthetic demo: an agency per demo facility and one "
        "user per role with an authenticator. Idempotent. Refuses to run in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year-cases", type=int, default=YEAR_CASES, metavar="N",
            help=f"crisis-cell cases in the committee's synthetic year (default {YEAR_CASES};"
                 " 0 leaves the year out)")

    def handle(self, *args, **options):
        if options["year_cases"] < 0:
            raise CommandError("--year-cases must be 0 or more")
        users = load_demo(progress=self._say, year_cases=options["year_cases"])
        self.stdout.write(f"demo: {len(users)} users, password for all: {DEMO_PASSWORD}")
        for spec, user in users:
            agency = user.agency.name_en if user.agency else "-"
            self.stdout.write(f"  {spec.username:<18} {spec.role:<24} {agency}")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
