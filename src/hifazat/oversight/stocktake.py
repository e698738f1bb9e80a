"""The crisis-cell stocktake (issue 14, item 3): per district and round — does a cell
operate, at which facility, is it open 24/7, its staff by role and how many of them are
trained or certified in date, the cases of the period, and the shifts without a trained
woman medico-legal officer. Districts without a cell, or with such shifts, come first.

A round is taken once (``take_round``: one transaction, audited) and never changed; its
district rows are its history, and taking the same period again makes a new round. Other
apps are read through their selectors only (``--- oversight stocktake`` sections of
``crisis_cells.selectors`` and ``accounts.selectors``, ``places.selectors``); the rows
hold counts and an institution's name, never a person or a user id.

Cases are counts about survivors: they are published through ``oversight.suppression``
(1–4 as "<5", secondary suppression through the province and national totals); staff
and shift counts are about posts, not survivors, and are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import Role
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import clock, permissions
from hifazat.crisis_cells import selectors as cells
from hifazat.oversight import periods, suppression
from hifazat.oversight.errors import BadInput
from hifazat.oversight.models import StocktakeDistrict, StocktakeRound
from hifazat.places import selectors as places

ACTION = "oversight.stocktake"

# The course that makes a member of a cell's staff "trained or certified" in each role
# (accounts.models.Course). The woman medico-legal officer's certification is the one
# the roster's "trained woman MLO" asks for; the legal adviser and the in-charge hold
# survivors' identities, so data protection is theirs.
ROLE_COURSES: dict[str, str] = {
    Role.WMLO.value: accounts.Course.WMLO.value,
    Role.CELL_DOCTOR.value: accounts.Course.WHO_CMR.value,
    Role.CELL_COUNSELLOR.value: accounts.Course.COUNSELLING.value,
    Role.CELL_LEGAL_ADVISER.value: accounts.Course.DATA_PROTECTION.value,
    Role.CELL_IN_CHARGE.value: accounts.Course.DATA_PROTECTION.value,
}
ROLES = list(ROLE_COURSES)
# What changed in a district since the compared round.
CHANGES = {"opened": gettext_lazy("Cell opened"), "closed": gettext_lazy("Cell closed"),
           "better": gettext_lazy("Fewer shifts without a trained woman MLO"),
           "worse": gettext_lazy("More shifts without a trained woman MLO")}


# --- taking a round ---------------------------------------------------------------------

def request_round(*, period: str, by) -> StocktakeRound:
    """A round asked for from the page: the period checked now (``BadInput``), the round
    queued and taken by a background task (``tasks.take_stocktake``)."""
    from hifazat.oversight import tasks

    permissions.require(by, ACTION)
    parsed = periods.parse(period)
    queued = StocktakeRound.objects.create(label=parsed.label, period_start=parsed.start,
                                           period_end=parsed.end, queued_at=clock.now(),
                                           taken_by=by)
    transaction.on_commit(lambda: tasks.take_stocktake.enqueue(queued.pk))
    return queued


def take_queued(round_id: int) -> StocktakeRound:
    """Take the queued round ``round_id`` (the background task); a round already taken
    or failed is left as it is. A failure marks the round failed (the exception's class
    only) and is raised again."""
    queued = StocktakeRound.objects.get(pk=round_id)
    if queued.status != StocktakeRound.Status.QUEUED:
        return queued
    period = periods.Period(queued.label, queued.period_start, queued.period_end)
    try:
        return take_round(period=period, by=queued.taken_by, queued=queued)
    except Exception as exc:
        queued.refresh_from_db()
        if queued.status == StocktakeRound.Status.QUEUED:
            queued.status, queued.error = StocktakeRound.Status.FAILED, \
                type(exc).__name__[:80]
            queued.save(update_fields=["status", "error"])
        raise


def take_round(*, period, by=None, queued: StocktakeRound | None = None) -> StocktakeRound:
    """Take a round of the stocktake for ``period`` (a ``periods.Period`` or its text,
    refused with ``BadInput``): one row per district of the country, those without a
    cell included, counted from the period's start to its end or today if earlier. ``by``
    (None: the system, from the command line) must hold ``oversight.stocktake``. One
    transaction; audited (``oversight.stocktake_taken``: the period and the counts of
    flagged districts, no person)."""
    if by is not None:
        permissions.require(by, ACTION)
    if not isinstance(period, periods.Period):
        period = periods.parse(period)
    now = clock.now()
    until = min(period.end, timezone.localdate(now))
    with transaction.atomic():
        if queued is not None:  # two workers on one queued round: the second leaves it
            queued = StocktakeRound.objects.select_for_update().get(pk=queued.pk)
            if queued.status != StocktakeRound.Status.QUEUED:
                return queued
        cell_rows = cells.oversight_stocktake_cells(since=period.start, until=until)
        cases = cells.oversight_cases_by_district(since=period.start, until=until)
        staff = accounts.staff_counts(agency_ids=[c["cell_id"] for c in cell_rows],
                                      role_courses=ROLE_COURSES, on=until)
        taken = queued or StocktakeRound(label=period.label, period_start=period.start,
                                         period_end=period.end, queued_at=now, taken_by=by)
        taken.counted_until, taken.taken_at = until, now
        taken.status = StocktakeRound.Status.TAKEN
        taken.save()
        by_district: dict[int, list[dict]] = {}
        for c in cell_rows:
            by_district.setdefault(c["district_id"], []).append(c)
        rows = [_district_row(taken, d, by_district.get(d.pk, []), cases.get(d.pk, 0), staff)
                for d in places.districts()]
        StocktakeDistrict.objects.bulk_create(rows)
        audit.record(action="oversight.stocktake_taken", actor=by,
                     role=Role.COMMITTEE_ANALYST.value if by is not None else "",
                     object_type="oversight.stocktake_round", object_id=taken.pk,
                     purpose=Purpose.COMPLIANCE,
                     details={"period": period.label, "counted_until": until.isoformat(),
                              "districts": len(rows),
                              "no_cell": sum(r.no_cell for r in rows),
                              "wmlo_gaps": sum(r.wmlo_gaps for r in rows)})
    return taken


def _district_row(taken, district, cell_rows: list[dict], cases: int,
                  staff: dict) -> StocktakeDistrict:
    counts = {role: [0, 0] for role in ROLES}
    for c in cell_rows:
        for role, (total, trained) in staff.get(c["cell_id"], {}).items():
            counts[role][0] += total
            counts[role][1] += trained
    gaps = sum(c["shifts_without_wmlo"] for c in cell_rows)
    cell_rows = sorted(cell_rows, key=lambda c: c["facility_en"])
    return StocktakeDistrict(
        round=taken, district=district, province_id=district.province_id,
        cells=len(cell_rows),
        facility_en="; ".join(dict.fromkeys(c["facility_en"] for c in cell_rows))[:600],
        facility_ur="; ".join(dict.fromkeys(c["facility_ur"] for c in cell_rows))[:600],
        # Open 24/7: declared around the clock, and somebody on call on every shift.
        is_open_24_7=any(c["around_the_clock"] and c["shifts"] and not c["shifts_unstaffed"]
                         for c in cell_rows),
        cases=cases, staff=counts,
        shifts=sum(c["shifts"] for c in cell_rows),
        shifts_unstaffed=sum(c["shifts_unstaffed"] for c in cell_rows),
        shifts_without_wmlo=gaps, no_cell=not cell_rows, wmlo_gaps=gaps > 0)


# --- reading rounds ---------------------------------------------------------------------

def _in_reach(queryset, reach: set | None):
    return queryset if reach is None else queryset.filter(province_id__in=reach)


def rounds(*, reach: set | None) -> list[StocktakeRound]:
    """Every round, newest first, each with ``no_cell_count`` and ``wmlo_gap_count``:
    the districts so flagged within the analyst's reach."""
    flagged = Q(districts__province_id__in=reach) if reach is not None else Q()
    return list(StocktakeRound.objects.annotate(
        no_cell_count=Count("districts", filter=flagged & Q(districts__no_cell=True)),
        wmlo_gap_count=Count("districts", filter=flagged & Q(districts__wmlo_gaps=True)),
    ).order_by("-queued_at", "-pk")[:500])


