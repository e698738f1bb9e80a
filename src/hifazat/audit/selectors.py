"""Reads of the audit log: the chain verifier, the checkpoint verifier and per-object
history."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hifazat.audit import checkpoints, keys
from hifazat.audit.chain import CHECKPOINT_FIELDS, checkpoint_mac, event_hash, event_mac
from hifazat.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    first_broken_id: int | None = None
    problem: str = ""


def _mac_problem(event: AuditEvent) -> str:
    key = keys.key_by_id(event.key_id)
    if key is None:
        return (f"MAC key {event.key_id!r} is not configured: the event was forged, or "
                "the key that made it was dropped from HIFAZAT_AUDIT_KEYS")
    if not hmac.compare_digest(
            event.mac, event_mac(event.hash, key_id=event.key_id, key=key)):
        return "MAC invalid: the event was rewritten or forged without the audit key"
    return ""


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Walk every event in ``seq`` order, recompute each hash, check each link and each
    keyed MAC. Reports the first event that does not verify, and why: an edit, a
    deletion, an insertion, a reordering, and a rewrite whose SHA-256s were all
    recomputed (its MAC fails without the key) each name the first event affected."""
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
        else:
            problem = _mac_problem(event)
        if problem:
            return ChainReport(False, checked, event.seq, event.pk, problem)
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(True, checked)


# --- Checkpoints -----------------------------------------------------------------------

@dataclass(frozen=True)
class CheckpointProblem:
    line: int
    kind: str  # unreadable, forged, went_back, truncated, rolled_back, rewritten
    message: str


@dataclass(frozen=True)
class CheckpointReport:
    checked: int
    head_seq: int
    problems: list[CheckpointProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.checked > 0 and not self.problems


def parse_checkpoint(text: str) -> dict | None:
    """The checkpoint on one line if it is well formed and its MAC verifies under a
    listed key, else None."""
    try:
        values = json.loads(text)
    except ValueError:
        return None
    if not isinstance(values, dict) or set(values) != {*CHECKPOINT_FIELDS, "mac"}:
        return None
    if not isinstance(values["seq"], int) or values["seq"] < 0 or \
            not all(isinstance(values[k], str) for k in ("hash", "at", "key_id", "mac")):
        return None
    key = keys.key_by_id(values["key_id"])
    if key is None or not hmac.compare_digest(values["mac"],
                                                   checkpoint_mac(values, key=key)):
        return None
    try:
        values["at_time"] = datetime.strptime(values["at"], "%Y-%m-%dT%H:%M:%S.%fZ") \
            .replace(tzinfo=UTC)
    except ValueError:
        return None
    return values


def latest_checkpoint() -> dict | None:
    """The newest checkpoint written (seq, hash, at, key_id), if its MAC verifies."""
    return parse_checkpoint(checkpoints.last_line())


def checkpoint_footer() -> dict | None:
    """What every PDF prints of the latest checkpoint: seq, the first 16 hex digits of
    its hash and its time (UTC), so a paper copy witnesses the chain's head."""
    cp = latest_checkpoint()
    if cp is None:
        return None
    return {"seq": cp["seq"], "short_hash": cp["hash"][:16],
            "at": cp["at_time"].strftime("%Y-%m-%d %H:%M UTC")}


def _compare(number: int, cp: dict, event: dict | None,
             head: dict | None) -> CheckpointProblem | None:
    seq, at = cp["seq"], cp["at"]
    if seq == 0:
        if cp["hash"] != GENESIS_HASH:
            return CheckpointProblem(number, "forged", f"line {number}: empty chain with a "
                                     "hash other than genesis")
        return None
    if event is None:
        head_seq = head["seq"] if head else 0
        if head and head["occurred_at"] > cp["at_time"]:
            return CheckpointProblem(number, "rolled_back", (
                f"line {number}: checkpoint at {at} saw #{seq}, but the chain ends at "
                f"#{head_seq}, written after it: the database was restored to an older "
                "copy (or truncated) and has been written since"))
        return CheckpointProblem(number, "truncated", (
            f"line {number}: checkpoint at {at} saw #{seq}, but the chain ends at "
            f"#{head_seq}: events #{head_seq + 1}..#{seq} are missing (deleted, or an "
            "older copy of the database restored)"))
    if event["hash"] != cp["hash"]:
        if event["occurred_at"] > cp["at_time"]:
            return CheckpointProblem(number, "rolled_back", (
                f"line {number}: event #{seq} was written after the checkpoint at {at} "
                f"saw a different #{seq}: the database was restored to an older copy and "
                "written since (or the event was rewritten)"))
        return CheckpointProblem(number, "rewritten", (
            f"line {number}: event #{seq} differs from the checkpoint at {at}: the chain "
            f"was rewritten at or before #{seq}"))
    return None


def verify_checkpoints(*, batch_size: int = 500, max_problems: int = 100) -> CheckpointReport:
    """Check every line of the checkpoint file against the chain: each line's MAC
    (a forged line is reported), that the checkpointed head never goes back, and that
    the chain still holds the event each checkpoint saw with the same hash (a missing
    event is truncation or rollback; a different one is a rewrite or a rollback)."""
    head = AuditEvent.objects.order_by("-seq").values("seq", "occurred_at").first()
    problems: list[CheckpointProblem] = []
    checked = 0
    previous: tuple[int, int] | None = None  # (line, seq) of the last good checkpoint
    batch: list[tuple[int, dict]] = []

    def flush() -> None:
        seqs = {cp["seq"] for _, cp in batch}
        found = {e["seq"]: e for e in AuditEvent.objects.filter(seq__in=seqs)
                 .values("seq", "hash", "occurred_at")}
        for number, cp in batch:
            problem = _compare(number, cp, found.get(cp["seq"]), head)
            if problem:
                problems.append(problem)
        batch.clear()

    for number, text in checkpoints.lines():
        if len(problems) >= max_problems:
            break
        cp = parse_checkpoint(text) if len(text) <= checkpoints.MAX_LINE else None
        if cp is None:
            problems.append(CheckpointProblem(number, "forged", (
                f"line {number}: not a checkpoint signed with a listed audit key "
                "(forged or damaged line)")))
            continue
        checked += 1
        if previous and cp["seq"] < previous[1]:
            problems.append(CheckpointProblem(number, "went_back", (
                f"line {number}: head #{cp['seq']} is behind #{previous[1]} on line "
                f"{previous[0]}: the chain was rolled back or truncated between them")))
        previous = (number, cp["seq"])
        batch.append((number, cp))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return CheckpointReport(checked=checked, head_seq=head["seq"] if head else 0,
                            problems=sorted(problems, key=lambda p: p.line)[:max_problems])


def history_of(object_type: str, object_id) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)))


def count_recent(*, actor_id, actions, since, cap: int) -> int:
    """How many of ``actions`` the actor performed since ``since``, counted only up to
    ``cap`` (a busy account's whole window is not read): uses the (actor, time) index."""
    return AuditEvent.objects.filter(actor_id=actor_id, action__in=list(actions),
                                     occurred_at__gte=since).order_by()[:cap].count()


def objects_acted_on(*, action: str, object_type: str, since) -> set[str]:
    """The ids of the objects of ``object_type`` that had ``action`` at or after
    ``since`` (the (action) and (time) indexes; a day's events, not the history)."""
    return set(AuditEvent.objects.filter(action=action, object_type=object_type,
                                         occurred_at__gte=since)
               .values_list("object_id", flat=True))
