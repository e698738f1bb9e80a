"""A case as the services write it: locked for the write, its stage moved only through
the declared lifecycle, its next statutory deadline kept on the row, every write
audited with the FIR as reference, and the news sent to the cell (``events``) in the
same transaction. Used by the other service modules."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.core import clock, permissions, validation
from hifazat.justice import access, deadlines, errors, events, lifecycles
from hifazat.justice.models import DueKind, JusticeCase, PoliceReport, Stage


def now() -> datetime:
    return clock.now()


def today() -> date:
    return timezone.localdate(clock.now())


def require(user, action: str, obj=None) -> None:
    permissions.require(user, action, obj, hide=True)


def lock(case: JusticeCase) -> JusticeCase:
    """The case re-read and locked for this transaction (with what the checks read)."""
    return JusticeCase.objects.select_for_update(of=("self",)).select_related(
        "fir", "fir__station", "district", "court", "court__facility",
        "investigating_officer").get(pk=case.pk)


def case_date(p: validation.Problems, field: str, value, case: JusticeCase, *,
              required: bool = True):
    """A date of something that happened in the case: not in the future, not before
    the FIR."""
    day = p.check(field, validation.date, value, required=required)
    p.check(field, validation.not_future, day)
    if day is not None and day < timezone.localdate(case.fir.registered_at):
        p.add(field, _("This date is before the FIR."))
    return day


#: The stages in which the FIR's suspects and custody are still worked on.
BEFORE_VERDICT = (Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION, Stage.CHALLAN_SUBMITTED,
                  Stage.IN_TRIAL)


def of_case(case: JusticeCase, suspect) -> None:
    """Refuse a suspect of another FIR."""
    if suspect is None or suspect.fir_id != case.fir_id:
        raise errors.InvalidInput(fields={"suspect": _("This suspect is not in this FIR.")})


def may_be_assigned(person, case: JusticeCase, *, agency_kind: str, role: str) -> bool:
    """Whether ``person`` is an active member of an agency of ``agency_kind`` holding
    ``role`` over the case's district (an investigating officer, a prosecutor)."""
    agency = getattr(person, "agency", None)
    if not getattr(person, "is_active", False) or agency is None \
            or agency.kind != agency_kind:
        return False
    return any(a.role == role and a.covers_district(case.district)
               for a in person.active_roles())


def at_stage(case: JusticeCase, *stages: str) -> None:
    if case.stage not in stages:
        raise errors.WrongStage(fields={"stage": errors.WrongStage.message})


def record(*, action: str, user, case: JusticeCase, details: dict | None = None,
           object_type: str = "justice.case", object_id="", reason: str = "") -> None:
    """The audit event ``justice.<action>`` (purpose by the user's role, the FIR as
    reference), in the caller's transaction. Details carry ids, codes and dates only."""
    audit.record(action=f"justice.{action}", actor=user, object_type=object_type,
                 object_id=object_id or case.pk, purpose=access.purpose_for(user),
                 case_reference=access.reference_of(case), reason=reason,
                 details=details or {})


def move(obj, *, lifecycle, to: str, action: str, user, case: JusticeCase,
         object_type: str, details: dict | None = None, extra: dict | None = None):
    """Change ``obj``'s status as its declared lifecycle allows (``IllegalTransition``
    otherwise), with its audit event, in the caller's transaction."""
    return audit.transition(obj, lifecycle=lifecycle, to=to, actor=user,
                            action=f"justice.{action}", object_type=object_type,
                            purpose=access.purpose_for(user),
                            case_reference=access.reference_of(case), details=details,
                            extra=extra)


def set_stage(case: JusticeCase, *, to: str, user, action: str,
              details: dict | None = None, extra: dict | None = None) -> JusticeCase:
    """Move the case to stage ``to`` (``lifecycles.CASE_STAGE``), recompute its next
    deadline and tell the cell. Returns the saved case."""
    moved = move(case, lifecycle=lifecycles.CASE_STAGE, to=to, action=action, user=user,
                 case=case, object_type="justice.case", details=details,
                 extra={**(extra or {}), "stage_changed_at": now()})
    for name in ("fir", "district", "court", "investigating_officer"):
        setattr(moved, name, getattr(case, name))
    refresh_due(moved)
    tell_cell(moved, "stage", {"stage": str(to), "on": str(today())})
    return moved


def investigation_due(case: JusticeCase) -> date:
    return timezone.localdate(case.fir.registered_at) + deadlines.INVESTIGATION.delta()


def interim_due(case: JusticeCase) -> date:
    return timezone.localdate(case.fir.registered_at) + deadlines.CHALLAN.delta()


def due_dates(case: JusticeCase) -> list[tuple[str, date, bool]]:
    """Every statutory deadline that runs for the case now: (kind, due date, met).
    The first one not met is the case's next deadline."""
    out: list[tuple[str, date, bool]] = []
    reports = list(case.reports.all()) if case.pk else []
    has_interim = any(r.kind == PoliceReport.Kind.INTERIM for r in reports)
    final = [r for r in reports if r.kind == PoliceReport.Kind.FINAL]
    if case.stage in (Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION):
        out.append((DueKind.CHALLAN, interim_due(case), has_interim or bool(final)))
        out.append((DueKind.INVESTIGATION, investigation_due(case), False))
    elif case.stage == Stage.CHALLAN_SUBMITTED:
        pending = [r for r in final if r.scrutiny == PoliceReport.Scrutiny.PENDING]
        if pending:
            out.append((DueKind.SCRUTINY,
                        pending[-1].submitted_on + deadlines.SCRUTINY.delta(), False))
    elif case.stage == Stage.IN_TRIAL:
        received = [r.scrutinised_on for r in final
                    if r.scrutiny == PoliceReport.Scrutiny.ACCEPTED and r.scrutinised_on]
        start = case.charged_on or (max(received) if received else today())
        out.append((DueKind.TRIAL, start + deadlines.TRIAL.delta(), False))
    return out


def refresh_due(case: JusticeCase) -> JusticeCase:
    """Keep ``next_due_on``/``next_due_kind`` true to the case (the overdue lists'
    index). Call after any change that starts, meets or moves a deadline."""
    running = [(kind, due) for kind, due, met in due_dates(case) if not met]
    kind, due = min(running, key=lambda r: r[1]) if running else ("", None)
    if (case.next_due_kind, case.next_due_on) != (kind, due):
        case.next_due_kind, case.next_due_on = kind, due
        JusticeCase.objects.filter(pk=case.pk).update(next_due_kind=kind, next_due_on=due)
    return case


def tell_cell(case: JusticeCase, event: str, params: dict) -> None:
    """Send the case's news to the cell it came from (``events.case_news``); a direct
    complaint has no cell to tell."""
    referral = case.fir.referral if case.fir.referral_id else None
    if referral is None:
        return
    events.case_news.send(sender=JusticeCase, survivor_case_id=referral.survivor_case_id,
                          case_code=referral.case_code, event=event, params=params)
