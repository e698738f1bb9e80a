"""Data at rest (issue 11, item 4): clinical and psychosocial notes are ciphertext in the
database, cyber-evidence files are ciphertext on disk, both rotate with the field keys,
evidence files are downloaded only by who the policy allows (audited, as an
attachment), and the database and private files are readable by their owner only."""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils.functional import empty

from hifazat.audit.models import AuditEvent
from hifazat.core import clock, crypto
from hifazat.crisis_cells import services
from hifazat.crisis_cells.models import (
    CyberEvidenceFile,
    CyberHarassmentReport,
    MedicoLegalExam,
    private_storage,
)
from tests.factories import verified_client

pytestmark = pytest.mark.django_db

# Synthetic text that must never appear in a raw dump of the database.
SECRET = {
    "medical": "ZQX-medical-bruise-on-left-arm",
    "late": "ZQX-late-came-after-three-days",
    "findings": "ZQX-findings-conscious-oriented",
    "injuries": "ZQX-injuries-abrasion-forearm",
    "opinion": "ZQX-opinion-consistent-with-history",
    "counselling": "ZQX-counselling-nightmares-since",
    "legal": "ZQX-legal-advised-on-section-376",
    "follow_up": "ZQX-follow-up-hiv-test-result",
    "outcome": "ZQX-outcome-test-negative",
    "consent": "ZQX-consent-wants-female-doctor",
    "evidence": "ZQX-evidence-shirt-torn",
    "file": "ZQX-file-chat-with-harasser",
}


def _consent(cell, case, *uses, note=""):
    for use in uses:
        services.record_consent(user=cell["doctor"], case=case, use=use, is_given=True,
                                given_by="survivor", note=note)


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.CELL_PRIVATE_FILES_DIR = tmp_path / "private"
    private_storage._wrapped = empty  # the lazy storage re-reads the setting
    yield tmp_path / "private"
    private_storage._wrapped = empty


def _write_notes(cell, case):
    _consent(cell, case, "medical_examination", note=SECRET["consent"])
    services.record_medical_care(user=cell["doctor"], case=case, kind="injury",
                                 description=SECRET["medical"])
    services.record_medical_care(user=cell["doctor"], case=case, kind="pep",
                                 description="PEP", given_at=clock.now() - timedelta(hours=1),
                                 late_reason=SECRET["late"])
    services.record_medico_legal_exam(
        user=cell["wmlo"], case=case, examined_at=clock.now() - timedelta(hours=1),
        chaperone_name="Staff nurse", chaperone_role="nurse",
        general_findings=SECRET["findings"], injuries_findings=SECRET["injuries"],
        opinion=SECRET["opinion"])
    services.record_counselling_session(user=cell["counsellor"], case=case,
                                        duration_minutes=40, notes=SECRET["counselling"])
    services.record_legal_guidance(user=cell["legal"], case=case, rights_explained=True,
                                   notes=SECRET["legal"])
    follow_up = services.schedule_follow_up(
        user=cell["doctor"], case=case, kind="medical",
        due_on=clock.now().date() + timedelta(days=7), description=SECRET["follow_up"])
    services.complete_follow_up(user=cell["doctor"], follow_up=follow_up,
                                outcome_note=SECRET["outcome"])
    _consent(cell, case, "forensic_samples")
    services.collect_evidence(user=cell["doctor"], case=case, kind="clothing",
                              description=SECRET["evidence"])


