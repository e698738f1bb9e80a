"""Every write about an offender's whereabouts: release, reporting, periodic checks,
obligations, risk and review notes, transfer of management. Each function is atomic,
checks the permission API (missing and forbidden look the same), keeps the offender's
history through register.record_change (which audits it in the same transaction) and
sends its notices inside that transaction. Offender-reported changes (changes.py) and
the periodic checks and verifications (compliance.py) are re-exported here."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.audit import services as audit
from hifazat.audit.models import Purpose
from hifazat.core import clock, permissions
from hifazat.register import services as register
from hifazat.register.models import Offender
from hifazat.register.whereabouts import notify, selectors, windows
from hifazat.register.whereabouts.errors import (
    AlreadyScheduled,
    NothingToReport,
    NotInCustody,
    WrongState,
)
from hifazat.register.whereabouts.models import (
    Address,
    ComplianceVerification,
    CustodyEvent,
    ObligationsAcknowledgement,
    ReleaseNotice,
    ReportingObligation,
    ReviewNote,
    RiskAssessment,
    RiskLevel,
)
from hifazat.register.whereabouts.validation import Checker

S = Offender.Status
SYSTEM_USERNAME = "system.register"
CLOSED_STATUSES = (S.DECEASED, S.REMOVED)
# Statuses of an offender living in the community, who is verified periodically.
IN_COMMUNITY = (S.RELEASED_REPORTING, S.COMPLIANT, S.OVERDUE)


def system_actor():
    """The account the periodic jobs act as (history needs a who). It cannot sign in:
    inactive, with no usable password."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "display_name": "Register scheduler"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit.record(action="whereabouts.system_actor_created", object_type="user",
                     object_id=user.pk)
    return user


def _locked(offender) -> Offender:
    return Offender.objects.select_for_update().select_related("district").get(pk=offender.pk)


def _require(actor, action, obj):
    permissions.require(actor, action, obj, hide=True)


def _set_address(*, offender, actor, line: str, district, valid_from, source: str) -> Address:
    """Close the current address the day before ``valid_from`` and open a new one."""
    current = selectors.current_address(offender)
    if current is not None:
        current.valid_until = max(current.valid_from, valid_from - timedelta(days=1))
        current.save(update_fields=["valid_until"])
    return Address.objects.create(offender=offender, line=line, district=district,
                                  valid_from=valid_from, source=source, recorded_by=actor)


def move_responsibility(*, offender, actor, district, reason: str) -> Offender:
    """Make ``district`` responsible for the offender: open reporting obligations and
    verifications move with it, the names are re-indexed, and the new district's
    police are notified. No-op when it already is. Call inside a transaction."""
    offender = _locked(offender)
    old = offender.district
    if old.pk == district.pk:
        return offender
    offender.district = district
    offender.save(update_fields=["district"])
    register.record_change(offender=offender, actor=actor, reason=reason,
                           change={"district": [old.code, district.code]},
                           action="whereabouts.management_transferred")
    register.index_offender(offender)
    ReportingObligation.objects.filter(offender=offender, reported_on__isnull=True) \
        .update(district=district)
    ComplianceVerification.objects.filter(offender=offender, done_on__isnull=True) \
        .update(district=district)
    notify.send(
        kind=notify.MANAGEMENT_TRANSFERRED, offender=offender, sender=actor,
        subject=_("%(number)s: now managed by %(district)s")
        % {"number": offender.register_number, "district": district.name_en},
        body=_("Responsibility for register record %(number)s moved from %(old)s to "
               "%(new)s. Open the record for the address.")
        % {"number": offender.register_number, "old": old.name_en, "new": district.name_en},
        to_agencies=notify.agencies(district=district, kinds_in_district=notify.DISTRICT_POLICE),
    )
    return offender


# --- Custody and release ---------------------------------------------------------------


