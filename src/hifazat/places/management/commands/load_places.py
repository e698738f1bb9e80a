from django.core.management.base import BaseCommand

from hifazat.places.services import load_reference_places


class Command(BaseCommand):
    help = (
        "Load all provinces/territories and districts of Pakistan, and the demo facilities "
        "(crisis-cell hospitals, VAWC Multan, police stations, SSOIUs, prosecution offices, "
        "prisons, Special Courts, NPB, NADRA). Idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-facilities", action="store_true", help="load provinces and districts only"
        )

    def handle(self, *args, **options):
        result = load_reference_places(include_demo_facilities=not options["no_facilities"])
        self.stdout.write(
            f"places: {result.provinces} provinces/territories, {result.districts} districts, "
            f"{result.facilities} facilities ({result.created} new)"
        )
