"""What an attacker who owns the database does to the audit table (raw SQL, triggers
lifted), shared by the tamper-evidence tests."""

from __future__ import annotations

from django.db import connection

from hifazat.audit import triggers
from hifazat.audit.chain import event_hash, event_mac
from hifazat.audit.models import AuditEvent


def raw(sql: str, params: list | None = None) -> None:
    triggers.lift(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
    triggers.restore(connection)


def values_of(event: AuditEvent) -> dict:
    return {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}


def rewrite_from(k: int, *, reason: str, remac_with: tuple[str, bytes] | None = None) -> None:
    """The attack of issue 11: change event k, recompute every later SHA-256 with the
    project's own ``event_hash`` (re-MACing only if the attacker holds a key)."""
    triggers.lift(connection)
    prev = AuditEvent.objects.get(seq=k - 1).hash if k > 1 else "0" * 64
    for event in AuditEvent.objects.filter(seq__gte=k).order_by("seq"):
        values = values_of(event)
        if event.seq == k:
            values["reason"] = reason
        values["prev_hash"] = prev
        new_hash = event_hash(values)
        key_id, mac = event.key_id, event.mac
        if remac_with:
            key_id, mac = remac_with[0], event_mac(new_hash, key_id=remac_with[0],
                                                   key=remac_with[1])
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET reason = %s, prev_hash = %s, hash = %s, "
                "key_id = %s, mac = %s WHERE id = %s",
                [values["reason"], prev, new_hash, key_id, mac, event.pk])
        prev = new_hash
    triggers.restore(connection)


def append_forged(*, mac: str, key_id: str) -> None:
    head = AuditEvent.objects.order_by("-seq").first()
    values = {**values_of(head), "seq": head.seq + 1, "prev_hash": head.hash,
              "action": "test.forged", "reason": "nothing to see"}
    forged_hash = event_hash(values)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (seq, occurred_at, actor_id, actor_username, "
            "agency_code, role, action, object_type, object_id, purpose, reason, "
            "case_reference, details, request_id, ip_address, prev_hash, hash, key_id, mac) "
            "VALUES (%s, %s, NULL, '', '', '', %s, %s, %s, '', %s, '', %s, '', '', %s, %s, "
            "%s, %s)",
            [values["seq"], head.occurred_at, values["action"], head.object_type,
             head.object_id, values["reason"],
             AuditEvent._meta.get_field("details").get_db_prep_value(head.details, connection),
             head.hash, forged_hash, key_id, mac])