@transaction.atomic
def record_custody_event(*, offender, actor, kind: str, occurred_on, prison=None,
                         note: str = "") -> CustodyEvent:
    """Admission or transfer (a prison officer, into their own prison) or re-arrest (the
    police of the responsible district: status back to in custody)."""
    check = Checker()
    kind = check.choice(kind, "kind", (CustodyEvent.Kind.ADMITTED, CustodyEvent.Kind.TRANSFERRED,
                                       CustodyEvent.Kind.REARRESTED))
    occurred_on = check.date(occurred_on, "occurred_on")
    check.not_future(occurred_on, "occurred_on", selectors.today())
    note = check.text(note, "note", required=False)
    check.done()
    if kind == CustodyEvent.Kind.REARRESTED:
        _require(actor, "whereabouts.record_report_in", offender)
    else:
        if prison is None or prison.kind != "prison":
            raise WrongState(fields={"prison": _("Choose the prison.")})
        _require(actor, "whereabouts.record_custody_event", prison)
    offender = _locked(offender)
    event = CustodyEvent.objects.create(offender=offender, kind=kind, prison=prison,
                                        occurred_on=occurred_on, note=note, recorded_by=actor)
    register.record_change(offender=offender, actor=actor, reason=_("Custody event recorded"),
                           change={"custody": kind, "on": occurred_on,
                                   "prison": prison.code if prison else ""},
                           action=f"whereabouts.custody_{kind}")
    if offender.status != S.IN_CUSTODY:
        register.set_status(offender=offender, status=S.IN_CUSTODY, actor=actor,
                            reason=_("Custody event recorded"))
    return event


def prison_of(actor):
    """The prison a prison officer works at (their facility role), or None."""
    for assignment in actor.active_roles():
        if assignment.role == "prison_officer" and assignment.facility_id:
            return assignment.facility
    return None


@transaction.atomic
def schedule_release(*, offender, actor, release_on, destination_address: str,
                     destination_district, note: str = "", admitted_on=None) -> ReleaseNotice:
    """A prison officer records a scheduled release. The destination district's police
    stations and SSOIU, its prosecution office and NPB get a notice to acknowledge
    within RELEASE_NOTICE_ACK_HOURS, escalated to NPB supervisors when not
    acknowledged. When the prison holding the offender is not on record yet,
    ``admitted_on`` records the admission to the officer's prison first.
    Refuses: not in custody, a release already scheduled, a date in the past or before
    admission, an unknown district, a missing address."""
    _require(actor, "whereabouts.schedule_release", offender)
    offender = _locked(offender)
    if offender.status != S.IN_CUSTODY:
        raise NotInCustody
    if selectors.pending_release(offender) is not None:
        raise AlreadyScheduled
    today = selectors.today()
    check = Checker()
    release_on = check.date(release_on, "release_on")
    address = check.text(destination_address, "address")
    if "address" in check.errors:
        check.errors["destination_address"] = check.errors.pop("address")
    district = check.district(destination_district, "destination_district")
    note = check.text(note, "note", required=False)
    prison = selectors.current_prison(offender)
    admission = selectors.last_admission(offender) if prison else None
    admitted = admission.occurred_on if admission else None
    if prison is None:
        prison = prison_of(actor)
        admitted = check.date(admitted_on, "admitted_on")
        check.not_future(admitted, "admitted_on", today)
    if release_on is not None:
        if release_on < today:
            check.fail("release_on", _("A scheduled release cannot be in the past."))
        elif admitted is not None and release_on < admitted:
            check.fail("release_on", _("The release date is before the admission to prison "
                                       "(%(date)s).") % {"date": admitted.isoformat()})
    check.done()
    if admission is None:
        CustodyEvent.objects.create(offender=offender, kind=CustodyEvent.Kind.ADMITTED,
                                    prison=prison, occurred_on=admitted, recorded_by=actor,
                                    note=_("Recorded when the release was scheduled"))
    hours = windows.value("RELEASE_NOTICE_ACK_HOURS")
    release = ReleaseNotice.objects.create(
        offender=offender, prison=prison, release_on=release_on, destination_address=address,
        destination_district=district, note=note, scheduled_by=actor,
        ack_deadline=clock.now() + timedelta(hours=hours))
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
        subject=_("%(number)s to be released on %(date)s to %(district)s")
        % {"number": offender.register_number, "date": release_on.isoformat(),
           "district": district.name_en},
        body=_("Register record %(number)s will be released from %(prison)s on %(date)s and "
               "must report to the police of %(district)s within %(days)d days of release. "
               "Open the register record for the destination address.")
        % {"number": offender.register_number, "prison": prison.name_en,
           "date": release_on.isoformat(), "district": district.name_en,
           "days": windows.days("RELEASE_REPORT_DAYS")},
        to_agencies=notify.agencies(
            district=district,
            kinds_in_district=(*notify.DISTRICT_POLICE, "prosecution"), national_kinds=("npb",)),
        ack_within=timedelta(hours=hours), escalate=True)
    if notice is not None:
        release.notice_id = str(notice.pk)
        release.save(update_fields=["notice_id"])
    return release


