"""Append-only in the database itself, on both databases.

PostgreSQL: row triggers (0002) do not fire on TRUNCATE, which would empty the table in
one statement; a statement-level BEFORE TRUNCATE trigger refuses it. SQLite: BEFORE
UPDATE and BEFORE DELETE triggers abort any raw SQL change of an audit row (the model
guard covers only the ORM). In production the application should also run as a role
with only SELECT and INSERT on the table (docs/security.md "Audit chain").
"""

from django.db import migrations

from hifazat.audit import triggers


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(triggers.PG_CREATE_TRUNCATE, params=None)
    elif vendor == "sqlite":
        for sql in triggers.SQLITE_CREATE:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(triggers.PG_DROP_TRUNCATE, params=None)
    elif vendor == "sqlite":
        for sql in triggers.SQLITE_DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_event_mac")]
    operations = [migrations.RunPython(forwards, backwards)]
