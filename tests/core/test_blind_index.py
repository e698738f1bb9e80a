"""Keyed blind indexes (core.blind_index): normalisation, keyed HMAC (not a plain hash),
domain separation, key parsing, rotation of the stored indexes and the system check."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hifazat.core import blind_index, validation

CNIC = "3520212345678"  # synthetic
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("written", [
    "3520212345678", "35202-1234567-8", "35202 1234567 8", " 35202-1234567-8 ",
    "۳۵۲۰۲-۱۲۳۴۵۶۷-۸",  # typed on an Urdu keyboard
])
def test_a_cnic_however_written_normalises_to_its_13_digits(written):
    assert blind_index.normalise("cnic", written) == CNIC


@pytest.mark.parametrize("garbage", [
    "", None, "35202-1234567", "352021234567899", "3520212345678x", "abcde-fghijkl-m",
    "35202--1234567-8",
])
def test_anything_else_is_not_a_cnic_and_gets_no_index(garbage):
    assert blind_index.normalise("cnic", garbage) is None
    assert blind_index.blind_index("cnic", garbage) is None
    assert blind_index.lookup_values("cnic", garbage) == []


@pytest.mark.parametrize("written", [
    "03001234567", "0300 1234567", "0300-1234567", "+92 300-1234567", "+923001234567",
    "0092 300 1234567", "00923001234567", "300 1234567", "3001234567", "923001234567",
    "+92 (0)300 1234567", "(0300) 123-4567", "۰۳۰۰ ۱۲۳۴۵۶۷",
])
def test_a_pakistani_mobile_however_written_is_one_number(written):
    assert validation.phone_e164(written) == "923001234567"


@pytest.mark.parametrize("written, expected", [
    ("042 35712345", "924235712345"),      # Lahore landline
    ("+92 42 3571 2345", "924235712345"),
    ("051-2345678", "92512345678"),        # Islamabad
    ("0922 123456", "92922123456"),        # Kohat: a three-digit area code
    ("021 111 123 456", "9221111123456"),  # a UAN
    ("+44 20 7946 0958", "442079460958"),  # abroad: its own country code
    ("0044 20 7946 0958", "442079460958"),
])
def test_landlines_and_foreign_numbers(written, expected):
    assert validation.phone_e164(written) == expected


@pytest.mark.parametrize("garbage", [
    "hello", "0300-CALL-NOW", "12345", "0000000000", "+92 123", "+0044 1234567",
    "01234567890", "+92 300 12345678901", "0300 12345", "+",
])
def test_garbage_is_not_a_phone_and_gets_no_index(garbage):
    with pytest.raises(validation.Invalid):
        validation.phone_e164(garbage)
    assert blind_index.normalise("phone", garbage) is None
    assert blind_index.blind_index("phone", garbage) is None


def test_equal_numbers_written_differently_have_one_index():
    assert blind_index.blind_index("phone", "0300 1234567") == \
        blind_index.blind_index("phone", "+92 300-1234567")
    assert blind_index.blind_index("cnic", "35202-1234567-8") == \
        blind_index.blind_index("cnic", CNIC)


def test_the_index_is_keyed_not_a_plain_hash(settings):
    settings.HIFAZAT_BLIND_INDEX_KEYS = blind_index.generate_key()
    stored = blind_index.blind_index("cnic", CNIC)
    assert len(stored) == blind_index.DIGEST_CHARS
    assert int(stored, 16) >= 0  # hex
    for plain in (CNIC, "35202-1234567-8", "cnic\n" + CNIC):
        for algo in (hashlib.sha256, hashlib.sha1, hashlib.md5):
            assert algo(plain.encode()).hexdigest()[:blind_index.DIGEST_CHARS] != stored
    assert CNIC not in stored
    settings.HIFAZAT_BLIND_INDEX_KEYS = blind_index.generate_key()
    assert blind_index.blind_index("cnic", CNIC) != stored  # another key, another index


def test_kinds_are_domain_separated():
    # The same digits as a CNIC and as a phone (a 13-digit UAN) never share an index.
    digits = "9221111123456"
    assert blind_index.normalise("cnic", digits) == digits
    assert blind_index.normalise("phone", "+" + digits) == digits
    assert blind_index.blind_index("cnic", digits) != blind_index.blind_index("phone",
                                                                              "+" + digits)


def test_a_lookup_tries_every_configured_key_newest_first(settings):
    old, new = blind_index.generate_key(), blind_index.generate_key()
    settings.HIFAZAT_BLIND_INDEX_KEYS = old
    under_old = blind_index.blind_index("cnic", CNIC)
    settings.HIFAZAT_BLIND_INDEX_KEYS = f"{new},{old}"
    under_new = blind_index.blind_index("cnic", CNIC)
    assert under_new != under_old
    assert blind_index.lookup_values("cnic", CNIC) == [under_new, under_old]


def test_bad_key_configuration_is_refused(settings):
    for bad in ("", " , ", "not base64!", "c2hvcnQ="):  # the last: 5 bytes
        with pytest.raises(ImproperlyConfigured):
            blind_index.parse_keys(bad)
        settings.HIFAZAT_BLIND_INDEX_KEYS = bad
        assert [e.id for e in blind_index.check_blind_index_keys()] == ["hifazat.E002"]
    settings.HIFAZAT_BLIND_INDEX_KEYS = blind_index.generate_key()
    assert blind_index.check_blind_index_keys() == []


def _settings_in_subprocess(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"HIFAZAT_BLIND_INDEX_KEYS", "HIFAZAT_FIELD_KEYS", "DATABASE_URL",
                          "HIFAZAT_ENV"}}
    clean.update(HIFAZAT_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="hifazat.config.settings",
                 PYTHONPATH=str(REPO / "src"), **env)
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.HIFAZAT_BLIND_INDEX_KEYS); print(settings.HIFAZAT_FIELD_KEYS)")
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True,  # noqa: S603
                          text=True, check=False, cwd=str(tmp_path), timeout=120)


def test_production_refuses_to_start_without_blind_index_keys(tmp_path):
    from cryptography.fernet import Fernet

    result = _settings_in_subprocess(
        tmp_path, HIFAZAT_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://u@127.0.0.1:1/none",
        HIFAZAT_FIELD_KEYS=Fernet.generate_key().decode(),
        HIFAZAT_AUDIT_KEYS="a1:" + base64.urlsafe_b64encode(os.urandom(32)).decode())
    assert result.returncode != 0
    assert "HIFAZAT_BLIND_INDEX_KEYS must be set in production" in result.stderr
    assert not (tmp_path / "blind_index_keys").exists()


def test_dev_generates_its_own_key_once_readable_by_the_owner_only(tmp_path):
    runs = [_settings_in_subprocess(tmp_path) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout  # generated once
    bidx_key, field_key = runs[0].stdout.split()
    assert bidx_key != field_key and len(blind_index.parse_keys(bidx_key)[0]) == 32
    assert stat.S_IMODE((tmp_path / "blind_index_keys").stat().st_mode) == 0o600
