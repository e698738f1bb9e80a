"""``manage.py oversight_export --period 2026Q3 --format csv|pdf|dhis2 --out FILE
[--province CODE] [--district CODE] [--table NAME]``: the suppressed indicator tables,
national or for one province. Bad input is a message and exit status 1, never a
traceback."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from hifazat.oversight import exports, indicators
from hifazat.oversight.errors import BadInput

FORMATS = ("csv", "pdf", "dhis2")


class Command(BaseCommand):
    help = "Export the oversight indicator tables (suppressed) as CSV, PDF or DHIS2 JSON."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True,
                            help="2026Q3, 2026-07, 2026 or 2026-01-01..2026-03-31")
        parser.add_argument("--format", required=True, dest="fmt")
        parser.add_argument("--out", required=True)
        parser.add_argument("--province", default="")
        parser.add_argument("--district", default="")
        parser.add_argument("--table", default="", help="one table (CSV only)")

    def handle(self, *args, period, fmt, out, province, district, table, **options):
        translation.activate("en")
        if fmt not in FORMATS:
            raise CommandError(f"Unknown format {fmt!r}: use csv, pdf or dhis2.")
        target = Path(out)
        if not target.parent.exists():
            raise CommandError(f"No such directory: {target.parent}")
        try:
            filters = indicators.parse_filters(
                {"period": period, "province": province, "district": district})
            tables = indicators.build(filters)
            if table:
                tables = [indicators.table_named(tables, table)]
        except BadInput as exc:
            raise CommandError(str(exc.message)) from None
        if fmt == "csv":
            target.write_text(exports.to_csv(tables, filters), encoding="utf-8")
        elif fmt == "pdf":
            target.write_bytes(exports.to_pdf(tables, filters))
        else:
            payload, warnings = exports.to_dhis2(tables, filters)
            for warning in warnings:
                self.stderr.write(warning)
            target.write_text(json.dumps(payload, indent=1), encoding="utf-8")
        self.stdout.write(f"Wrote {target} ({fmt}, {filters.period.label}).")