@transaction.atomic
def record_release(*, release_notice, actor, released_on) -> ReportingObligation:
    """The prison records the release: the destination becomes the current address and
    the responsible district, and the offender must report to its police by
    released_on + RELEASE_REPORT_DAYS (status released and reporting). Refuses a
    release not scheduled, a date in the future or before admission."""
    _require(actor, "whereabouts.record_release", release_notice)
    release = ReleaseNotice.objects.select_for_update().get(pk=release_notice.pk)
    if release.state != ReleaseNotice.State.SCHEDULED:
        raise WrongState(_("This release has already been recorded."))
    offender = _locked(release.offender)
    check = Checker()
    released_on = check.date(released_on, "released_on")
    check.not_future(released_on, "released_on", selectors.today())
    admission = selectors.last_admission(offender)
    if released_on and admission and released_on < admission.occurred_on:
        check.fail("released_on", _("The release date is before the admission to prison "
                                    "(%(date)s).") % {"date": admission.occurred_on.isoformat()})
    check.done()
    release.state, release.released_on, release.released_by = \
        ReleaseNotice.State.RELEASED, released_on, actor
    release.save(update_fields=["state", "released_on", "released_by"])
    CustodyEvent.objects.create(offender=offender, kind=CustodyEvent.Kind.RELEASED,
                                prison=release.prison, occurred_on=released_on,
                                recorded_by=actor)
    _set_address(offender=offender, actor=actor, line=release.destination_address,
                 district=release.destination_district, valid_from=released_on,
                 source="release")
    obligation = ReportingObligation.objects.create(
        offender=offender, release_notice=release, district=release.destination_district,
        released_on=released_on,
        due_on=released_on + timedelta(days=windows.days("RELEASE_REPORT_DAYS")))
    register.record_change(
        offender=offender, actor=actor, reason=_("Released from prison"),
        change={"released_on": released_on, "report_by": obligation.due_on},
        action="whereabouts.released", purpose=Purpose.PRISON_RELEASE)
    move_responsibility(offender=offender, actor=actor, district=release.destination_district,
                        reason=_("Released to another district"))
    register.set_status(offender=offender, status=S.RELEASED_REPORTING, actor=actor,
                        reason=_("Released from prison"))
    return obligation


@transaction.atomic
def record_report_in(*, offender, actor, reported_on, note: str = "") -> ReportingObligation:
    """The offender reported in person after release: the record becomes compliant
    (late when after the report-by date, and still recorded). Refuses when nothing is
    waiting, a date in the future or before the release."""
    _require(actor, "whereabouts.record_report_in", offender)
    offender = _locked(offender)
    obligation = selectors.open_obligation(offender)
    if obligation is None:
        raise NothingToReport
    check = Checker()
    reported_on = check.date(reported_on, "reported_on")
    check.not_future(reported_on, "reported_on", selectors.today())
    note = check.text(note, "note", required=False)
    if reported_on and reported_on < obligation.released_on:
        check.fail("reported_on", _("This is before the release (%(date)s).")
                   % {"date": obligation.released_on.isoformat()})
    check.done()
    obligation.state = ReportingObligation.State.REPORTED
    obligation.reported_on, obligation.received_by = reported_on, actor
    obligation.is_late = reported_on > obligation.due_on
    obligation.save(update_fields=["state", "reported_on", "received_by", "is_late"])
    register.record_change(
        offender=offender, actor=actor, reason=note or _("Reported to police after release"),
        change={"reported_on": reported_on, "report_by": obligation.due_on,
                "is_late": obligation.is_late},
        action="whereabouts.reported_in")
    register.set_status(offender=offender, status=S.COMPLIANT, actor=actor,
                        reason=_("Reported to police after release"))
    from hifazat.register.whereabouts.compliance import ensure_verification

    ensure_verification(offender, base=reported_on)
    return obligation


