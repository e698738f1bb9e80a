"""What every crisis-cell service shares: loading a case for writing, permission and
state checks, validation of common inputs, the audit event and the timeline row.

Private to the app's service modules; other apps call ``crisis_cells.services``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.models import Purpose
from hifazat.core import clock, permissions
from hifazat.crisis_cells import errors
from hifazat.crisis_cells.models import CaseActivity, ConsentUse, SurvivorCase

# Clocks on ward computers drift; a time this far ahead of now still counts as "now".
CLOCK_SKEW = timedelta(minutes=5)


def now() -> datetime:
    return clock.now()


def lock_case(case: SurvivorCase) -> SurvivorCase:
    """The case row re-read and locked for this transaction."""
    return SurvivorCase.objects.select_for_update().get(pk=case.pk)


def require(user, action: str, obj=None) -> None:
    permissions.require(user, action, obj)


def writable(case: SurvivorCase, *, allow_pending: bool = True) -> None:
    """Refuse writes on a closed case (and, unless allowed, one awaiting a decision)."""
    if case.status == SurvivorCase.Status.CLOSED:
        raise errors.CaseClosed
    if not allow_pending and case.status != SurvivorCase.Status.OPEN:
        raise errors.CaseNotOpen


def role_of(user, action_roles) -> str:
    """The first of the user's roles that grants the action (for the audit row)."""
    from hifazat.crisis_cells.policy import cell_roles

    roles = sorted(cell_roles(user) & set(action_roles))
    return roles[0] if roles else ""


def record(*, action: str, user, case: SurvivorCase, details: dict | None = None,
           reason: str = "", object_type: str = "crisis_cells.case", object_id="",
           activity: bool = True) -> None:
    """Audit event (purpose "care", case code as reference) and timeline row, in the
    caller's transaction. ``details`` carry codes and counts only, never identity."""
    audit.record(action=f"crisis_cells.{action}", actor=user, object_type=object_type,
                 object_id=object_id or case.pk, purpose=Purpose.CARE, reason=reason,
                 case_reference=case.code, details=details or {})
    if activity:
        CaseActivity.objects.create(case=case, at=now(), kind=action, actor=user,
                                    details=details or {})


def has_consent(case: SurvivorCase, use: str) -> bool:
    """True when the current decision for ``use`` is a consent (checked at time of use)."""
    return case.consents.filter(use=use, withdrawn_at__isnull=True, is_given=True).exists()


def require_consent(case: SurvivorCase, use: str) -> None:
    if not has_consent(case, use):
        raise errors.ConsentRequired(fields={"consent": _(
            "No current consent for: %(use)s.") % {"use": ConsentUse(use).label}})


# --- input checks ---------------------------------------------------------------------

class Problems:
    """Collects field messages; ``raise_if_any`` raises InvalidInput with all of them."""

    def __init__(self):
        self.fields: dict[str, str] = {}

    def add(self, field: str, message) -> None:
        self.fields.setdefault(field, message)

    def raise_if_any(self, error_class=errors.InvalidInput) -> None:
        if self.fields:
            raise error_class(fields=self.fields)


def as_aware(value, field: str, problems: Problems, *, required: bool = True):
    """A timezone-aware datetime, or a message on ``field``."""
    if value in (None, ""):
        if required:
            problems.add(field, _("Give the date and time."))
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            problems.add(field, _("Enter a date and time like 2026-03-01 14:30."))
            return None
    if not isinstance(value, datetime):
        problems.add(field, _("Enter a date and time like 2026-03-01 14:30."))
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def not_future(value, field: str, problems: Problems) -> None:
    if value is not None and value > now() + CLOCK_SKEW:
        problems.add(field, _("This time is in the future."))


def choice(value, choices, field: str, problems: Problems) -> str:
    if value not in {str(v) for v in choices.values}:
        problems.add(field, _("Choose one of the options."))
        return ""
    return str(value)


def text(value, field: str, problems: Problems, *, max_length: int, required: bool = False,
         message=None) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        problems.add(field, message or _("This is required."))
    elif len(value) > max_length:
        problems.add(field, _("Keep this under %(n)s characters.") % {"n": max_length})
    return value


def cnic(value, field: str, problems: Problems) -> str:
    """Digits only; 13 digits when given (accepted with or without dashes)."""
    digits = re.sub(r"[\s-]", "", value or "")
    if digits and not re.fullmatch(r"\d{13}", digits):
        problems.add(field, _("A CNIC has 13 digits, like 35202-1234567-1."))
    return digits


def phone(value, field: str, problems: Problems) -> str:
    cleaned = re.sub(r"[\s()-]", "", value or "")
    if cleaned and not re.fullmatch(r"\+?\d{10,13}", cleaned):
        problems.add(field, _("Enter a phone number like 0300 1234567."))
    return cleaned
