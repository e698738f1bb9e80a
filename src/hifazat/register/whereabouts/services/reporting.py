"""Reporting to police after release: the report-in, and the periodic job that makes a
record overdue, then absconded, and keeps the status "abroad" in step with notified
travel. Obligation states change only through their declared lifecycle (audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.audit import services as audit
from hifazat.core import validation as v
from hifazat.register import services as register
from hifazat.register.models import Offender
from hifazat.register.whereabouts import deadlines, lifecycles, selectors
from hifazat.register.whereabouts import validation as checks
from hifazat.register.whereabouts.errors import InvalidWhereabouts, NothingToReport
from hifazat.register.whereabouts.models import ReportingObligation, Travel
from hifazat.register.whereabouts.services import notify
from hifazat.register.whereabouts.services.compliance import ensure_verification
from hifazat.register.whereabouts.services.management import (
    S,
    locked,
    require,
    system_actor,
)

OBJECT_OBLIGATION = "whereabouts.reporting_obligation"


def _move(obligation, *, to, actor, action, extra):
    return audit.transition(obligation, lifecycle=lifecycles.REPORTING_OBLIGATION, to=to,
                            actor=actor, action=action, object_type=OBJECT_OBLIGATION,
                            details={"offender": obligation.offender_id}, extra=extra)


@transaction.atomic
def record_report_in(*, offender, actor, reported_on, note: str = "") -> ReportingObligation:
    """The offender reported in person after release: the record becomes compliant
    (late when after the report-by date, and still recorded). Refuses when nothing is
    waiting, a date in the future or before the release."""
    require(actor, "whereabouts.record_report_in", offender)
    offender = locked(offender)
    obligation = selectors.open_obligation(offender)
    if obligation is None:
        raise NothingToReport
    problems = v.Problems()
    reported_on = problems.check("reported_on", v.date, reported_on, required=True)
    reported_on = problems.check("reported_on", v.not_future, reported_on)
    note = problems.check("note", v.free_text, note, max_length=checks.MAX_TEXT["note"])
    if reported_on and reported_on < obligation.released_on:
        problems.add("reported_on", _("This is before the release (%(date)s).")
                     % {"date": obligation.released_on.isoformat()})
    problems.raise_if_any(InvalidWhereabouts)
    obligation = _move(obligation, to=ReportingObligation.State.REPORTED, actor=actor,
                       action="whereabouts.obligation_reported",
                       extra={"reported_on": reported_on, "received_by": actor,
                              "is_late": reported_on > obligation.due_on})
    register.record_change(
        offender=offender, actor=actor, reason=note or _("Reported to police after release"),
        change={"reported_on": reported_on, "report_by": obligation.due_on,
                "is_late": obligation.is_late},
        action="whereabouts.reported_in")
    register.set_status(offender=offender, status=S.COMPLIANT, actor=actor,
                        reason=_("Reported to police after release"))
    ensure_verification(offender, base=reported_on)
    return obligation


def _notify_district(kind, offender, params, actor) -> None:
    notify.send(kind=kind, offender=offender, params=params, sender=actor,
                to_agencies=notify.agencies(district=offender.district,
                                            kinds_in_district=notify.DISTRICT_POLICE,
                                            national_kinds=("npb",)))


@transaction.atomic
def check_overdue(*, today=None) -> dict:
    """Periodic: an offender who has not reported by the report-by date becomes overdue;
    ``deadlines.ABSCOND_AFTER`` later, absconded. Each step notifies the district police
    and NPB. Also keeps the status "abroad" in step with notified travel abroad."""
    today = today or selectors.today()
    actor = system_actor()
    counts = {"overdue": 0, "absconded": 0}
    states = ReportingObligation.State
    late = ReportingObligation.objects.filter(state=states.PENDING, due_on__lt=today)
    for obligation in late.select_related("offender__district"):
        _move(obligation, to=states.OVERDUE, actor=actor, action="whereabouts.obligation_overdue",
              extra={"overdue_on": today})
        offender = obligation.offender
        register.set_status(offender=offender, status=S.OVERDUE, actor=actor,
                            reason=_("Did not report to police by %(date)s")
                            % {"date": obligation.due_on.isoformat()})
        _notify_district(
            notify.REPORTING_OVERDUE, offender,
            {"number": offender.register_number, "date": notify.day(obligation.due_on)}, actor)
        counts["overdue"] += 1
    cutoff = today - deadlines.ABSCOND_AFTER.delta()
    gone = ReportingObligation.objects.filter(state=states.OVERDUE, due_on__lt=cutoff)
    for obligation in gone.select_related("offender__district"):
        _move(obligation, to=states.ABSCONDED, actor=actor,
              action="whereabouts.obligation_absconded", extra={"absconded_on": today})
        offender = obligation.offender
        register.set_status(offender=offender, status=S.ABSCONDED, actor=actor,
                            reason=_("Not reported %(days)d days after the report-by date")
                            % {"days": deadlines.ABSCOND_AFTER.value()})
        _notify_district(
            notify.ABSCONDED, offender,
            {"number": offender.register_number, "date": notify.day(obligation.due_on)}, actor)
        counts["absconded"] += 1
    counts["abroad"] = _sync_abroad(today, actor)
    return counts


def _sync_abroad(today, actor) -> int:
    changed = 0
    away = set(Travel.objects.filter(is_abroad=True, starts_on__lte=today, ends_on__gte=today)
               .values_list("offender_id", flat=True))
    for offender in Offender.objects.filter(pk__in=away, status__in=(S.COMPLIANT,
                                                                      S.RELEASED_REPORTING)):
        register.set_status(offender=offender, status=S.ABROAD, actor=actor,
                            reason=_("Notified travel abroad has begun"))
        changed += 1
    for offender in Offender.objects.filter(status=S.ABROAD).exclude(pk__in=away):
        register.set_status(offender=offender, status=S.COMPLIANT, actor=actor,
                            reason=_("Notified travel abroad has ended"))
        changed += 1
    return changed
