"""Refreshing the aggregate tables — the only writes of the oversight app.

Incremental by default: the crisis-cell day buckets ``(arrival day, district)`` and the
justice month buckets ``(FIR month, district)`` touched since the last successful run's
start (the watermark) are recomputed from their source rows, each bucket deleted and
rewritten in one transaction; nothing else is read. ``full=True`` rebuilds every bucket,
reading the history a district (and a year) at a time rather than bucket by bucket; both
paths compute a bucket's rows with the same function (``_day_rows``, ``_month_row``).
The register table is a snapshot (a few thousand districts' counts in one grouped
query) and is rewritten whole. The other apps are read only through their selectors.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from hifazat.core import clock
from hifazat.crisis_cells import deadlines as cell_deadlines
from hifazat.crisis_cells import selectors as cells
from hifazat.justice import deadlines as justice_deadlines
from hifazat.justice import selectors as justice
from hifazat.oversight import gbvims
from hifazat.oversight.models import CellDay, JusticeMonth, RefreshRun, RegisterDistrict
from hifazat.register import selectors as register

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 50  # buckets between progress saves
REACHED_CELL_HOURS = 72


def request_refresh(*, full: bool = False) -> RefreshRun:
    """An on-demand refresh: a queued run, enqueued as a background task."""
    from hifazat.oversight import tasks

    run = RefreshRun.objects.create(kind=RefreshRun.Kind.FULL if full else
                                    RefreshRun.Kind.INCREMENTAL, queued_at=clock.now())
    transaction.on_commit(lambda: tasks.run_refresh.enqueue(run.pk))
    return run


def last_run() -> RefreshRun | None:
    return RefreshRun.objects.first()


def refresh(*, full: bool = False, run: RefreshRun | None = None) -> RefreshRun:
    """Bring the aggregate tables up to date (see the module docstring)."""
    now = clock.now()
    if run is None:
        run = RefreshRun.objects.create(
            kind=RefreshRun.Kind.FULL if full else RefreshRun.Kind.INCREMENTAL, queued_at=now)
    full = full or run.kind == RefreshRun.Kind.FULL
    previous = (RefreshRun.objects.filter(status=RefreshRun.Status.DONE)
                .exclude(pk=run.pk).order_by("-started_at").first())
    since = None if full or previous is None else previous.started_at
    run.status, run.started_at, run.since = RefreshRun.Status.RUNNING, now, since
    run.consent_mark = cells.oversight_consent_mark()
    run.report_mark = justice.oversight_report_mark()
    run.save(update_fields=["status", "started_at", "since", "consent_mark", "report_mark"])
    try:
        if since is None:
            with transaction.atomic():
                CellDay.objects.all().delete()
                JusticeMonth.objects.all().delete()
            _rebuild_days(run)
            _rebuild_months(run)
        else:
            new_firs = justice.oversight_survivor_cases_with_new_firs(since)
            day_buckets = cells.oversight_changed_buckets(
                since, case_ids=new_firs, consent_after=previous.consent_mark)
            month_buckets = justice.oversight_changed_buckets(
                since, report_after=previous.report_mark)
            run.days_to_process = len(day_buckets)
            run.save(update_fields=["days_to_process"])
            for n, (day, district_id) in enumerate(sorted(day_buckets, key=str), 1):
                _recompute_day(day, district_id)
                run.days_processed = n
                if n % PROGRESS_EVERY == 0:
                    run.save(update_fields=["days_processed"])
            for n, (month, district_id) in enumerate(sorted(month_buckets, key=str), 1):
                _recompute_month(month, district_id)
                run.months_processed = n
        _recompute_register(now)
    except Exception as exc:
        run.status, run.error = RefreshRun.Status.FAILED, type(exc).__name__[:80]
        run.finished_at = clock.now()
        run.save()
        raise
    run.status, run.finished_at = RefreshRun.Status.DONE, clock.now()
    run.save()
    return run


def _within(start, end, hours: int) -> bool:
    return start is not None and end is not None and timedelta(0) <= end - start <= \
        timedelta(hours=hours)


def _recompute_day(day, district_id) -> None:
    """One (day, district) bucket recomputed from its cases and replaced."""
    facts = cells.oversight_case_facts(day=day, district_id=district_id)
    firs = justice.oversight_firs_by_survivor_case([f["id"] for f in facts]) if facts else {}
    rows = _day_rows(day, district_id, facts, firs)
    with transaction.atomic():
        CellDay.objects.filter(day=day, district_id=district_id).delete()
        CellDay.objects.bulk_create(rows)


def _day_rows(day, district_id, facts, firs) -> list[CellDay]:
    """The rows of one (day, district) bucket from its cases' facts and FIR counts: the
    one computation behind both the incremental and the full refresh."""
    pep_hours, ec_hours = cell_deadlines.PEP.value(), cell_deadlines.EMERGENCY_CONTRACEPTION.value()
    buckets: dict = defaultdict(lambda: defaultdict(int))
    hours: dict = defaultdict(list)
    province = {}
    for f in facts:
        key = (f["incident__kind"] or "", "child" if f["is_child"] else "adult", f["sex"])
        b = buckets[key]
        province[key] = f["cell__province_id"]
        b["cases"] += 1
        b["within_72h"] += _within(f["incident_at"], f["arrived_at"], REACHED_CELL_HOURS)
        b["pep_in_window"] += _within(f["incident_at"], f["pep_given_at"], pep_hours)
        b["ec_in_window"] += _within(f["incident_at"], f["ec_given_at"], ec_hours)
        b["consenting"] += bool(f["consents_stats"])
        n_firs = firs.get(f["id"], 0)
        if f["arrival_to_fir"] is not None:
            n_firs = max(n_firs, 1)
            hours[key].append(max(0, int(f["arrival_to_fir"].total_seconds() // 3600)))
        b["with_fir"] += n_firs > 0
        b["firs"] += n_firs
    return [CellDay(day=day, district_id=district_id, province_id=province[key],
                    incident_type=key[0], gbv_type=gbvims.gbv_type(key[0]), age_group=key[1],
                    sex=key[2], fir_hours=sorted(hours[key]), **counts)
            for key, counts in buckets.items()]


def _recompute_month(month, district_id) -> None:
    """One (FIR month, district) bucket recomputed from its cases and replaced."""
    row = _month_row(month, district_id,
                     justice.oversight_case_facts(month=month, district_id=district_id))
    with transaction.atomic():
        JusticeMonth.objects.filter(month=month, district_id=district_id).delete()
        if row is not None:
            row.save()


def _month_row(month, district_id, facts) -> JusticeMonth | None:
    """The row of one (FIR month, district) bucket (None when it has no case)."""
    if not facts:
        return None
    challan = justice_deadlines.CHALLAN.value()
    investigation = justice_deadlines.INVESTIGATION.value()
    trial = justice_deadlines.TRIAL.value()
    c: dict = defaultdict(int)
    for f in facts:
        c["firs"] += 1
        if f["first_report_on"] and (f["first_report_on"] - f["fir_on"]).days <= challan:
            c["reports_in_time"] += 1
        if f["final_report_on"]:
            c["investigations_done"] += 1
            c["investigations_in_time"] += (f["final_report_on"] - f["fir_on"]).days <= \
                investigation
        c["challans_accepted"] += f["challan_accepted_on"] is not None
        if f["charged_on"]:
            c["trials"] += 1
            c["adjournments"] += f["adjournments"]
        if f["decided_on"] and f["outcome"]:
            c["decided"] += 1
            c["decided_in_time"] += bool(f["charged_on"]) and \
                (f["decided_on"] - f["charged_on"]).days <= trial
            c[f["outcome"]] += 1
    return JusticeMonth(month=month, district_id=district_id,
                        province_id=facts[0]["province_id"], **c)


def _rebuild_days(run: RefreshRun) -> None:
    """Every (day, district) bucket, read a district-year at a time (one range query on
    the cases, FIR counts in batches) instead of a few queries per bucket; each chunk's
    rows written in one transaction. ``days_to_process`` starts as the days spanned
    (an upper bound) and ends as the buckets written."""
    ranges = cells.oversight_case_ranges()
    run.days_to_process = sum((last - first).days + 1 for _d, first, last in ranges)
    run.save(update_fields=["days_to_process"])
    done = 0
    for district_id, first, last in sorted(ranges, key=str):
        for year in range(first.year, last.year + 1):
            facts = list(cells.oversight_case_facts_between(
                district_id=district_id, first_day=max(first, date(year, 1, 1)),
                last_day=min(last, date(year, 12, 31))))
            firs = justice.oversight_firs_by_survivor_case([f["id"] for f in facts])
            by_day = defaultdict(list)
            for f in facts:
                by_day[f["day"]].append(f)
            rows = [row for day in sorted(by_day)
                    for row in _day_rows(day, district_id, by_day[day], firs)]
            with transaction.atomic():
                CellDay.objects.bulk_create(rows, batch_size=2000)
            done += len(by_day)
            run.days_processed = done
            run.save(update_fields=["days_processed"])
    run.days_to_process = done
    run.save(update_fields=["days_to_process"])


def _rebuild_months(run: RefreshRun) -> None:
    """Every (FIR month, district) bucket, read a district at a time."""
    done = 0
    for district_id in justice.oversight_case_districts():
        by_month = defaultdict(list)
        for f in justice.oversight_case_facts_of_district(district_id):
            by_month[f["month"]].append(f)
        rows = [_month_row(month, district_id, by_month[month]) for month in sorted(by_month)]
        with transaction.atomic():
            JusticeMonth.objects.bulk_create(rows, batch_size=2000)
        done += len(rows)
        run.months_processed = done


def _recompute_register(now) -> None:
    rows = register.oversight_register_by_district()
    with transaction.atomic():
        RegisterDistrict.objects.all().delete()
        RegisterDistrict.objects.bulk_create([RegisterDistrict(
            district_id=r["district_id"], province_id=r["province_id"], size=r["size"],
            compliant=r["compliant"], overdue=r["overdue"], absconded=r["absconded"],
            days_to_entry=sorted(r["days_to_entry"]), refreshed_at=now) for r in rows])




