"""Reads of the audit log: the chain verifier and per-object history."""

from __future__ import annotations

from dataclasses import dataclass

from hifazat.audit.chain import event_hash
from hifazat.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    first_broken_id: int | None = None
    problem: str = ""


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Walk every event in ``seq`` order, recompute each hash and check each link.
    Reports the first event that does not verify, and why."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        values = {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}
        problem = ""
        if event.seq != expected_seq:
            problem = f"sequence gap: expected #{expected_seq}, found #{event.seq}"
        elif event.prev_hash != expected_prev:
            problem = "link broken: prev_hash does not match the previous event's hash"
        elif event_hash(values) != event.hash:
            problem = "content altered: stored hash does not match the event's fields"
        if problem:
            return ChainReport(False, checked, event.seq, event.pk, problem)
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(True, checked)


def history_of(object_type: str, object_id) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)))