# --- Obligations, risk, notes, management ----------------------------------------------


@transaction.atomic
def record_obligations_acknowledgement(*, offender, actor, signed_on, witness_name: str,
                                       language: str) -> ObligationsAcknowledgement:
    """The offender signed the printed notice of obligations (in ``language``) in front
    of ``witness_name``; recorded by the officer who gave it."""
    _require(actor, "whereabouts.record_acknowledgement", offender)
    check = Checker()
    signed_on = check.date(signed_on, "signed_on")
    check.not_future(signed_on, "signed_on", selectors.today())
    witness = check.text(witness_name, "witness_name")
    language = check.choice(language, "language", ("en", "ur"))
    check.done()
    ack = ObligationsAcknowledgement.objects.create(
        offender_id=offender.pk, signed_on=signed_on, language=language, witness_name=witness,
        given_by=actor)
    register.record_change(offender=offender, actor=actor,
                           reason=_("Notice of obligations signed"),
                           change={"obligations_signed_on": signed_on, "language": language},
                           action="whereabouts.obligations_acknowledged")
    return ack


@transaction.atomic
def set_risk_level(*, offender, actor, level: str, reason: str) -> RiskAssessment:
    """Assess the offender's risk level (police of the district or an NPB supervisor);
    the history of assessments is kept."""
    _require(actor, "whereabouts.set_risk_level", offender)
    check = Checker()
    level = check.choice(level, "level", RiskLevel.values)
    reason = check.text(reason, "reason")
    check.done()
    previous = selectors.current_risk(offender)
    assessment = RiskAssessment.objects.create(offender_id=offender.pk, level=level,
                                               reason=reason, assessed_by=actor)
    register.record_change(offender=offender, actor=actor, reason=reason,
                           change={"risk_level": [previous.level if previous else "", level]},
                           action="whereabouts.risk_level_set")
    return assessment


@transaction.atomic
def add_review_note(*, offender, actor, text: str) -> ReviewNote:
    """A managing agency's review note (police of the district or NPB)."""
    _require(actor, "whereabouts.add_review_note", offender)
    check = Checker()
    text = check.text(text, "text")
    check.done()
    note = ReviewNote.objects.create(offender_id=offender.pk, text=text, author=actor,
                                     agency=actor.agency)
    register.record_change(offender=offender, actor=actor, reason=_("Review note added"),
                           change={"review_note": note.pk},
                           action="whereabouts.review_note_added")
    return note


@transaction.atomic
def transfer_management(*, offender, actor, district, reason: str) -> Offender:
    """Move the responsibility for the offender to another district (its police are
    notified); refuses an unknown or the same district and a missing reason."""
    _require(actor, "whereabouts.transfer_management", offender)
    check = Checker()
    district = check.district(district, "district")
    reason = check.text(reason, "reason")
    if district is not None and district.pk == offender.district_id:
        check.fail("district", _("The offender is already managed by this district."))
    check.done()
    return move_responsibility(offender=offender, actor=actor, district=district,
                               reason=reason)


# Offender-reported changes and the periodic checks live in their own modules; callers
# use them through this one.
from hifazat.register.whereabouts.changes import report_change  # noqa: E402, F401
from hifazat.register.whereabouts.compliance import (  # noqa: E402, F401
    check_overdue,
    record_verification,
    schedule_verifications,
)
