"""Custody and release: a re-arrest, a prison's request to be recorded as holding an
offender (NPB confirms it), the scheduled release with its notices, and the release
itself. Each verb is atomic, checks the permission API (missing and forbidden look the
same), keeps the offender's history through register.record_change (audited in the
same transaction) and sends its notices inside that transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import clock
from hifazat.core import validation as v
from hifazat.register import services as register
from hifazat.register.whereabouts import deadlines, lifecycles, selectors
from hifazat.register.whereabouts import validation as checks
from hifazat.register.whereabouts.errors import (
    AlreadyScheduled,
    InvalidWhereabouts,
    NotInCustody,
    WrongState,
)
from hifazat.register.whereabouts.models import (
    CustodyEvent,
    CustodyTakeover,
    ReleaseNotice,
    ReportingObligation,
)
from hifazat.register.whereabouts.services import notify
from hifazat.register.whereabouts.services.management import (
    CLOSED_STATUSES,
    S,
    locked,
    move_responsibility,
    require,
    set_address,
)

TAKEOVER_KINDS = (CustodyEvent.Kind.ADMITTED, CustodyEvent.Kind.TRANSFERRED)
OBJECT_TAKEOVER = "whereabouts.custody_takeover"


def prison_of(actor):
    """The prison a prison officer works at (their facility role), or None."""
    for assignment in actor.active_roles():
        if assignment.role == "prison_officer" and assignment.facility_id:
            return assignment.facility
    return None


def _note(problems, note):
    return problems.check("note", v.free_text, note, max_length=checks.MAX_TEXT["note"])


def _past_date(problems, field, value):
    day = problems.check(field, v.date, value, required=True)
    return problems.check(field, v.not_future, day)


def _into_custody(*, offender, actor, kind, prison, occurred_on, note, reason) -> CustodyEvent:
    event = CustodyEvent.objects.create(offender=offender, kind=kind, prison=prison,
                                        occurred_on=occurred_on, note=note, recorded_by=actor)
    register.record_change(offender=offender, actor=actor, reason=reason,
                           change={"custody": kind, "on": occurred_on,
                                   "prison": prison.code if prison else ""},
                           action=f"whereabouts.custody_{kind}")
    if offender.status != S.IN_CUSTODY:
        register.set_status(offender=offender, status=S.IN_CUSTODY, actor=actor, reason=reason)
    return event


@transaction.atomic
def record_custody_event(*, offender, actor, kind: str, occurred_on, prison=None,
                         note: str = "") -> CustodyEvent:
    """A re-arrest, recorded by the police of the responsible district: the status goes
    back to in custody. (A prison's admission or transfer is a request NPB confirms:
    ``request_takeover``.) ``prison`` is accepted for callers that name one and must be
    None."""
    problems = v.Problems()
    kind = problems.check("kind", v.choice, kind, (CustodyEvent.Kind.REARRESTED,))
    occurred_on = _past_date(problems, "occurred_on", occurred_on)
    note = _note(problems, note)
    if prison is not None:
        problems.add("kind", _("A prison records an admission as a request that NPB "
                               "confirms."))
    problems.raise_if_any(InvalidWhereabouts)
    require(actor, "whereabouts.record_report_in", offender)
    offender = locked(offender)
    return _into_custody(offender=offender, actor=actor, kind=kind, prison=None,
                         occurred_on=occurred_on, note=note,
                         reason=_("Custody event recorded"))


@transaction.atomic
def request_takeover(*, offender, actor, kind: str, occurred_on,
                     note: str = "") -> CustodyTakeover:
    """A prison officer asks to record the offender as admitted to (or transferred to)
    their own prison. Until an NPB registrar or supervisor accepts it the prison has no
    access to the offender; NPB is sent a notice. Refuses: not a prison officer, a
    closed record, an offender already held at that prison on record, an open request
    of the same prison, a date in the future. Audited (``whereabouts.takeover_requested``)."""
    require(actor, "whereabouts.request_takeover", offender)
    prison = prison_of(actor)
    problems = v.Problems()
    kind = problems.check("kind", v.choice, kind, TAKEOVER_KINDS)
    occurred_on = _past_date(problems, "occurred_on", occurred_on)
    note = _note(problems, note)
    problems.raise_if_any(InvalidWhereabouts)
    offender = locked(offender)
    if prison is None or offender.status in CLOSED_STATUSES:
        raise WrongState
    if selectors.current_prison(offender) == prison:
        raise WrongState(_("The register already records this offender at your prison."))
    if CustodyTakeover.objects.filter(offender=offender, prison=prison,
                                      state=CustodyTakeover.State.REQUESTED).exists():
        raise WrongState(_("Your prison's request for this offender is already awaiting "
                           "NPB."))
    takeover = CustodyTakeover.objects.create(
        offender=offender, prison=prison, kind=kind, occurred_on=occurred_on, note=note,
        requested_by=actor)
    audit.record(action="whereabouts.takeover_requested", actor=actor,
                 object_type=OBJECT_TAKEOVER, object_id=takeover.pk,
                 purpose=Purpose.PRISON_RELEASE,
                 details={"offender": offender.pk, "prison": prison.code, "kind": kind,
                          "on": occurred_on.isoformat()})
    notify.send(
        kind=notify.TAKEOVER_REQUESTED, offender=offender, sender=actor,
        params={"number": offender.register_number, "prison": notify.name(prison),
                "date": notify.day(occurred_on)},
        to_agencies=notify.agencies(national_kinds=("npb",)))
    return takeover


@transaction.atomic
def decide_takeover(*, takeover, actor, accept: bool, note: str = "") -> CustodyTakeover:
    """An NPB registrar or supervisor accepts (the admission or transfer is recorded
    and the prison now holds the offender on record) or refuses (a reason is required)
    a prison's request. The state changes through the declared lifecycle, audited."""
    require(actor, "whereabouts.decide_takeover", takeover)
    problems = v.Problems()
    note = problems.check("note", v.free_text, note, max_length=checks.MAX_TEXT["note"],
                          required=not accept)
    problems.raise_if_any(InvalidWhereabouts)
    states = CustodyTakeover.State
    decided = audit.transition(
        takeover, lifecycle=lifecycles.CUSTODY_TAKEOVER,
        to=states.ACCEPTED if accept else states.REFUSED, actor=actor,
        action="whereabouts.takeover_accepted" if accept else "whereabouts.takeover_refused",
        object_type=OBJECT_TAKEOVER, purpose=Purpose.PRISON_RELEASE,
        details={"offender": takeover.offender_id, "prison": takeover.prison_id},
        extra={"decided_by": actor, "decided_at": clock.now(), "decision_note": note})
    if accept:
        offender = locked(decided.offender)
        _into_custody(offender=offender, actor=actor, kind=decided.kind, prison=decided.prison,
                      occurred_on=decided.occurred_on, note=decided.note,
                      reason=_("Custody at %(prison)s confirmed by NPB")
                      % {"prison": decided.prison.name_en})
    return decided


