"""The map-free district ranking: districts ordered worst first on one indicator or on
a composite of five, computed from the **published** figures only (``Table.as_data()``).

Each indicator is a share (%) of two published counts of the same district. A count
shown as "<5" or "x" is not a number, so a district whose share needs one cannot be
ranked on it: it is listed as "not enough cases" instead of being guessed at. The
composite is the mean of a district's published indicators, each turned so that higher
is better (the register's overdue share counts as 100 minus it), and needs at least
``COMPOSITE_MIN_PARTS`` of them. Rules and wording: ``docs/oversight.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from hifazat.oversight.errors import BadInput

COMPOSITE = "composite"
COMPOSITE_MIN_PARTS = 2  # a composite of one indicator would just be that indicator
WORST_AT_MOST = 3  # the worst third of the ranked districts is marked, at most three


@dataclass(frozen=True)
class Indicator:
    slug: str
    label: object
    table: str = ""
    numerator: str = ""
    denominator: str = ""
    higher_is_better: bool = True


INDICATORS = [
    Indicator(COMPOSITE, _("Composite score (0–100, higher is better)")),
    Indicator("within_72h", _("Share reaching a cell within 72 hours (%)"),
              "cell_care", "within_72h", "cases"),
    Indicator("reports_in_time", _("Interim police report within deadline (%)"),
              "justice", "reports_in_time", "firs"),
    Indicator("investigations_in_time", _("Investigations completed within deadline (%)"),
              "justice", "investigations_in_time", "investigations_done"),
    Indicator("conviction_rate", _("Conviction rate over decided cases (%)"),
              "justice", "convicted", "decided"),
    Indicator("register_overdue", _("Register: share overdue (%)"),
              "register", "overdue", "size", higher_is_better=False),
]
BY_SLUG = {i.slug: i for i in INDICATORS}
PARTS = INDICATORS[1:]


@dataclass
class Ranked:
    rank: int
    code: str
    label: str
    value: float
    is_worst: bool = False


@dataclass
class Ranking:
    indicator: Indicator
    ranked: list[Ranked] = field(default_factory=list)
    not_enough: list[str] = field(default_factory=list)  # district labels

    @property
    def worst_is_lowest(self) -> bool:
        return self.indicator.higher_is_better


def parse_indicator(value: str | None) -> Indicator:
    """The indicator chosen on the page (empty: the composite); unknown is ``BadInput``."""
    slug = (value or "").strip() or COMPOSITE
    if slug not in BY_SLUG:
        raise BadInput(_("Unknown ranking indicator."), field="rank_by")
    return BY_SLUG[slug]


def _number(value):
    # Only a published figure is a number; "<5", "x" and "—" are not.
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _share(row: dict | None, indicator: Indicator) -> float | None:
    if row is None:
        return None
    num, den = _number(row.get(indicator.numerator)), _number(row.get(indicator.denominator))
    if num is None or not den:
        return None
    return 100.0 * num / den


def rank(tables, indicator: Indicator) -> Ranking:
    """Districts worst first on ``indicator`` (see the module docstring); ties by name."""
    rows: dict[str, dict[str, dict]] = {}  # table name -> district code -> row
    labels: dict[str, str] = {}
    district_tables = {part.table for part in PARTS}  # rows are districts, not provinces
    for table in tables:
        if table.name not in district_tables:
            continue
        for item in table.as_data():
            if item["code"] == "TOTAL":
                continue
            rows.setdefault(table.name, {})[item["code"]] = item
            labels.setdefault(item["code"], item["label"])
    # A single indicator ranks the districts of its table; the composite, every district.
    candidates = list(labels) if indicator.slug == COMPOSITE else \
        list(rows.get(indicator.table, {}))
    values: dict[str, float] = {}
    for code in candidates:
        if indicator.slug == COMPOSITE:
            parts = []
            for part in PARTS:
                share = _share(rows.get(part.table, {}).get(code), part)
                if share is not None:
                    parts.append(share if part.higher_is_better else 100.0 - share)
            if len(parts) >= COMPOSITE_MIN_PARTS:
                values[code] = sum(parts) / len(parts)
        else:
            share = _share(rows.get(indicator.table, {}).get(code), indicator)
            if share is not None:
                values[code] = share
    worse_first = 1 if indicator.higher_is_better else -1
    order = sorted(values, key=lambda c: (worse_first * values[c], labels[c]))
    worst = min(WORST_AT_MOST, max(1, len(order) // 3)) if order else 0
    ranking = Ranking(indicator=indicator)
    for n, code in enumerate(order, 1):
        ranking.ranked.append(Ranked(rank=n, code=code, label=labels[code],
                                     value=round(values[code], 1), is_worst=n <= worst))
    ranking.not_enough = sorted(labels[c] for c in candidates if c not in values)
    return ranking
