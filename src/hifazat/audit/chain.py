"""Canonical serialisation and hashing of audit events, shared by writer and verifier."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

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
