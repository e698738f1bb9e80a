"""A conviction set aside on appeal: the court (through justice) proposes, a registrar
who did not propose it verifies. Verified, the conviction is kept for history but marked
set aside; the registration period is recomputed from the convictions that stand, and
an offender with none left is removed from the register — each step in the record's
history and the audit log, in the verification's transaction."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation
from hifazat.places import selectors as places
from hifazat.register.errors import InvalidEntry, RegisterError
from hifazat.register.models import Conviction, EntryProposal, Offender
from hifazat.register.services.convictions import registration_end
from hifazat.register.services.entries import proposer_role
from hifazat.register.services.records import record_change
from hifazat.register.services.status import set_status


def _conviction(court_code: str, case_number: str):
    return Conviction.objects.filter(court__code=court_code, case_number=case_number) \
        .select_related("offender").first()


@transaction.atomic
def propose_quash(*, proposer, court: str, case_number: str, set_aside_on,
                  reference: str, reason: str) -> EntryProposal:
    """Propose that the conviction of ``court`` (facility code) in ``case_number`` be
    set aside (an appeal allowed on ``set_aside_on``; ``reference`` names the appeal).
    The conviction may not be registered yet (its entry still awaiting verification):
    the proposal then waits, and verification refuses until it is. Audited."""
    permissions.require(proposer, "register.propose")
    p = validation.Problems()
    if places.facility_by_code(court, kind=places.FacilityKind.SPECIAL_COURT) is None:
        p.add("court", _("Choose the court that convicted."))
    case_number = p.check("case_number", validation.code, case_number, max_length=64,
                          required=True)
    set_aside_on = p.check("set_aside_on", validation.date, set_aside_on, required=True)
    p.check("set_aside_on", validation.not_future, set_aside_on)
    reference = p.check("reference", validation.free_text, reference, max_length=100,
                        required=True)
    reason = p.check("reason", validation.free_text, reason, max_length=500, required=True)
    p.raise_if_any(InvalidEntry)
    conviction = _conviction(court, case_number)
    payload = json.loads(json.dumps(
        {"court": court, "case_number": case_number, "set_aside_on": set_aside_on,
         "reference": reference, "reason": reason}, default=str))
    proposal = EntryProposal.objects.create(
        payload=payload, proposed_by=proposer, kind=EntryProposal.Kind.QUASH,
        offender=conviction.offender if conviction else None)
    audit.record(action="register.quash_proposed", actor=proposer,
                 role=proposer_role(proposer), object_type="register.proposal",
                 object_id=proposal.pk, purpose=Purpose.PROSECUTION, reason=reason,
                 case_reference=case_number[:100])
    return proposal


def apply_quash(proposal: EntryProposal, verifier) -> Offender:
    """Apply a verified QUASH proposal; call inside the verification's transaction."""
    payload = proposal.payload
    conviction = _conviction(str(payload.get("court", "")), str(payload.get("case_number", "")))
    if conviction is None:
        raise RegisterError(_("This conviction is not on the register: return its new "
                              "entry proposal instead of verifying the appeal."))
    if conviction.quashed_on is not None:
        raise RegisterError(_("This conviction has already been set aside."))
    offender = Offender.objects.select_for_update().get(pk=conviction.offender_id)
    conviction.quashed_on = validation.date(payload.get("set_aside_on")) or \
        timezone.localdate()
    conviction.save(update_fields=["quashed_on"])
    old_end = offender.registration_ends
    offender.registration_ends = registration_end(offender)
    offender.save(update_fields=["registration_ends"])
    change = {"conviction_set_aside": conviction.case_number,
              "registration_ends": [str(old_end), str(offender.registration_ends)]}
    reason = f"{payload.get('reference', '')}: {payload.get('reason', '')}"[:500]
    record_change(offender=offender, actor=verifier, reason=reason, change=change,
                  action="register.conviction_set_aside", purpose=Purpose.PROSECUTION)
    if offender.registration_ends is None and offender.status != Offender.Status.REMOVED:
        # No conviction stands: the record leaves the register (kept, with its history).
        offender = set_status(offender=offender, status=Offender.Status.REMOVED,
                              actor=verifier, reason=reason)
    return offender
