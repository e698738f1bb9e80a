"""Exports: formula-safe CSV, DHIS2 dataValueSets, the PDF report, and the
``oversight_export`` command — with every kind of bad input a message and exit 1."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hifazat.oversight import exports, indicators, periods, services
from hifazat.oversight.indicators import Cell, Row, Table
from tests.oversight.conftest import open_case


def _filters():
    return indicators.Filters(period=periods.parse(str(timezone.localdate().year)))


def test_csv_is_formula_safe():
    table = Table("t", "=Title", [("n", "+Count")])
    table.rows.append(Row(code="=CMD", label='=HYPERLINK("http://x")', cells=[
        Cell(key="k", value=7)]))
    table.total = Row(code="TOTAL", label="-Total", cells=[Cell(key="k2", value=3,
                                                                 kind="primary")])
    text = exports.to_csv([table], indicators.Filters(period=periods.parse("2025")))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "'=Title"
    assert rows[1][2] == "'+Count"
    assert rows[2] == ["'=CMD", "'=HYPERLINK(\"http://x\")", "7"]
    assert rows[3] == ["TOTAL", "'-Total", "<5"]


@pytest.mark.django_db
def test_dhis2_payload_shape_and_mapping(world):
    for _ in range(6):
        open_case(world)
    services.refresh()
    tables = indicators.build(_filters())
    payload, warnings = exports.to_dhis2(tables, _filters())
    assert warnings == []
    mapping = exports.dhis2_mapping()
    assert set(payload) == {"dataValues"}
    values = payload["dataValues"]
    assert values
    for v in values:
        assert set(v) == {"dataElement", "period", "orgUnit", "value"}
        assert v["dataElement"] in mapping["data_elements"].values()
        assert v["orgUnit"] == mapping["org_units"]["PB-LHR"]
        assert v["period"] == str(timezone.localdate().year)
        assert v["value"].isdigit()
    cases = mapping["data_elements"]["cell_care.cases"]
    assert {"dataElement": cases, "period": str(timezone.localdate().year),
            "orgUnit": mapping["org_units"]["PB-LHR"], "value": "6"} in values
    # Every UID is DHIS2-shaped: 11 characters, a letter first.
    for uid in [*mapping["data_elements"].values(), *mapping["org_units"].values()]:
        assert len(uid) == 11 and uid[0].isalpha() and uid.isalnum()


@pytest.mark.django_db
def test_pdf_report_and_the_command(world, tmp_path):
    for _ in range(5):
        open_case(world)
    services.refresh()
    year = str(timezone.localdate().year)
    pdf = tmp_path / "r.pdf"
    call_command("oversight_export", period=year, fmt="pdf", out=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    out = tmp_path / "r.csv"
    call_command("oversight_export", period=year, fmt="csv", out=str(out), province="PB")
    assert "Lahore" in out.read_text()
    dhis = tmp_path / "r.json"
    call_command("oversight_export", period=year, fmt="dhis2", out=str(dhis))
    assert json.loads(dhis.read_text())["dataValues"]


@pytest.mark.django_db
@pytest.mark.parametrize(("options", "message"), [
    ({"period": "Q3-2026"}, "Unknown period"),
    ({"period": "2026Q5"}, "Unknown period"),
    ({"period": "2026-13"}, "No such date"),
    ({"period": "2025-06-01..2025-01-01"}, "ends before it starts"),
    ({"period": "2099Q1"}, "has not started"),
    ({"period": "2019"}, "before the Act"),
    ({"period": "2021-01-01..2035-12-31"}, "longer than"),
    ({"period": "2025", "province": "XX"}, "Unknown province"),
    ({"period": "2025", "district": "PB-NOWHERE"}, "Unknown district"),
    ({"period": "2025", "province": "SD", "district": "PB-LHR"}, "Unknown district"),
    ({"period": "2025", "fmt": "xlsx"}, "Unknown format"),
    ({"period": "2025", "table": "nope"}, "Unknown table"),
])
def test_bad_input_is_a_message(places, tmp_path, options, message):
    kwargs = {"fmt": "csv", "out": str(tmp_path / "x"), **options}
    with pytest.raises(CommandError) as caught:
        call_command("oversight_export", **kwargs)
    if message:
        assert message in str(caught.value)
    assert not (tmp_path / "x").exists()


def test_bad_period_from_the_shell_exits_1_without_a_traceback(tmp_path):
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(manage), "oversight_export", "--period", "sometime",
         "--format", "csv", "--out", str(tmp_path / "x.csv")],
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "Unknown period" in done.stderr and "Traceback" not in done.stderr
