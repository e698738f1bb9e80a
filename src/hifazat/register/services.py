"""Every write to the register: propose, verify, return. Each is atomic and writes its
audit event in the same transaction."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.models import Purpose
from hifazat.core import permissions
from hifazat.identity import services as identity
from hifazat.register.errors import NotAwaitingVerification, RegisterError, SelfVerification
from hifazat.register.models import (
    Conviction,
    EntryProposal,
    Offender,
    OffenderChange,
    OffenderName,
    PpcSection,
)
from hifazat.register.validation import clean_entry

IDENTITY_SOURCE = "register.offender"
PPC_SECTIONS_FILE = Path(__file__).resolve().parent / "data" / "ppc_sections.json"


def load_ppc_sections(model=None) -> int:
    """Load the reference list of PPC sections (data/ppc_sections.json) idempotently.
    ``model`` lets the data migration pass its historical model. Returns the count."""
    model = model or PpcSection
    rows = json.loads(PPC_SECTIONS_FILE.read_text(encoding="utf-8"))["sections"]
    for row in rows:
        model.objects.update_or_create(code=row["code"], defaults=row)
    return len(rows)


def registration_years(sections) -> int:
    """The longest registration period of the convicted sections' categories."""
    periods = settings.REGISTER_PERIOD_YEARS
    return max(periods.get(s.category, periods["default"]) for s in sections)


@transaction.atomic
def propose_entry(*, proposer, payload: dict) -> EntryProposal:
    """A prosecutor proposes a new entry. Validated in full (InvalidEntry names each bad
    field); nothing is registered until a registrar verifies it. Audited."""
    permissions.require(proposer, "register.propose")
    clean_entry(payload, today=timezone.localdate())
    payload = json.loads(json.dumps(payload, default=str))
    proposal = EntryProposal.objects.create(payload=payload, proposed_by=proposer)
    audit.record(action="register.entry_proposed", actor=proposer, role="prosecutor",
                 object_type="register.proposal", object_id=proposal.pk,
                 purpose=Purpose.PROSECUTION,
                 case_reference=str(payload.get("case_number", ""))[:100])
    return proposal


def identity_source_id(offender_id: int, name_id: int | None = None) -> str:
    """The identity store's id for one of an offender's names: the primary name as the
    offender id, each alias as ``<offender id>:<name id>``."""
    return str(offender_id) if name_id is None else f"{offender_id}:{name_id}"


def offender_id_of(source_id: str) -> int:
    """The offender an identity-store id belongs to (see ``identity_source_id``)."""
    return int(str(source_id).split(":", 1)[0])


def _dob_text(offender: Offender) -> str:
    if offender.dob is None:
        return ""
    return str(offender.dob.year) if offender.dob_precision == "year" \
        else offender.dob.isoformat()


def index_offender(offender: Offender) -> None:
    """(Re)index every name of the offender (primary and aliases, either script) in the
    identity store, so search finds the offender by any of them. Call inside the
    transaction that changed the offender."""
    for name in offender.names.all():
        identity.index_person(
            source=IDENTITY_SOURCE,
            source_id=identity_source_id(offender.pk, None if name.is_primary else name.pk),
            person={"given": name.name, "surname": name.surname,
                    "father": offender.father_name, "dob": _dob_text(offender),
                    "cnic": offender.cnic, "district": offender.district.code})


@transaction.atomic
def record_change(*, offender: Offender, actor, reason: str, change: dict,
                  action: str = "register.record_changed",
                  purpose: str = Purpose.COMPLIANCE) -> OffenderChange:
    """Keep the history of a change to a register record (who, when, why, what) and
    audit it in the same transaction. ``change`` holds the changed fields as
    ``{field: [old, new]}`` or a description of what was added."""
    if not (reason or "").strip():
        raise RegisterError(fields={"reason": _("Say why the record changes.")})
    change = json.loads(json.dumps(change, default=str))
    entry = OffenderChange.objects.create(offender=offender, changed_by=actor,
                                          reason=reason.strip()[:500], change=change)
    audit.record(action=action, actor=actor, object_type="register.offender",
                 object_id=offender.pk, purpose=purpose, reason=reason,
                 details={"fields": sorted(change)})
    return entry


