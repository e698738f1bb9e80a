"""CNIC and date-of-birth parsing and comparison (the non-name evidence).

CNIC: 13 digits, written 12345-1234567-1 or without dashes — the one rule and message of
``core.validation.cnic``, which the strict path applies; the last digit is odd for men
and even for women (NADRA). One mistyped digit or two adjacent digits swapped is
partial agreement. Dates of birth are often only a year, or defaulted to 1 January when
unknown; day and month get swapped. District is weak evidence: people move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hifazat.core import validation


class FieldError(ValueError):
    """A value that cannot be read; the message names what is wrong."""


_ID_RE = re.compile(r"^[\d\s-]{5,24}$")


def normalize_cnic(raw: str | None, *, strict: bool = False) -> str:
    """Digits of a CNIC ('' when absent), read by ``core.validation.cnic``. With
    ``strict`` (every Hifazat form and the CLI), anything else raises ``FieldError``
    with that rule's one message. Otherwise (batch linkage of other registers' files)
    any identity number of 5 to 18 digits is kept as digits, and anything else is
    treated as absent."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        return validation.cnic(text)
    except validation.Invalid as exc:
        if strict:
            raise FieldError(str(exc.message)) from None
    if _ID_RE.match(text):
        digits = re.sub(r"\D", "", text)
        if 5 <= len(digits) <= 18:
            return digits
    return ""


def cnic_sex(cnic: str) -> str:
    """'M' or 'F' from the last digit's parity, '' if unknown."""
    if len(cnic) != 13:
        return ""
    return "M" if int(cnic[-1]) % 2 else "F"


def compare_cnic(a: str, b: str) -> str:
    """'exact', 'one_digit', 'transposed', 'different' or '' (missing)."""
    if not a or not b:
        return ""
    if a == b:
        return "exact"
    if len(a) != len(b):
        return "different"
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        # The last digit of a CNIC carries sex (odd men, even women): one digit off
        # there with a different parity is another person, not a typo.
        if len(a) == 13 and diffs[0] == 12 and cnic_sex(a) != cnic_sex(b):
            return "different"
        return "one_digit"
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and \
            a[diffs[1]] == b[diffs[0]]:
        return "transposed"
    return "different"


@dataclass(frozen=True)
class BirthDate:
    value: date | None
    precision: str  # "day" | "year" | "jan1" (1 January, possibly a default) | ""

    @property
    def year(self) -> int | None:
        return self.value.year if self.value else None


NO_DOB = BirthDate(None, "")
_YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_DMY_RE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_COMPACT_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_dob(raw: str | date | None, *, strict: bool = False, today: date | None = None
              ) -> BirthDate:
    """Read 'YYYY-MM-DD', 'DD/MM/YYYY', 'YYYYMMDD' or 'YYYY'. 1 January is kept with
    precision 'jan1' because registers use it for 'year only'."""
    if isinstance(raw, date):
        return BirthDate(raw, "jan1" if (raw.month, raw.day) == (1, 1) else "day")
    text = (raw or "").strip()
    if not text:
        return NO_DOB
    try:
        if m := _YEAR_RE.match(text):
            value, precision = date(int(m.group(1)), 1, 1), "year"
        elif m := _ISO_RE.match(text) or _COMPACT_RE.match(text):
            value = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            precision = "jan1" if (value.month, value.day) == (1, 1) else "day"
        elif m := _DMY_RE.match(text):
            value = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            precision = "jan1" if (value.month, value.day) == (1, 1) else "day"
        else:
            raise FieldError(f"date of birth {text[:40]!r} is not YYYY-MM-DD, DD/MM/YYYY or YYYY")
    except ValueError as exc:
        if strict:
            raise FieldError(str(exc) if isinstance(exc, FieldError)
                             else f"date of birth {text[:40]!r} is not a real date") from exc
        return NO_DOB
    limit = today or date.today()
    if not (1900 <= value.year <= limit.year):
        if strict:
            raise FieldError(f"date of birth {text[:40]!r} is out of range")
        return NO_DOB
    return BirthDate(value, precision)


def compare_dob(a: BirthDate, b: BirthDate) -> str:
    """'exact', 'swapped', 'year' (one side knows only the year, and it agrees), 'near'
    (within a year, or two different full dates in one year), 'different' or ''."""
    if a.value is None or b.value is None:
        return ""
    if a.value == b.value and a.precision == b.precision == "day":
        return "exact"
    if a.value.year == b.value.year:
        if a.precision != "day" or b.precision != "day":
            return "year"  # one side knows only the year (or the 1 January default)
        if (a.value.month, a.value.day) == (b.value.day, b.value.month):
            return "swapped"
        return "near"  # two full dates in the same year that differ: weak evidence
    if abs(a.value.year - b.value.year) <= 1:
        return "near"
    return "different"
