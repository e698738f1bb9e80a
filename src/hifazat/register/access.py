"""Fetch-and-check of every sensitive register row: the one way a view, a form or the API
reads an offender, a proposal, a flagged retrieval or an offender's request.

Each ``access_<kind>`` is built on ``core.access.fetch`` and raises ``core`` ``NotFound``
for missing and forbidden alike (ids cannot be probed). Opening an offender's record is a
purpose-bound retrieval (Rules 2023): the purpose must be one the user's role may state,
a case or FIR reference is required, and the record must lie within the purpose's reach
(``policy.PURPOSE_RULES``); it is audited, flagged for the supervisor when unusual, and
every refusal — here, on a web form or in an API serializer — is audited as
``<action>_refused`` with the purpose given and the kind of query, never its content.
"""

from __future__ import annotations

from django.db import transaction

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import access, permissions
from hifazat.core.errors import NotFound
from hifazat.register import policy
from hifazat.register.errors import PurposeRequired
from hifazat.register.models import EntryProposal, Offender, OffenderRequest, RetrievalFlag

MAX_REFERENCE = 100
# The retrievals of one record: each needs a purpose and a reference, and is audited.
RETRIEVALS = ("register.view", "register.extract", "register.photo_viewed")

# Why a retrieval was refused (the audit event's ``reason``).
NO_PURPOSE = "no purpose or reference"
PURPOSE_NOT_ALLOWED = "purpose not allowed for the role"
OUT_OF_RULE = "outside the purpose's reach"
MISSING = "no such record"


def query_kind(query: dict | None) -> str:
    """What a search looked by — ``cnic``, ``name`` or ``none`` — never its content."""
    query = query or {}
    if str(query.get("cnic") or "").strip():
        return "cnic"
    if any(str(query.get(k) or "").strip() for k in ("given", "name", "surname", "father")):
        return "name"
    return "none"


def record_refusal(*, user, action: str, reason: str, purpose: str = "", reference: str = "",
                   query: dict | None = None, object_id: str | int = "") -> None:
    """Audit a refused retrieval as ``<action>_refused`` with the purpose given (a
    purpose that is none of the known ones is kept, shortened, in the details) and the
    query's kind. Committed even when the caller then raises."""
    purpose = str(purpose or "")
    known = purpose if purpose in Purpose.values else ""
    details = {"reason": reason, "query_kind": query_kind(query)}
    if purpose and not known:
        details["purpose_given"] = purpose[:32]
    with transaction.atomic():
        audit.record(action=f"{action}_refused", actor=user, purpose=known,
                     object_type="register.offender", object_id=object_id,
                     case_reference=str(reference or "").strip()[:MAX_REFERENCE],
                     reason=reason, details=details)


def record_input_refusal(*, user, action: str, purpose: str = "", reference: str = "",
                         query: dict | None = None, object_id: str | int = "") -> None:
    """Audit a retrieval refused before it reached ``check_purpose`` — on a web form or
    in an API serializer — for its purpose or reference: a purpose the user's role may
    not state, or none, or no reference."""
    purpose = str(purpose or "")
    stated = bool(purpose) and purpose not in policy.allowed_purposes(user)
    record_refusal(user=user, action=action,
                   reason=PURPOSE_NOT_ALLOWED if stated else NO_PURPOSE, purpose=purpose,
                   reference=reference, query=query, object_id=object_id)


def check_purpose(*, user, purpose: str, reference: str, action: str,
                  query: dict | None = None, object_id: str | int = "") -> None:
    """Refuse (audited) a retrieval without a purpose and a reference
    (``PurposeRequired``) or for a purpose the user's role may not state (``NotFound``)."""
    reference = (reference or "").strip()
    if not purpose or not reference or len(reference) > MAX_REFERENCE:
        record_refusal(user=user, action=action, reason=NO_PURPOSE, purpose=purpose,
                       query=query, object_id=object_id)
        raise PurposeRequired
    if not permissions.can(user, "register.retrieve", purpose):
        record_refusal(user=user, action=action, reason=PURPOSE_NOT_ALLOWED, purpose=purpose,
                       reference=reference, query=query, object_id=object_id)
        raise NotFound


def access_offender(*, user, offender_id, action: str = "register.view",
                    purpose: str | None = None, reference: str | None = None) -> Offender:
    """One offender for ``action``.

    A retrieval (``register.view``, ``register.extract``, ``register.photo_viewed``)
    states its purpose and reference, is refused outside the purpose's reach exactly
    like a missing record (and that refusal audited), and is audited and, when unusual,
    flagged. Any other action (``register.set_photo``, ``register.review_removal``,
    ``register.manage_requests``…) is the permission check of that write; the write's
    service audits it."""
    queryset = Offender.objects.select_related("district")
    if action not in RETRIEVALS:
        return access.fetch(queryset, user=user, action=action, pk=offender_id)
    from hifazat.register.selectors import flag_retrieval

    purpose, reference = str(purpose or ""), str(reference or "").strip()
    check_purpose(user=user, purpose=purpose, reference=reference, action=action,
                  object_id=str(offender_id)[:64])
    # Refusals are audited outside the read's transaction: they commit though the call
    # raises.
    try:
        offender = access.fetch(queryset, user=user, action="register.search", pk=offender_id)
    except NotFound:
        record_refusal(user=user, action=action, reason=MISSING, purpose=purpose,
                       reference=reference, object_id=str(offender_id)[:64])
        raise
    if not policy.within_purpose(user, purpose, offender):
        # Outside the purpose's reach: the same answer as a missing record.
        record_refusal(user=user, action=action, reason=OUT_OF_RULE, purpose=purpose,
                       reference=reference, object_id=offender.pk)
        raise NotFound
    with transaction.atomic():
        event = audit.record(action=action, actor=user, purpose=purpose,
                             case_reference=reference[:MAX_REFERENCE],
                             object_type="register.offender", object_id=offender.pk)
        flag_retrieval(user, event, purpose=purpose, reference=reference, offender=offender)
    return offender


def access_merge_target(*, user, offender_id, action: str = "register.merge_into"
                        ) -> Offender:
    """The registered offender a registrar merges a proposal into (not a removed one)."""
    return access.fetch(Offender.objects.exclude(status=Offender.Status.REMOVED)
                        .select_related("district"), user=user, action=action, pk=offender_id)


def access_offender_by_number(*, user, register_number: str, action: str) -> Offender:
    """The offender named by its register number (upper-cased, as printed on extracts),
    for ``action`` (a write whose service audits it)."""
    number = str(register_number or "").strip().upper()
    return access.fetch(Offender.objects.select_related("district"), user=user,
                        action=action, register_number=number)


def access_proposal(*, user, proposal_id, action: str = "register.view_proposals"
                    ) -> EntryProposal:
    """One proposal the user may see (their own, or any for a registrar)."""
    return access.fetch(EntryProposal.objects.select_related(
        "offender", "proposed_by", "decided_by"), user=user, action=action, pk=proposal_id)


def access_retrieval_flag(*, user, flag_id, action: str = "register.review_flags"
                          ) -> RetrievalFlag:
    """A flagged retrieval still waiting for the supervisor's review."""
    return access.fetch(RetrievalFlag.objects.filter(reviewed_at__isnull=True)
                        .select_related("actor", "offender"),
                        user=user, action=action, pk=flag_id)


def access_offender_request(*, user, request_id, action: str = "register.manage_requests"
                            ) -> OffenderRequest:
    """An offender's request (a copy or a correction of the record)."""
    return access.fetch(OffenderRequest.objects.select_related("offender"),
                        user=user, action=action, pk=request_id)