@transaction.atomic
def set_status(*, offender: Offender, status: str, actor, reason: str) -> Offender:
    """Move an offender to another register status, with history and audit."""
    if status not in Offender.Status.values:
        raise RegisterError(fields={"status": _("Unknown register status.")})
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    if offender.status == status:
        return offender
    old, offender.status = offender.status, status
    offender.save(update_fields=["status"])
    record_change(offender=offender, actor=actor, reason=reason,
                  change={"status": [old, status]}, action="register.status_changed")
    return offender


@transaction.atomic
def add_alias(*, offender: Offender, actor, name: str, surname: str = "",
              source: str, reason: str, valid_from=None) -> OffenderName:
    """Record another name the offender is known by (a reported change of name, a name
    found in another record), in either script; indexed for search at once."""
    name, surname = (name or "").strip(), (surname or "").strip()
    if not name or len(name) > 200 or len(surname) > 100:
        raise RegisterError(fields={"name": _("Give the name (at most 200 characters).")})
    alias = OffenderName.objects.create(offender=offender, name=name, surname=surname,
                                        is_primary=False, source=source[:100],
                                        valid_from=valid_from)
    record_change(offender=offender, actor=actor, reason=reason,
                  change={"alias_added": f"{name} {surname}".strip()},
                  action="register.alias_added")
    index_offender(offender)
    return alias


def _next_register_number(now) -> str:
    last = Offender.objects.filter(register_number__startswith=f"NSOR-{now:%Y}-") \
        .order_by("-register_number").values_list("register_number", flat=True).first()
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"NSOR-{now:%Y}-{serial:07d}"


@transaction.atomic
def verify_entry(*, proposal: EntryProposal, verifier, note: str = "") -> Offender:
    """An NPB registrar who did not propose it verifies the entry: the offender, the
    primary name and the conviction are created, indexed for identity search, and the
    decision audited. Refuses self-verification and decided proposals."""
    proposal = EntryProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposed_by_id == getattr(verifier, "pk", None):
        raise SelfVerification
    permissions.require(verifier, "register.verify", proposal)
    if proposal.state != EntryProposal.State.PROPOSED:
        raise NotAwaitingVerification
    now = timezone.now()
    entry = clean_entry(proposal.payload, today=timezone.localdate())
    offender = Offender.objects.create(
        register_number=_next_register_number(now), sex=entry.sex, dob=entry.dob.value,
        dob_precision=entry.dob.precision, cnic=entry.cnic, father_name=entry.father_name,
        district=entry.district, physical_description=entry.physical_description,
        verified_at=now,
    )
    OffenderName.objects.create(offender=offender, name=entry.name, surname=entry.surname,
                                is_primary=True, source="conviction record")
    conviction = Conviction.objects.create(
        offender=offender, court=entry.court, case_number=entry.case_number,
        convicted_on=entry.convicted_on, sentence=entry.sentence,
        registration_years=registration_years(entry.sections),
    )
    conviction.sections.set(entry.sections)
    index_offender(offender)
    proposal.state = EntryProposal.State.VERIFIED
    proposal.decided_by, proposal.decided_at = verifier, now
    proposal.decision_note, proposal.offender = note[:500], offender
    proposal.save()
    audit.record(action="register.entry_verified", actor=verifier, role="npb_registrar",
                 object_type="register.offender", object_id=offender.pk,
                 purpose=Purpose.PROSECUTION, reason=note,
                 details={"proposal": proposal.pk})
    return offender


@transaction.atomic
def return_entry(*, proposal: EntryProposal, verifier, reason: str) -> EntryProposal:
    """Send a proposal back to its proposer with a reason. Audited."""
    proposal = EntryProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposed_by_id == getattr(verifier, "pk", None):
        raise SelfVerification
    permissions.require(verifier, "register.verify", proposal)
    if proposal.state != EntryProposal.State.PROPOSED:
        raise NotAwaitingVerification
    if not reason.strip():
        raise RegisterError(fields={"reason": "Say why the proposal is returned."})
    proposal.state = EntryProposal.State.RETURNED
    proposal.decided_by, proposal.decided_at = verifier, timezone.now()
    proposal.decision_note = reason[:500]
    proposal.save()
    audit.record(action="register.entry_returned", actor=verifier, role="npb_registrar",
                 object_type="register.proposal", object_id=proposal.pk,
                 purpose=Purpose.PROSECUTION, reason=reason)
    return proposal
