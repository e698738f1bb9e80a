"""The link_records command: formats, encodings, column maps and bad input."""

from __future__ import annotations

import csv
import importlib
import sys

import pytest
from django.core.management import CommandError, call_command

from hifazat.identity.management.commands.link_records import Command as LinkRecords
from hifazat.synthetic import PeopleGenerator

HEADER = ["id", "given", "surname", "father", "dob", "cnic", "district"]


def _rows(n=300, seed=3):
    gen = PeopleGenerator(seed=seed)
    left, right = [], []
    for k in range(n):
        p = gen.offender()
        left.append([f"L{k}", p.given_name, p.surname, p.father_name, p.dob.isoformat(), p.cnic,
                     p.district_code])
        if k % 2 == 0:
            v = gen.variant_of(p)
            right.append([f"R{k}", v.given_name, v.surname, v.father_name,
                          v.dob.isoformat() if v.dob else "", v.cnic, v.district_code])
    return left, right


def _write(path, rows, header=HEADER, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _pairs(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_links_files_in_any_common_encoding(tmp_path, encoding, capsys):
    left, right = _rows()
    if encoding == "cp1252":
        right[0][1] = "Zoë"  # a byte that is not UTF-8
    out = tmp_path / "pairs.csv"
    call_command("link_records", _write(tmp_path / "l.csv", left, encoding=encoding),
                 _write(tmp_path / "r.csv", right, encoding=encoding), "--out", str(out))
    pairs = _pairs(out)
    assert list(pairs[0]) == ["left_id", "right_id", "probability"]
    correct = sum(p["left_id"][1:] == p["right_id"][1:] for p in pairs)
    assert correct >= 0.9 * len(right) and correct >= 0.98 * len(pairs)
    assert "pairs at probability >= 0.9" in capsys.readouterr().out


def test_dedupe_and_column_mapping(tmp_path):
    left, right = _rows(n=200)
    rows = left + [[f"D{r[0]}", *r[1:]] for r in right]
    header = ["ref", "first_name", "family", "father_name", "birth", "id_card", "dist"]
    path = _write(tmp_path / "one.csv", rows, header=header)
    out = tmp_path / "dupes.csv"
    call_command("link_records", "--dedupe", path, "--out", str(out), "--columns",
                 "id=ref,given=first_name,surname=family,father=father_name,dob=birth,"
                 "cnic=id_card,district=dist")
    pairs = _pairs(out)
    assert len(pairs) >= 0.9 * len(right)
    assert all(p["left_id"] != p["right_id"] for p in pairs)


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"id,given\n", "no records"),
    (b"name,father\nImran,Rasool\n", "no 'id' column"),
    (b"id,dob\n1,1990\n", "no name column"),
    (b"id,given\n1,Imran\n1,Ali\n", "already used on row 1"),
    (b"id,given\n,Imran\n", "value is empty"),
])
def test_fatal_input_problems_exit_nonzero_without_output(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    good = _write(tmp_path / "good.csv", _rows(n=20)[0])
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        call_command("link_records", str(bad), good, "--out", str(out))
    assert not out.exists()
    assert list(tmp_path.glob(".out.csv.*")) == []


def test_bad_cnic_and_date_are_reported_by_row_and_column_not_dropped(tmp_path, capsys):
    left, right = _rows(n=40)
    right.append(["RX", "Imran", "Khan", "Rasool", "31-31-2020", "12345", "PB-LHR"])
    call_command("link_records", _write(tmp_path / "l.csv", left),
                 _write(tmp_path / "r.csv", right), "--out", str(tmp_path / "o.csv"))
    err = capsys.readouterr().err
    row = len(right)
    assert f"r.csv: row {row}, column cnic" in err
    assert f"r.csv: row {row}, column dob" in err


@pytest.mark.parametrize("args,message", [
    (["--threshold", "1.5"], "between 0 and 1"),
    (["--columns", "nonsense=x"], "not one of"),
    (["--columns", "given"], "ours=theirs"),
])
def test_bad_options_are_clear(tmp_path, args, message):
    path = _write(tmp_path / "l.csv", _rows(n=10)[0])
    with pytest.raises(CommandError, match=message):
        call_command("link_records", path, path, "--out", str(tmp_path / "o.csv"), *args)


@pytest.mark.parametrize("missing", ["splink", "duckdb", "pandas"])
def test_splink_engine_without_its_extra_answers_one_line_and_fails(tmp_path, monkeypatch,
                                                                    capsys, missing):
    # None in sys.modules makes `import <missing>` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, missing, None)
    left, right = _rows(n=5)
    out = tmp_path / "pairs.csv"
    argv = ["manage.py", "link_records", _write(tmp_path / "l.csv", left),
            _write(tmp_path / "r.csv", right), "--out", str(out), "--engine", "splink"]
    with pytest.raises(SystemExit) as exit_:
        LinkRecords().run_from_argv(argv)
    assert exit_.value.code != 0
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert f"{missing} is missing" in error and "uv sync --extra splink" in error
    assert not out.exists()


def test_splink_engine_module_imports_without_its_extra(monkeypatch):
    for name in ("splink", "duckdb", "pandas"):
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "hifazat.identity.splink_engine", raising=False)
    engine = importlib.import_module("hifazat.identity.splink_engine")
    with pytest.raises(engine.EngineMissing):
        engine.require()


# --- CSV injection: the output is written by the one formula-safe writer --------------


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0",
                                     "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"])
def test_ids_that_start_like_a_formula_are_written_as_text(tmp_path, hostile):
    left, right = _rows(n=40)
    left[0][0] = hostile
    right[0][0] = hostile + "R"
    out = tmp_path / "pairs.csv"
    call_command("link_records", _write(tmp_path / "l.csv", left),
                 _write(tmp_path / "r.csv", right), "--out", str(out))
    cells = [cell for pair in _pairs(out) for cell in (pair["left_id"], pair["right_id"])]
    # The pair was found, and its id (read stripped of blanks) neutralised.
    assert "'" + hostile.strip() in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_formula_safe_leaves_numbers_and_plain_text_alone():
    from decimal import Decimal

    from hifazat.core.csv import formula_safe

    assert formula_safe(-1.5) == -1.5
    assert formula_safe(Decimal("-2")) == Decimal("-2")
    assert formula_safe(None) is None
    assert formula_safe("L12") == "L12"
    assert formula_safe("a=b") == "a=b"
    assert formula_safe("") == ""
    assert formula_safe("=1+1") == "'=1+1"
    assert formula_safe("-5") == "'-5"


def test_a_merged_name_column_is_read_with_its_relation(tmp_path):
    """A file with the father's name written into the name column ("X s/o Y", either
    script): read the same way for both engines (``split_name_box``)."""
    from hifazat.identity.csvio import read_records

    rows = [["1", "Imran s/o Ghulam Rasool", "", "", "1990", "", "PB-LHR"],
            ["2", "عمران ولد غلام رسول", "", "", "", "", "PB-LHR"],
            ["3", "Ayesha d/o Khalid", "", "Tariq", "", "", ""]]
    read = read_records(_write(tmp_path / "merged.csv", rows))
    got = [(r["given"], r["father"]) for r in read.rows]
    assert got == [("Imran", "Ghulam Rasool"), ("عمران", "غلام رسول"), ("Ayesha", "Tariq")]
