"""The keyed MAC: a database writer without the audit key cannot rewrite history, even
recomputing every SHA-256 with the project's own function; keys rotate."""

from __future__ import annotations

import importlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, models

from hifazat.audit import keys, triggers
from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.audit.selectors import verify_chain
from tests.audit.attacks import append_forged, rewrite_from

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


class LegacyEvent(AuditEvent):
    """The audit table through a plain manager, as a migration's historical model sees it."""

    objects = models.Manager()

    class Meta:
        proxy = True
        app_label = "audit"


def _write(n: int) -> list[AuditEvent]:
    return [audit.record(action="test.event", object_type="thing", object_id=i,
                         reason=f"reason {i}", details={"i": i}) for i in range(n)]


def test_each_event_carries_a_mac_under_the_newest_key():
    event = _write(1)[0]
    key_id, _ = keys.signing_key()
    assert event.key_id == key_id
    assert len(event.mac) == 64 and event.mac != event.hash


def test_rewrite_with_every_hash_recomputed_and_a_forged_event_is_named_at_event_k():
    _write(10)
    rewrite_from(5, reason="innocent")
    append_forged(mac="f" * 64, key_id=keys.signing_key()[0])
    assert AuditEvent.objects.count() == 11
    # The hash chain alone is consistent again: only the MAC gives it away.
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_seq == 5
    assert "MAC invalid" in report.problem
    with pytest.raises(CommandError, match="#5 "):
        call_command("audit_verify")


def test_a_forged_event_with_an_unknown_key_id_is_named():
    _write(3)
    append_forged(mac="0" * 64, key_id="attacker")
    report = verify_chain()
    assert (report.ok, report.first_broken_seq) == (False, 4)
    assert "'attacker' is not configured" in report.problem


def test_keys_rotate_new_events_use_the_newest_and_old_ones_still_verify(settings):
    old = keys.generate_key("a1")
    new = keys.generate_key("a2")
    settings.HIFAZAT_AUDIT_KEYS = old
    _write(2)
    settings.HIFAZAT_AUDIT_KEYS = f"{new},{old}"
    third = _write(1)[0]
    assert third.key_id == "a2"
    assert list(AuditEvent.objects.values_list("key_id", flat=True)) == ["a1", "a1", "a2"]
    assert verify_chain().ok
    settings.HIFAZAT_AUDIT_KEYS = new  # dropping a key events still need is reported
    report = verify_chain()
    assert (report.ok, report.first_broken_seq) == (False, 1)
    assert "'a1' is not configured" in report.problem


GOOD = "x:" + "A" * 44  # 32 zero bytes, base64


@pytest.mark.parametrize("value", ["", "nocolon", "a1:%%%", "a1:" + "QUFB", "bad id:QUFB",
                                   f"{GOOD},{GOOD}"])
def test_malformed_keys_are_refused_by_the_system_check(settings, value):
    settings.HIFAZAT_AUDIT_KEYS = value
    with pytest.raises(ImproperlyConfigured):
        keys.parse_keys(value)
    assert [e.id for e in keys.check_audit_keys()] == ["hifazat.E010"]


def test_the_system_check_passes_with_good_keys(settings):
    settings.HIFAZAT_AUDIT_KEYS = keys.generate_key("a2") + "," + keys.generate_key("a1")
    assert keys.check_audit_keys() == []


def _settings_in_subprocess(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"HIFAZAT_AUDIT_KEYS", "DATABASE_URL", "HIFAZAT_ENV"}}
    clean.update(HIFAZAT_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="hifazat.config.settings",
                 PYTHONPATH=str(REPO / "src"), **env)
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.HIFAZAT_AUDIT_KEYS.split(':')[0])")
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True,  # noqa: S603
                          text=True, check=False, cwd=str(tmp_path), timeout=120)


def test_dev_generates_a_key_once_into_var_readable_by_the_owner_only(tmp_path):
    first = _settings_in_subprocess(tmp_path)
    assert first.returncode == 0, first.stderr
    path = tmp_path / "audit_keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_text()
    keys.parse_keys(content)
    assert _settings_in_subprocess(tmp_path).returncode == 0
    assert path.read_text() == content  # generated once


def test_production_refuses_to_start_without_audit_keys(tmp_path):
    from cryptography.fernet import Fernet

    result = _settings_in_subprocess(
        tmp_path, HIFAZAT_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://u@127.0.0.1:1/none",
        HIFAZAT_FIELD_KEYS=Fernet.generate_key().decode())
    assert result.returncode != 0
    assert "HIFAZAT_AUDIT_KEYS must be set in production" in result.stderr
    assert not (tmp_path / "audit_keys").exists()


def test_the_migration_macs_legacy_events_only_as_far_as_the_chain_verifies():
    migration = importlib.import_module("hifazat.audit.migrations.0004_event_mac")
    events = _write(6)
    triggers.lift(connection)
    with connection.cursor() as cursor:  # events written before the MAC existed
        cursor.execute("UPDATE audit_auditevent SET key_id = '', mac = ''")
        # ... and one of them tampered with before the upgrade
        cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
                       [events[3].pk])
    triggers.restore(connection)

    class Historical:  # the migration's historical model: a plain manager
        @staticmethod
        def get_model(app, name):
            return LegacyEvent

    class Editor:
        connection = connection

        @staticmethod
        def execute(sql, params=None):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    triggers.lift(connection)  # 0005's triggers do not exist yet when 0004 runs
    migration.mac_existing(Historical, Editor)
    triggers.restore(connection)
    macs = list(AuditEvent.objects.values_list("seq", "mac"))
    assert all(mac for seq, mac in macs if seq < 4)
    assert not any(mac for seq, mac in macs if seq >= 4)
    report = verify_chain()
    assert (report.ok, report.first_broken_seq) == (False, 4)
    assert "content altered" in report.problem
