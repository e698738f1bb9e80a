"""Forensic evidence and its chain of custody.

Each item gets a printable label code (``<case code>-E01``). Its custody is a list of
entries — collected, sealed, handed over (possibly more than once), sent to the
laboratory, received, result — each with who, when, whether the seal was intact, and
``hash = SHA-256(canonical JSON of the entry with the previous entry's hash)``, the same
construction as the audit chain (``audit/chain.py``). ``verify_custody`` recomputes
the chain and names the first entry that does not match. A hand-over that skips a step
is refused (``CustodyStepSkipped``): the order of the steps is the declared lifecycle
``lifecycles.EVIDENCE_CUSTODY``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.crisis_cells import errors, lifecycles
from hifazat.crisis_cells.models import (
    ChainOfCustodyEntry,
    ConsentUse,
    CustodyStep,
    EvidenceItem,
    MedicoLegalExam,
    SurvivorCase,
)
from hifazat.crisis_cells.services import cases, consent

GENESIS = "0" * 64
S = CustodyStep
CUSTODY = lifecycles.EVIDENCE_CUSTODY


def _canonical(entry: dict) -> bytes:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def entry_hash(*, label_code: str, seq: int, step: str, at, by_id: int, handed_to: str,
               seal_intact: bool, note: str, prev_hash: str) -> str:
    payload = {
        "label_code": label_code, "seq": seq, "step": str(step),
        "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "by": by_id,
        "handed_to": handed_to, "seal_intact": bool(seal_intact), "note": note,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _hash_of(item: EvidenceItem, entry: ChainOfCustodyEntry) -> str:
    return entry_hash(label_code=item.label_code, seq=entry.seq, step=entry.step, at=entry.at,
                      by_id=entry.by_id, handed_to=entry.handed_to,
                      seal_intact=entry.seal_intact, note=entry.note,
                      prev_hash=entry.prev_hash)


def verify_custody(item: EvidenceItem) -> tuple[bool, int | None]:
    """(True, None) when every entry's hash and link recompute; else (False, seq) of the
    first entry that does not."""
    prev = GENESIS
    for entry in ChainOfCustodyEntry.objects.filter(item=item).order_by("seq"):
        if entry.prev_hash != prev or entry.hash != _hash_of(item, entry):
            return False, entry.seq
        prev = entry.hash
    return True, None


def _append(item: EvidenceItem, *, step: str, at, user, handed_to: str = "",
            seal_intact: bool = True, note: str = "") -> ChainOfCustodyEntry:
    last = ChainOfCustodyEntry.objects.filter(item=item).order_by("-seq").first()
    seq = last.seq + 1 if last else 1
    prev = last.hash if last else GENESIS
    # Stored with microsecond precision on both databases; hash the stored value.
    at = at.astimezone(UTC)
    entry = ChainOfCustodyEntry(item=item, seq=seq, step=step, at=at, by=user,
                                handed_to=handed_to, seal_intact=seal_intact, note=note,
                                prev_hash=prev)
    entry.hash = _hash_of(item, entry)
    entry.save()
    return entry


def _next_label(case: SurvivorCase) -> str:
    n = EvidenceItem.objects.filter(case=case).count() + 1
    while EvidenceItem.objects.filter(label_code=f"{case.code}-E{n:02d}").exists():
        n += 1
    return f"{case.code}-E{n:02d}"


def collect(*, user, case: SurvivorCase, kind: str, description: str, collected_at=None,
            exam: MedicoLegalExam | None = None) -> EvidenceItem:
    """Create an item and its first custody entry. Caller holds the transaction and has
    checked the policy; consent is checked here at the time of use."""
    p = validation.Problems()
    kind = p.check("kind", validation.choice, kind, EvidenceItem.Kind)
    description = p.check("description", validation.free_text, description, max_length=300,
                          required=True)
    collected_at = p.check("collected_at", validation.datetime, collected_at or cases.now(),
                           required=True)
    p.check("collected_at", validation.not_future, collected_at)
    p.raise_if_any(errors.InvalidInput)
    # Consent per use: photographs need photograph consent, everything else forensic.
    consent.require_consent(case, ConsentUse.PHOTOGRAPHS if kind == EvidenceItem.Kind.PHOTOGRAPH
                         else ConsentUse.FORENSIC_SAMPLES)
    item = EvidenceItem.objects.create(case=case, cell_id=case.cell_id, exam=exam,
                                       label_code=_next_label(case),
                                       kind=kind, description=description,
                                       collected_at=collected_at, collected_by=user)
    _append(item, step=S.COLLECTED, at=collected_at, user=user)
    return item


@transaction.atomic
def collect_evidence(*, user, case: SurvivorCase, kind: str, description: str,
                     collected_at=None) -> EvidenceItem:
    """Record an evidence item (swab, clothing, photograph, digital...) with a printable
    label and its first custody entry. Needs the matching consent. Audited."""
    cases.require(user, "crisis_cells.handle_evidence", case)
    case = cases.lock_case(case)
    cases.writable(case)
    item = collect(user=user, case=case, kind=kind, description=description,
                   collected_at=collected_at)
    cases.record(action="evidence_collected", user=user, case=case,
                 object_type="crisis_cells.evidence", object_id=item.pk,
                 details={"label": item.label_code, "kind": item.kind})
    return item


@transaction.atomic
def record_custody(*, user, item: EvidenceItem, step: str, handed_to: str = "",
                   seal_intact: bool = True, note: str = "", at=None) -> ChainOfCustodyEntry:
    """Append the next custody step. Refuses a step that skips one
    (``CustodyStepSkipped``), a time before the previous entry, a broken seal without a
    note, and a hand-over without a recipient. Audited."""
    cases.require(user, "crisis_cells.handle_evidence", item.case)
    item = EvidenceItem.objects.select_for_update().select_related("case").get(pk=item.pk)
    p = validation.Problems()
    step = p.check("step", validation.choice, step, CustodyStep)
    at = p.check("at", validation.datetime, at or cases.now(), required=True)
    p.check("at", validation.not_future, at)
    handed_to = p.check("handed_to", validation.free_text, handed_to, max_length=200,
                        default="")
    note = p.check("note", validation.free_text, note, max_length=300, default="")
    if step in (S.HANDED_OVER, S.SENT_TO_LAB, S.RECEIVED) and not handed_to:
        p.add("handed_to", _("Say who received the item."))
    p.raise_if_any(errors.InvalidInput)
    if not CUSTODY.is_allowed(item.status, step):
        # Checked here first to name the step that comes next (the lifecycle's own
        # refusal only names the two states).
        allowed = ", ".join(str(CustodyStep(s).label)
                            for s in sorted(CUSTODY.allowed_from(item.status)))
        raise errors.CustodyStepSkipped(fields={"step": _(
            "After “%(current)s” the next step is: %(allowed)s.") % {
            "current": CustodyStep(item.status).label, "allowed": allowed or "-"}})
    if not seal_intact and not note:
        raise errors.SealBroken(fields={"note": errors.SealBroken.message})
    last = ChainOfCustodyEntry.objects.filter(item=item).order_by("-seq").first()
    if last and at < last.at:
        raise errors.InvalidInput(fields={"at": _(
            "This is earlier than the previous step of the chain.")})
    entry = _append(item, step=step, at=at, user=user, handed_to=handed_to,
                    seal_intact=seal_intact, note=note)
    cases.move(item, lifecycle=CUSTODY, to=step, action="custody_recorded", user=user,
               case=item.case, object_type="crisis_cells.evidence",
               details={"label": item.label_code, "step": step, "seq": entry.seq,
                        "seal_intact": bool(seal_intact)})
    return entry


@transaction.atomic
def record_lab_result(*, user, item: EvidenceItem, result: str, at=None) -> EvidenceItem:
    """The laboratory's result, as the last custody step; it attaches to the case (shown
    on the case and in its timeline). Audited."""
    p = validation.Problems()
    result = p.check("result", validation.free_text, result, max_length=5000, required=True)
    p.raise_if_any(errors.InvalidInput)
    entry = record_custody(user=user, item=item, step=S.RESULT, at=at,
                           handed_to="", note="")
    item = EvidenceItem.objects.get(pk=item.pk)
    item.result, item.result_at = result, entry.at
    item.save(update_fields=["result", "result_at"])
    cases.record(action="lab_result_recorded", user=user, case=item.case,
                 object_type="crisis_cells.evidence", object_id=item.pk,
                 details={"label": item.label_code})
    return item
