"""Charts and the district ranking (oversight/charts.py, oversight/ranking.py): SVG drawn
locally from the published figures only, Urdu labels in an existing font, suppressed
figures never drawn as numbers, markup in a district name inert, one render per chart
per refresh run, the ranking worst first, and the PDF report carrying the charts."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from hifazat.oversight import charts, exports, indicators, periods, ranking, services
from hifazat.oversight.errors import BadInput
from hifazat.oversight.indicators import Cell, Row, Table
from tests.oversight.conftest import open_case


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _filters(**kw):
    return indicators.Filters(period=periods.parse(str(timezone.localdate().year)), **kw)


def _cell(value):
    """A published cell from a raw count: 1–4 is primary ("<5"), ("x", n) secondary."""
    if isinstance(value, tuple):
        return Cell(key=object(), value=value[1], kind="secondary")
    if isinstance(value, int) and 0 < value < 5:
        return Cell(key=object(), value=value, kind="primary")
    return Cell(key=object(), value=value)


def _table(name, columns, rows):
    """``rows``: {(code, label): [raw values in column order]}."""
    t = Table(name, name, [(c, c.title()) for c in columns])
    for (code, label), values in rows.items():
        t.rows.append(Row(code=code, label=label, cells=[_cell(v) for v in values]))
    return t


def _svg_text(svg: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg)


# --- drawing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_chart_is_an_inline_svg_with_the_district_names(world):
    for _ in range(6):
        open_case(world)
    for _ in range(5):
        open_case(world, doctor=world["khi_doctor"], age=15)
    services.refresh()
    tables = indicators.build(_filters())
    drawn = charts.build(tables, _filters(), language="en")
    names = [c.name for c in drawn]
    assert names[:3] == ["cases_by_type", "cases_by_age", "within_72h"]
    for chart in drawn:
        assert chart.svg.startswith("<svg"), chart.name
        assert 'role="img"' in chart.svg and f'aria-label="{chart.title}"' in chart.svg
        assert f'aria-describedby="{chart.dom_id}-desc"' in chart.svg
        assert "<script" not in chart.svg and "href" not in chart.svg
        assert chart.figures.rows, chart.name  # a table under every chart
    by_type = drawn[0]
    texts = _svg_text(by_type.svg)
    assert "Lahore" in texts and "Karachi South" in texts
    assert "Cases" in texts and "District" in texts  # axis titles
    # Ids are prefixed per chart, so several charts can share one page.
    ids = re.findall(r' id="([^"]+)"', "".join(c.svg for c in drawn))
    assert len(ids) == len(set(ids)) and all(i.startswith("chart-") for i in ids)


@pytest.mark.django_db
def test_urdu_charts_have_urdu_labels_in_a_font_that_exists(world):
    for _ in range(6):
        open_case(world)
    services.refresh()
    tables = indicators.build(_filters())
    with translation.override("ur"):
        drawn = charts.build(tables, _filters())
    chart = drawn[0]
    texts = _svg_text(chart.svg)
    assert "ضلع" in texts  # "District", the axis title
    assert any(re.search(r"[\u0600-\u06ff]", t) for t in texts if t != "ضلع")
    assert "Cases" not in texts
    families = set(re.findall(r'font-family="([^"]+)"', chart.svg))
    assert families == {charts.FONTS["ur"].replace('"', "&quot;")}
    # The first family named is one vl-convert was given (the vendored Noto Naskh
    # Arabic, converted to TrueType), so the Urdu text is drawn with real glyphs.
    from fontTools.ttLib import TTFont

    registered = {TTFont(p)["name"].getDebugName(1)
                  for p in Path(charts._font_directory()).glob("*.ttf")}
    assert "Noto Naskh Arabic" in registered
    assert charts.FONTS["ur"].startswith('"Noto Naskh Arabic"')


def test_suppressed_figures_are_gaps_not_numbers():
    table = _table("cases_by_type", ["rape", "other", "total"], {
        ("PB-LHR", "Lahore"): [12, 7, 19],
        ("SD-KHS", "Karachi South"): [3, ("x", 917), 920],
    })
    chart = charts.plots([table])[0]
    drawn = [(p["category"], p["series"], p["value"]) for p in chart.plot["points"]]
    # Karachi's "<5" (3) and "x" (917) are not in the chart's data at all ...
    assert all(v not in (3, 917) for _c, _s, v in drawn)
    assert ("Karachi South *", "Rape", 3) not in drawn
    assert [c for c, _s, _v in drawn if c.startswith("Karachi")] == []
    # ... the row is still on the axis (a gap), marked, and the note says why.
    assert "Karachi South *" in chart.plot["categories"]
    assert "2 suppressed figures" in chart.note and "not a zero" in chart.note
    # The table under the chart shows the published marks, not the numbers.
    assert chart.figures.rows[1] == ("Karachi South", ["<5", "x"])
    svg = charts.render_svg(charts._spec(chart.plot, "en"))
    assert "917" not in svg and ">3<" not in svg
    assert ">12<" in svg and ">7<" in svg  # published counts are printed in their bars


def test_a_district_name_cannot_inject_markup():
    table = _table("cases_by_type", ["rape", "total"], {
        ("X-1", '<script>alert(1)</script><a href="javascript:x">'): [9, 9]})
    chart = charts.plots([table])[0]
    svg = charts._clean(charts.render_svg(charts._spec(chart.plot, "en")), prefix="c",
                        label="t", described_by="d")
    assert "<script" not in svg and "<a " not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil/x.png"/></svg>',
])
def test_the_cleaner_refuses_anything_but_drawing(svg):
    with pytest.raises(charts.UnsafeSvg):
        charts._clean(svg, prefix="c", label="t", described_by="d")


def test_the_cleaner_drops_handlers_styles_and_outside_references():
    svg = charts._clean(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10">'
        '<rect style="fill:red" fill="url(http://evil/)" clip-path="url(#clip1)" x="1"/>'
        '<clipPath id="clip1"><rect x="0"/></clipPath></svg>',
        prefix="chart-a", label="A <b>", described_by="chart-a-desc")
    assert "onload" not in svg and "style=" not in svg and "evil" not in svg
    assert 'clip-path="url(#chart-a-clip1)"' in svg and 'id="chart-a-clip1"' in svg
    assert 'aria-label="A &lt;b&gt;"' in svg and 'role="img"' in svg


def test_the_svg_keeps_its_plain_tags_whatever_prefix_another_library_registered():
    import xml.etree.ElementTree as ET

    before = dict(ET._namespace_map)
    try:
        ET.register_namespace("svgx", charts.SVG_NS)  # as a library may do, process-wide
        svg = charts._clean('<svg xmlns="http://www.w3.org/2000/svg"><g><rect x="1"/></g>'
                            "</svg>", prefix="c", label="t", described_by="d")
    finally:
        ET._namespace_map.clear()
        ET._namespace_map.update(before)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<g><rect" in svg and "svgx:" not in svg


def test_colours_meet_the_non_text_contrast_of_wcag_aa():
    def luminance(hex_colour):
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a, b):
        hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    for colour in [*charts.PALETTE, charts.WORST, charts.BAR, charts.INK]:
        # 3:1 is the rule for a bar against the white page; 4.5:1 because white
        # figures are printed inside the bars.
        assert contrast(colour, "#ffffff") >= 4.5, colour
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


# --- the cache --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_chart_is_rendered_once_per_refresh_run(world, monkeypatch):
    for _ in range(6):
        open_case(world)
    services.refresh()
    calls = []
    real = charts.render_svg
    monkeypatch.setattr(charts, "render_svg", lambda spec: calls.append(1) or real(spec))
    tables = indicators.build(_filters())
    first = charts.build(tables, _filters(), language="en")
    assert len(calls) == len(first) > 0
    again = charts.build(tables, _filters(), language="en")
    assert len(calls) == len(first)  # every chart came from the cache
    assert [c.svg for c in again] == [c.svg for c in first]
    charts.build(tables, _filters(), language="ur")
    assert len(calls) == 2 * len(first)  # another language is another chart
    services.refresh()  # a new successful run: a new key, the same figures drawn again
    charts.build(indicators.build(_filters()), _filters(), language="en")
    assert len(calls) == 3 * len(first)


@pytest.mark.django_db
def test_the_cache_key_follows_run_filters_and_language(world):
    chart = charts.plots([_table("cases_by_type", ["rape", "total"],
                                 {("A", "A"): [9, 9]})])[0]
    key = charts.cache_key(chart, run_id=7, filters=_filters(), language="en")
    assert key != charts.cache_key(chart, run_id=8, filters=_filters(), language="en")
    assert key != charts.cache_key(chart, run_id=7, filters=_filters(), language="ur")
    assert key != charts.cache_key(chart, run_id=7, filters=_filters(gbv_type="rape"),
                                   language="en")


@pytest.mark.django_db
def test_a_chart_that_cannot_be_drawn_leaves_its_table(monkeypatch):
    def broken(spec):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(charts, "render_svg", broken)
    table = _table("cases_by_type", ["rape", "total"], {("A", "A"): [9, 9]})
    chart = charts.build([table], _filters(), language="en")[0]
    assert chart.svg == "" and chart.figures.rows == [("A", [9])]


# --- the ranking ------------------------------------------------------------------------


def _ranking_tables():
    care = _table("cell_care", ["cases", "within_72h"], {
        ("D-1", "Good"): [20, 18],  # 90 %
        ("D-2", "Bad"): [20, 5],  # 25 %
        ("D-3", "Middling"): [10, 6],  # 60 %
        ("D-4", "Small"): [3, ("x", 0)],  # "<5" cases: cannot rank
    })
    justice = _table("justice", ["firs", "reports_in_time", "investigations_done",
                                 "investigations_in_time", "decided", "convicted"], {
        ("D-1", "Good"): [10, 10, 10, 10, 10, 10],
        ("D-2", "Bad"): [10, 0, 10, 5, 10, 0],
        ("D-3", "Middling"): [("x", 0), 0, 0, 0, 0, 0],
    })
    register = _table("register", ["size", "overdue"], {
        ("D-1", "Good"): [10, 0], ("D-2", "Bad"): [10, 5], ("D-5", "Register only"): [10, 5]})
    by_province = _table("justice_by_province", ["firs", "decided", "convicted"], {
        ("PB", "Punjab"): [30, 10, 5]})  # provinces never enter the district ranking
    return [care, justice, register, by_province]


def test_the_ranking_puts_the_worst_district_first():
    result = ranking.rank(_ranking_tables(), ranking.BY_SLUG["within_72h"])
    assert [(r.label, r.value) for r in result.ranked] == [
        ("Bad", 25.0), ("Middling", 60.0), ("Good", 90.0)]
    assert [r.rank for r in result.ranked] == [1, 2, 3]
    assert [r.is_worst for r in result.ranked] == [True, False, False]
    assert result.not_enough == ["Small"]  # its cases are "<5": not a number


def test_an_indicator_where_higher_is_worse_ranks_the_highest_first():
    result = ranking.rank(_ranking_tables(), ranking.BY_SLUG["register_overdue"])
    # The highest overdue share first; a tie is broken by the district's name.
    assert [(r.label, r.value) for r in result.ranked] == [
        ("Bad", 50.0), ("Register only", 50.0), ("Good", 0.0)]


def test_the_composite_needs_two_published_indicators():
    result = ranking.rank(_ranking_tables(), ranking.BY_SLUG["composite"])
    # Bad: 72h 25, report 0, investigations 50, convictions 0, register 100-50 = 50
    # Good: 90, 100, 100, 100, 100; Middling: 72h only (its FIRs are "x") -> too few.
    assert [(r.label, r.value) for r in result.ranked] == [("Bad", 25.0), ("Good", 98.0)]
    assert result.not_enough == ["Middling", "Register only", "Small"]


def test_an_unknown_ranking_indicator_is_refused():
    with pytest.raises(BadInput):
        ranking.parse_indicator("<script>")
    assert ranking.parse_indicator("").slug == ranking.COMPOSITE


def test_the_ranking_chart_marks_the_worst_in_words():
    result = ranking.rank(_ranking_tables(), ranking.BY_SLUG["within_72h"])
    chart = charts.ranking_plot(result)
    assert chart.plot["categories"] == ["1. Bad", "2. Middling", "3. Good"]
    texts = {p["category"]: p["text"] for p in chart.plot["points"]}
    assert texts["1. Bad"] == "25 — among the worst"
    assert texts["3. Good"] == "90"
    colours = {p["category"]: p["color"] for p in chart.plot["points"]}
    assert colours["1. Bad"] == charts.WORST and colours["3. Good"] == charts.BAR


# --- the PDF ----------------------------------------------------------------------------


def _pdf_drawing(pdf: bytes) -> bytes:
    out = b""
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out += zlib.decompress(m.group(1))
        except zlib.error:
            continue
    return out


@pytest.mark.django_db
def test_the_pdf_report_carries_the_charts(world, monkeypatch):
    for _ in range(6):
        open_case(world)
    services.refresh()
    tables = indicators.build(_filters())
    seen = {}
    real = exports.render_pdf
    monkeypatch.setattr(exports, "render_pdf",
                        lambda name, ctx: seen.update(ctx) or real(name, ctx))
    pdf = exports.to_pdf(tables, _filters())
    assert pdf.startswith(b"%PDF")
    assert [d["chart"].name for d in seen["charts"]][:2] == ["cases_by_type", "cases_by_age"]
    assert all(d["chart"].svg.startswith("<svg") for d in seen["charts"])
    assert seen["charts"][0]["title_ur"] != seen["charts"][0]["chart"].title
    # The bars are drawn in the PDF: their fill colour is set in the page's content.
    r, g, b = (int(charts.PALETTE[0][i:i + 2], 16) / 255 for i in (1, 3, 5))
    assert f"{r:.6f} {g:.6f} {b:.6f} rg".encode() in _pdf_drawing(pdf)
