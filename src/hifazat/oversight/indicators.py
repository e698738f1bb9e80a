"""The indicator tables the analyst page, the CSV/PDF/DHIS2 exports and (later) the
charts all read: built from the aggregate tables only, filtered, and suppressed as one
publication (``suppression.suppress`` over every count of every table, so a count that
two tables share is hidden in both).

Each ``Table`` has columns and rows of ``Cell``s; a cell keeps the raw number for the
suppression step only — what leaves this module (``Cell.shown``) is a count, "<5", "x"
or a derived figure computed from published counts alone.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Max, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hifazat.oversight import gbvims, periods, suppression
from hifazat.oversight.errors import BadInput
from hifazat.oversight.models import CellDay, JusticeMonth, RefreshRun, RegisterDistrict
from hifazat.places import selectors as places

AGE_GROUPS = [("child", _("Child (under 18)")), ("adult", _("Adult"))]
SEXES = [("F", _("Female")), ("M", _("Male")), ("X", _("Other"))]
MIN_FOR_STATISTIC = suppression.THRESHOLD  # medians/percentiles need at least 5 values


@dataclass(frozen=True)
class Filters:
    period: periods.Period
    province: object | None = None  # places.Province
    district: object | None = None  # places.District
    gbv_type: str = ""
    age_group: str = ""

    def query(self) -> dict:
        out = {"period": self.period.label}
        if self.province is not None:
            out["province"] = self.province.code
        if self.district is not None:
            out["district"] = self.district.code
        if self.gbv_type:
            out["incident_type"] = self.gbv_type
        if self.age_group:
            out["age_group"] = self.age_group
        return out


def parse_filters(data, *, reach: set | None = None) -> Filters:
    """Filters from a query string or command options; ``reach`` is the analyst's
    province ids (None: national). Unknown or out-of-reach values raise ``BadInput``."""
    period = periods.parse(data.get("period") or "") if data.get("period") else \
        periods.current_quarter()
    province = None
    code = (data.get("province") or "").strip().upper()
    if code:
        province = places.provinces().filter(code=code).first()
        if province is None or (reach is not None and province.pk not in reach):
            raise BadInput(_("Unknown province %(code)s.") % {"code": code}, field="province")
    elif reach is not None and len(reach) == 1:
        province = places.provinces().filter(pk=next(iter(reach))).first()
    district = None
    code = (data.get("district") or "").strip().upper()
    if code:
        district = places.district_by_code(code)
        if district is None or (reach is not None and district.province_id not in reach) or (
                province is not None and district.province_id != province.pk):
            raise BadInput(_("Unknown district %(code)s.") % {"code": code}, field="district")
    gbv = (data.get("incident_type") or "").strip()
    if gbv and gbv not in gbvims.LABELS:
        raise BadInput(_("Unknown incident type."), field="incident_type")
    age = (data.get("age_group") or "").strip()
    if age and age not in dict(AGE_GROUPS):
        raise BadInput(_("Unknown age group."), field="age_group")
    if reach is not None and province is None:
        # several provinces in reach and none chosen: restricted in ``_scope``
        pass
    return Filters(period=period, province=province, district=district, gbv_type=gbv,
                   age_group=age)


@dataclass
class Cell:
    key: object | None = None  # suppression key of a count; None for a derived figure
    value: object = None  # raw count (never leaves this module) or derived figure
    kind: str | None = None

    @property
    def shown(self):
        if self.key is None:
            return "x" if self.value is None else self.value
        return suppression.shown(self.value, self.kind)

    @property
    def number(self):
        """The figure a chart may plot: the published count or figure, or None."""
        shown = self.shown
        return shown if isinstance(shown, int | float) else None


@dataclass
class Row:
    code: str
    label: str
    cells: list[Cell]


@dataclass
class Table:
    name: str
    title: object
    columns: list[tuple[str, object]]
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None
    dhis2: bool = True

    def as_data(self) -> list[dict]:
        """Rows as plain dicts of published figures (a chart's data source)."""
        out = []
        for row in [*self.rows, *([self.total] if self.total else [])]:
            item = {"code": row.code, "label": str(row.label)}
            for (slug, _label), cell in zip(self.columns, row.cells, strict=True):
                item[slug] = cell.shown
            out.append(item)
        return out


def _scope(qs, filters: Filters, reach):
    if filters.district is not None:
        return qs.filter(district=filters.district)
    if filters.province is not None:
        return qs.filter(province=filters.province)
    if reach is not None:
        return qs.filter(province_id__in=reach)
    return qs


def _ratio(num: Cell, den: Cell, scale: float = 100.0, digits: int = 1):
    n, d = num.number, den.number
    if n is None or d is None or d == 0:
        return Cell(value=None if (n is None or d is None) else "—")
    return Cell(value=round(scale * n / d, digits))


def _pct(values: list[int], q: float):
    if len(values) < MIN_FOR_STATISTIC:
        return Cell(value=None)
    values = sorted(values)
    return Cell(value=values[min(len(values) - 1, int(q * len(values)))])


@dataclass
class Figures:
    """The raw sums the tables are made of, by district id (never published as such):
    crisis-cell cases by GBVIMS type, age group and sex, the care counts, the hours from
    arrival to FIR, the justice counts (with ``province_id``) and the register."""
    by_gbv: dict
    by_age: dict
    by_sex: dict
    sums: dict  # {district: {"cases": n, "within_72h": n, ...}}
    fir_hours: dict  # {district: [hours, ...]}
    jsums: dict  # {district: {"province_id": p, "firs": n, ..., "adjournments": n}}
    register: dict  # {district: {"size": n, ..., "days_to_entry": [days, ...]}}


CARE_MEASURES = ["within_72h", "pep_in_window", "ec_in_window", "with_fir", "firs",
                 "consenting"]
JUSTICE_MEASURES = ["firs", "reports_in_time", "investigations_done", "investigations_in_time",
                    "challans_accepted", "trials", "decided", "decided_in_time", "convicted",
                    "acquitted"]
REGISTER_MEASURES = ["size", "compliant", "overdue", "absconded"]


def build(filters: Filters, *, reach: set | None = None) -> list[Table]:
    """Every indicator table for the filters, suppressed together.

    A publication depends only on the aggregate tables, the filters, the reader's reach
    and the language, and suppressing a national year costs seconds, so the last
    ``PUBLICATIONS_KEPT`` are kept in this process under those (``publication_key``): the
    aggregate tables change only when a refresh replaces buckets, which moves the marks
    in the key. Kept as objects, not pickled (unpickling a national year's tables cost
    more than the four look-ups of the key), and read-only for every caller. What is
    kept is the published publication only: the raw value of every suppressed count is
    dropped first."""
    key = publication_key(filters, reach=reach)
    with _kept_lock:
        tables = _kept.get(key)
        if tables is not None:
            _kept.move_to_end(key)
            return tables
    tables = publish(filters, aggregate(filters, reach=reach))
    for table in tables:
        for row in [*table.rows, *([table.total] if table.total else [])]:
            for cell in row.cells:
                if cell.kind is not None:
                    cell.value = None
    with _kept_lock:
        _kept[key] = tables
        while len(_kept) > PUBLICATIONS_KEPT:
            _kept.popitem(last=False)
    return tables


PUBLICATIONS_KEPT = 32
_kept: OrderedDict[str, list[Table]] = OrderedDict()
_kept_lock = threading.Lock()


def forget_publications() -> None:
    """Drop every kept publication (tests; a process that must not serve stale ones)."""
    with _kept_lock:
        _kept.clear()


def publication_key(filters: Filters, *, reach: set | None = None) -> str:
    """The cache key of one publication: the filters, the reach, the language (district
    names are in it) and the marks of the
    aggregate tables (the end of the last finished refresh; the newest row of each table —
    a refresh replaces a bucket's rows, so its new rows get new ids — and the register
    snapshot's time)."""
    marks = (RefreshRun.objects.filter(status=RefreshRun.Status.DONE)
             .aggregate(m=Max("finished_at"))["m"],
             CellDay.objects.aggregate(m=Max("pk"))["m"],
             JusticeMonth.objects.aggregate(m=Max("pk"))["m"],
             RegisterDistrict.objects.aggregate(m=Max("refreshed_at"))["m"])
    digest = hashlib.sha256(json.dumps(
        {"filters": filters.query(), "reach": sorted(reach) if reach is not None else None,
         "marks": marks, "language": get_language()},
        sort_keys=True, default=str).encode()).hexdigest()[:32]
    return digest


def aggregate(filters: Filters, *, reach: set | None = None) -> Figures:
    """The figures for the filters, summed from the aggregate tables."""
    start, end = filters.period.start, filters.period.end
    cell_qs = _scope(CellDay.objects.filter(day__gte=start, day__lte=end), filters, reach)
    if filters.gbv_type:
        cell_qs = cell_qs.filter(gbv_type=filters.gbv_type)
    if filters.age_group:
        cell_qs = cell_qs.filter(age_group=filters.age_group)
    justice_qs = _scope(JusticeMonth.objects.filter(month__gte=start.replace(day=1),
                                                    month__lte=end), filters, reach)
    register_qs = _scope(RegisterDistrict.objects.all(), filters, reach)

    by_gbv, by_age, by_sex = defaultdict(dict), defaultdict(dict), defaultdict(dict)
    for dim, target in (("gbv_type", by_gbv), ("age_group", by_age), ("sex", by_sex)):
        for r in cell_qs.values("district_id", dim).annotate(n=Sum("cases")).order_by():
            target[r["district_id"]][r[dim]] = r["n"]
    sums = {r["district_id"]: r for r in cell_qs.values("district_id").annotate(
        cases=Sum("cases"), **{m: Sum(m) for m in CARE_MEASURES}).order_by()}
    fir_hours = defaultdict(list)
    for d, hours in cell_qs.values_list("district_id", "fir_hours"):
        fir_hours[d].extend(hours)
    jsums = {r["district_id"]: r for r in justice_qs.values("district_id", "province_id")
             .annotate(adjournments=Sum("adjournments"),
                       **{m: Sum(m) for m in JUSTICE_MEASURES}).order_by()}
    register = {r.district_id: {**{m: getattr(r, m) for m in REGISTER_MEASURES},
                                "days_to_entry": r.days_to_entry} for r in register_qs}
    return Figures(by_gbv=by_gbv, by_age=by_age, by_sex=by_sex, sums=sums,
                   fir_hours=fir_hours, jsums=jsums, register=register)


def publish(filters: Filters, figures: Figures) -> list[Table]:
    """The tables of the figures, every count suppressed as one publication."""
    by_gbv, by_age, by_sex = figures.by_gbv, figures.by_age, figures.by_sex
    sums, jsums, rrows = figures.sums, figures.jsums, figures.register
    fir_hours = defaultdict(list, figures.fir_hours)
    values: dict = {}
    lines: list = []
    names: dict = {}

    def put(key, n):
        values[key] = int(n or 0)
        return key

    def crosstab(dim, options, rows):
        """rows: {district_id: {option: n}}; row totals are the shared ("cases", d)."""
        for d, by in rows.items():
            parts = [put(("cases", d, dim, o), by.get(o, 0)) for o in options]
            lines.append(suppression.line(parts, ("cases", d)))
        for o in options:
            parts = [("cases", d, dim, o) for d in rows]
            put(("cases", "*", dim, o), sum(rows[d].get(o, 0) for d in rows))
            lines.append(suppression.line(parts, ("cases", "*", dim, o)))
        lines.append(suppression.line([("cases", "*", dim, o) for o in options],
                                      ("cases", "*")))

    # --- crisis cells -----------------------------------------------------------------
    measures = CARE_MEASURES
    cell_districts = sorted(sums)
    for d in cell_districts:
        put(("cases", d), sums[d]["cases"])
    put(("cases", "*"), sum(sums[d]["cases"] for d in cell_districts))
    lines.append(suppression.line([("cases", d) for d in cell_districts], ("cases", "*")))
    gbv_options = [g for g, _l in gbvims.GBV_TYPES if not filters.gbv_type
                   or g == filters.gbv_type]
    age_options = [a for a, _l in AGE_GROUPS if not filters.age_group or a == filters.age_group]
    crosstab("gbv", gbv_options, {d: by_gbv[d] for d in cell_districts})
    crosstab("age", age_options, {d: by_age[d] for d in cell_districts})
    crosstab("sex", [s for s, _l in SEXES], {d: by_sex[d] for d in cell_districts})
    for m in measures:
        parts = [put((m, d), sums[d][m]) for d in cell_districts]
        put((m, "*"), sum(sums[d][m] for d in cell_districts))
        lines.append(suppression.line(parts, (m, "*")))

    # --- justice ----------------------------------------------------------------------
    jmeasures = JUSTICE_MEASURES
    justice_districts = sorted(jsums)
    by_province = defaultdict(list)
    for d in justice_districts:
        by_province[jsums[d]["province_id"]].append(d)
    justice_provinces = sorted(by_province)
    for m in jmeasures:
        parts = [put(("j", m, d), jsums[d][m]) for d in justice_districts]
        put(("j", m, "*"), sum(jsums[d][m] for d in justice_districts))
        lines.append(suppression.line(parts, ("j", m, "*")))
        # Province subtotals are published too: each is the sum of its districts, and
        # the provinces add up to the national total.
        for p in justice_provinces:
            put(("j", m, ("p", p)), sum(jsums[d][m] for d in by_province[p]))
            lines.append(suppression.line([("j", m, d) for d in by_province[p]],
                                          ("j", m, ("p", p))))
        lines.append(suppression.line([("j", m, ("p", p)) for p in justice_provinces],
                                      ("j", m, "*")))
    for d in [*justice_districts, *[("p", p) for p in justice_provinces], "*"]:
        # convicted + acquitted = decided (the outcome of every decided case)
        lines.append(suppression.line([("j", "convicted", d), ("j", "acquitted", d)],
                                      ("j", "decided", d)))

    # --- register ---------------------------------------------------------------------
    rmeasures = REGISTER_MEASURES
    register_districts = sorted(rrows)
    for m in rmeasures:
        parts = [put(("r", m, d), rrows[d][m]) for d in register_districts]
        put(("r", m, "*"), sum(rrows[d][m] for d in register_districts))
        lines.append(suppression.line(parts, ("r", m, "*")))

    kinds = suppression.suppress(values, lines)
    for district in places.districts().filter(
            pk__in={*cell_districts, *justice_districts, *register_districts}):
        names[district.pk] = (district.code, district.name)

    def c(key) -> Cell:
        return Cell(key=key, value=values[key], kind=kinds.get(key))

    def row(d, cells):
        code, label = names[d] if d != "*" else ("TOTAL", _("Total"))
        return Row(code=code, label=label, cells=cells)

    tables = []
    for name, title, dim, options in (
            ("cases_by_type", _("Crisis-cell cases by district and GBVIMS incident type"),
             "gbv", [(g, gbvims.LABELS[g]) for g in gbv_options]),
            ("cases_by_age", _("Crisis-cell cases by district and age group"), "age",
             [(a, dict(AGE_GROUPS)[a]) for a in age_options]),
            ("cases_by_sex", _("Crisis-cell cases by district and sex"), "sex", SEXES)):
        t = Table(name, title, [*options, ("total", _("Total"))])
        for d in cell_districts:
            t.rows.append(row(d, [c(("cases", d, dim, o)) for o, _l in options]
                              + [c(("cases", d))]))
        t.total = row("*", [c(("cases", "*", dim, o)) for o, _l in options]
                      + [c(("cases", "*"))])
        tables.append(t)

    care = Table("cell_care", _("Crisis cells: timeliness, care and consent"), [
        ("cases", _("Cases")), ("within_72h", _("Reached a cell within 72 hours")),
        ("within_72h_pct", _("Share within 72 hours (%)")),
        ("pep_in_window", _("PEP within its window")),
        ("ec_in_window", _("Emergency contraception within its window")),
        ("with_fir", _("Cases with an FIR")), ("firs", _("FIRs")),
        ("firs_per_case", _("FIRs per case")),
        ("median_hours_to_fir", _("Median hours from arrival to FIR")),
        ("p90_hours_to_fir", _("90th percentile hours from arrival to FIR")),
        ("consenting", _("Consented to anonymous statistics")),
        ("consent_pct", _("Consent share (%)"))])
    for d in [*cell_districts, "*"]:
        hours = fir_hours[d] if d != "*" else [h for v in fir_hours.values() for h in v]
        cases = c(("cases", d))
        within, firs, consenting = c(("within_72h", d)), c(("firs", d)), c(("consenting", d))
        cells_ = [cases, within, _ratio(within, cases), c(("pep_in_window", d)),
                  c(("ec_in_window", d)), c(("with_fir", d)), firs,
                  _ratio(firs, cases, scale=1, digits=2), _median(hours), _pct(hours, 0.9),
                  consenting, _ratio(consenting, cases)]
        if d == "*":
            care.total = row(d, cells_)
        else:
            care.rows.append(row(d, cells_))
    tables.append(care)

    jt = Table("justice", _("Justice: FIRs, deadlines and outcomes (by month of the FIR)"), [
        ("firs", _("FIRs")), ("reports_in_time", _("Interim report within deadline")),
        ("investigations_done", _("Investigations completed")),
        ("investigations_in_time", _("Investigations completed within deadline")),
        ("challans_accepted", _("Challans accepted")), ("trials", _("Trials (charge framed)")),
        ("decided", _("Decided")), ("decided_in_time", _("Decided within deadline")),
        ("adjournments_per_trial", _("Adjournments per trial")),
        ("convicted", _("Convicted")), ("acquitted", _("Acquitted")),
        ("conviction_rate_decided", _("Conviction rate over decided cases (%)")),
        ("conviction_rate_reported", _("Conviction rate over reported cases (%)"))])
    for d in [*justice_districts, "*"]:
        trials = c(("j", "trials", d))
        adj = Cell(value=None)
        if trials.number:
            total_adj = sum(jsums[x]["adjournments"] for x in justice_districts) if d == "*" \
                else jsums[d]["adjournments"]
            adj = Cell(value=round(total_adj / trials.number, 2))
        convicted = c(("j", "convicted", d))
        cells_ = [c(("j", m, d)) for m in jmeasures[:8]]
        cells_ = [*cells_, adj, convicted, c(("j", "acquitted", d)),
                  _ratio(convicted, c(("j", "decided", d))),
                  _ratio(convicted, c(("j", "firs", d)))]
        if d == "*":
            jt.total = row(d, cells_)
        else:
            jt.rows.append(row(d, cells_))
    tables.append(jt)

    province_names = {p.pk: (p.code, p.name) for p in places.provinces()}
    pt = Table("justice_by_province", _("Justice by province: outcomes and conviction rates"),
               [("firs", _("FIRs")), ("decided", _("Decided")), ("convicted", _("Convicted")),
                ("acquitted", _("Acquitted")),
                ("conviction_rate_decided", _("Conviction rate over decided cases (%)")),
                ("conviction_rate_reported", _("Conviction rate over reported cases (%)"))],
               dhis2=False)
    for p in [*justice_provinces, "*"]:
        k = ("p", p) if p != "*" else "*"
        convicted = c(("j", "convicted", k))
        cells_ = [c(("j", "firs", k)), c(("j", "decided", k)), convicted,
                  c(("j", "acquitted", k)), _ratio(convicted, c(("j", "decided", k))),
                  _ratio(convicted, c(("j", "firs", k)))]
        if p == "*":
            pt.total = Row(code="TOTAL", label=_("Total"), cells=cells_)
        else:
            code, label = province_names[p]
            pt.rows.append(Row(code=code, label=label, cells=cells_))
    tables.append(pt)

    rt = Table("register", _("Register by responsible district (today)"), [
        ("size", _("On the register")), ("compliant", _("Compliant")),
        ("overdue", _("Overdue")), ("absconded", _("Absconded")),
        ("median_days_to_entry", _("Median days from conviction to verified entry"))])
    for d in [*register_districts, "*"]:
        days = rrows[d]["days_to_entry"] if d != "*" else \
            [x for r in rrows.values() for x in r["days_to_entry"]]
        cells_ = [c(("r", m, d)) for m in rmeasures] + [_median(days)]
        if d == "*":
            rt.total = row(d, cells_)
        else:
            rt.rows.append(row(d, cells_))
    tables.append(rt)
    return tables


def _median(values: list[int]) -> Cell:
    if len(values) < MIN_FOR_STATISTIC:
        return Cell(value=None)
    return Cell(value=round(median(values), 1))


def table_named(tables: list[Table], name: str) -> Table:
    for t in tables:
        if t.name == name:
            return t
    raise BadInput(_("Unknown table %(name)s.") % {"name": name}, field="table")
