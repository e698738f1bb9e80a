"""Reporting periods: ``2026Q3``, ``2026-07``, ``2026``, ``2026-01-01..2026-03-31``.
Anything else, an inverted or future period, one before the Act or longer than
``MAX_YEARS`` is refused with a message (``BadPeriod``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from hifazat.core import clock
from hifazat.oversight.errors import BadInput

EARLIEST = date(2021, 1, 1)  # the Anti-Rape (Investigation and Trial) Act 2021
MAX_YEARS = 10

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # inclusive

    @property
    def dhis2(self) -> str:
        return self.label if not _RANGE.match(self.label) else self.start.strftime("%Y%m%d")


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def parse(text: str) -> Period:
    text = (text or "").strip().upper()
    try:
        if m := _QUARTER.match(text):
            year, q = int(m[1]), int(m[2])
            period = Period(text, date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
        elif m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            period = Period(f"{year}{month:02d}", date(year, month, 1),
                            _month_end(year, month))
        elif m := _YEAR.match(text):
            year = int(m[1])
            period = Period(text, date(year, 1, 1), date(year, 12, 31))
        elif m := _RANGE.match(text):
            period = Period(text, date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        else:
            raise BadInput(_("Unknown period %(p)s: use 2026Q3, 2026-07, 2026 or "
                             "2026-01-01..2026-03-31.") % {"p": text or "—"}, field="period")
    except ValueError as exc:
        raise BadInput(_("No such date in period %(p)s.") % {"p": text}, field="period") \
            from exc
    if period.end < period.start:
        raise BadInput(_("The period ends before it starts."), field="period")
    if period.start > timezone.localdate(clock.now()):
        raise BadInput(_("The period has not started yet."), field="period")
    if period.start < EARLIEST:
        raise BadInput(_("The period starts before the Act of 2021."), field="period")
    if (period.end - period.start).days > 366 * MAX_YEARS:
        raise BadInput(_("The period is longer than %(n)s years.") % {"n": MAX_YEARS},
                       field="period")
    return period


def current_quarter() -> Period:
    today = timezone.localdate(clock.now())
    return parse(f"{today.year}Q{(today.month - 1) // 3 + 1}")