def taken_round(pk) -> StocktakeRound | None:
    try:
        return StocktakeRound.objects.filter(pk=int(pk),
                                             status=StocktakeRound.Status.TAKEN).first()
    except (TypeError, ValueError):
        return None


def previous_round(taken: StocktakeRound) -> StocktakeRound | None:
    """The round taken just before ``taken`` (any period)."""
    return (StocktakeRound.objects.filter(status=StocktakeRound.Status.TAKEN)
            .filter(Q(taken_at__lt=taken.taken_at) | Q(taken_at=taken.taken_at,
                                                       pk__lt=taken.pk))
            .order_by("-taken_at", "-pk").first())


def province_filter(code: str, *, reach: set | None):
    """The province of ``code`` within reach (None for none chosen); ``BadInput``
    otherwise, the same message for unknown and out of reach."""
    code = (code or "").strip().upper()
    if not code:
        return None
    province = places.provinces().filter(code=code).first()
    if province is None or (reach is not None and province.pk not in reach):
        raise BadInput(_("Unknown province %(code)s.") % {"code": code[:12]}, field="province")
    return province


def compare_round(pk, *, taken: StocktakeRound) -> StocktakeRound | None:
    """The round to compare with: ``pk`` when given (another taken round, else
    ``BadInput``), the previous round otherwise."""
    if pk in (None, ""):
        return previous_round(taken)
    other = taken_round(pk)
    if other is None or other.pk == taken.pk:
        raise BadInput(_("There is no other round with that number to compare with."),
                       field="compare")
    return other


