"""The database itself refuses to change the audit table: UPDATE and DELETE on both
databases, TRUNCATE on PostgreSQL; and the application runs under a role that holds only
SELECT and INSERT on it."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.audit.selectors import verify_chain

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")


def _refused(sql: str, params=None, match: str = "append-only") -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def test_raw_update_and_delete_are_refused_by_the_database():
    event = audit.record(action="test.event", reason="original")
    _refused("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    _refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).reason == "original"
    assert verify_chain().ok


@on_postgres
def test_truncate_is_refused_on_postgresql():
    audit.record(action="test.event")
    _refused("TRUNCATE audit_auditevent")
    _refused("TRUNCATE audit_auditevent CASCADE")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_database_and_puts_the_guards_back():
    audit.record(action="test.event")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    event = audit.record(action="test.event", reason="after flush")
    _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        _refused("TRUNCATE audit_auditevent")


@on_postgres
def test_the_application_role_with_only_select_and_insert_can_record_but_not_rewrite():
    """docs/security.md: the migration role owns the audit table; the application role
    is granted SELECT and INSERT on it (and USAGE of its id sequence), nothing more."""
    role = f"hifazat_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        cursor.execute(f'GRANT SELECT, INSERT ON audit_auditevent TO "{role}"')
        cursor.execute(f'GRANT USAGE ON SEQUENCE audit_auditevent_id_seq TO "{role}"')
        cursor.execute(f'SET ROLE "{role}"')
    try:
        event = audit.record(action="test.as_app_role", reason="written by the app role")
        assert event.seq == 1
        for sql in ("UPDATE audit_auditevent SET reason = 'x'",
                    "DELETE FROM audit_auditevent",
                    "TRUNCATE audit_auditevent",
                    "ALTER TABLE audit_auditevent DISABLE TRIGGER USER"):
            _refused(sql, match="permission denied|must be owner")
        assert verify_chain().ok
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.get().reason == "written by the app role"
