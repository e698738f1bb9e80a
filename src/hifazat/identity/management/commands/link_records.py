"""manage.py link_records: batch record linkage of two CSV files, or dedupe of one."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from hifazat.identity.csvio import (
    InputError,
    parse_column_map,
    read_records,
    write_pairs_atomically,
)
from hifazat.identity.records import COLUMNS


class Command(BaseCommand):
    help = (
        "Link the people in LEFT.csv to those in RIGHT.csv (or find duplicates within one "
        "file with --dedupe) and write left_id,right_id,probability for every pair at or "
        f"above the threshold. Input columns: {','.join(COLUMNS)} (any may be empty, extra "
        "columns ignored, --columns maps other names). Files may be UTF-8 (with or without "
        "BOM), UTF-16 or Windows-1252. Bad CNICs and dates are reported by row and column "
        "and treated as missing; fatal problems exit non-zero and write no output."
    )

    def add_arguments(self, parser):
        parser.add_argument("left", nargs="?", help="first CSV file")
        parser.add_argument("right", nargs="?", help="second CSV file")
        parser.add_argument("--dedupe", metavar="FILE", help="find duplicates within FILE")
        parser.add_argument("--out", required=True, help="output CSV of scored pairs")
        parser.add_argument("--threshold", type=float, default=0.9,
                            help="lowest match probability written (default 0.9)")
        parser.add_argument("--engine", choices=["hifazat", "splink"], default="hifazat",
                            help="hifazat (default, in-process) or splink (DuckDB)")
        parser.add_argument("--columns", help="map our columns to yours: given=first_name,...")
        parser.add_argument("--progress", action="store_true",
                            help="show a progress bar (default when run in a terminal)")

    def handle(self, *args, **opts):
        if not 0.0 <= opts["threshold"] <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        if opts["dedupe"] and (opts["left"] or opts["right"]):
            raise CommandError("give either LEFT RIGHT or --dedupe FILE, not both")
        if not opts["dedupe"] and not (opts["left"] and opts["right"]):
            raise CommandError("give LEFT.csv and RIGHT.csv, or --dedupe FILE.csv")
        if opts["engine"] == "splink":
            # An optional extra: when absent, one line and a non-zero exit, before any work.
            from hifazat.identity.splink_engine import EngineMissing, require

            try:
                require()
            except EngineMissing as exc:
                raise CommandError(f"--engine splink: {exc}") from exc
        started = time.perf_counter()
        try:
            columns = parse_column_map(opts["columns"])
            left = read_records(opts["dedupe"] or opts["left"], columns=columns)
            right = None if opts["dedupe"] else read_records(opts["right"], columns=columns)
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        for problem in left.problems + (right.problems if right else []):
            self.stderr.write(f"warning: {problem}")
        progress = opts["progress"] or sys.stderr.isatty()
        if opts["engine"] == "splink":
            rows = self._splink(left.rows, right.rows if right else None, opts["threshold"])
        else:
            from hifazat.identity.linkage import link

            result = link(left.rows, right.rows if right else None,
                          threshold=opts["threshold"], progress=progress)
            rows = list(result.rows())
        count = write_pairs_atomically(opts["out"], rows)
        problems = len(left.problems) + (len(right.problems) if right else 0)
        self.stdout.write(
            f"{count} pairs at probability >= {opts['threshold']} written to {opts['out']} "
            f"({len(left.rows)}{f' x {len(right.rows)}' if right else ''} records, "
            f"{problems} values reported, {time.perf_counter() - started:.1f}s, "
            f"engine {opts['engine']})"
        )

    @staticmethod
    def _splink(left_rows, right_rows, threshold):
        from hifazat.identity.splink_engine import link_rows

        return link_rows(left_rows, right_rows, threshold=threshold)
