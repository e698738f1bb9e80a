"""New entries, maker–checker: a prosecutor proposes, an NPB registrar who did not
propose it verifies (the offender is registered), returns it with a reason, or merges
it into an offender already registered. Every decision moves the proposal through its
declared lifecycle (``register.lifecycles.ENTRY_PROPOSAL``) with its audit event."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation
from hifazat.register.errors import (
    InvalidEntry,
    NotAwaitingVerification,
    RegisterError,
    SelfVerification,
)
from hifazat.register.lifecycles import ENTRY_PROPOSAL
from hifazat.register.models import EntryProposal, Offender, OffenderName
from hifazat.register.services.convictions import add_conviction, is_known_case
from hifazat.register.services.records import index_offender, record_change
from hifazat.register.validation import clean_entry, script_of


def refuse_known_case(entry) -> None:
    if is_known_case(entry):
        raise InvalidEntry(fields={"case_number": _("This case is already on the register.")})


@transaction.atomic
def propose_entry(*, proposer, payload: dict) -> EntryProposal:
    """A prosecutor proposes a new entry. Validated in full (InvalidEntry names each bad
    field); nothing is registered until a registrar verifies it. Audited."""
    permissions.require(proposer, "register.propose")
    entry = clean_entry(payload, today=timezone.localdate())
    refuse_known_case(entry)
    if EntryProposal.objects.filter(
            state=EntryProposal.State.PROPOSED, kind=EntryProposal.Kind.NEW,
            payload__court=entry.court.code, payload__case_number=entry.case_number).exists():
        # A retried form post must not queue the same case twice.
        raise InvalidEntry(fields={"case_number": _(
            "This case has already been proposed and is awaiting verification.")})
    payload = json.loads(json.dumps(payload, default=str))
    proposal = EntryProposal.objects.create(payload=payload, proposed_by=proposer)
    audit.record(action="register.entry_proposed", actor=proposer,
                 role=proposer_role(proposer),
                 object_type="register.proposal", object_id=proposal.pk,
                 purpose=Purpose.PROSECUTION,
                 case_reference=str(payload.get("case_number", ""))[:100])
    return proposal


def proposer_role(proposer) -> str:
    """The proposing role for the audit event: a court's staff (a verdict) or a
    prosecutor."""
    return "court_staff" if proposer.has_role("court_staff") else "prosecutor"


def lock_for_decision(proposal: EntryProposal, verifier) -> EntryProposal:
    """The proposal, locked, if ``verifier`` may decide it now (not their own, still
    awaiting a decision)."""
    proposal = EntryProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposed_by_id == getattr(verifier, "pk", None):
        raise SelfVerification
    permissions.require(verifier, "register.verify", proposal)
    if ENTRY_PROPOSAL.is_final(proposal.state):
        raise NotAwaitingVerification
    return proposal


def decide(proposal: EntryProposal, verifier, *, state: str, action: str, note: str,
           offender: Offender | None = None) -> EntryProposal:
    """Move the proposal to ``state`` with the decision's note, audited as ``action``."""
    note = validation.free_text(note, max_length=None)[:500]
    extra = {"decided_by": verifier, "decided_at": timezone.now(), "decision_note": note}
    if offender is not None:
        extra["offender"] = offender
    details = {"proposal": proposal.pk}
    if offender is not None:
        details["offender"] = offender.pk
    return audit.transition(proposal, lifecycle=ENTRY_PROPOSAL, to=state, actor=verifier,
                            action=action, object_type="register.proposal",
                            purpose=Purpose.PROSECUTION, reason=note, details=details,
                            extra=extra)


def add_urdu_name(offender: Offender, entry, *, source: str) -> bool:
    if entry.name_ur and not offender.names.filter(name=entry.name_ur).exists():
        OffenderName.objects.create(offender=offender, name=entry.name_ur,
                                    surname=entry.surname_ur, script=OffenderName.Script.URDU,
                                    source=source)
        return True
    return False


def _next_register_number(now) -> str:
    last = Offender.objects.filter(register_number__startswith=f"NSOR-{now:%Y}-") \
        .order_by("-register_number").values_list("register_number", flat=True).first()
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"NSOR-{now:%Y}-{serial:07d}"


