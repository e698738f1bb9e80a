"""Keyed blind indexes: find a row by an encrypted CNIC or phone without decrypting.

An encrypted column (``core.crypto``) cannot be searched: its tokens are randomised. A
``BlindIndexField`` beside it stores ``blind_index(kind, value)``: the HMAC-SHA256, under
a key from ``settings.HIFAZAT_BLIND_INDEX_KEYS`` (never in the database), of the value
normalised for its kind and prefixed with the kind (domain separation: a CNIC's index
never equals a phone's for the same digits). Equal values give equal indexes, so an
indexed equality lookup finds them; the value cannot be read back.

* Keys: comma-separated url-safe base64 entries of at least 32 random bytes, newest
  first (``generate_key``). Indexes are written with the newest; a lookup computes the
  HMAC under every listed key (an ``IN`` query), so a row indexed under an older key is
  still found while ``manage.py rotate_field_keys`` (``crypto.rotate_all`` →
  ``reindex_all``) recomputes every index under the newest one.
* Stored: the first 128 bits as 32 hex digits. At 10 million survivors (and as many
  guardians) the chance that any two different values of one kind share an index is
  about n²/2¹²⁹ < 10⁻²³; a lookup also never returns identity, only cases to open.
* Normalised: a CNIC to its 13 digits (``validation.cnic``); a phone to international
  digits, Pakistani numbers as ``92`` + the national number (``validation.phone_e164``).
  Anything else gets no index (``None``), so garbage never matches garbage.

What the database alone gives an attacker, and what the key adds: ``docs/security.md``
"Blind indexes".
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from hifazat.core import validation

MIN_KEY_BYTES = 32
DIGEST_CHARS = 32  # 128 bits, hex
DOMAIN = b"hifazat-blind-index-v1"
SETTING = "HIFAZAT_BLIND_INDEX_KEYS"

# kind -> normaliser (a ``core.validation`` check: the clean value or ``Invalid``).
NORMALISERS = {
    "cnic": validation.cnic,
    "phone": validation.phone_e164,
}


def generate_key() -> str:
    """A new entry for HIFAZAT_BLIND_INDEX_KEYS (256 random bits, url-safe base64)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_keys(value: str | list | tuple) -> list[bytes]:
    """The keys, newest first; blanks ignored; each at least ``MIN_KEY_BYTES`` bytes."""
    entries = [e.strip() for e in (value.split(",") if isinstance(value, str) else value)]
    entries = [e for e in entries if e]
    if not entries:
        raise ImproperlyConfigured(f"{SETTING} holds no key")
    keys = []
    for n, entry in enumerate(entries, start=1):
        try:
            raw = base64.urlsafe_b64decode(entry.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeError) as exc:
            raise ImproperlyConfigured(f"{SETTING}: key {n} is not url-safe base64") from exc
        if len(raw) < MIN_KEY_BYTES:
            raise ImproperlyConfigured(
                f"{SETTING}: key {n} must hold at least {MIN_KEY_BYTES} bytes")
        keys.append(raw)
    return keys


@functools.lru_cache(maxsize=8)
def _parsed(value: str) -> tuple[bytes, ...]:
    return tuple(parse_keys(value))


def keys() -> tuple[bytes, ...]:
    """The configured keys, newest first (re-read each call so tests can override)."""
    return _parsed(str(getattr(settings, SETTING, "") or ""))


def normalise(kind: str, value) -> str | None:
    """``value`` as its kind is compared (``NORMALISERS``), or None: absent or not a
    CNIC/phone at all (no index)."""
    try:
        clean = NORMALISERS[kind](value)
    except validation.Invalid:
        return None
    return clean or None


def _digest(key: bytes, kind: str, clean: str) -> str:
    message = DOMAIN + b"\n" + kind.encode("ascii") + b"\n" + clean.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:DIGEST_CHARS]


def blind_index(kind: str, value) -> str | None:
    """The index to store for ``value`` of ``kind`` ("cnic" or "phone") under the newest
    key, or None when it normalises to nothing."""
    clean = normalise(kind, value)
    return None if clean is None else _digest(keys()[0], kind, clean)


def lookup_values(kind: str, value) -> list[str]:
    """Every index ``value`` may be stored under (one per configured key, newest first),
    for an ``IN`` lookup that holds during a rotation; [] when it normalises to
    nothing."""
    clean = normalise(kind, value)
    return [] if clean is None else [_digest(key, kind, clean) for key in keys()]


class BlindIndexField(models.CharField):
    """The blind index of the model's ``source`` column (an encrypted CNIC or phone),
    recomputed from it on every save (``pre_save``): whatever writes the row through
    the model keeps its index right. A queryset ``update()`` of the source does not:
    ``reindex_model`` does that. Indexed; None when the source has no index."""

    description = "Keyed blind index (HMAC) of another column"

    def __init__(self, *args, kind: str, source: str, **kwargs):
        if kind not in NORMALISERS:
            raise ValueError(f"unknown blind index kind {kind!r}")
        self.kind, self.source = kind, source
        kwargs.setdefault("max_length", DIGEST_CHARS)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(kind=self.kind, source=self.source)
        for key, default in (("max_length", DIGEST_CHARS), ("null", True), ("blank", True),
                             ("editable", False), ("db_index", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(self.kind, getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def index_columns(model) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def reindex_model(model, *, batch_size: int = 500) -> int:
    """Recompute every blind index of ``model`` under the newest key, from its source
    columns (decrypted through their fields), in batches of ``batch_size`` rows per
    transaction, with ``update()`` (no save hooks). Works on a migration's historical
    model too. Returns the rows rewritten. Idempotent."""
    from hifazat.core.crypto import rewrite_rows

    columns = index_columns(model)
    if not columns:
        return 0
    sources = sorted({f.source for f in columns})
    return rewrite_rows(model, sources, lambda row: {
        f.attname: blind_index(f.kind, row[f.source]) for f in columns}, batch_size=batch_size)


def reindex_all(*, batch_size: int = 500) -> dict[str, int]:
    """``reindex_model`` for every installed model with blind indexes: rows per model
    label (``<label> blind indexes``)."""
    from django.apps import apps

    return {f"{model._meta.label} blind indexes": reindex_model(model, batch_size=batch_size)
            for model in apps.get_models() if index_columns(model)}


def check_blind_index_keys(app_configs=None, **kwargs):
    """System check: HIFAZAT_BLIND_INDEX_KEYS is set and parses (a typo fails
    ``manage.py check`` at deploy time, not the first intake at night)."""
    from django.core import checks

    try:
        parse_keys(str(getattr(settings, SETTING, "") or ""))
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="hifazat.E002",
                             hint="Set comma-separated url-safe base64 keys of at least 32 "
                                  "bytes, newest first (blind_index.generate_key()).")]
    return []
