"""One format for every date and time a person reads."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.utils import translation

from hifazat.web.templatetags.hifazat import day, when


def test_a_moment_reads_in_pakistan_time_on_a_24_hour_clock():
    moment = datetime(2026, 12, 3, 18, 37, tzinfo=UTC)  # 23:37 in Pakistan
    assert when(moment) == "3 Dec 2026, 23:37"
    assert when(None) == ""


def test_a_date_reads_day_month_year_and_the_month_follows_the_language():
    assert day(date(2026, 12, 3)) == "3 Dec 2026"
    with translation.override("ur"):
        assert "Dec" not in day(date(2026, 12, 3))
