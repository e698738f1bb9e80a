"""The deadline registry: declared once, read from settings or the environment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from hifazat.core import deadlines

WINDOW = deadlines.Deadline("tests.window", "TESTS_WINDOW_HOURS", 72, deadlines.HOURS,
                            "Test window", "Test source", "Test reader")


def test_default_when_nothing_is_set(monkeypatch):
    monkeypatch.delenv("TESTS_WINDOW_HOURS", raising=False)
    assert WINDOW.value() == 72 and WINDOW.delta() == timedelta(hours=72)
    assert WINDOW.is_default


def test_environment_then_setting_override(monkeypatch, settings):
    monkeypatch.setenv("TESTS_WINDOW_HOURS", "48")
    assert WINDOW.value() == 48
    settings.TESTS_WINDOW_HOURS = 24
    assert WINDOW.value() == 24 and not WINDOW.is_default


@pytest.mark.parametrize("bad", ["soon", "-3", "0"])
def test_bad_value_names_the_variable(monkeypatch, bad):
    monkeypatch.setenv("TESTS_WINDOW_HOURS", bad)
    with pytest.raises(ImproperlyConfigured, match="TESTS_WINDOW_HOURS"):
        WINDOW.value()


def test_a_setting_holds_one_deadline_only():
    deadlines.declare("tests.once", setting="TESTS_ONCE_DAYS", default=3, unit=deadlines.DAYS,
                      label="x", source="y", told="z")
    with pytest.raises(ValueError):
        deadlines.declare("tests.twice", setting="TESTS_ONCE_DAYS", default=3,
                          unit=deadlines.DAYS, label="x", source="y", told="z")
