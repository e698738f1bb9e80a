"""The three exports of the indicator tables: CSV (formula-safe, ``core.csv``), DHIS2
``dataValueSets`` JSON (mapping in ``dhis2_mapping.json``) and the quarterly PDF report
(``core.pdf.render_pdf``). Every figure is the suppressed, published one."""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from hifazat.core import clock
from hifazat.core import csv as safe_csv
from hifazat.core.pdf import render_pdf
from hifazat.oversight import charts
from hifazat.oversight.indicators import Filters, Table

MAPPING_FILE = Path(__file__).with_name("dhis2_mapping.json")


@cache
def dhis2_mapping() -> dict:
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


def to_csv(tables: list[Table], filters: Filters) -> str:
    """One table, or several one after the other (a title row, a header, the rows, the
    total, an empty row)."""
    out = io.StringIO()
    writer = safe_csv.writer(out)
    for table in tables:
        writer.writerow([str(table.title), filters.period.label])
        writer.writerow([_("District code"), _("District"),
                         *[str(label) for _slug, label in table.columns]])
        for row in [*table.rows, *([table.total] if table.total else [])]:
            writer.writerow([row.code, str(row.label), *[c.shown for c in row.cells]])
        writer.writerow([])
    return out.getvalue()


def to_dhis2(tables: list[Table], filters: Filters) -> tuple[dict, list[str]]:
    """A DHIS2 ``dataValueSets`` payload and the warnings (districts without an
    organisation unit). Suppressed counts are left out (DHIS2 values are numbers); the
    total rows are not sent (DHIS2 aggregates up its own hierarchy)."""
    mapping = dhis2_mapping()
    elements, units = mapping["data_elements"], mapping["org_units"]
    values, missing = [], set()
    for table in (t for t in tables if t.dhis2):
        for row in table.rows:
            unit = units.get(row.code)
            if unit is None:
                missing.add(row.code)
                continue
            for (slug, _label), cell in zip(table.columns, row.cells, strict=True):
                element = elements.get(f"{table.name}.{slug}")
                if element is None or cell.key is None or not isinstance(cell.shown, int):
                    continue
                values.append({"dataElement": element, "period": filters.period.dhis2,
                               "orgUnit": unit, "value": str(cell.shown)})
    warnings = [_("No DHIS2 organisation unit for district %(code)s.") % {"code": c}
                for c in sorted(missing)]
    return {"dataValues": values}, warnings


def to_pdf(tables: list[Table], filters: Filters) -> bytes:
    """The quarterly report: the charts (the page's SVG, English labels, Urdu titles)
    and every table, labels in English and Urdu."""
    with translation.override("ur"):
        titles_ur = {c.name: c.title for c in charts.plots(tables)}
    drawn = [{"chart": c, "title_ur": titles_ur.get(c.name, "")}
             for c in charts.build(tables, filters, language="en")]
    sections = []
    for table in tables:
        with translation.override("ur"):
            title_ur = str(table.title)
            columns_ur = [str(label) for _s, label in table.columns]
        sections.append({"table": table, "title_ur": title_ur,
                         "columns": list(zip([str(label) for _s, label in table.columns],
                                             columns_ur, strict=True))})
    with translation.override("en"):
        return render_pdf("oversight/pdf/report.html", {
            "sections": sections, "charts": drawn, "filters": filters,
            "generated_at": clock.now()})
