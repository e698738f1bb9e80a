"""Reading linkage input files the way clerks actually produce them: UTF-8 with or
without BOM, UTF-16 (Excel "Unicode text"), Windows-1252; other column names mapped;
every bad value reported by row and column, never silently dropped."""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hifazat.core import csv as safe_csv
from hifazat.identity.normalize import split_name_box
from hifazat.identity.parsing import FieldError, normalize_cnic, parse_dob
from hifazat.identity.records import COLUMNS

MAX_FIELD = 500


class InputError(Exception):
    """A problem that stops the run (the message says which file, row or column)."""


@dataclass
class Problem:
    file: str
    row: int  # 1-based data row (the header is row 0)
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}, column {self.column}: {self.message}"


@dataclass
class ReadResult:
    rows: list[dict]
    encoding: str
    problems: list[Problem] = field(default_factory=list)


def detect_encoding(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def parse_column_map(spec: str | None) -> dict[str, str]:
    """'given=first_name,dob=birth_date' -> {'given': 'first_name', 'dob': 'birth_date'}."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise InputError(f"--columns: {part!r} is not ours=theirs")
        ours, theirs = (x.strip() for x in part.split("=", 1))
        if ours not in COLUMNS:
            raise InputError(f"--columns: {ours!r} is not one of {', '.join(COLUMNS)}")
        mapping[ours] = theirs
    return mapping


def read_records(path: str | Path, *, columns: dict[str, str] | None = None) -> ReadResult:
    """All rows of a CSV as dicts with our column names. Fatal problems (unreadable
    file, no id column, no name column, no rows, missing or duplicate ids) raise
    ``InputError``; malformed CNICs and dates are blanked and listed in ``problems``."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from exc
    if not raw.strip():
        raise InputError(f"{name}: the file is empty")
    encoding = detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: cannot decode as {encoding}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    mapping = {c: (columns or {}).get(c, c) for c in COLUMNS}
    if mapping["id"] not in header:
        raise InputError(f"{name}: no {mapping['id']!r} column (columns found: "
                         f"{', '.join(header) or 'none'}); map one with --columns id=...")
    if not any(mapping[c] in header for c in ("given", "surname", "father")):
        raise InputError(f"{name}: no name column ({mapping['given']!r}, "
                         f"{mapping['surname']!r} or {mapping['father']!r})")
    rows, problems, seen = [], [], {}
    try:
        for n, raw_row in enumerate(reader, start=1):
            row = {c: str(raw_row.get(mapping[c]) or "").strip()[:MAX_FIELD] for c in COLUMNS}
            if not row["id"]:
                raise InputError(f"{name}: row {n}: the {mapping['id']!r} value is empty")
            if row["id"] in seen:
                raise InputError(f"{name}: row {n}: id {row['id']!r} already used on row "
                                 f"{seen[row['id']]}")
            seen[row["id"]] = n
            # A name box holding the father's name ("Imran s/o Ghulam Rasool"): read
            # once here, the same way for both engines.
            box = split_name_box(row["given"], row["father"])
            row["given"], row["father"] = box.name, box.father
            try:
                normalize_cnic(row["cnic"], strict=True)
            except FieldError as exc:
                problems.append(Problem(name, n, mapping["cnic"],
                                        f"{exc} Got {row['cnic'][:40]!r}; treated as missing"))
                row["cnic"] = ""
            try:
                parse_dob(row["dob"], strict=True)
            except FieldError as exc:
                problems.append(Problem(name, n, mapping["dob"], f"{exc}; treated as missing"))
                row["dob"] = ""
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num}: malformed CSV ({exc})") from exc
    if not rows:
        raise InputError(f"{name}: no records after the header")
    return ReadResult(rows, encoding, problems)


def write_pairs_atomically(path: str | Path, rows) -> int:
    """Write left_id,right_id,probability to ``path`` via a temporary file in the same
    folder, renamed into place only when complete: a failed run leaves no partial file.
    Written by the formula-safe writer (``hifazat.core.csv``): an id that starts like a
    spreadsheet formula is written as text."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = safe_csv.writer(fh)
            writer.writerow(["left_id", "right_id", "probability"])
            for left_id, right_id, probability in rows:
                writer.writerow([left_id, right_id, f"{probability:.6f}"])
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
