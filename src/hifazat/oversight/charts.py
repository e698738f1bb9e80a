"""Charts of the published figures: Vega-Lite specs built with altair, rendered here to
SVG by vl-convert (no CDN, no JavaScript on the page), cached, and put inline.

What a chart may draw is ``Table.as_data()`` — the published figures — and nothing
else. A "<5" or "x" is not a number, so it is never drawn: its bar or segment is a gap,
the row's axis label carries a "*" and the chart's note says so. Every chart comes with
the small table of its figures, suppression marks included (``Chart.figures``).

Rendering one SVG costs tens of milliseconds, so each is kept in Django's cache under
the last successful refresh run, the filters, the language, the chart and a digest of
its figures: a new refresh changes the key, and a chart can never be served for other
figures than the ones it is shown with.

The SVG that leaves this module has been parsed and written out again with an
allow-list of SVG elements and attributes (``_clean``): a district name from the
database is text in it, never markup; ids are prefixed per chart so that several charts
can share a page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import threading
import xml.etree.ElementTree as ET  # nosec B405 — parses only vl-convert's own SVG, DTDs refused
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hifazat.oversight import ranking as ranking_
from hifazat.oversight.models import RefreshRun
from hifazat.oversight.suppression import HIDDEN, SMALL

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 3600  # the key changes with every refresh anyway
CACHE_VERSION = 1  # bump when the look of the charts changes
GAP_MARK = " *"  # after a row's label when one of its figures is suppressed

# Colours of the bars: each at least 4.5:1 against white (WCAG 2.1 AA asks 3:1 of a
# graphical object; 4.5:1 lets the white figures printed inside a segment pass as text
# too). Adjacent segments are separated by a white line, so each touches white only.
PALETTE = ["#0b5563", "#8a1c1c", "#5b3a8c", "#8a5a00", "#1d5e2f", "#4a5560", "#a3325b"]
INK = "#1b1f23"  # axis text, labels outside bars (the page's ink)
WORST = "#8a1c1c"  # the worst districts of the ranking (also marked in words)
BAR = PALETTE[0]
FONTS = {
    "ur": '"Noto Naskh Arabic", "Noto Nastaliq Urdu", "DejaVu Sans", serif',
    "en": '"DejaVu Sans", Arial, sans-serif',
}
LABEL_MIN_SHARE = 0.07  # a value is printed inside its segment if it is this wide


@dataclass
class Figures:
    """The table under a chart: its figures as published (a count, "<5", "x")."""

    head: list[str]
    rows: list[tuple[str, list]]


@dataclass
class Chart:
    name: str
    title: str
    description: str
    note: str
    figures: Figures
    plot: dict = field(repr=False)
    svg: SafeString | str = ""

    @property
    def dom_id(self) -> str:
        return f"chart-{self.name}"


# --- what each chart shows (pure data) --------------------------------------------------


def _number(value):
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _rows(table) -> list[dict]:
    return [r for r in table.as_data() if r["code"] != "TOTAL"]


def _labels(rows: list[dict]) -> dict[str, str]:
    """Row code -> the label on the axis (the code added where two names are the same)."""
    seen: dict[str, int] = {}
    for r in rows:
        seen[r["label"]] = seen.get(r["label"], 0) + 1
    return {r["code"]: r["label"] if seen[r["label"]] == 1 else f'{r["label"]} ({r["code"]})'
            for r in rows}


def _percent(num, den):
    num, den = _number(num), _number(den)
    if num is None or not den:
        return None
    return round(100.0 * num / den, 1)


def _series_plot(*, name, title, description, rows, series, category_title, value_title,
                 stacked, percent=False, values=None, colors=None, texts=None):
    """A chart of ``series`` ([(slug, label)]) for each row. ``values`` maps (code, slug)
    to the figure as published (default: the row's own column ``slug``); ``texts`` may
    replace the printed value of a bar; ``colors`` maps a code to its bar colour."""
    labels = _labels(rows)
    shown = {(r["code"], s): (values or {}).get((r["code"], s), r.get(s))
             for r in rows for s, _l in series}
    hidden = {code for (code, _s), v in shown.items() if v in (SMALL, HIDDEN)}
    categories = [labels[r["code"]] + (GAP_MARK if r["code"] in hidden else "") for r in rows]
    totals = [sum(_number(shown[(r["code"], s)]) or 0 for s, _l in series) for r in rows]
    widest = max([t for t in totals if t] or [1]) if stacked else \
        max([_number(v) or 0 for v in shown.values()] or [1]) or 1
    points = []
    for r, category in zip(rows, categories, strict=True):
        start = 0.0
        for n, (slug, label) in enumerate(series):
            value = _number(shown[(r["code"], slug)])
            if value is None:
                continue  # suppressed: a gap, never a number
            text = f"{value:g}"
            if texts and (r["code"], slug) in texts:
                text = texts[(r["code"], slug)]
            if stacked and value < LABEL_MIN_SHARE * widest:
                text = ""
            points.append({"category": category, "series": str(label), "order": n,
                           "value": value, "mid": start + value / 2, "text": text,
                           "color": (colors or {}).get(r["code"], PALETTE[n % len(PALETTE)])})
            start += value
    gaps = len([v for v in shown.values() if v in (SMALL, HIDDEN)])
    note = ""
    if gaps:
        note = ngettext(
            "%(n)s suppressed figure (shown as <5 or x in the table) is not drawn: a gap is "
            "not a zero. Rows marked * have a suppressed figure.",
            "%(n)s suppressed figures (shown as <5 or x in the table) are not drawn: a gap "
            "is not a zero. Rows marked * have a suppressed figure.", gaps) % {"n": gaps}
    figures = Figures(head=[category_title, *[str(label) for _s, label in series]],
                      rows=[(labels[r["code"]], [shown[(r["code"], s)] for s, _l in series])
                            for r in rows])
    plot = {"kind": "stacked" if stacked else "panels", "title": title,
            "category_title": category_title, "value_title": value_title,
            "percent": percent, "categories": categories,
            "series": [str(label) for _s, label in series],
            "colors": [PALETTE[n % len(PALETTE)] for n in range(len(series))],
            "points": points}
    return Chart(name=name, title=title, description=description, note=note,
                 figures=figures, plot=plot)


def _by_name(tables):
    return {t.name: t for t in tables}


def plots(tables) -> list[Chart]:
    """The charts the tables allow (a chart whose table is absent is left out), SVG not
    rendered yet."""
    by = _by_name(tables)
    district = _("District")
    out = []
    if (t := by.get("cases_by_type")) and _rows(t):
        series = [(slug, label) for slug, label in t.columns if slug != "total"]
        out.append(_series_plot(
            name="cases_by_type", title=_("Crisis-cell cases by district and GBVIMS type"),
            description=_("Stacked bars: for each district, the crisis-cell cases of the "
                          "period split by GBVIMS incident type, in the legend's order."),
            rows=_rows(t), series=series, category_title=district,
            value_title=_("Cases"), stacked=True))
    if (t := by.get("cases_by_age")) and _rows(t):
        series = [(slug, label) for slug, label in t.columns if slug != "total"]
        out.append(_series_plot(
            name="cases_by_age", title=_("Crisis-cell cases by district: children and adults"),
            description=_("Stacked bars: for each district, the cases of children (under 18) "
                          "and of adults."),
            rows=_rows(t), series=series, category_title=district,
            value_title=_("Cases"), stacked=True))
    if (t := by.get("cell_care")) and _rows(t):
        rows = _rows(t)
        out.append(_series_plot(
            name="within_72h", title=_("Share of cases reaching a cell within 72 hours"),
            description=_("One bar per district: the percentage of the period's cases that "
                          "reached a crisis cell within 72 hours of the incident."),
            rows=rows, series=[("within_72h_pct", _("Within 72 hours (%)"))],
            category_title=district, value_title=_("Share of cases (%)"), stacked=False,
            percent=True))
    if (t := by.get("justice_by_province")) and _rows(t):
        out.append(_series_plot(
            name="conviction_rate", title=_("Conviction rate by province"),
            description=_("Two panels, one bar per province: convictions as a percentage of "
                          "the decided cases, and as a percentage of the reported cases "
                          "(FIRs)."),
            rows=_rows(t), series=[
                ("conviction_rate_decided", _("Over decided cases (%)")),
                ("conviction_rate_reported", _("Over reported cases (%)"))],
            category_title=_("Province"), value_title=_("Conviction rate (%)"),
            stacked=False, percent=True))
    if (t := by.get("register")) and _rows(t):
        rows = _rows(t)
        # Computed from published counts only; a share of a suppressed count is "x".
        values = {}
        for r in rows:
            share = _percent(r["compliant"], r["size"])
            values[(r["code"], "share")] = share if share is not None else (
                "—" if r["size"] == 0 else HIDDEN)
        out.append(_series_plot(
            name="register_compliance", title=_("Register compliance by district"),
            description=_("One bar per responsible district: the percentage of the "
                          "offenders on the register who are compliant with their "
                          "reporting duties today."),
            rows=rows, series=[("share", _("Compliant (%)"))], values=values,
            category_title=district, value_title=_("Compliant share of the register (%)"),
            stacked=False, percent=True))
    return out


def ranking_plot(ranking: ranking_.Ranking) -> Chart | None:
    """The ranking as one bar per district, worst at the top; the worst are dark red
    **and** say "among the worst" in words (never colour alone)."""
    if not ranking.ranked:
        return None
    worst = _("among the worst")
    rows = [{"code": r.code, "label": f"{r.rank}. {r.label}", "value": r.value}
            for r in ranking.ranked]
    texts = {(r.code, "value"): f"{r.value:g} — {worst}" if r.is_worst else f"{r.value:g}"
             for r in ranking.ranked}
    colors = {r.code: WORST if r.is_worst else BAR for r in ranking.ranked}
    label = str(ranking.indicator.label)
    direction = _("lowest") if ranking.worst_is_lowest else _("highest")
    chart = _series_plot(
        name="ranking", title=_("Districts ranked worst first: %(indicator)s") % {
            "indicator": label},
        description=_("One bar per district, the worst at the top (%(direction)s value "
                      "first); the worst are marked “%(worst)s”.") % {
            "direction": direction, "worst": worst},
        rows=rows, series=[("value", label)], texts=texts, colors=colors,
        category_title=_("District (worst first)"), value_title=label, stacked=False,
        percent=True)
    chart.plot["colored_by_point"] = True
    return chart


# --- specs and rendering ----------------------------------------------------------------


def _spec(plot: dict, language: str) -> dict:
    import altair as alt

    font = FONTS.get(language, FONTS["en"])
    y = alt.Y("category:N", title=plot["category_title"],
              scale=alt.Scale(domain=plot["categories"]), sort=plot["categories"],
              axis=alt.Axis(labelLimit=220, titleAngle=0, titleAnchor="end",
                            titleAlign="right", titleBaseline="bottom", titleY=-6,
                            titleX=-6))
    x_scale = alt.Scale(domain=[0, 100]) if plot["percent"] else alt.Undefined

    if plot["kind"] == "stacked":
        base = alt.Chart(alt.Data(values=plot["points"]))
        bars = base.mark_bar(stroke="#ffffff", strokeWidth=1.5).encode(
            x=alt.X("value:Q", stack="zero", title=plot["value_title"]),
            y=y,
            color=alt.Color("series:N", title=None,
                            scale=alt.Scale(domain=plot["series"], range=plot["colors"]),
                            legend=alt.Legend(orient="bottom", columns=3, symbolType="square",
                                              labelLimit=260)),
            order=alt.Order("order:Q"))
        labels = base.mark_text(color="#ffffff", fontSize=10, baseline="middle").encode(
            x=alt.X("mid:Q", stack=None), y=y, text="text:N")
        chart = alt.layer(bars, labels).properties(width=460, height=alt.Step(22))
    else:
        panels = []
        for n, series in enumerate(plot["series"]):
            points = [p for p in plot["points"] if p["series"] == series]
            base = alt.Chart(alt.Data(values=points))
            bars = base.mark_bar().encode(
                x=alt.X("value:Q", title=plot["value_title"] if len(plot["series"]) == 1
                        else series, scale=x_scale),
                y=y if n == 0 else y.axis(None),
                color=alt.Color("color:N", scale=None))
            labels = base.mark_text(align="left", dx=4, color=INK, fontSize=10,
                                    baseline="middle").encode(
                x=alt.X("value:Q", scale=x_scale), y=y, text="text:N")
            panels.append(alt.layer(bars, labels).properties(
                width=300 if len(plot["series"]) > 1 else 420, height=alt.Step(22)))
        chart = panels[0] if len(panels) == 1 else alt.hconcat(*panels, spacing=40)
    chart = chart.properties(title=alt.TitleParams(plot["title"], anchor="start",
                                                   fontSize=14, color=INK, offset=22))
    return chart.configure(font=font, background="#ffffff").configure_axis(
        labelColor=INK, titleColor=INK, domainColor=INK, tickColor=INK,
        gridColor="#d5dde1", labelFontSize=11, titleFontSize=11,
    ).configure_legend(labelColor=INK, labelFontSize=11).configure_view(
        stroke=None).to_dict()


def _font_directory() -> Path:
    return Path(tempfile.gettempdir()) / "hifazat-chart-fonts"


_fonts_lock = threading.Lock()
_fonts_ready = False


def _register_fonts() -> None:
    """Give vl-convert the vendored Urdu fonts (converted once from WOFF2 to TrueType
    into a temporary directory: vl-convert reads TrueType), so Urdu labels are measured
    and drawn with the glyphs the page and the PDF use."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        import vl_convert
        from fontTools.ttLib import TTFont

        from hifazat.core.pdf import FONT_FILES

        target = _font_directory()
        target.mkdir(exist_ok=True)
        for rel in FONT_FILES.values():
            found = finders.find(rel)
            out = target / (Path(rel).stem + ".ttf")
            if found and not out.exists():
                font = TTFont(found)
                font.flavor = None
                partial = out.with_suffix(".part")
                font.save(partial)
                partial.replace(out)
        vl_convert.register_font_directory(str(target))
        _fonts_ready = True


def render_svg(spec: dict) -> str:
    import vl_convert

    _register_fonts()
    return vl_convert.vegalite_to_svg(spec)


# --- cleaning the SVG -------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
ELEMENTS = {"svg", "g", "path", "rect", "line", "text", "tspan", "circle", "ellipse",
            "polyline", "polygon", "defs", "clipPath", "title", "desc"}
ATTRIBUTES = {
    "class", "transform", "d", "x", "y", "x1", "x2", "y1", "y2", "dx", "dy", "width",
    "height", "rx", "ry", "cx", "cy", "r", "points", "viewBox", "version", "fill",
    "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
    "opacity", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "alignment-baseline", "letter-spacing", "clip-path", "id",
    "pointer-events", "display", "visibility", "shape-rendering", "paint-order",
    "aria-hidden", "direction",
}


class UnsafeSvg(Exception):
    """The renderer produced something that is not plain drawing: refused."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(svg: str, *, prefix: str, label: str, described_by: str) -> str:
    """The SVG re-serialised from an allow-list: unknown elements refused, unknown
    attributes (scripts, event handlers, links, styles) dropped, ids prefixed; the root
    gets ``role="img"``, an accessible name and the id of its description."""
    if "<!" in svg:
        # No DOCTYPE, entity or CDATA: what defusedxml would refuse, refused here (the
        # renderer never writes one), so the standard parser is safe to use.
        raise UnsafeSvg("declaration")
    try:
        root = ET.fromstring(svg)  # noqa: S314  # nosec B314 — our SVG; DTDs refused above
    except ET.ParseError as exc:
        raise UnsafeSvg(str(exc)) from exc
    for element in root.iter():
        tag = _local(element.tag)
        if not isinstance(element.tag, str) or tag not in ELEMENTS or \
                not element.tag.startswith(f"{{{SVG_NS}}}"):
            raise UnsafeSvg(str(element.tag))
        for name in list(element.attrib):
            value = element.attrib[name]
            if name not in ATTRIBUTES:
                del element.attrib[name]
            elif name == "id":
                element.attrib[name] = f"{prefix}-{value}"
            elif name == "clip-path":
                if not (value.startswith("url(#") and value.endswith(")")):
                    del element.attrib[name]
                else:
                    element.attrib[name] = f"url(#{prefix}-{value[5:-1]})"
            elif "url(" in value or "javascript:" in value.lower():
                del element.attrib[name]
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("aria-describedby", described_by)
    root.set("focusable", "false")
    root.set("direction", "ltr")  # laid out left to right by Vega, also on Urdu pages
    # Plain tags and an explicit xmlns, not ElementTree's prefix map: that map is global
    # and other libraries (WeasyPrint reading SVG) change it, and "ns0:svg" is not an
    # image in an HTML page.
    for element in root.iter():
        element.tag = _local(element.tag)
    root.attrib = {"xmlns": SVG_NS, **root.attrib}
    return ET.tostring(root, encoding="unicode")


# --- the cache --------------------------------------------------------------------------


def last_successful_run_id() -> int:
    run = (RefreshRun.objects.filter(status=RefreshRun.Status.DONE)
           .order_by("-finished_at", "-pk").values_list("pk", flat=True).first())
    return run or 0


def cache_key(chart: Chart, *, run_id: int, filters, language: str) -> str:
    digest = hashlib.sha256(json.dumps(
        {"plot": chart.plot, "filters": filters.query() if filters else {}},
        sort_keys=True, default=str).encode()).hexdigest()[:24]
    return f"oversight:chart:v{CACHE_VERSION}:{run_id}:{language}:{chart.name}:{digest}"


def render(chart: Chart, *, filters, language: str, run_id: int | None = None) -> Chart:
    """Fill ``chart.svg`` from the cache or by rendering (then cached)."""
    run_id = last_successful_run_id() if run_id is None else run_id
    key = cache_key(chart, run_id=run_id, filters=filters, language=language)
    svg = cache.get(key)
    if svg is None:
        try:
            svg = _clean(render_svg(_spec(chart.plot, language)), prefix=chart.dom_id,
                         label=chart.title, described_by=f"{chart.dom_id}-desc")
        except Exception:
            # A chart that cannot be drawn must not take the figures down with it: the
            # table under it is still shown.
            logger.exception("oversight chart %s could not be rendered", chart.name)
            return chart
        cache.set(key, svg, CACHE_SECONDS)
    chart.svg = mark_safe(svg)  # noqa: S308  # nosec B308 B703 — allow-listed (_clean)
    return chart


def build(tables, filters, *, language: str | None = None, ranking=None) -> list[Chart]:
    """Every chart the tables allow, rendered in ``language`` (default: the active one),
    with the ranking's chart first when a ranking is given."""
    language = language or translation.get_language() or "en"
    language = "ur" if language.startswith("ur") else "en"
    with translation.override(language):
        charts = plots(tables)
        if ranking is not None and (chart := ranking_plot(ranking)) is not None:
            charts.insert(0, chart)
    run_id = last_successful_run_id()
    return [render(c, filters=filters, language=language, run_id=run_id) for c in charts]

