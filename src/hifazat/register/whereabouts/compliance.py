"""Keeping track over time: the periodic overdue/absconded check, the periodic
compliance verifications in each district's queue, and recording a verification's
outcome (with the new photograph). Atomic and audited like every service here."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.audit import services as audit
from hifazat.audit.models import Purpose
from hifazat.register import services as register
from hifazat.register.models import Offender
from hifazat.register.whereabouts import notify, selectors, windows
from hifazat.register.whereabouts.errors import WrongState
from hifazat.register.whereabouts.models import (
    ComplianceVerification,
    CustodyEvent,
    ReportingObligation,
    Travel,
)
from hifazat.register.whereabouts.services import (
    IN_COMMUNITY,
    S,
    _require,
    system_actor,
)
from hifazat.register.whereabouts.validation import Checker, clean_photo


def _notify_district(kind, offender, subject, body, actor) -> None:
    notify.send(kind=kind, offender=offender, subject=subject, body=body, sender=actor,
                to_agencies=notify.agencies(district=offender.district,
                                            kinds_in_district=notify.DISTRICT_POLICE,
                                            national_kinds=("npb",)))


@transaction.atomic
def check_overdue(*, today=None) -> dict:
    """Periodic: an offender who has not reported by the report-by date becomes overdue;
    ABSCOND_AFTER_DAYS later, absconded. Each step notifies the district police and NPB.
    Also keeps the status "abroad" in step with notified travel abroad."""
    today = today or selectors.today()
    actor = system_actor()
    counts = {"overdue": 0, "absconded": 0}
    late = ReportingObligation.objects.select_for_update().filter(
        state=ReportingObligation.State.PENDING, due_on__lt=today)
    for obligation in late.select_related("offender__district"):
        obligation.state, obligation.overdue_on = ReportingObligation.State.OVERDUE, today
        obligation.save(update_fields=["state", "overdue_on"])
        offender = obligation.offender
        register.set_status(offender=offender, status=S.OVERDUE, actor=actor,
                            reason=_("Did not report to police by %(date)s")
                            % {"date": obligation.due_on.isoformat()})
        _notify_district(
            notify.REPORTING_OVERDUE, offender,
            _("%(number)s has not reported after release") % {"number": offender.register_number},
            _("Register record %(number)s was due to report to police by %(date)s and has not. "
              "It is on the district overdue list.")
            % {"number": offender.register_number, "date": obligation.due_on.isoformat()}, actor)
        counts["overdue"] += 1
    cutoff = today - timedelta(days=windows.days("ABSCOND_AFTER_DAYS"))
    gone = ReportingObligation.objects.select_for_update().filter(
        state=ReportingObligation.State.OVERDUE, due_on__lt=cutoff)
    for obligation in gone.select_related("offender__district"):
        obligation.state, obligation.absconded_on = ReportingObligation.State.ABSCONDED, today
        obligation.save(update_fields=["state", "absconded_on"])
        offender = obligation.offender
        register.set_status(offender=offender, status=S.ABSCONDED, actor=actor,
                            reason=_("Not reported %(days)d days after the report-by date")
                            % {"days": windows.days("ABSCOND_AFTER_DAYS")})
        _notify_district(
            notify.ABSCONDED, offender,
            _("%(number)s has absconded") % {"number": offender.register_number},
            _("Register record %(number)s has not reported to police since release (due by "
              "%(date)s) and is now recorded as absconded.")
            % {"number": offender.register_number, "date": obligation.due_on.isoformat()}, actor)
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


def ensure_verification(offender, *, base) -> ComplianceVerification | None:
    """The next periodic verification of an offender in the community, due
    COMPLIANCE_INTERVAL_DAYS after ``base``; none while one is open."""
    if ComplianceVerification.objects.filter(offender_id=offender.pk,
                                             done_on__isnull=True).exists():
        return None
    return ComplianceVerification.objects.create(
        offender_id=offender.pk, district_id=offender.district_id,
        due_on=base + timedelta(days=windows.days("COMPLIANCE_INTERVAL_DAYS")))


@transaction.atomic
def schedule_verifications(*, today=None) -> int:
    """Periodic: every offender living in the community has one open verification in
    their district's queue, due COMPLIANCE_INTERVAL_DAYS after the last verification,
    report-in or release. Returns how many were scheduled."""
    today = today or selectors.today()
    created = 0
    for offender in Offender.objects.filter(status__in=IN_COMMUNITY).exclude(
            pk__in=ComplianceVerification.objects.filter(done_on__isnull=True)
            .values("offender_id")):
        last = ComplianceVerification.objects.filter(offender_id=offender.pk,
                                                     done_on__isnull=False) \
            .order_by("-done_on").values_list("done_on", flat=True).first()
        obligation = ReportingObligation.objects.filter(offender_id=offender.pk) \
            .order_by("-released_on").first()
        candidates = [d for d in (last, obligation and obligation.reported_on,
                                  obligation and obligation.released_on) if d]
        base = max(candidates) if candidates else today
        if ensure_verification(offender, base=base):
            created += 1
    if created:
        audit.record(action="whereabouts.verifications_scheduled", actor=system_actor(),
                     purpose=Purpose.COMPLIANCE, details={"count": created})
    return created


@transaction.atomic
def record_verification(*, verification, actor, outcome: str, done_on, note: str = "",
                        photo=None) -> ComplianceVerification:
    """The police record a periodic verification. "Verified in person" needs a new
    photograph (JPEG or PNG, kept privately). A deceased or in-custody outcome moves the
    register status; the next verification is scheduled at once."""
    verification = ComplianceVerification.objects.select_for_update() \
        .select_related("offender").get(pk=verification.pk)
    offender = verification.offender
    _require(actor, "whereabouts.record_verification", offender)
    if verification.done_on is not None:
        raise WrongState(_("This verification has already been recorded."))
    check = Checker()
    outcome = check.choice(outcome, "outcome", ComplianceVerification.Outcome.values)
    done_on = check.date(done_on, "done_on")
    check.not_future(done_on, "done_on", selectors.today())
    note = check.text(note, "note", required=False)
    if outcome == ComplianceVerification.Outcome.VERIFIED and not photo:
        check.fail("photo", _("Take a new photograph when verifying in person."))
    check.done()
    if photo:
        verification.photo, verification.photo_type = clean_photo(photo)
    verification.outcome, verification.done_on = outcome, done_on
    verification.note, verification.verified_by = note, actor
    verification.save()
    register.record_change(offender=offender, actor=actor,
                           reason=note or _("Compliance verification recorded"),
                           change={"verification": outcome, "on": done_on,
                                   "new_photo": bool(photo)},
                           action="whereabouts.verification_recorded")
    outcomes = ComplianceVerification.Outcome
    if outcome == outcomes.DECEASED:
        register.set_status(offender=offender, status=S.DECEASED, actor=actor,
                            reason=_("Found deceased at verification"))
    elif outcome == outcomes.IN_CUSTODY:
        CustodyEvent.objects.create(offender=offender, kind=CustodyEvent.Kind.REARRESTED,
                                    occurred_on=done_on, recorded_by=actor,
                                    note=_("Found in custody at verification"))
        register.set_status(offender=offender, status=S.IN_CUSTODY, actor=actor,
                            reason=_("Found in custody at verification"))
    else:
        offender.refresh_from_db()
        if offender.status in IN_COMMUNITY:
            ensure_verification(offender, base=done_on)
    return verification
