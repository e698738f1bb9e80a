"""The audit chain's MAC keys, kept outside the database.

Keys come from ``settings.HIFAZAT_AUDIT_KEYS`` (environment variable of the same name):
comma-separated ``id:base64`` entries, newest first, e.g. ``a2:9Vx…,a1:Qm3…``. New events
and checkpoints are MACed with the newest key and carry its id; verification accepts
any listed key by its id, so a new key is put in front and the old one kept behind it
for as long as events or checkpoints made with it must verify. In development a key is
generated once into ``var/audit_keys`` (0600); production refuses to start without one.

Security: someone who can write the database but does not hold a key cannot produce a
valid MAC, so rewriting an event (even recomputing every SHA-256 after it) or forging
one is detected by ``audit_verify``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
MIN_KEY_BYTES = 32


def generate_key(key_id: str) -> str:
    """A new ``id:base64`` entry for HIFAZAT_AUDIT_KEYS (256 random bits)."""
    if not KEY_ID.match(key_id):
        raise ValueError("a key id is 1 to 32 letters, digits, '.', '-' or '_'")
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode('ascii')}"


def parse_keys(value: str | list | tuple) -> list[tuple[str, bytes]]:
    """``[(key_id, key_bytes), ...]`` newest first; each entry validated, ids unique."""
    entries = [e.strip() for e in (value.split(",") if isinstance(value, str) else value)]
    entries = [e for e in entries if e]
    if not entries:
        raise ImproperlyConfigured("HIFAZAT_AUDIT_KEYS holds no key")
    keys: list[tuple[str, bytes]] = []
    for entry in entries:
        key_id, sep, encoded = entry.partition(":")
        if not sep or not KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "HIFAZAT_AUDIT_KEYS: each entry is 'id:base64' (id of 1-32 letters, digits, "
                "'.', '-' or '_')")
        try:
            raw = base64.urlsafe_b64decode(encoded.encode("ascii"))
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(
                f"HIFAZAT_AUDIT_KEYS: key {key_id!r} is not valid base64") from exc
        if len(raw) < MIN_KEY_BYTES:
            raise ImproperlyConfigured(
                f"HIFAZAT_AUDIT_KEYS: key {key_id!r} must hold at least {MIN_KEY_BYTES} bytes")
        if any(key_id == seen for seen, _ in keys):
            raise ImproperlyConfigured(f"HIFAZAT_AUDIT_KEYS: key id {key_id!r} is listed twice")
        keys.append((key_id, raw))
    return keys


@functools.lru_cache(maxsize=8)
def _parsed(value: str) -> tuple[tuple[str, bytes], ...]:
    return tuple(parse_keys(value))


def _configured() -> tuple[tuple[str, bytes], ...]:
    # Re-read each call (cached per value) so tests can override the setting.
    return _parsed(str(settings.HIFAZAT_AUDIT_KEYS))


def signing_key() -> tuple[str, bytes]:
    """The newest key: ``(key_id, key)``."""
    return _configured()[0]


def key_by_id(key_id: str) -> bytes | None:
    """The listed key with this id, or None (an unknown or dropped key)."""
    for known, key in _configured():
        if hmac.compare_digest(known, key_id or ""):
            return key
    return None


def mac(key: bytes, purpose: bytes, message: bytes) -> str:
    """Hex HMAC-SHA256 of ``message``, domain-separated by ``purpose`` so an event's MAC
    can never be replayed as a checkpoint's (or the reverse)."""
    return hmac.new(key, purpose + b"\n" + message, hashlib.sha256).hexdigest()


def check_audit_keys(app_configs=None, **kwargs):
    """System check: HIFAZAT_AUDIT_KEYS is set and parses (so a typo fails ``manage.py
    check`` at deploy time, not the first audited write)."""
    from django.core import checks

    try:
        parse_keys(str(getattr(settings, "HIFAZAT_AUDIT_KEYS", "") or ""))
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="hifazat.E010",
                             hint="Set comma-separated 'id:base64' keys, newest first "
                                  "(python manage.py audit_new_key prints one).")]
    return []
