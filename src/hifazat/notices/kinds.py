"""Notice kinds as data: a stable code (``register.release_scheduled``), a label to show,
and the texts of the kind — a subject and a body, translatable, with ``%(name)s``
placeholders. A notice stores its kind and the parameters; its subject and body are
rendered in the reader's language when shown (inbox, detail) and in English and Urdu
together when they leave the system (e-mail, SMS).

Apps register the kinds they send at start-up (``register``; ``AppConfig.ready``). An
unknown code still displays (as its code), and a notice sent with ready-made text (the
older way: ``send_notice(subject=…, body=…)``) shows that text, so no notice is ever
hidden because its kind was renamed.

Parameter values are plain strings or numbers, or one of three shapes rendered for the
reader: ``{"en": …, "ur": …}`` (a name in both languages: ``bilingual``), ``{"day":
"2026-12-01"}`` and ``{"when": "2026-12-01T23:54:00+05:00"}`` (``day``/``when``: the one
date format, months in the reader's language).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KIND_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
ESCALATION = "notices.escalation"
LANGUAGES = ("en", "ur")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    subject: str | Promise | None = None
    body: str | Promise | None = None


_kinds: dict[str, Kind] = {}


def register(code: str, label: str | Promise, *, subject: str | Promise | None = None,
             body: str | Promise | None = None) -> None:
    """Give a kind code its human label and, for notices sent with parameters, its
    subject and body (lazy translations with ``%(name)s`` placeholders). Call from the
    sending app's AppConfig.ready."""
    if not KIND_CODE.match(code) or len(code) > 64:
        raise ValueError(f"bad notice kind code {code!r}")
    _kinds[code] = Kind(code, label, subject, body)


def label_for(code: str) -> str | Promise:
    kind = _kinds.get(code)
    return kind.label if kind else code


def has_texts(code: str) -> bool:
    kind = _kinds.get(code)
    return bool(kind and kind.subject)


def parts_of(code: str) -> list[str]:
    """Which texts ("subject", "body") the kind renders from parameters."""
    kind = _kinds.get(code)
    return [part for part in ("subject", "body") if kind and getattr(kind, part)]


def is_valid_code(code: str) -> bool:
    return bool(KIND_CODE.match(code or "")) and len(code) <= 64


# --- Parameters ------------------------------------------------------------------------


def bilingual(en: str, ur: str = "") -> dict:
    """A parameter shown in the reader's language (a place or agency name)."""
    return {"en": en, "ur": ur or en}


def bilingual_label(label) -> dict:
    """A translatable label (a lazy string) as a ``bilingual`` parameter: its English and
    its Urdu, whatever the sender's language."""
    with translation.override("en"):
        en = str(label)
    with translation.override("ur"):
        ur = str(label)
    return bilingual(en, ur)


def day(value: datetime.date) -> dict:
    return {"day": value.isoformat()}


def when(value: datetime.datetime) -> dict:
    return {"when": value.isoformat()}


@cache
def _date_template(filter_name: str):
    # The one date format lives in the web's |day and |when filters; rendered through
    # the template library so notices neither import the web layer nor copy it.
    from django.template import engines

    return engines["django"].from_string("{% load hifazat %}{{ value|" + filter_name + " }}")


def render_param(value) -> str:
    """One parameter as the reader of the active language sees it."""
    if isinstance(value, dict):
        if "day" in value:
            return _date_template("day").render(
                {"value": datetime.date.fromisoformat(value["day"])})
        if "when" in value:
            return _date_template("when").render(
                {"value": datetime.datetime.fromisoformat(value["when"])})
        language = translation.get_language() or "en"
        return str(value.get(language[:2]) or value.get("en") or "")
    return str(value)


def render(code: str, params: dict, part: str) -> str | None:
    """``part`` ("subject" or "body") of a notice of kind ``code`` with ``params``, in the
    active language; None when the kind has no such text (the stored text is shown)."""
    kind = _kinds.get(code)
    template = getattr(kind, part, None) if kind else None
    if not template:
        return None
    # Numbers stay numbers, for %(days)d placeholders.
    values = {name: value if isinstance(value, int | float) and not isinstance(value, bool)
              else render_param(value) for name, value in (params or {}).items()}
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return None  # parameters of an older version of the kind: show the stored text


def render_in(language: str, code: str, params: dict, part: str) -> str | None:
    with translation.override(language):
        return render(code, params, part)


register(
    ESCALATION, _("Escalation: not acknowledged in time"),
    subject=_("Not acknowledged in time: %(about)s"),
    body=_("Notice %(number)s was due to be acknowledged by %(deadline)s. "
           "Not yet acknowledged by: %(names)s."),
)
