"""The offender's requests for a copy of their record or for a correction (a subject's
right to see and correct what is held about them), and their outcome through the
declared lifecycle (``register.lifecycles.OFFENDER_REQUEST``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation
from hifazat.register.errors import RegisterError
from hifazat.register.lifecycles import OFFENDER_REQUEST
from hifazat.register.models import OffenderRequest
from hifazat.register.services.records import keep_history, record_change


@transaction.atomic
def record_offender_request(*, offender, actor, kind: str, received_on: date,
                            details: str) -> OffenderRequest:
    """Record the offender's request for a copy of their record or for a correction."""
    permissions.require(actor, "register.manage_requests")
    problems = validation.Problems()
    if kind not in OffenderRequest.Kind.values:
        problems.add("kind", _("Choose a copy or a correction."))
    details = problems.check("details", validation.free_text, details, max_length=1000,
                             default="")
    if not details and "details" not in problems.fields:
        problems.add("details", _("Say what is asked (at most 1000 characters)."))
    if not isinstance(received_on, date) or received_on > timezone.localdate():
        problems.add("received_on", _("Enter the date the request was received (not in "
                                      "the future)."))
    if problems:
        raise RegisterError(_("The request has problems; see each field."),
                            fields=problems.fields)
    req = OffenderRequest.objects.create(offender=offender, kind=kind, received_on=received_on,
                                         details=details, recorded_by=actor)
    record_change(offender=offender, actor=actor, reason=details[:500],
                  change={"request_received": kind}, action="register.request_recorded",
                  purpose=Purpose.AUDIT)
    return req


@transaction.atomic
def decide_offender_request(*, request: OffenderRequest, actor, outcome: str,
                            note: str) -> OffenderRequest:
    """Record the outcome (granted or refused, with a note) of an offender's request; a
    decided request cannot be decided again (``IllegalTransition``)."""
    permissions.require(actor, "register.manage_requests")
    problems = validation.Problems()
    if outcome not in (OffenderRequest.Outcome.GRANTED, OffenderRequest.Outcome.REFUSED):
        problems.add("outcome", _("Choose granted or refused."))
    note = problems.check("note", validation.free_text, note, max_length=None, default="")
    if not note:
        problems.add("note", _("Say what was done or why it was refused."))
    if problems:
        raise RegisterError(_("The decision has problems; see each field."),
                            fields=problems.fields)
    decided = audit.transition(
        request, lifecycle=OFFENDER_REQUEST, to=outcome, actor=actor,
        action="register.request_decided", object_type="register.request",
        purpose=Purpose.AUDIT, reason=note, details={"kind": request.kind},
        extra={"outcome_note": note[:500], "decided_by": actor,
               "decided_at": timezone.now()})
    keep_history(offender=decided.offender, actor=actor, reason=note,
                 change={"request_decided": [decided.kind, outcome]})
    return decided
