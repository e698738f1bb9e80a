"""The one format for every date and time a person reads (pages, PDFs, notices, e-mails):
day, month name, year, and a 24-hour Pakistan time — "3 Dec 2026, 23:37" — never the
browser's locale nor a 12-hour clock. Month names follow the active language. The web's
``|day`` and ``|when`` filters, the register's words and PDF stamps all call these."""

from __future__ import annotations

from django.utils import dateformat, timezone

DAY_FORMAT = "j M Y"
WHEN_FORMAT = "j M Y, H:i"


def day(value) -> str:
    """A date as "3 Dec 2026" ('' when empty)."""
    if not value:
        return ""
    return dateformat.format(value, DAY_FORMAT)


def when(value) -> str:
    """A moment as "3 Dec 2026, 23:37" in Pakistan time ('' when empty)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, WHEN_FORMAT)
