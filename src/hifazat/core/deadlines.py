"""The one deadline registry: every statutory or configured window, declared once.

An app declares its windows in ``<app>/deadlines.py`` (imported by its AppConfig's
``ready``)::

    PEP = deadlines.declare(
        "crisis_cells.pep", setting="CELL_PEP_WINDOW_HOURS", default=72,
        unit=deadlines.HOURS,
        label=_("HIV post-exposure prophylaxis (PEP), from the incident"),
        source=_("WHO, Clinical management of rape ... survivors (2020): within 72 hours"),
        told=_("The cell's clinicians, on the case page and the dashboard"),
        overdue="hifazat.crisis_cells.selectors.running_clinical_windows")

and reads it with ``PEP.value()`` (an int in its unit) or ``PEP.delta()`` (a
``timedelta``). The value comes from the Django setting of that name when one is set
(tests override it so), else the environment variable of the same name, else the
default written here — nowhere else holds a default. A bad value in the environment
stops the start-up with the variable's name. ``DEADLINES`` lists them all; the
administrators' deadline page shows each with its value, source and who is told.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

MINUTES = "minutes"
HOURS = "hours"
DAYS = "days"
UNIT_LABELS = {MINUTES: _("minutes"), HOURS: _("hours"), DAYS: _("days")}


@dataclass(frozen=True)
class Deadline:
    name: str
    setting: str
    default: int
    unit: str
    label: str
    source: str
    told: str
    overdue: str = ""  # dotted path of the selector listing what is overdue

    def value(self) -> int:
        configured = getattr(settings, self.setting, None)
        if configured is None:
            configured = os.environ.get(self.setting)
        if configured is None or configured == "":
            return self.default
        try:
            number = int(configured)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"{self.setting} must be a whole number of {self.unit}, got {configured!r}"
            ) from None
        if number <= 0:
            raise ImproperlyConfigured(f"{self.setting} must be positive, got {number}")
        return number

    def delta(self) -> timedelta:
        return timedelta(**{self.unit: self.value()})

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])

    @property
    def is_default(self) -> bool:
        return self.value() == self.default


DEADLINES: dict[str, Deadline] = {}
_BY_SETTING: dict[str, str] = {}


def declare(name: str, *, setting: str, default: int, unit: str, label, source, told,
            overdue: str = "") -> Deadline:
    """Declare one window (once: a second declaration of the name or the setting is a
    programming error)."""
    if unit not in UNIT_LABELS:
        raise ValueError(f"deadline {name}: unknown unit {unit!r}")
    deadline = Deadline(name, setting, int(default), unit, label, source, told, overdue)
    if name in DEADLINES and DEADLINES[name] != deadline:
        raise ValueError(f"deadline {name} declared twice")
    if _BY_SETTING.get(setting, name) != name:
        raise ValueError(f"setting {setting} already holds deadline {_BY_SETTING[setting]}")
    DEADLINES[name] = deadline
    _BY_SETTING[setting] = name
    return deadline


def get(name: str) -> Deadline:
    return DEADLINES[name]


def all_deadlines() -> list[Deadline]:
    return sorted(DEADLINES.values(), key=lambda d: d.name)
