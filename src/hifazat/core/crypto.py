"""Field-level encryption for personal data at rest (survivor identity and the like).

Keys come from ``settings.HIFAZAT_FIELD_KEYS``: a list of Fernet keys, newest first
(environment variable of the same name, comma-separated). Encryption always uses the
newest key; decryption tries each, so a new key can be put in front and
``manage.py rotate_field_keys`` re-encrypts every stored value under it before the old
key is dropped. ``cryptography``'s Fernet (AES-128-CBC + HMAC-SHA256, random IV) is
wrapped here once so it could be replaced.

``EncryptedTextField`` stores only the Fernet token; the plaintext never reaches the
database. Tokens are randomised, so encrypted columns cannot be searched or indexed:
look rows up by other columns.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token starts with the version byte 0x80, which base64 writes "gAAAAA".
FERNET_PREFIX = "gAAAAA"


class FieldDecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def parse_keys(value: str | list | tuple) -> list[str]:
    """Comma-separated (or listed) keys, newest first; blanks ignored; each validated."""
    keys = [k.strip() for k in (value.split(",") if isinstance(value, str) else value)]
    keys = [k for k in keys if k]
    if not keys:
        raise ImproperlyConfigured("HIFAZAT_FIELD_KEYS holds no key")
    for key in keys:
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                "HIFAZAT_FIELD_KEYS: each key must be a url-safe base64 32-byte Fernet key"
            ) from exc
    return keys


@functools.lru_cache(maxsize=8)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode("ascii")) for k in keys])


def cipher() -> MultiFernet:
    """The MultiFernet for the configured keys (re-read each call so tests can override)."""
    return _cipher_for(tuple(parse_keys(settings.HIFAZAT_FIELD_KEYS)))


def encrypt(plaintext: str) -> str:
    """The Fernet token of ``plaintext`` under the newest key ("" stays "")."""
    if plaintext in (None, ""):
        return ""
    return cipher().encrypt(str(plaintext).encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plaintext of a token made under any configured key ("" stays "")."""
    if token in (None, ""):
        return ""
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        # Never include the token or any plaintext in the message.
        raise FieldDecryptionError("stored value cannot be decrypted with the configured keys") \
            from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a token under the newest key (decrypting with any configured key)."""
    if token in (None, ""):
        return ""
    try:
        return cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise FieldDecryptionError("stored value cannot be decrypted with the configured keys") \
            from exc


class EncryptedTextField(models.TextField):
    """A text column holding the Fernet token of its value; Python sees the plaintext.

    Empty strings are stored empty (no token) so "not given" stays distinguishable
    without decrypting. Not searchable, not orderable in any meaningful way.
    """

    description = "Text encrypted at rest (Fernet)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, and the names of those columns."""
    out = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields
                 if isinstance(f, EncryptedTextField)]
        if names:
            out.append((model, names))
    return out


def rotate_all(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted column of every model under the newest key.

    Each row is read through the field (decrypted with whichever configured key made
    it) and written back with ``update()`` (encrypted with the newest key), in batches
    of ``batch_size`` rows per transaction, so no model save hooks run. Returns rows
    rewritten per model label. Idempotent.
    """
    from django.db import transaction

    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        done, last_pk = 0, None
        while True:
            with transaction.atomic():
                rows = model._base_manager.order_by("pk")
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(rows.values("pk", *names)[:batch_size])
                if not batch:
                    break
                for row in batch:
                    last_pk = row.pop("pk")
                    model._base_manager.filter(pk=last_pk).update(**row)
                    done += 1
        counts[model._meta.label] = done
    return counts


def check_field_keys(app_configs=None, **kwargs):
    """System check: HIFAZAT_FIELD_KEYS parses into valid Fernet keys (so a typo fails
    ``manage.py check`` at deploy time, not the first intake at night)."""
    from django.core import checks

    try:
        parse_keys(settings.HIFAZAT_FIELD_KEYS)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="hifazat.E001",
                             hint="Set comma-separated Fernet keys, newest first.")]
    return []
