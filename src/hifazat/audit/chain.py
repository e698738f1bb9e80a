"""Canonical serialisation, hashing and keyed MACs of audit events and checkpoints,
shared by writer and verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from hifazat.audit.keys import mac

# Fields covered by the hash, in a fixed order. Adding a field is a chain-format change.
HASHED_FIELDS = (
    "seq", "occurred_at", "actor_id", "actor_username", "agency_code", "role", "action",
    "object_type", "object_id", "purpose", "reason", "case_reference", "details",
    "request_id", "ip_address", "prev_hash",
)


def _normalise(name: str, value):
    if name == "occurred_at":
        if not isinstance(value, datetime):
            raise TypeError("occurred_at must be a datetime")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical_bytes(values: dict) -> bytes:
    """UTF-8 JSON of the hashed fields with sorted keys and no whitespace."""
    payload = {name: _normalise(name, values.get(name)) for name in HASHED_FIELDS}
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def event_hash(values: dict) -> str:
    return hashlib.sha256(canonical_bytes(values)).hexdigest()


# Domain separation for the keyed MACs (audit/keys.py): an event's MAC is over its hash
# (which covers every field and the link to the previous event), a checkpoint's over
# its canonical line.
EVENT_MAC_PURPOSE = b"hifazat-audit-event-v1"
CHECKPOINT_MAC_PURPOSE = b"hifazat-audit-checkpoint-v1"
CHECKPOINT_FIELDS = ("seq", "hash", "at", "key_id")


def event_mac(hash_hex: str, *, key_id: str, key: bytes) -> str:
    """The keyed MAC stored beside ``hash``; the key id is bound in, so an event cannot
    be re-labelled with another listed key."""
    return mac(key, EVENT_MAC_PURPOSE, f"{key_id}:{hash_hex}".encode("ascii"))


def checkpoint_bytes(values: dict) -> bytes:
    """UTF-8 JSON of a checkpoint's signed fields (sorted keys, no whitespace)."""
    payload = {name: values.get(name) for name in CHECKPOINT_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")


def checkpoint_mac(values: dict, *, key: bytes) -> str:
    return mac(key, CHECKPOINT_MAC_PURPOSE, checkpoint_bytes(values))
