"""The checkpoint file: signed heads of the audit chain, one JSON line each, appended to
a file outside the database (``settings.AUDIT_CHECKPOINT_FILE``).

The file is created 0600 and only ever opened with ``O_APPEND``: the application never
rewrites a line. In production make it append-only for everyone, root included
(``chattr +a``), or ship each line to a write-once store, so that even the application
server cannot take back a checkpoint it has written (docs/security.md "Audit chain").
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

# A line longer than this is not one of ours (seq, 64-hex hash, time, key id, 64-hex MAC).
MAX_LINE = 1024


def path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def append(values: dict) -> None:
    """Append one checkpoint as a JSON line, durably (one ``write`` of a short line to an
    ``O_APPEND`` descriptor lands whole at the end, even with concurrent writers)."""
    target = path()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    line = json.dumps(values, sort_keys=True, separators=(",", ":")) + "\n"
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def lines() -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of every line of the file (none if it does not exist)."""
    try:
        fh = path().open("r", encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    with fh:
        for number, text in enumerate(fh, start=1):
            if text.strip():
                yield number, text


def last_line() -> str:
    """The last non-empty line, read from the end of the file (the file grows forever)."""
    try:
        fh = path().open("rb")
    except FileNotFoundError:
        return ""
    with fh:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - 4 * MAX_LINE))
        tail = fh.read().decode("utf-8", errors="replace")
    candidates = [t for t in tail.splitlines() if t.strip()]
    return candidates[-1] if candidates else ""
