"""One clock for the whole system, so tests can move time without patching Django."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
