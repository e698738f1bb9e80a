from django.core.management.base import BaseCommand

from hifazat.demo.services import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load reference places and the synthetic demo: an agency per demo facility and one "
        "user per role with an authenticator. Idempotent. Refuses to run in production."
    )

    def handle(self, *args, **options):
        users = load_demo(progress=self._say)
        self.stdout.write(f"demo: {len(users)} users, password for all: {DEMO_PASSWORD}")
        for spec, user in users:
            agency = user.agency.name_en if user.agency else "-"
            self.stdout.write(f"  {spec.username:<18} {spec.role:<24} {agency}")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
