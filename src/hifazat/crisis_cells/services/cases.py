"""A case as the services write it: locked for the write, refused when closed or
awaiting a decision, and every write recorded — the audit event (purpose "care", the
case code as reference, never identity) and the case's timeline row, in the caller's
transaction. A status changes only through ``move`` (the declared lifecycles).

Used by the other service modules; other apps call ``crisis_cells.services``.
"""

from __future__ import annotations

from datetime import datetime

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import clock, permissions
from hifazat.crisis_cells import errors
from hifazat.crisis_cells.models import CaseActivity, SurvivorCase


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


def on_timeline(*, action: str, user, case: SurvivorCase, details: dict | None = None) -> None:
    """The case's timeline row (codes and counts only, never identity)."""
    CaseActivity.objects.create(case=case, at=now(), kind=action, actor=user,
                                details=details or {})


def record(*, action: str, user, case: SurvivorCase, details: dict | None = None,
           reason: str = "", object_type: str = "crisis_cells.case", object_id="",
           activity: bool = True) -> None:
    """Audit event (purpose "care", case code as reference) and timeline row, in the
    caller's transaction. ``details`` carry codes and counts only, never identity."""
    audit.record(action=f"crisis_cells.{action}", actor=user, object_type=object_type,
                 object_id=object_id or case.pk, purpose=Purpose.CARE, reason=reason,
                 case_reference=case.code, details=details or {})
    if activity:
        on_timeline(action=action, user=user, case=case, details=details)


def move(obj, *, lifecycle, to: str, action: str, user, case: SurvivorCase,
         object_type: str, details: dict | None = None, extra: dict | None = None,
         timeline: bool = True):
    """Change ``obj``'s status as its declared ``lifecycle`` allows
    (``audit.services.transition``: the row locked, the table checked, the audit event
    ``crisis_cells.<action>`` with from/to written in the same transaction), then the
    timeline row (unless ``timeline`` is false: a change that follows a decision which
    has its own row). Refuses with ``IllegalTransition`` naming both states."""
    moved = audit.transition(obj, lifecycle=lifecycle, to=to, actor=user,
                             action=f"crisis_cells.{action}", object_type=object_type,
                             purpose=Purpose.CARE, case_reference=case.code,
                             details=details, extra=extra)
    if timeline:
        on_timeline(action=action, user=user, case=case, details=details)
    return moved
