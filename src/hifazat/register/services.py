"""Every write to the register: propose (a new entry or a correction), verify, merge,
return, the photograph, the offender's requests, the removal review, the supervisor's
review of flagged retrievals. Each is atomic and writes its audit event in the same
transaction."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.models import Purpose
from hifazat.core import permissions
from hifazat.identity import services as identity
from hifazat.register.errors import (
    InvalidEntry,
    NotAwaitingVerification,
    RegisterError,
    SelfVerification,
)
from hifazat.register.models import (
    Conviction,
    EntryProposal,
    Offender,
    OffenderChange,
    OffenderName,
    OffenderRequest,
    PpcSection,
    RemovalReview,
    RetrievalFlag,
)
from hifazat.register.validation import clean_correction, clean_entry, script_of

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
    entry = clean_entry(payload, today=timezone.localdate())
    _refuse_known_case(entry)
    if EntryProposal.objects.filter(
            state=EntryProposal.State.PROPOSED, kind=EntryProposal.Kind.NEW,
            payload__court=entry.court.code, payload__case_number=entry.case_number).exists():
        # A retried form post must not queue the same case twice.
        raise InvalidEntry(fields={"case_number": _(
            "This case has already been proposed and is awaiting verification.")})
    payload = json.loads(json.dumps(payload, default=str))
    proposal = EntryProposal.objects.create(payload=payload, proposed_by=proposer)
    audit.record(action="register.entry_proposed", actor=proposer, role="prosecutor",
                 object_type="register.proposal", object_id=proposal.pk,
                 purpose=Purpose.PROSECUTION,
                 case_reference=str(payload.get("case_number", ""))[:100])
    return proposal


def _refuse_known_case(entry) -> None:
    if Conviction.objects.filter(court=entry.court, case_number=entry.case_number).exists():
        raise InvalidEntry(fields={"case_number": _("This case is already on the register.")})


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


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def registration_end(offender: Offender) -> date | None:
    """The latest end of the offender's convictions' registration periods (the period
    runs from the conviction; the longest one applies)."""
    ends = [_add_years(c.convicted_on, c.registration_years)
            for c in offender.convictions.all()]
    return max(ends) if ends else None


def _add_conviction(offender: Offender, entry) -> Conviction:
    conviction = Conviction.objects.create(
        offender=offender, court=entry.court, case_number=entry.case_number,
        convicted_on=entry.convicted_on, sentence=entry.sentence,
        registration_years=registration_years(entry.sections),
        verdict_reference=entry.verdict_reference or None,
    )
    conviction.sections.set(entry.sections)
    end = registration_end(offender)
    if offender.registration_ends is None or (end and end > offender.registration_ends):
        offender.registration_ends = end
        offender.save(update_fields=["registration_ends"])
    return conviction


def _decide(proposal: EntryProposal, verifier, *, state, note: str, offender=None, now=None):
    proposal.state = state
    proposal.decided_by, proposal.decided_at = verifier, now or timezone.now()
    proposal.decision_note = (note or "")[:500]
    if offender is not None:
        proposal.offender = offender
    proposal.save()


def _lock_for_decision(proposal: EntryProposal, verifier) -> EntryProposal:
    proposal = EntryProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposed_by_id == getattr(verifier, "pk", None):
        raise SelfVerification
    permissions.require(verifier, "register.verify", proposal)
    if proposal.state != EntryProposal.State.PROPOSED:
        raise NotAwaitingVerification
    return proposal


@transaction.atomic
def propose_correction(*, proposer, offender: Offender, changes: dict,
                       reason: str) -> EntryProposal:
    """A prosecutor proposes a correction of a registered record (fields to change and
    why). Validated now and again at verification; applied only when a registrar who is
    not the proposer verifies it. Audited."""
    permissions.require(proposer, "register.propose")
    clean_correction(changes, reason=reason, today=timezone.localdate())
    payload = json.loads(json.dumps(
        {"register_number": offender.register_number, "changes": changes,
         "reason": reason.strip()}, default=str))
    proposal = EntryProposal.objects.create(payload=payload, proposed_by=proposer,
                                            kind=EntryProposal.Kind.CORRECTION,
                                            offender=offender)
    audit.record(action="register.correction_proposed", actor=proposer, role="prosecutor",
                 object_type="register.offender", object_id=offender.pk,
                 purpose=Purpose.PROSECUTION, reason=reason,
                 details={"proposal": proposal.pk, "fields": sorted(changes)})
    return proposal


def _apply_correction(proposal: EntryProposal, verifier) -> Offender:
    offender = Offender.objects.select_for_update().get(pk=proposal.offender_id)
    fix = clean_correction(proposal.payload.get("changes") or {},
                           reason=proposal.payload.get("reason", ""),
                           today=timezone.localdate())
    diff: dict = {}
    for field in ("father_name", "sex", "cnic", "district", "physical_description"):
        if field in fix.values:
            old, new = getattr(offender, field), fix.values[field]
            if old != new:
                diff[field] = [str(old), str(new)]
                setattr(offender, field, new)
    if fix.dob is not None and (offender.dob, offender.dob_precision) != \
            (fix.dob.value, fix.dob.precision):
        diff["dob"] = [str(offender.dob), str(fix.dob.value)]
        offender.dob, offender.dob_precision = fix.dob.value, fix.dob.precision
    offender.save()
    primary = offender.names.filter(is_primary=True).first()
    if primary is not None and ("name" in fix.values or "surname" in fix.values):
        old = str(primary)
        primary.name = fix.values.get("name", primary.name)
        primary.surname = fix.values.get("surname", primary.surname)
        primary.script = script_of(primary.name)
        primary.save()
        diff["name"] = [old, str(primary)]
    if fix.values.get("alias"):
        alias = fix.values["alias"]
        OffenderName.objects.create(offender=offender, name=alias, script=script_of(alias),
                                    source="correction", valid_from=timezone.localdate())
        diff["alias_added"] = alias
    record_change(offender=offender, actor=verifier, reason=fix.reason,
                  change=diff or {"no_change": True}, action="register.record_corrected",
                  purpose=Purpose.PROSECUTION)
    index_offender(offender)
    return offender


def _add_urdu_name(offender: Offender, entry, *, source: str) -> None:
    if entry.name_ur and not offender.names.filter(name=entry.name_ur).exists():
        OffenderName.objects.create(offender=offender, name=entry.name_ur,
                                    surname=entry.surname_ur, script=OffenderName.Script.URDU,
                                    source=source)


@transaction.atomic
def verify_entry(*, proposal: EntryProposal, verifier, note: str = "") -> Offender:
    """An NPB registrar who did not propose it verifies the proposal. A new entry: the
    offender, the primary name (and the Urdu-script name as an alias), the conviction
    are created and indexed for identity search. A correction: the changes are applied
    with their history. The decision is audited. Refuses self-verification and decided
    proposals."""
    proposal = _lock_for_decision(proposal, verifier)
    now = timezone.now()
    if proposal.kind == EntryProposal.Kind.CORRECTION:
        offender = _apply_correction(proposal, verifier)
        _decide(proposal, verifier, state=EntryProposal.State.VERIFIED, note=note, now=now)
        audit.record(action="register.correction_verified", actor=verifier,
                     role="npb_registrar", object_type="register.offender",
                     object_id=offender.pk, purpose=Purpose.PROSECUTION, reason=note,
                     details={"proposal": proposal.pk})
        return offender
    entry = clean_entry(proposal.payload, today=timezone.localdate())
    _refuse_known_case(entry)
    offender = Offender.objects.create(
        register_number=_next_register_number(now), sex=entry.sex, dob=entry.dob.value,
        dob_precision=entry.dob.precision, cnic=entry.cnic, father_name=entry.father_name,
        district=entry.district, physical_description=entry.physical_description,
        verified_at=now,
    )
    OffenderName.objects.create(offender=offender, name=entry.name, surname=entry.surname,
                                is_primary=True, script=script_of(entry.name),
                                source="conviction record")
    _add_urdu_name(offender, entry, source="conviction record")
    _add_conviction(offender, entry)
    index_offender(offender)
    _decide(proposal, verifier, state=EntryProposal.State.VERIFIED, note=note,
            offender=offender, now=now)
    audit.record(action="register.entry_verified", actor=verifier, role="npb_registrar",
                 object_type="register.offender", object_id=offender.pk,
                 purpose=Purpose.PROSECUTION, reason=note,
                 details={"proposal": proposal.pk})
    return offender


@transaction.atomic
def merge_entry(*, proposal: EntryProposal, verifier, offender: Offender,
                note: str = "") -> Offender:
    """The proposed person is already registered: instead of a duplicate, add the
    conviction to the existing offender and any new name as an alias, with history.
    Same checks as verify_entry (a different registrar, an undecided new entry)."""
    proposal = _lock_for_decision(proposal, verifier)
    if proposal.kind != EntryProposal.Kind.NEW:
        raise RegisterError(fields={"offender": _("Only a new entry can be merged.")})
    entry = clean_entry(proposal.payload, today=timezone.localdate())
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    _refuse_known_case(entry)
    _add_conviction(offender, entry)
    added = []
    known = {str(n).casefold() for n in offender.names.all()}
    full = f"{entry.name} {entry.surname}".strip()
    if full.casefold() not in known:
        OffenderName.objects.create(offender=offender, name=entry.name, surname=entry.surname,
                                    script=script_of(entry.name), source="merged proposal")
        added.append(full)
    before = offender.names.count()
    _add_urdu_name(offender, entry, source="merged proposal")
    if offender.names.count() > before:
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
    _decide(proposal, verifier, state=EntryProposal.State.MERGED, note=note, offender=offender)
    return offender


@transaction.atomic
def return_entry(*, proposal: EntryProposal, verifier, reason: str) -> EntryProposal:
    """Send a proposal back to its proposer with a reason. Audited."""
    if not (reason or "").strip():
        raise RegisterError(fields={"reason": _("Say why the proposal is returned.")})
    proposal = _lock_for_decision(proposal, verifier)
    _decide(proposal, verifier, state=EntryProposal.State.RETURNED, note=reason.strip())
    audit.record(action="register.entry_returned", actor=verifier, role="npb_registrar",
                 object_type="register.proposal", object_id=proposal.pk,
                 purpose=Purpose.PROSECUTION, reason=reason)
    return proposal


# --- Photograph ------------------------------------------------------------------------


def _clean_photo(data: bytes) -> bytes:
    """Accept a JPEG or PNG photograph; re-encode it as JPEG so no metadata (location,
    device) and nothing but pixels is kept."""
    from PIL import Image, UnidentifiedImageError

    if not data or len(data) > settings.REGISTER_PHOTO_MAX_BYTES:
        raise RegisterError(fields={"photo": _("Choose a photograph of at most 5 MB.")})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG"):
                raise RegisterError(fields={"photo": _("The photograph must be JPEG or PNG.")})
            image.thumbnail((1200, 1200))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise RegisterError(fields={"photo": _("The photograph must be JPEG or PNG.")}) \
            from exc
    return out.getvalue()


@transaction.atomic
def set_photo(*, offender: Offender, actor, data: bytes, reason: str,
              taken_on: date | None = None) -> Offender:
    """Store a new photograph privately (never at a public URL), replacing the old one,
    with history and audit."""
    permissions.require(actor, "register.set_photo", offender)
    jpeg = _clean_photo(data)
    offender = Offender.objects.select_for_update().get(pk=offender.pk)
    old = offender.photo.name if offender.photo else ""
    offender.photo.save("photo.jpg", ContentFile(jpeg), save=False)
    offender.photo_taken_on = taken_on or timezone.localdate()
    offender.save(update_fields=["photo", "photo_taken_on"])
    if old:
        transaction.on_commit(lambda: offender.photo.storage.delete(old))
    record_change(offender=offender, actor=actor, reason=reason,
                  change={"photo": "replaced" if old else "added"},
                  action="register.photo_set")
    return offender


# --- The offender's requests: a copy of the record, a correction -----------------------


@transaction.atomic
def record_offender_request(*, offender: Offender, actor, kind: str, received_on: date,
                            details: str) -> OffenderRequest:
    """Record the offender's request for a copy of their record or for a correction."""
    permissions.require(actor, "register.manage_requests")
    errors = {}
    if kind not in OffenderRequest.Kind.values:
        errors["kind"] = _("Choose a copy or a correction.")
    details = (details or "").strip()
    if not details or len(details) > 1000:
        errors["details"] = _("Say what is asked (at most 1000 characters).")
    if not isinstance(received_on, date) or received_on > timezone.localdate():
        errors["received_on"] = _("Enter the date the request was received (not in the "
                                  "future).")
    if errors:
        raise RegisterError(_("The request has problems; see each field."), fields=errors)
    req = OffenderRequest.objects.create(offender=offender, kind=kind, received_on=received_on,
                                         details=details, recorded_by=actor)
    record_change(offender=offender, actor=actor, reason=details[:500],
                  change={"request_received": kind}, action="register.request_recorded",
                  purpose=Purpose.AUDIT)
    return req