@transaction.atomic
def schedule_release(*, offender, actor, release_on, destination_address: str,
                     destination_district, note: str = "", admitted_on=None) -> ReleaseNotice:
    """The prison holding the offender on record schedules a release. The destination
    district's police stations and SSOIU, its prosecution office and NPB get a notice
    to acknowledge within the release-notice window (``deadlines.RELEASE_NOTICE_ACK``),
    escalated to NPB supervisors when not acknowledged. A prison with no custody on
    record first requests it (``request_takeover``); ``admitted_on`` is accepted from
    older clients and ignored: the admission on record is the one NPB confirmed.
    Refuses: not in custody, a release already scheduled, a date in the past or before
    admission, an unknown district, a missing address."""
    require(actor, "whereabouts.schedule_release", offender)
    offender = locked(offender)
    if offender.status != S.IN_CUSTODY:
        raise NotInCustody
    if selectors.pending_release(offender) is not None:
        raise AlreadyScheduled
    today = selectors.today()
    problems = v.Problems()
    release_on = problems.check("release_on", v.date, release_on, required=True)
    address = problems.check("destination_address", v.free_text, destination_address,
                             max_length=checks.MAX_TEXT["address"], required=True)
    district = problems.check("destination_district", checks.district, destination_district)
    note = _note(problems, note)
    prison = selectors.current_prison(offender)
    admission = selectors.last_admission(offender)
    admitted = admission.occurred_on if admission else None
    if release_on is not None:
        if release_on < today:
            problems.add("release_on", _("A scheduled release cannot be in the past."))
        elif admitted is not None and release_on < admitted:
            problems.add("release_on", _("The release date is before the admission to "
                                         "prison (%(date)s).") % {"date": admitted.isoformat()})
    problems.raise_if_any(InvalidWhereabouts)
    window = deadlines.RELEASE_NOTICE_ACK
    release = ReleaseNotice.objects.create(
        offender=offender, prison=prison, release_on=release_on, destination_address=address,
        destination_district=district, note=note, scheduled_by=actor,
        ack_deadline=clock.now() + window.delta())
    CustodyEvent.objects.create(offender=offender, kind=CustodyEvent.Kind.RELEASE_SCHEDULED,
                                prison=prison, occurred_on=today, recorded_by=actor,
                                note=str(release_on))
    register.record_change(
        offender=offender, actor=actor, reason=_("Release scheduled by the prison"),
        change={"release_on": release_on, "destination_district": district.code,
                "prison": prison.code},
        action="whereabouts.release_scheduled", purpose=Purpose.PRISON_RELEASE)
    notice = notify.send(
        kind=notify.RELEASE_SCHEDULED, offender=offender, sender=actor,
        params={"number": offender.register_number, "prison": notify.name(prison),
                "date": notify.day(release_on), "district": notify.name(district),
                "days": deadlines.RELEASE_REPORT.value()},
        to_agencies=notify.agencies(
            district=district,
            kinds_in_district=(*notify.DISTRICT_POLICE, "prosecution"), national_kinds=("npb",)),
        ack_within=window.delta(), escalate=True)
    if notice is not None:
        release.notice_id = str(notice.pk)
        release.save(update_fields=["notice_id"])
    return release


