"""Notice kinds as data: a stable code (``register.release_scheduled``) and a label to
show. Apps register the kinds they send at start-up; an unknown code still displays
(as its code), so a notice is never hidden because its kind was renamed."""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KIND_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
ESCALATION = "notices.escalation"

_labels: dict[str, str | Promise] = {ESCALATION: _("Escalation: not acknowledged in time")}


def register(code: str, label: str | Promise) -> None:
    """Give a kind code its human label (call from the sending app's AppConfig.ready)."""
    if not KIND_CODE.match(code) or len(code) > 64:
        raise ValueError(f"bad notice kind code {code!r}")
    _labels[code] = label


def label_for(code: str) -> str | Promise:
    return _labels.get(code, code)


def is_valid_code(code: str) -> bool:
    return bool(KIND_CODE.match(code or "")) and len(code) <= 64
