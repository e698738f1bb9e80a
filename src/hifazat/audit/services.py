"""The one way to write the audit log.

``record(...)`` appends an event in the caller's transaction: if the change it records
rolls back, so does the event; if the event cannot be written, the change fails.
Writers are serialised on the chain head (an advisory transaction lock on PostgreSQL,
an IMMEDIATE transaction on SQLite) and the unique ``seq``/``prev_hash`` columns make a
fork impossible even if that lock were bypassed.
"""

from __future__ import annotations

import json
from datetime import UTC

from django.db import connection, transaction

from hifazat.audit import checkpoints, keys
from hifazat.audit.chain import checkpoint_mac, event_hash, event_mac
from hifazat.audit.models import GENESIS_HASH, AuditEvent, Purpose
from hifazat.core import clock
from hifazat.core.middleware import current_request

# Arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
_PG_CHAIN_LOCK_KEY = 0x48_49_46_41  # "HIFA"
MAX_REASON = 500


def _lock_chain_head() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK_KEY])


def _actor_fields(actor) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_username": getattr(actor, "username", "") or ""}
    agency = getattr(actor, "agency", None)
    return {
        "actor_id": actor.pk,
        "actor_username": actor.get_username(),
        "agency_code": getattr(agency, "code", "") if agency else "",
    }


def _request_fields(request) -> dict:
    if request is None:
        return {"request_id": "", "ip_address": ""}
    return {
        "request_id": getattr(request, "request_id", "") or "",
        "ip_address": str(request.META.get("REMOTE_ADDR") or "")[:45],
    }


def record(
    *,
    action: str,
    actor=None,
    role: str = "",
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    reason: str = "",
    case_reference: str = "",
    details: dict | None = None,
    request=None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    ``details`` must be JSON-serialisable and must never carry a survivor's identity.
    The request (for request id and IP) defaults to the request being served.
    """
    if purpose not in Purpose.values:
        raise ValueError(f"unknown audit purpose {purpose!r}")
    details = json.loads(json.dumps(details or {}, sort_keys=True, default=str))
    values = {
        "action": action[:64],
        "role": role[:32],
        "object_type": object_type[:64],
        "object_id": str(object_id)[:64],
        "purpose": purpose,
        "reason": reason[:MAX_REASON],
        "case_reference": case_reference[:100],
        "details": details,
        "agency_code": "",
        **_actor_fields(actor),
        **_request_fields(request if request is not None else current_request()),
    }
    with transaction.atomic():
        _lock_chain_head()
        head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        values["seq"] = (head["seq"] + 1) if head else 1
        values["prev_hash"] = head["hash"] if head else GENESIS_HASH
        # Stored with microsecond precision on both databases; hash the stored value.
        values["occurred_at"] = clock.now().astimezone(UTC).replace(tzinfo=UTC)
        values["hash"] = event_hash(values)
        key_id, key = keys.signing_key()
        values["key_id"] = key_id
        values["mac"] = event_mac(values["hash"], key_id=key_id, key=key)
        return AuditEvent.objects.create(**values)


def write_checkpoint() -> dict:
    """Append a signed checkpoint of the chain head (``seq``, ``hash``, time, key id,
    MAC) to AUDIT_CHECKPOINT_FILE, outside the database, and return it. The head is the
    newest committed event (``seq`` 0 and the genesis hash while the chain is empty).

    Called by ``manage.py audit_checkpoint`` and by the periodic job every
    AUDIT_CHECKPOINT_MINUTES; ``audit_verify --checkpoints`` checks every line written
    against the chain, so truncation, rewrite and rollback show."""
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    key_id, key = keys.signing_key()
    values = {
        "seq": head["seq"] if head else 0,
        "hash": head["hash"] if head else GENESIS_HASH,
        "at": clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "key_id": key_id,
    }
    values["mac"] = checkpoint_mac(values, key=key)
    checkpoints.append(values)
    return values


def transition(obj, *, lifecycle, to: str, actor, action: str, object_type: str,
               purpose: str = "", case_reference: str = "", reason: str = "",
               details: dict | None = None, extra: dict | None = None):
    """Move ``obj`` to status ``to`` as its declared ``lifecycle`` allows (the one way a
    status changes). The row is re-read under lock, checked against the table
    (``IllegalTransition`` names the current and requested state), saved with
    ``extra`` field values, and the audit event ``action`` (with ``from``/``to``) is
    written in the same transaction. Returns the saved row."""
    with transaction.atomic():
        model = type(obj)
        locked = model.objects.select_for_update().get(pk=obj.pk)
        current = str(getattr(locked, lifecycle.field))
        lifecycle.check(current, to)
        setattr(locked, lifecycle.field, to)
        for name, value in (extra or {}).items():
            setattr(locked, name, value)
        locked.save(update_fields=[lifecycle.field, *(extra or {})])
        record(action=action, actor=actor, object_type=object_type, object_id=locked.pk,
               purpose=purpose, case_reference=case_reference, reason=reason,
               details={**(details or {}), "from": current, "to": str(to)})
        return locked
