from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.demo.services import current_code


class Command(BaseCommand):
    help = (
        "Print the current 6-digit one-time code of a demo user's authenticator (as the "
        "user's phone would show it). Development only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            self.stdout.write(current_code(options["username"]))
        except TOTPDevice.DoesNotExist as exc:
            raise CommandError(
                f"no demo authenticator for {options['username']!r}; run load_demo first"
            ) from exc
