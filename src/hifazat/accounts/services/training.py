"""Training and certification of staff: an administrator of the person's agency (or the
system administrator) records a course passed, or withdraws a record entered in error.
Checked through the validation kernel, atomic and audited (purpose "administration"):
the course and dates, never the certificate's scan."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.errors import (
    InvalidAccountDetails,
    OutsideOwnAgency,
    TrainingAlreadyWithdrawn,
)
from hifazat.accounts.models import Course, TrainingRecord, User
from hifazat.accounts.services.authority import acting_role
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import clock, permissions, validation

EXPIRY_BEFORE_CERTIFIED = _("The expiry date must be after the date of certification.")
ALREADY_RECORDED = _("This certificate is already recorded for this person.")


def _require(actor, target) -> None:
    if not permissions.can(actor, "accounts.manage_training", target):
        raise OutsideOwnAgency


@transaction.atomic
def record_training(*, actor, user: User, course: str, certified_on, expires_on=None,
                    certificate_number: str = "") -> TrainingRecord:
    """Record that ``user`` passed ``course`` on ``certified_on`` (not in the future),
    in date until ``expires_on`` (after it; empty: no expiry). ``InvalidAccountDetails``
    names each bad field. Audited (``accounts.training_recorded``)."""
    _require(actor, user)
    problems = validation.Problems()
    course = problems.check("course", validation.choice, course, Course)
    certified_on = problems.check("certified_on", validation.date, certified_on,
                                  required=True)
    if certified_on is not None:
        certified_on = problems.check("certified_on", validation.not_future, certified_on)
    expires_on = problems.check("expires_on", validation.date, expires_on)
    if certified_on and expires_on and expires_on <= certified_on:
        problems.add("expires_on", EXPIRY_BEFORE_CERTIFIED)
    certificate_number = problems.check("certificate_number", validation.code,
                                        certificate_number, max_length=64, default="")
    if certificate_number and course and TrainingRecord.objects.filter(
            user=user, course=course, certificate_number=certificate_number,
            withdrawn_at__isnull=True).exists():
        problems.add("certificate_number", ALREADY_RECORDED)
    problems.raise_if_any(InvalidAccountDetails)
    record = TrainingRecord.objects.create(
        user=user, course=course, certified_on=certified_on, expires_on=expires_on,
        certificate_number=certificate_number, recorded_by=actor, recorded_at=clock.now())
    audit.record(action="accounts.training_recorded", actor=actor, role=acting_role(actor),
                 object_type="accounts.training", object_id=record.pk,
                 purpose=Purpose.ADMINISTRATION,
                 details={"user": user.pk, "course": course,
                          "certified_on": certified_on.isoformat(),
                          "expires_on": expires_on.isoformat() if expires_on else ""})
    return record


@transaction.atomic
def withdraw_training(*, actor, record: TrainingRecord) -> TrainingRecord:
    """Withdraw a training record (entered in error, certificate revoked); it stays in
    the history. Audited (``accounts.training_withdrawn``)."""
    _require(actor, record)
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.withdrawn_at is not None:
        raise TrainingAlreadyWithdrawn
    record.withdrawn_at = clock.now()
    record.withdrawn_by = actor
    record.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(action="accounts.training_withdrawn", actor=actor, role=acting_role(actor),
                 object_type="accounts.training", object_id=record.pk,
                 purpose=Purpose.ADMINISTRATION,
                 details={"user": record.user_id, "course": record.course})
    return record
