"""Field-level encryption: ciphertext only in the database, key rotation, bad keys."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from hifazat.core import crypto


def test_round_trip_and_random_tokens():
    a, b = crypto.encrypt("Zainab Bibi"), crypto.encrypt("Zainab Bibi")
    assert a != b and a.startswith(crypto.FERNET_PREFIX)
    assert "Zainab" not in a
    assert crypto.decrypt(a) == "Zainab Bibi"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_bad_key_configuration_is_refused():
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keys("")
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keys("not-a-key")
    assert crypto.parse_keys(f" {crypto.generate_key()} ,, ") != []


def test_token_from_unknown_key_cannot_be_read(settings):
    token = crypto.encrypt("secret")
    settings.HIFAZAT_FIELD_KEYS = crypto.generate_key()
    with pytest.raises(crypto.FieldDecryptionError) as exc:
        crypto.decrypt(token)
    assert "secret" not in str(exc.value)


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_database_holds_ciphertext_only_and_rotation_moves_to_newest_key(settings, places):
    from hifazat.crisis_cells.models import SurvivorIdentity
    from tests.crisis_cells.helpers import open_test_case

    old = crypto.generate_key()
    settings.HIFAZAT_FIELD_KEYS = old
    case = open_test_case(places)
    identity = SurvivorIdentity.objects.create(case=case, name="Shazia Parveen",
                                               cnic="3520212345678", phone="03001234567",
                                               address="House 5, Street 9")
    raw = _raw("crisis_cells_survivoridentity", "name", identity.pk)
    assert raw.startswith(crypto.FERNET_PREFIX) and "Shazia" not in raw
    for column in ("cnic", "phone", "address"):
        value = _raw("crisis_cells_survivoridentity", column, identity.pk)
        assert value.startswith(crypto.FERNET_PREFIX)
        assert "3520212345678" not in value and "0300" not in value

    new = crypto.generate_key()
    settings.HIFAZAT_FIELD_KEYS = f"{new},{old}"
    assert SurvivorIdentity.objects.get(pk=identity.pk).name == "Shazia Parveen"
    call_command("rotate_field_keys")
    rotated = _raw("crisis_cells_survivoridentity", "name", identity.pk)
    assert rotated != raw

    settings.HIFAZAT_FIELD_KEYS = new  # the old key can now be dropped
    again = SurvivorIdentity.objects.get(pk=identity.pk)
    assert (again.name, again.cnic) == ("Shazia Parveen", "3520212345678")


def test_production_refuses_to_start_without_field_keys(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "HIFAZAT_FIELD_KEYS"}
    env.update(HIFAZAT_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org",
               DATABASE_URL="postgres://u@127.0.0.1:1/none", HIFAZAT_VAR_DIR=str(tmp_path),
               DJANGO_SETTINGS_MODULE="hifazat.config.settings")
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,  # noqa: S603
                            text=True, check=False, cwd=str(tmp_path))
    assert result.returncode != 0
    assert "HIFAZAT_FIELD_KEYS must be set in production" in result.stderr
    assert not (tmp_path / "field_keys").exists()


def test_system_check_refuses_malformed_keys(settings):
    settings.HIFAZAT_FIELD_KEYS = "not-a-key"
    assert [e.id for e in crypto.check_field_keys()] == ["hifazat.E001"]
    settings.HIFAZAT_FIELD_KEYS = crypto.generate_key()
    assert crypto.check_field_keys() == []