@transaction.atomic
def decide_offender_request(*, request: OffenderRequest, actor, outcome: str,
                            note: str) -> OffenderRequest:
    """Record the outcome (granted or refused, with a note) of an offender's request."""
    permissions.require(actor, "register.manage_requests")
    request = OffenderRequest.objects.select_for_update().get(pk=request.pk)
    if request.outcome != OffenderRequest.Outcome.PENDING:
        raise RegisterError(_("This request has already been decided."))
    errors = {}
    if outcome not in (OffenderRequest.Outcome.GRANTED, OffenderRequest.Outcome.REFUSED):
        errors["outcome"] = _("Choose granted or refused.")
    if not (note or "").strip():
        errors["note"] = _("Say what was done or why it was refused.")
    if errors:
        raise RegisterError(_("The decision has problems; see each field."), fields=errors)
    request.outcome, request.outcome_note = outcome, note.strip()[:500]
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save()
    record_change(offender=request.offender, actor=actor, reason=note,
                  change={"request_decided": [request.kind, outcome]},
                  action="register.request_decided", purpose=Purpose.AUDIT)
    return request


# --- Review for removal at the end of the registration period --------------------------


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
    errors = {}
    if offender.registration_ends is None or offender.registration_ends > today:
        raise RegisterError(_("The registration period has not ended yet."))
    if offender.status == Offender.Status.REMOVED:
        raise RegisterError(_("This offender has already been removed."))
    if decision not in RemovalReview.Decision.values:
        errors["decision"] = _("Choose remove or extend.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the decision.")
    if decision == RemovalReview.Decision.EXTEND and not (
            isinstance(extend_years, int) and 1 <= extend_years <= 20):
        errors["extend_years"] = _("Extend by 1 to 20 years.")
    if errors:
        raise RegisterError(_("The decision has problems; see each field."), fields=errors)
    review = RemovalReview.objects.create(
        offender=offender, decision=decision, period_ended_on=offender.registration_ends,
        extend_years=extend_years if decision == RemovalReview.Decision.EXTEND else None,
        reason=reason.strip()[:500], decided_by=actor)
    if decision == RemovalReview.Decision.REMOVE:
        set_status(offender=offender, status=Offender.Status.REMOVED, actor=actor,
                   reason=reason)
    else:
        old = offender.registration_ends
        offender.registration_ends = _add_years(max(old, today), extend_years)
        offender.save(update_fields=["registration_ends"])
        record_change(offender=offender, actor=actor, reason=reason,
                      change={"registration_ends": [old, offender.registration_ends]},
                      action="register.period_extended")
    return review


# --- Supervision of retrieval ----------------------------------------------------------


@transaction.atomic
def clear_flag(*, flag: RetrievalFlag, reviewer, note: str) -> RetrievalFlag:
    """An NPB supervisor marks a flagged retrieval as reviewed, with a note. Audited."""
    permissions.require(reviewer, "register.review_flags")
    flag = RetrievalFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.reviewed_at is not None:
        raise RegisterError(_("This retrieval has already been reviewed."))
    if not (note or "").strip():
        raise RegisterError(fields={"note": _("Write what you found.")})
    if flag.actor_id == reviewer.pk:
        raise RegisterError(_("Someone else must review your own retrievals."))
    flag.reviewed_by, flag.reviewed_at = reviewer, timezone.now()
    flag.review_note = note.strip()[:500]
    flag.save()
    audit.record(action="register.flag_reviewed", actor=reviewer, role="npb_supervisor",
                 object_type="register.flag", object_id=flag.pk, purpose=Purpose.AUDIT,
                 reason=note, details={"audit_seq": flag.audit_seq})
    return flag