@dataclass
class Line:
    row: StocktakeDistrict
    cases: object  # the published count: a number, "<5" or "x"
    staff: list = field(default_factory=list)  # [(total, trained)] in ROLES order
    change_codes: list = field(default_factory=list)  # CHANGES since the compared round

    @property
    def changes(self) -> list[str]:
        return [str(CHANGES[code]) for code in self.change_codes]

    @property
    def district(self) -> str:
        return self.row.district.name

    @property
    def facility(self) -> str:
        urdu = (get_language() or "").startswith("ur")
        return (self.row.facility_ur if urdu else self.row.facility_en) or ""


@dataclass
class Sheet:
    """One round as a page or a CSV shows it."""

    taken: StocktakeRound
    compared: StocktakeRound | None
    lines: list[Line]
    totals: list[tuple[str, object]]  # (label, published cases)
    summary: dict
    gap_lines: list = field(default_factory=list)  # districts with WMLO gaps, most first


def _published_cases(rows: list[StocktakeDistrict]) -> dict:
    """Published cases of every district, province and the country: suppressed once for
    the whole round, so a province's page and the national page agree."""
    values: dict = {}
    by_province: dict[int, list] = {}
    for r in rows:
        values[("d", r.district_id)] = r.cases
        by_province.setdefault(r.province_id, []).append(("d", r.district_id))
    for pid, keys in by_province.items():
        values[("p", pid)] = sum(values[k] for k in keys)
    values["all"] = sum(r.cases for r in rows)
    lines = [suppression.line(keys, ("p", pid)) for pid, keys in by_province.items()]
    lines.append(suppression.line([("p", pid) for pid in by_province], "all"))
    kinds = suppression.suppress(values, lines)
    return {key: suppression.shown(value, kinds.get(key)) for key, value in values.items()}


def _gap_share(row) -> float | None:
    return row.shifts_without_wmlo / row.shifts if row.shifts else None


def _changes(now: StocktakeDistrict, before: StocktakeDistrict | None) -> list[str]:
    """Codes of ``CHANGES``: the cell opened or closed; the share of shifts without a
    trained woman MLO fell or rose (a share, as rounds may cover periods of different
    lengths)."""
    if before is None:
        return []
    out = []
    if before.no_cell and not now.no_cell:
        out.append("opened")
    elif now.no_cell and not before.no_cell:
        out.append("closed")
    share_now, share_before = _gap_share(now), _gap_share(before)
    if share_now is not None and share_before is not None and share_now != share_before:
        out.append("better" if share_now < share_before else "worse")
    return out