@transaction.atomic
def record_release(*, release_notice, actor, released_on) -> ReportingObligation:
    """The prison records the release: the destination becomes the current address and
    the responsible district, and the offender must report to its police within the
    release-reporting window (status released and reporting). Refuses a release
    already recorded (IllegalTransition), a date in the future or before admission."""
    require(actor, "whereabouts.record_release", release_notice)
    offender = locked(release_notice.offender)
    problems = v.Problems()
    released_on = _past_date(problems, "released_on", released_on)
    admission = selectors.last_admission(offender)
    if released_on and admission and released_on < admission.occurred_on:
        problems.add("released_on", _("The release date is before the admission to prison "
                                      "(%(date)s).") % {"date": admission.occurred_on.isoformat()})
    problems.raise_if_any(InvalidWhereabouts)
    release = audit.transition(
        release_notice, lifecycle=lifecycles.RELEASE_NOTICE, to=ReleaseNotice.State.RELEASED,
        actor=actor, action="whereabouts.release_notice_released",
        object_type="whereabouts.release_notice", purpose=Purpose.PRISON_RELEASE,
        details={"offender": offender.pk},
        extra={"released_on": released_on, "released_by": actor})
    CustodyEvent.objects.create(offender=offender, kind=CustodyEvent.Kind.RELEASED,
                                prison=release.prison, occurred_on=released_on,
                                recorded_by=actor)
    set_address(offender=offender, actor=actor, line=release.destination_address,
                district=release.destination_district, valid_from=released_on,
                source="release")
    obligation = ReportingObligation.objects.create(
        offender=offender, release_notice=release, district=release.destination_district,
        released_on=released_on, due_on=released_on + deadlines.RELEASE_REPORT.delta())
    register.record_change(
        offender=offender, actor=actor, reason=_("Released from prison"),
        change={"released_on": released_on, "report_by": obligation.due_on},
        action="whereabouts.released", purpose=Purpose.PRISON_RELEASE)
    move_responsibility(offender=offender, actor=actor, district=release.destination_district,
                        reason=_("Released to another district"))
    register.set_status(offender=offender, status=S.RELEASED_REPORTING, actor=actor,
                        reason=_("Released from prison"))
    return obligation
