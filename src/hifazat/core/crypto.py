"""Field-level encryption for personal data at rest (survivor identity and the like).

Keys come from ``settings.HIFAZAT_FIELD_KEYS``: a list of Fernet keys, newest first
(environment variable of the same name, comma-separated). Encryption always uses the
newest key; decryption tries each, so a new key can be put in front and
``manage.py rotate_field_keys`` re-encrypts every stored value under it before the old
key is dropped. ``cryptography``'s Fernet (AES-128-CBC + HMAC-SHA256, random IV) is
wrapped here once so it could be replaced.

``EncryptedTextField`` stores only the Fernet token; the plaintext never reaches the
database. Tokens are randomised, so encrypted columns cannot be searched or indexed:
look rows up by other columns, or by a keyed blind index beside them
(``core.blind_index``: CNIC and phone).

Files (``EncryptedFileField``) are encrypted with the same keys, streamed in frames of
``FILE_CHUNK`` bytes: the file starts with ``FILE_MAGIC``, then each frame is a 4-byte
big-endian length and the Fernet token of (8-byte frame index, 1-byte "last frame"
flag, up to ``FILE_CHUNK`` bytes). The index and the flag make a reordered, dropped or
truncated frame fail decryption. ``rotate_all`` re-encrypts every such file under the
newest key too (frame by frame, written beside it and swapped in atomically).
"""

from __future__ import annotations

import functools
import logging
import os
import struct
from collections.abc import Iterable, Iterator

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import File
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


# --- Files at rest ----------------------------------------------------------------------

FILE_MAGIC = b"HFZENC1\n"
FILE_CHUNK = 64 * 1024
_FRAME_HEAD = struct.Struct(">QB")  # frame index, last-frame flag
_LENGTH = struct.Struct(">I")
# A Fernet token of one full frame is about 87 KiB; anything much larger is corrupt.
_MAX_TOKEN = 4 * FILE_CHUNK


