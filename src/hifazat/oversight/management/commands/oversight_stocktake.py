"""``manage.py oversight_stocktake --period 2026Q3``: take a round of the crisis-cell
stocktake now (every district; a new round even if the period has one already). Bad
input is a message and exit status 1, never a traceback."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from hifazat.oversight import stocktake
from hifazat.oversight.errors import BadInput


class Command(BaseCommand):
    help = "Take a round of the crisis-cell stocktake for a period."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True,
                            help="2026Q3, 2026-07, 2026 or 2026-01-01..2026-03-31")

    def handle(self, *args, period, **options):
        translation.activate("en")
        started = time.perf_counter()
        try:
            taken = stocktake.take_round(period=period)
        except BadInput as exc:
            raise CommandError(str(exc.message)) from None
        rows = taken.districts.all()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Round {taken.pk} ({taken.label}, counted to {taken.counted_until}): "
            f"{rows.count()} districts, {rows.filter(no_cell=True).count()} without a cell, "
            f"{rows.filter(wmlo_gaps=True).count()} with shifts without a trained woman "
            f"MLO; {seconds:.2f} s.")
