from django.core.management.base import BaseCommand

from hifazat.audit.keys import generate_key


class Command(BaseCommand):
    help = ("Print a new audit MAC key entry 'id:base64' to put FIRST in HIFAZAT_AUDIT_KEYS "
            "(keep the older entries after it so existing events still verify).")

    def add_arguments(self, parser):
        parser.add_argument("key_id", help="a short id for the key, e.g. a2026-12")

    def handle(self, *args, **options):
        self.stdout.write(generate_key(options["key_id"]))
