"""Encrypt what 0003 made encrypted columns but earlier versions stored in plain text:
every non-empty value that is not already a Fernet token, and every cyber-evidence file
that does not start with the encrypted-file magic. Idempotent (already encrypted values
and files are left alone); reversible (decrypts back)."""

from django.conf import settings
from django.db import migrations

from hifazat.core import crypto

COLUMNS = {
    "crisis_cells_survivorcase": ["disability_note"],
    "crisis_cells_consent": ["note"],
    "crisis_cells_medicalentry": ["description", "late_reason"],
    "crisis_cells_medicolegalexam": ["general_findings", "injuries_findings", "opinion"],
    "crisis_cells_evidenceitem": ["description"],
    "crisis_cells_chainofcustodyentry": ["note"],
    "crisis_cells_counsellingsession": ["notes"],
    "crisis_cells_legalguidance": ["notes"],
    "crisis_cells_followup": ["description", "outcome_note"],
    "crisis_cells_mediationsession": ["parties_present", "outcome"],
    "crisis_cells_cyberevidencefile": ["description"],
    "crisis_cells_casetransfer": ["reason", "decision_note"],
    "crisis_cells_closurerequest": ["note", "decision_note"],
}


def _rewrite_columns(connection, convert, needs) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, columns in COLUMNS.items():
            for column in columns:
                # Table and column names come from COLUMNS above, never from input.
                cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608  # nosec B608
                for pk, value in cursor.fetchall():
                    if value and needs(value):
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {quote(column)} = %s "  # noqa: S608  # nosec B608
                            "WHERE id = %s", [convert(value), pk])


def _evidence_paths(connection):
    from pathlib import Path

    root = Path(settings.CELL_PRIVATE_FILES_DIR)
    with connection.cursor() as cursor:
        cursor.execute("SELECT file FROM crisis_cells_cyberevidencefile WHERE file <> ''")
        for (name,) in cursor.fetchall():
            path = root / name
            if path.is_file():
                yield path


def _encrypted(path) -> bool:
    with open(path, "rb") as fh:
        return crypto.is_encrypted_file(fh)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    _rewrite_columns(connection, crypto.encrypt,
                     lambda v: not v.startswith(crypto.FERNET_PREFIX))
    for path in _evidence_paths(connection):
        if not _encrypted(path):
            with open(path, "rb") as fh:
                crypto.write_private_file(
                    path, crypto.encrypt_chunks(iter(lambda fh=fh: fh.read(65536), b"")))


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    _rewrite_columns(connection, crypto.decrypt,
                     lambda v: v.startswith(crypto.FERNET_PREFIX))
    for path in _evidence_paths(connection):
        if _encrypted(path):
            with open(path, "rb") as fh:
                crypto.write_private_file(path, crypto.decrypt_chunks(fh))


class Migration(migrations.Migration):
    dependencies = [("crisis_cells", "0003_encrypt_notes_and_files_at_rest")]

    operations = [migrations.RunPython(forwards, backwards)]
