"""The one CSV writer for every file Hifazat exports: formula-safe.

A spreadsheet opens a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula, so a value a clerk or an attacker typed
(``=HYPERLINK(...)``, ``=cmd|...``) would run on the reader's machine (OWASP "CSV
injection"). Every such text cell is written with a leading apostrophe, which the
spreadsheet shows as text and does not evaluate. Numbers written as numbers (int,
float, Decimal) are left alone, so ``-1.5`` stays a number.

Use ``writer(fh)`` wherever ``csv.writer(fh)`` would be used; nothing else in the
project writes CSV."""

from __future__ import annotations

import csv as _csv
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """``value`` as a cell no spreadsheet evaluates: text that starts like a formula
    gets a leading apostrophe; numbers and empty cells are unchanged."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SafeWriter:
    """``csv.writer`` with every cell passed through ``formula_safe``."""

    def __init__(self, fh, **kwargs):
        self._writer = _csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([formula_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh, **kwargs) -> SafeWriter:
    """The project's CSV writer (see the module docstring)."""
    return SafeWriter(fh, **kwargs)
