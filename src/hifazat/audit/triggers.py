"""The database-side guards of the audit table, and the one way to lift them.

PostgreSQL: a row trigger refuses UPDATE and DELETE (migration 0002) and a statement
trigger refuses TRUNCATE (0005). SQLite: BEFORE UPDATE / BEFORE DELETE triggers abort
(0005). Lifting them needs ownership of the table (PostgreSQL) or of the database file
(SQLite) — powers that could drop them anyway — and is used only to empty a whole
database (``manage.py flush``, transactional tests).
"""

from __future__ import annotations

TABLE = "audit_auditevent"

SQLITE_CREATE = (
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE refused)'); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
)
PG_CREATE_TRUNCATE = f"""
DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""
PG_DROP_TRUNCATE = f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE};"


def _table_exists(connection) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def lift(connection) -> None:
    """Disable the guards in the current transaction (call ``restore`` before commit)."""
    if not _table_exists(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)


def restore(connection) -> None:
    if not _table_exists(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for sql in SQLITE_CREATE:
                cursor.execute(sql)
