"""The register status of an offender, and the registrar's removal review at the end of
the registration period. Every status change goes through the declared lifecycle
(``register.lifecycles.OFFENDER_STATUS``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation
from hifazat.register.errors import RegisterError
from hifazat.register.lifecycles import OFFENDER_STATUS
from hifazat.register.models import Offender, RemovalReview
from hifazat.register.services.convictions import add_years
from hifazat.register.services.records import clean_reason, keep_history, record_change


@transaction.atomic
def set_status(*, offender: Offender, status: str, actor, reason: str) -> Offender:
    """Move an offender to another register status as its lifecycle allows
    (``IllegalTransition`` otherwise), with history and audit in one transaction. The
    status it already has is no change."""
    if status not in Offender.Status.values:
        raise RegisterError(fields={"status": _("Unknown register status.")})
    current = Offender.objects.select_for_update().get(pk=offender.pk)
    if current.status == status:
        return current
    reason = clean_reason(reason)
    moved = audit.transition(current, lifecycle=OFFENDER_STATUS, to=status, actor=actor,
                             action="register.status_changed",
                             object_type="register.offender", purpose=Purpose.COMPLIANCE,
                             reason=reason)
    keep_history(offender=moved, actor=actor, reason=reason,
                 change={"status": [current.status, status]})
    return moved


@transaction.atomic
def decide_removal(*, offender: Offender, actor, decision: str, reason: str,
                   extend_years: int | None = None, today: date | None = None
                   ) -> RemovalReview:
    """At the end of the registration period a registrar removes the offender from the
    register (status removed) or extends the period by some years, with a reason.
    Refused before the period has ended."""
    permissions.require(actor, "register.review_removal")
    today = today or timezone.localdate()
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    if offender.registration_ends is None or offender.registration_ends > today:
        raise RegisterError(_("The registration period has not ended yet."))
    if offender.status == Offender.Status.REMOVED:
        raise RegisterError(_("This offender has already been removed."))
    problems = validation.Problems()
    if decision not in RemovalReview.Decision.values:
        problems.add("decision", _("Choose remove or extend."))
    reason = problems.check("reason", validation.free_text, reason, max_length=500,
                            default="")
    if not reason:
        problems.add("reason", _("Give the reason for the decision."))
    if decision == RemovalReview.Decision.EXTEND and not (
            isinstance(extend_years, int) and 1 <= extend_years <= 20):
        problems.add("extend_years", _("Extend by 1 to 20 years."))
    if problems:
        raise RegisterError(_("The decision has problems; see each field."),
                            fields=problems.fields)
    review = RemovalReview.objects.create(
        offender=offender, decision=decision, period_ended_on=offender.registration_ends,
        extend_years=extend_years if decision == RemovalReview.Decision.EXTEND else None,
        reason=reason, decided_by=actor)
    if decision == RemovalReview.Decision.REMOVE:
        set_status(offender=offender, status=Offender.Status.REMOVED, actor=actor,
                   reason=reason)
    else:
        old = offender.registration_ends
        offender.registration_ends = add_years(max(old, today), extend_years)
        offender.save(update_fields=["registration_ends"])
        record_change(offender=offender, actor=actor, reason=reason,
                      change={"registration_ends": [old, offender.registration_ends]},
                      action="register.period_extended")
    return review