def _raw_dump() -> str:
    """Every row of every crisis-cell table, as a raw SQL read would see it."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith("crisis_cells_"):
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                out.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(out)


def test_notes_written_through_the_services_are_ciphertext_in_the_database(cell, opened):
    _write_notes(cell, opened)
    dump = _raw_dump()
    for name, text in SECRET.items():
        assert text not in dump, name
    # ... and read back as written.
    exam = MedicoLegalExam.objects.get(case=opened)
    assert (exam.general_findings, exam.opinion) == (SECRET["findings"], SECRET["opinion"])
    assert opened.follow_ups.get().outcome_note == SECRET["outcome"]


def test_mediation_notes_are_ciphertext_in_the_database(cell):
    case = services.open_case(user=cell["vawc_counsellor"], arrival_route="walk_in", sex="F",
                              age=31)
    services.record_mediation_session(user=cell["vawc_counsellor"], case=case,
                                      parties_present="ZQX-parties-husband-and-mother",
                                      outcome="ZQX-mediation-agreed-to-separate")
    dump = _raw_dump()
    assert "ZQX-parties" not in dump and "ZQX-mediation" not in dump


def test_rotation_re_encrypts_the_notes_and_the_evidence_files(cell, opened, settings,
                                                                private_dir):
    old = settings.HIFAZAT_FIELD_KEYS  # the key(s) everything so far was written with
    _write_notes(cell, opened)
    evidence = _attach(cell, opened, b"%PDF-1.4 " + SECRET["file"].encode())
    before = Path(evidence.file.path).read_bytes()

    new = crypto.generate_key()
    settings.HIFAZAT_FIELD_KEYS = f"{new},{old}"
    call_command("rotate_field_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Path(evidence.file.path).read_bytes() != before

    settings.HIFAZAT_FIELD_KEYS = new  # the old key is dropped
    exam = MedicoLegalExam.objects.get(case=opened)
    assert exam.injuries_findings == SECRET["injuries"]
    assert opened.counselling_sessions.get().notes == SECRET["counselling"]
    evidence = CyberEvidenceFile.objects.get(pk=evidence.pk)
    assert services.verify_cyber_evidence(evidence)
    assert oct(Path(evidence.file.path).stat().st_mode & 0o777) == "0o600"


def test_the_data_migration_encrypts_rows_and_files_stored_in_plain_text(cell, opened,
                                                                         private_dir):
    migration = importlib.import_module(
        "hifazat.crisis_cells.migrations.0004_encrypt_existing_rows_and_files")
    services.record_counselling_session(user=cell["counsellor"], case=opened,
                                        duration_minutes=30, notes="placeholder")
    evidence = _attach(cell, opened, b"%PDF-1.4 legacy")
    path = Path(evidence.file.path)
    legacy = b"%PDF-1.4 " + SECRET["file"].encode()
    path.write_bytes(legacy)  # as stored before files were encrypted
    with connection.cursor() as cursor:  # as stored before notes were encrypted
        cursor.execute("UPDATE crisis_cells_counsellingsession SET notes = %s",
                       [SECRET["counselling"]])

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.forwards(None, editor)
    migration.forwards(None, editor)  # idempotent

    assert SECRET["counselling"] not in _raw_dump()
    assert opened.counselling_sessions.get().notes == SECRET["counselling"]
    assert SECRET["file"].encode() not in path.read_bytes()
    assert b"".join(services.cyber_evidence_chunks(evidence)) == legacy


# --- evidence files ------------------------------------------------------------------

def _report(cell, case):
    return services.record_cyber_harassment(user=cell["counsellor"], case=case,
                                            platform="whatsapp", account_identifiers="@x")


def _attach(cell, case, content: bytes, name="chat.pdf"):
    report = CyberHarassmentReport.objects.filter(case=case).first() or _report(cell, case)
    return services.attach_cyber_evidence(
        user=cell["counsellor"], report=report, description=SECRET["file"],
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/pdf"))


def test_evidence_bytes_on_disk_do_not_contain_the_original(cell, opened, private_dir):
    # Larger than one frame, so the file is streamed in several.
    content = b"%PDF-1.4\n" + (SECRET["file"].encode() + b"\n") * 20000
    evidence = _attach(cell, opened, content)
    on_disk = Path(evidence.file.path).read_bytes()
    assert SECRET["file"].encode() not in on_disk and b"%PDF" not in on_disk
    assert on_disk.startswith(crypto.FILE_MAGIC)
    # The row keeps the SHA-256 and size of the original, not of the ciphertext.
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.size == len(content)
    assert b"".join(services.cyber_evidence_chunks(evidence)) == content
    assert services.verify_cyber_evidence(evidence)


def test_a_truncated_or_reordered_evidence_file_does_not_verify(cell, opened, private_dir):
    content = b"%PDF-1.4\n" + os.urandom(3 * crypto.FILE_CHUNK)
    evidence = _attach(cell, opened, content)
    path = Path(evidence.file.path)
    whole = path.read_bytes()
    frames = list(crypto._tokens(io.BytesIO(whole)))
    assert len(frames) == 4

    def framed(tokens):
        return crypto.FILE_MAGIC + b"".join(crypto._frame(t) for t in tokens)

    for damaged in (framed(frames[:-1]), framed([frames[1], frames[0], *frames[2:]]),
                    framed(frames[:2] + frames[3:]), whole[:-10]):
        path.write_bytes(damaged)
        assert not services.verify_cyber_evidence(evidence)
    path.write_bytes(whole)
    assert services.verify_cyber_evidence(evidence)


def test_evidence_files_and_their_folders_are_private(cell, opened, private_dir):
    old_umask = os.umask(0o022)
    try:
        evidence = _attach(cell, opened, b"%PDF-1.4 private")
    finally:
        os.umask(old_umask)
    path = Path(evidence.file.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder = path.parent
    while folder != private_dir.parent:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent


# --- the download --------------------------------------------------------------------

def _download_url(case, evidence):
    return reverse("crisis_cells:cyber_file_download", args=[case.code, evidence.pk])


def test_the_in_charge_downloads_the_original_as_an_attachment_audited(client, cell, opened,
                                                                       private_dir):
    content = b"%PDF-1.4\n" + os.urandom(2 * crypto.FILE_CHUNK + 7)
    evidence = _attach(cell, opened, content)
    response = verified_client(client, cell["incharge"]).get(_download_url(opened, evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{opened.code}-evidence-{evidence.pk}.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(content))
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    event = AuditEvent.objects.get(action="crisis_cells.evidence_downloaded")
    assert event.actor_id == cell["incharge"].pk and event.case_reference == opened.code
    assert event.object_id == str(evidence.pk) and event.purpose == "care"
    assert event.details == {"sha256": evidence.sha256, "size": len(content)}


def test_the_legal_adviser_and_the_assigned_staff_member_may_download(client, cell, opened,
                                                                      private_dir):
    evidence = _attach(cell, opened, b"%PDF-1.4 x")
    url = _download_url(opened, evidence)
    assert verified_client(client, cell["legal"]).get(url).status_code == 200
    client.logout()
    assert verified_client(client, cell["counsellor"]).get(url).status_code == 404
    opened.assigned_to = cell["counsellor"]
    opened.save(update_fields=["assigned_to"])
    assert verified_client(client, cell["counsellor"]).get(url).status_code == 200


@pytest.mark.parametrize("who", ["wmlo", "counsellor", "other_incharge", "other_doctor",
                                 "vawc_incharge", "police", "prosecutor", "cell_admin",
                                 "sysadmin"])
def test_everyone_else_is_refused_and_nothing_is_audited_as_downloaded(client, cell, opened,
                                                                       private_dir, who):
    evidence = _attach(cell, opened, b"%PDF-1.4 x")
    assert opened.assigned_to_id == cell["doctor"].pk  # who opened it: may download
    response = verified_client(client, cell[who]).get(_download_url(opened, evidence))
    assert response.status_code in {403, 404}
    if who in {"wmlo", "counsellor", "other_incharge", "vawc_incharge"}:
        assert response.status_code == 404  # cell staff elsewhere: the same 404 as missing
    assert not AuditEvent.objects.filter(action="crisis_cells.evidence_downloaded").exists()


def test_a_file_of_another_case_is_not_found_under_this_case(client, cell, opened,
                                                             private_dir):
    evidence = _attach(cell, opened, b"%PDF-1.4 x")
    other = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=30)
    c = verified_client(client, cell["incharge"])
    assert c.get(_download_url(other, evidence)).status_code == 404
    assert c.get(reverse("crisis_cells:cyber_file_download",
                         args=[opened.code, evidence.pk + 1000])).status_code == 404


def test_the_download_link_is_shown_only_to_who_may_download(client, cell, opened,
                                                             private_dir):
    evidence = _attach(cell, opened, b"%PDF-1.4 x")
    url = _download_url(opened, evidence)
    page = reverse("crisis_cells:cyber", args=[opened.code])
    assert url in verified_client(client, cell["incharge"]).get(page).content.decode()
    client.logout()
    assert url not in verified_client(client, cell["counsellor"]).get(page).content.decode()


# --- var/ and the SQLite file ----------------------------------------------------------

def test_the_sqlite_file_and_its_wal_are_made_private_at_connect(tmp_path):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "dev.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").touch(mode=0o644)
        os.chmod(f"{path}{suffix}", 0o644)
    wrapper = DatabaseWrapper({
        "NAME": str(path), "ENGINE": "django.db.backends.sqlite3", "USER": "", "HOST": "",
        "PASSWORD": "", "PORT": "", "OPTIONS": {}, "TIME_ZONE": None, "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
        "TEST": {}})
    try:
        wrapper.ensure_connection()
    finally:
        wrapper.close()
    for suffix in ("", "-wal", "-shm"):
        assert stat.S_IMODE(os.stat(f"{path}{suffix}").st_mode) == 0o600, suffix


def test_dev_settings_make_var_and_the_database_private(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items()
           if k not in {"HIFAZAT_SQLITE_PATH", "DATABASE_URL", "HIFAZAT_FIELD_KEYS"}}
    env.update(HIFAZAT_ENV="dev", HIFAZAT_VAR_DIR=str(var),
               DJANGO_SETTINGS_MODULE="hifazat.config.settings")
    code = ("import os; os.umask(0o022); import django; django.setup(); "
            "from django.db import connection; connection.ensure_connection(); "
            "connection.cursor().execute('CREATE TABLE t (x)'); connection.close()")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,  # noqa: S603
                            text=True, check=False, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    assert stat.S_IMODE((var / "hifazat.sqlite3").stat().st_mode) == 0o600
    for name in ("secret_key", "field_keys"):
        assert stat.S_IMODE((var / name).stat().st_mode) == 0o600