@transaction.atomic
def verify_entry(*, proposal: EntryProposal, verifier, note: str = "") -> Offender:
    """An NPB registrar who did not propose it verifies the proposal. A new entry: the
    offender, the primary name (and the Urdu-script name as an alias), the conviction
    are created and indexed for identity search. A correction: the changes are applied
    with their history. The decision is audited. Refuses self-verification and decided
    proposals."""
    from hifazat.register.services.corrections import apply_correction

    proposal = lock_for_decision(proposal, verifier)
    if proposal.kind == EntryProposal.Kind.QUASH:
        from hifazat.register.services.appeals import apply_quash

        offender = apply_quash(proposal, verifier)
        decide(proposal, verifier, state=EntryProposal.State.VERIFIED, note=note,
               offender=offender, action="register.quash_verified")
        return offender
    if proposal.kind == EntryProposal.Kind.CORRECTION:
        offender = apply_correction(proposal, verifier)
        decide(proposal, verifier, state=EntryProposal.State.VERIFIED, note=note,
               action="register.correction_verified")
        return offender
    entry = clean_entry(proposal.payload, today=timezone.localdate())
    refuse_known_case(entry)
    now = timezone.now()
    offender = Offender.objects.create(
        register_number=_next_register_number(now), sex=entry.sex, dob=entry.dob.value,
        dob_precision=entry.dob.precision, cnic=entry.cnic, father_name=entry.father_name,
        district=entry.district, physical_description=entry.physical_description,
        verified_at=now,
    )
    OffenderName.objects.create(offender=offender, name=entry.name, surname=entry.surname,
                                is_primary=True, script=script_of(entry.name),
                                source="conviction record")
    add_urdu_name(offender, entry, source="conviction record")
    add_conviction(offender, entry)
    index_offender(offender)
    decide(proposal, verifier, state=EntryProposal.State.VERIFIED, note=note,
           offender=offender, action="register.entry_verified")
    return offender


@transaction.atomic
def merge_entry(*, proposal: EntryProposal, verifier, offender: Offender,
                note: str = "") -> Offender:
    """The proposed person is already registered: instead of a duplicate, add the
    conviction to the existing offender and any new name as an alias, with history.
    Same checks as verify_entry (a different registrar, an undecided new entry)."""
    proposal = lock_for_decision(proposal, verifier)
    if proposal.kind != EntryProposal.Kind.NEW:
        raise RegisterError(fields={"offender": _("Only a new entry can be merged.")})
    entry = clean_entry(proposal.payload, today=timezone.localdate())
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    refuse_known_case(entry)
    add_conviction(offender, entry)
    added = []
    known = {str(n).casefold() for n in offender.names.all()}
    full = f"{entry.name} {entry.surname}".strip()
    if full.casefold() not in known:
        OffenderName.objects.create(offender=offender, name=entry.name, surname=entry.surname,
                                    script=script_of(entry.name), source="merged proposal")
        added.append(full)
    if add_urdu_name(offender, entry, source="merged proposal"):
        added.append(entry.name_ur)
    change = {"conviction_added": entry.case_number}
    if added:
        change["aliases_added"] = added
    if not offender.cnic and entry.cnic:
        change["cnic"] = ["", entry.cnic]
        offender.cnic = entry.cnic
        offender.save(update_fields=["cnic"])
    record_change(offender=offender, actor=verifier,
                  reason=note or f"merged proposal {proposal.pk}", change=change,
                  action="register.entry_merged", purpose=Purpose.PROSECUTION)
    index_offender(offender)
    decide(proposal, verifier, state=EntryProposal.State.MERGED, note=note,
           offender=offender, action="register.proposal_merged")
    return offender


@transaction.atomic
def return_entry(*, proposal: EntryProposal, verifier, reason: str) -> EntryProposal:
    """Send a proposal back to its proposer with a reason. Audited."""
    if not validation.free_text(reason, max_length=None):
        raise RegisterError(fields={"reason": _("Say why the proposal is returned.")})
    proposal = lock_for_decision(proposal, verifier)
    return decide(proposal, verifier, state=EntryProposal.State.RETURNED, note=reason,
                  action="register.entry_returned")