def sheet(taken: StocktakeRound, *, reach: set | None, province=None,
          compared: StocktakeRound | None = None) -> Sheet:
    """The round's districts within reach (and ``province``), problems first: no cell,
    then the most shifts without a trained woman MLO (also listed apart in
    ``gap_lines``, as the districts without a cell may be many); cases published
    suppressed; with ``compared``, what changed since that round."""
    every = list(StocktakeDistrict.objects.filter(round=taken)
                 .select_related("district", "province"))
    published = _published_cases(every)
    shown = [r for r in every if (reach is None or r.province_id in reach)
             and (province is None or r.province_id == province.pk)]
    before = {}
    if compared is not None:
        before = {r.district_id: r for r in _in_reach(
            StocktakeDistrict.objects.filter(round=compared), reach)}
    shown.sort(key=lambda r: (not r.no_cell, not r.wmlo_gaps, -r.shifts_without_wmlo,
                              r.province.name_en, r.district.name_en))
    lines = [Line(row=r, cases=published[("d", r.district_id)],
                  staff=[tuple(r.staff.get(role, (0, 0))) for role in ROLES],
                  change_codes=_changes(r, before.get(r.district_id))) for r in shown]
    if province is not None:
        totals = [(province.name, published[("p", province.pk)])]
    elif reach is None:
        totals = [(_("All districts"), published["all"])]
    else:
        totals = [(p.name, published[("p", p.pk)])
                  for p in places.provinces().filter(pk__in=reach)
                  if ("p", p.pk) in published]
    summary = {"districts": len(lines), "no_cell": sum(ln.row.no_cell for ln in lines),
               "wmlo_gaps": sum(ln.row.wmlo_gaps for ln in lines),
               **{code: sum(code in ln.change_codes for ln in lines) for code in CHANGES}}
    return Sheet(taken=taken, compared=compared, lines=lines, totals=totals, summary=summary,
                 gap_lines=[ln for ln in lines if ln.row.wmlo_gaps])


def role_headings() -> list[tuple[str, str]]:
    """(role label, course label) for each counted role, in the active language."""
    return [(Role(role).label, accounts.Course(course).label)
            for role, course in ROLE_COURSES.items()]


def to_csv(result: Sheet) -> str:
    """The sheet as CSV (``core.csv.writer``, formula-safe): one line per district,
    then the totals of cases."""
    import io

    from hifazat.core.csv import writer

    out = io.StringIO()
    w = writer(out)
    role_cols = []
    for role_label, _course in role_headings():
        role_cols += [_("%(role)s: staff") % {"role": role_label},
                      _("%(role)s: trained in date") % {"role": role_label}]
    w.writerow([_("District code"), _("District"), _("Province"), _("Cell operates"),
                _("Cells"), _("Facility"), _("Open 24/7"), _("Cases in the period"),
                *role_cols, _("Shifts in the period"), _("Shifts with nobody on call"),
                _("Shifts without a trained woman MLO"), _("Flags"), _("Since compared round")])
    yes, no = _("yes"), _("no")
    for ln in result.lines:
        r = ln.row
        flags = [_("No cell")] if r.no_cell else []
        if r.wmlo_gaps:
            flags.append(_("Shifts without a trained woman MLO"))
        w.writerow([r.district.code, ln.district, r.province.name, no if r.no_cell else yes,
                    r.cells, ln.facility, yes if r.is_open_24_7 else no, ln.cases,
                    *[n for pair in ln.staff for n in pair], r.shifts, r.shifts_unstaffed,
                    r.shifts_without_wmlo, "; ".join(flags), "; ".join(ln.changes)])
    for label, cases in result.totals:
        w.writerow(["", label, "", "", "", "", "", cases])
    return out.getvalue()


def default_period() -> str:
    """The period offered in the form: the last quarter that has ended."""
    today = timezone.localdate(clock.now())
    quarter = (today.month - 1) // 3  # the previous quarter, counted from 1 (0: last year's)
    year, quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
    return f"{year}Q{quarter}"