def _rechunk(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


def _frame(token: bytes) -> bytes:
    return _LENGTH.pack(len(token)) + token


def encrypt_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The encrypted file for the plaintext ``chunks``, as a stream of bytes (the magic,
    then one frame per ``FILE_CHUNK`` of plaintext; an empty file is one empty frame)."""
    fernet = cipher()
    yield FILE_MAGIC
    index, pending = 0, None
    for piece in _rechunk(chunks, FILE_CHUNK):
        if pending is not None:
            yield _frame(fernet.encrypt(_FRAME_HEAD.pack(index, 0) + pending))
            index += 1
        pending = piece
    yield _frame(fernet.encrypt(_FRAME_HEAD.pack(index, 1) + (pending or b"")))


def _read_exactly(fh, n: int) -> bytes:
    data = b""
    while len(data) < n:
        part = fh.read(n - len(data))
        if not part:
            break
        data += part
    return data


def _tokens(fh) -> Iterator[bytes]:
    """The frame tokens of an encrypted file (checks the magic and the framing only)."""
    if _read_exactly(fh, len(FILE_MAGIC)) != FILE_MAGIC:
        raise FieldDecryptionError("not an encrypted file")
    while True:
        head = _read_exactly(fh, _LENGTH.size)
        if not head:
            return
        (length,) = _LENGTH.unpack(head) if len(head) == _LENGTH.size else (0,)
        token = _read_exactly(fh, length) if 0 < length <= _MAX_TOKEN else b""
        if not token or len(token) != length:
            raise FieldDecryptionError("encrypted file is damaged")
        yield token


def decrypt_chunks(fh) -> Iterator[bytes]:
    """The plaintext of the encrypted file open in ``fh`` (binary), frame by frame.
    ``FieldDecryptionError`` for an unknown key or a damaged, reordered or truncated
    file (raised before the frame it concerns is yielded)."""
    fernet, expected, finished = cipher(), 0, False
    for token in _tokens(fh):
        if finished:
            raise FieldDecryptionError("encrypted file is damaged")
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as exc:
            raise FieldDecryptionError(
                "stored file cannot be decrypted with the configured keys") from exc
        index, last = _FRAME_HEAD.unpack(plain[:_FRAME_HEAD.size])
        if index != expected:
            raise FieldDecryptionError("encrypted file is damaged")
        expected, finished = expected + 1, bool(last)
        yield plain[_FRAME_HEAD.size:]
    if not finished:
        raise FieldDecryptionError("encrypted file is truncated")


def is_encrypted_file(fh) -> bool:
    """True when the file open in ``fh`` starts with ``FILE_MAGIC`` (rewinds it)."""
    fh.seek(0)
    head = _read_exactly(fh, len(FILE_MAGIC))
    fh.seek(0)
    return head == FILE_MAGIC


class EncryptingFile(File):
    """A Django ``File`` whose ``chunks()`` are the encrypted form of ``source`` (a binary
    file object), so ``storage.save(name, EncryptingFile(src))`` writes ciphertext only,
    streamed."""

    def __init__(self, source, name=None):
        super().__init__(source, name=name)

    def chunks(self, chunk_size=None):
        if hasattr(self.file, "seek"):
            self.file.seek(0)
        yield from encrypt_chunks(iter(lambda: self.file.read(FILE_CHUNK), b""))

    def multiple_chunks(self, chunk_size=None):
        return True


class EncryptedFileField(models.FileField):
    """A file field whose stored files are encrypted (``EncryptingFile`` when saving,
    ``decrypt_chunks`` when reading); ``rotate_all`` re-encrypts them under the newest
    key. Only for file system storages (rotation swaps the file in place)."""

    description = "File encrypted at rest (Fernet frames)"


def write_private_file(path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` created 0600, then swap it in atomically."""
    tmp = f"{path}.tmp-{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def rotate_file(storage, name: str) -> None:
    """Re-encrypt one stored encrypted file under the newest key (frame by frame: the
    plaintext is never written anywhere)."""
    fernet = cipher()
    path = storage.path(name)

    def rotated(fh):
        yield FILE_MAGIC
        for token in _tokens(fh):
            try:
                yield _frame(fernet.rotate(token))
            except InvalidToken as exc:
                raise FieldDecryptionError(
                    "stored file cannot be decrypted with the configured keys") from exc

    with open(path, "rb") as fh:
        write_private_file(path, rotated(fh))


PRIVATE_FILE_MODE, PRIVATE_DIR_MODE = 0o600, 0o700
_SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def private_sqlite_files(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` handler: an SQLite database file and its ``-wal``,
    ``-shm`` and ``-journal`` files are made readable by their owner only (0600) — they
    hold everything, ciphertext or not. SQLite creates a later ``-wal``/``-shm`` with
    the database file's mode, so this holds between connections too. In-memory
    databases and other vendors are left alone."""
    if connection is None or connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in _SQLITE_SIDE_FILES:
        path = name + suffix
        try:
            if os.stat(path).st_mode & 0o077:
                os.chmod(path, PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue
        except OSError as exc:  # not ours to change: say so, do not stop the request
            logging.getLogger(__name__).warning("cannot make %s private: %s", path,
                                                exc.strerror)


def encrypted_file_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted file columns, and the names of those columns."""
    out = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields
                 if isinstance(f, EncryptedFileField)]
        if names:
            out.append((model, names))
    return out


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, and the names of those columns."""
    out = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields
                 if isinstance(f, EncryptedTextField)]
        if names:
            out.append((model, names))
    return out


def rewrite_rows(model, names, values, *, batch_size: int = 500) -> int:
    """Rewrite every row of ``model``: read ``names`` (through their fields) in pk order,
    ``batch_size`` rows per transaction, and ``update()`` each row with ``values(row)``
    (a dict of columns; no save hooks run). Works on a migration's historical model.
    Returns the rows rewritten. Shared by key rotation and blind-index re-indexing."""
    from django.db import transaction

    done, last_pk = 0, None
    while True:
        with transaction.atomic():
            rows = model._base_manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows.values("pk", *names)[:batch_size])
            if not batch:
                return done
            for row in batch:
                last_pk = row.pop("pk")
                model._base_manager.filter(pk=last_pk).update(**values(row))
                done += 1


def rotate_all(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted column of every model under the newest key.

    Each row is read through the field (decrypted with whichever configured key made
    it) and written back with ``update()`` (encrypted with the newest key), in batches
    of ``batch_size`` rows per transaction, so no model save hooks run; then every file
    of every ``EncryptedFileField`` (``rotate_file``); then every blind index under the
    newest HIFAZAT_BLIND_INDEX_KEYS key (``blind_index.reindex_all``). Returns rows
    (files) rewritten per model label (``label.field`` for files, ``label blind
    indexes`` for indexes). Idempotent.
    """

    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        counts[model._meta.label] = rewrite_rows(model, names, lambda row: row,
                                                 batch_size=batch_size)
    for model, names in encrypted_file_fields():
        for name in names:
            storage, done = model._meta.get_field(name).storage, 0
            stored = (model._base_manager.exclude(**{name: ""}).order_by("pk")
                      .values_list(name, flat=True).iterator())
            for file_name in stored:
                if file_name and storage.exists(file_name):
                    rotate_file(storage, file_name)
                    done += 1
            counts[f"{model._meta.label}.{name}"] = done
    # The blind indexes beside the encrypted columns move to the newest blind-index key
    # in the same run (lookups try every listed key meanwhile): core.blind_index.
    from hifazat.core import blind_index

    counts.update(blind_index.reindex_all(batch_size=batch_size))
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
