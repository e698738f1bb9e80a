"""The demo's past: services run with the one clock (``core.clock``) set to a day gone
by, so that the rows, notices and audit events of the demo's history say when that
history happened. Demo loader only (refused in production by ``load_demo``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from django.utils import timezone

from hifazat.core import clock


@contextmanager
def as_of(day: date, at: time = time(12)) -> Iterator[None]:
    """Services run as on ``day`` at ``at`` (Pakistan time; noon by default)."""
    moment = timezone.make_aware(datetime.combine(day, at))
    real_now = clock.now
    clock.now = lambda: moment
    try:
        yield
    finally:
        clock.now = real_now
