"""Consent per use: the survivor's (or, for a child, the guardian's) decision on each
use, superseded by a newer one or withdrawn; checked at the time of each use
(``require_consent``), never at intake only."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.crisis_cells import errors
from hifazat.crisis_cells.models import Consent, ConsentGiver, ConsentUse, Guardian, SurvivorCase
from hifazat.crisis_cells.selectors import has_consent
from hifazat.crisis_cells.services import cases


def require_consent(case: SurvivorCase, use: str) -> None:
    if not has_consent(case, use):
        raise errors.ConsentRequired(fields={"consent": _(
            "No current consent for: %(use)s.") % {"use": ConsentUse(use).label}})


@transaction.atomic
def record_consent(*, user, case: SurvivorCase, use: str, is_given: bool, given_by: str,
                   decided_at=None, note: str = "") -> Consent:
    """Record the survivor's (or, for a child, the guardian's) decision on one use. A new
    decision supersedes the current one. Audited."""
    cases.require(user, "crisis_cells.record_consent", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    use = p.check("use", validation.choice, use, ConsentUse)
    given_by = p.check("given_by", validation.choice, given_by, ConsentGiver)
    decided_at = p.check("decided_at", validation.datetime, decided_at or cases.now(),
                         required=True)
    p.check("decided_at", validation.not_future, decided_at)
    note = p.check("note", validation.free_text, note, max_length=300, default="")
    if given_by == ConsentGiver.GUARDIAN and not Guardian.objects.filter(case=case).exists():
        p.add("given_by", _("Record the guardian before recording their consent."))
    if case.is_child and given_by == ConsentGiver.SURVIVOR:
        p.add("given_by", _("For a child, the guardian gives consent."))
    p.raise_if_any(errors.InvalidInput)
    now = cases.now()
    Consent.objects.filter(case=case, use=use, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=user)
    consent = Consent.objects.create(case=case, use=use, is_given=bool(is_given),
                                     given_by=given_by, decided_at=decided_at,
                                     recorded_by=user, note=note)
    cases.record(action="consent_recorded", user=user, case=case, object_id=case.pk,
                 details={"use": use, "is_given": bool(is_given), "given_by": given_by})
    return consent


@transaction.atomic
def withdraw_consent(*, user, case: SurvivorCase, use: str, note: str = "") -> Consent:
    """Withdraw a current consent. From now on every service that needs it refuses
    (``ConsentRequired``); what was already shared stays recorded. Audited."""
    cases.require(user, "crisis_cells.record_consent", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    note = p.check("note", validation.free_text, note, max_length=300, default="")
    p.raise_if_any(errors.InvalidInput)
    consent = Consent.objects.select_for_update().filter(
        case=case, use=use, withdrawn_at__isnull=True, is_given=True).first()
    if consent is None:
        raise errors.ConsentNotGiven(fields={"use": errors.ConsentNotGiven.message})
    consent.withdrawn_at, consent.withdrawn_by = cases.now(), user
    if note:
        consent.note = note
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "note"])
    cases.record(action="consent_withdrawn", user=user, case=case, details={"use": use})
    return consent
