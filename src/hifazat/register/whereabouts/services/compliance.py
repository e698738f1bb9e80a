"""Periodic compliance verifications: one open verification per offender living in the
community, in the responsible district's queue, and recording its outcome (with a new
photograph, re-encoded so that no metadata is kept). The outcome changes only through
its declared lifecycle (audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import validation as v
from hifazat.register import services as register
from hifazat.register.models import Offender
from hifazat.register.whereabouts import deadlines, lifecycles, selectors
from hifazat.register.whereabouts import validation as checks
from hifazat.register.whereabouts.errors import InvalidWhereabouts
from hifazat.register.whereabouts.models import (
    ComplianceVerification,
    CustodyEvent,
    ReportingObligation,
)
from hifazat.register.whereabouts.services.management import (
    IN_COMMUNITY,
    S,
    require,
    system_actor,
)

# Every photograph is stored as the validation kernel's re-encoded JPEG.
PHOTO_TYPE = "image/jpeg"


def ensure_verification(offender, *, base) -> ComplianceVerification | None:
    """The next periodic verification of an offender in the community, due one
    compliance interval after ``base``; none while one is open."""
    if ComplianceVerification.objects.filter(offender_id=offender.pk,
                                             done_on__isnull=True).exists():
        return None
    return ComplianceVerification.objects.create(
        offender_id=offender.pk, district_id=offender.district_id,
        due_on=base + deadlines.COMPLIANCE_INTERVAL.delta())


@transaction.atomic
def schedule_verifications(*, today=None) -> int:
    """Periodic: every offender living in the community has one open verification in
    their district's queue, due one compliance interval after the last verification,
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
    photograph (JPEG or PNG), stored re-encoded without its metadata (no GPS position
    or device) and kept privately. A deceased or in-custody outcome moves the register
    status; the next verification is scheduled at once. Refuses a verification already
    recorded (IllegalTransition)."""
    offender = verification.offender
    require(actor, "whereabouts.record_verification", offender)
    outcomes = ComplianceVerification.Outcome
    problems = v.Problems()
    outcome = problems.check("outcome", v.choice, outcome,
                             [o for o in outcomes.values if o != outcomes.DUE])
    done_on = problems.check("done_on", v.date, done_on, required=True)
    done_on = problems.check("done_on", v.not_future, done_on)
    note = problems.check("note", v.free_text, note, max_length=checks.MAX_TEXT["note"])
    picture = problems.check("photo", v.image, photo) if photo else None
    if outcome == outcomes.VERIFIED and not photo:
        problems.add("photo", _("Take a new photograph when verifying in person."))
    problems.raise_if_any(InvalidWhereabouts)
    extra = {"done_on": done_on, "note": note, "verified_by": actor}
    if picture:
        extra.update(photo=picture, photo_type=PHOTO_TYPE)
    verification = audit.transition(
        verification, lifecycle=lifecycles.VERIFICATION, to=outcome, actor=actor,
        action="whereabouts.verification_outcome", object_type="whereabouts.verification",
        purpose=Purpose.COMPLIANCE, details={"offender": offender.pk}, extra=extra)
    register.record_change(offender=offender, actor=actor,
                           reason=note or _("Compliance verification recorded"),
                           change={"verification": outcome, "on": done_on,
                                   "new_photo": bool(picture)},
                           action="whereabouts.verification_recorded")
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
