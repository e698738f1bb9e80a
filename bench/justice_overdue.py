"""Benchmark: the justice overdue lists with 500,000 cases (target: p95 <= 100 ms on
SQLite and PostgreSQL), against two baselines in the same run.

What it does:

1. migrates the database (SQLite: a file under ``var/bench/``, or ``--db PATH``;
   PostgreSQL: the database named in ``DATABASE_URL``, created beforehand) and loads the
   reference places;
2. makes ``--districts`` districts' worth (default 40) of a police station, an SSOIU, a
   prosecution office and a Special Court, and bulk-inserts ``--cases`` FIRs and their
   cases (default 500,000; COPY on PostgreSQL), spread unevenly over the districts
   (a few large, many small) and over five years of FIRs: about 35 % still run a
   statutory deadline (investigation, interim report, scrutiny, trial) with
   ``next_due_on`` within +-200 days of today, about a third of those past it; the rest
   are decided, under appeal or closed (no deadline); then ANALYZE (VACUUM ANALYZE on
   PostgreSQL);
3. times, ``--runs`` times each (default 200) with a random district or agency each
   time: ``justice.selectors.overdue_for(scope=..., target_id=..., limit=50)`` for the
   district, SSOIU, prosecution and court lists (the rows evaluated, with the joins the
   list page shows) and ``overdue_count`` for each;
4. baseline A, the same calls with the partial ``justice_due_*`` indexes dropped (the
   foreign-key indexes stay), restored afterwards;
5. baseline B, naive: no stored ``next_due_on``; the scope's running cases are read
   with their FIR time, stage, charge date and stage date, each case's due date is
   computed in Python from the statutory windows, then filtered, sorted and the first
   50 fetched with the same joins (a lower bound: a real naive version would also read
   the reports to know whether the interim report was filed);
6. prints p50/p95 in ms for each, and the ratio of each baseline's p95 to ours.

Run::

    .venv/bin/python bench/justice_overdue.py
    .venv/bin/python bench/justice_overdue.py --cases 50000 --runs 50      # quick
    createdb -h 127.0.0.1 -U postgres hifazat_bench_justice
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hifazat_bench_justice \\
        .venv/bin/python bench/justice_overdue.py
    dropdb -h 127.0.0.1 -U postgres hifazat_bench_justice

A filled database is reused (``--refill`` to start again). Every row is synthetic.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

BATCH = 10_000
SCOPES = ("district", "ssoiu", "prosecution", "court")


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500_000)
    parser.add_argument("--districts", type=int, default=40)
    parser.add_argument("--runs", type=int, default=200, help="timed calls per query")
    parser.add_argument("--db", default="", help="SQLite file (default var/bench/...)")
    parser.add_argument("--refill", action="store_true", help="empty and fill again")
    parser.add_argument("--seed", type=int, default=2021)
    return parser.parse_args()


def _setup(args) -> str:
    if not os.environ.get("DATABASE_URL"):
        db = Path(args.db) if args.db else \
            REPO / "var" / "bench" / f"justice-overdue-{args.cases}.sqlite3"
        db.parent.mkdir(parents=True, exist_ok=True)
        os.environ["HIFAZAT_SQLITE_PATH"] = str(db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hifazat.config.settings")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def _chains(n: int) -> list[dict]:
    """For each of ``n`` districts: a police station (facility), an SSOIU, a prosecution
    office and a Special Court (agencies, the court on its own facility)."""
    from hifazat.accounts.models import Agency
    from hifazat.accounts.roles import AgencyKind
    from hifazat.places.models import District, Facility

    chains = []
    for district in District.objects.select_related("province").order_by("code")[:n]:
        station, _ = Facility.objects.get_or_create(
            code=f"BENCH-PS-{district.code}", defaults={
                "kind": "police_station", "name_en": f"Station {district.code}",
                "name_ur": "تھانہ", "district": district})
        court_facility, _ = Facility.objects.get_or_create(
            code=f"BENCH-COURT-{district.code}", defaults={
                "kind": "special_court", "name_en": f"Special Court {district.code}",
                "name_ur": "خصوصی عدالت", "district": district})
        agencies = {}
        for key, kind, facility in (("ssoiu", AgencyKind.SSOIU, None),
                                    ("prosecution", AgencyKind.PROSECUTION, None),
                                    ("court", AgencyKind.SPECIAL_COURT, court_facility)):
            agencies[key], _ = Agency.objects.get_or_create(
                code=f"BENCH-{key.upper()}-{district.code}", defaults={
                    "kind": kind, "name_en": f"{key} {district.code}", "name_ur": "ادارہ",
                    "facility": facility, "district": district,
                    "province": district.province})
        chains.append({"district": district.pk, "station": station.pk,
                       **{k: a.pk for k, a in agencies.items()}})
    return chains


def _officer():
    from hifazat.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench.police")
    return user


def fill(args, chains: list[dict]) -> None:
    """Bulk-insert the FIRs and their cases (raw rows: ``register_search._Table``)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.register_search import _Table
    from hifazat.justice.models import DueKind, Fir, JusticeCase, Stage

    rng = random.Random(args.seed)
    user = _officer()
    today = timezone.localdate()
    now = timezone.now()
    # A few large districts, many small (Lahore, Karachi … then the rest).
    weights = [1 / (i + 1) ** 0.8 for i in range(len(chains))]
    firs = _Table(Fir, ["id", "station_id", "district_id", "number", "year",
                        "registered_at", "registered_by_id"],
                  source="direct", complainant_female=True)
    cases = _Table(JusticeCase, ["id", "fir_id", "stage", "district_id", "ssoiu_id",
                                 "prosecution_office_id", "court_id", "charged_on",
                                 "next_due_on", "next_due_kind", "stage_changed_at"])
    first = (Fir.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    done = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
    t0 = time.perf_counter()
    while done < args.cases:
        size = min(BATCH, args.cases - done)
        fir_rows, case_rows = [], []
        for k in range(size):
            pk = first + done + k
            chain = rng.choices(chains, weights)[0]
            running = rng.random() < 0.35
            if running:
                overdue = rng.random() < 0.33
                due = today + timedelta(days=-rng.randint(1, 200) if overdue
                                        else rng.randint(0, 200))
                stage, kind = rng.choice([
                    (Stage.FIR_REGISTERED, DueKind.CHALLAN),
                    (Stage.UNDER_INVESTIGATION, DueKind.INVESTIGATION),
                    (Stage.UNDER_INVESTIGATION, DueKind.INVESTIGATION),
                    (Stage.CHALLAN_SUBMITTED, DueKind.SCRUTINY),
                    (Stage.IN_TRIAL, DueKind.TRIAL), (Stage.IN_TRIAL, DueKind.TRIAL)])
                # The FIR (or the charge) as far back as the window for that deadline.
                window = {DueKind.CHALLAN: 14, DueKind.INVESTIGATION: 60,
                          DueKind.SCRUTINY: 40, DueKind.TRIAL: 120}[kind]
                registered = due - timedelta(days=window if kind != DueKind.TRIAL
                                             else window + rng.randint(30, 90))
            else:
                due, kind = None, ""
                stage = rng.choices([Stage.DECIDED, Stage.APPEAL, Stage.CLOSED],
                                    [0.7, 0.1, 0.2])[0]
                registered = today - timedelta(days=rng.randint(200, 5 * 365))
            moment = timezone.make_aware(datetime.combine(
                registered, datetime.min.time()) + timedelta(minutes=rng.randint(0, 1439)))
            moment = min(moment, now)
            charged = registered + timedelta(days=rng.randint(30, 80)) \
                if stage in (Stage.IN_TRIAL, Stage.DECIDED, Stage.APPEAL) else None
            charged = min(charged, today) if charged else None
            with_court = stage in (Stage.IN_TRIAL, Stage.DECIDED, Stage.APPEAL)
            fir_rows.append((pk, chain["station"], chain["district"], f"B{pk}",
                             moment.year, moment, user.pk))
            case_rows.append((pk, pk, stage, chain["district"], chain["ssoiu"],
                              chain["prosecution"], chain["court"] if with_court else None,
                              charged, due, kind, moment))
        with transaction.atomic():
            firs.insert(fir_rows)
            cases.insert(case_rows)
        done += size
        if done % 100_000 == 0 or done == args.cases:
            print(f"  {done:,} cases ({done / (time.perf_counter() - t0):,.0f}/s)",
                  flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            for sql in connection.ops.sequence_reset_sql(no_style(), [Fir, JusticeCase]):
                cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _empty() -> None:
    from django.db import connection

    from hifazat.justice.models import Fir, JusticeCase

    with connection.cursor() as cursor:
        for model in (JusticeCase, Fir):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


# --- the naive baseline: due dates computed from the FIR and the stage ------------------

def naive_overdue(scope: str, target_id: int, today: date, limit: int = 50,
                  count_only: bool = False):
    """What an overdue list costs without the stored ``next_due_on``: every running
    case of the scope read, its due date computed from the statutory windows."""
    from django.utils import timezone

    from hifazat.justice import deadlines
    from hifazat.justice.models import JusticeCase, Stage
    from hifazat.justice.selectors import _LIST_ROWS

    column = {"district": "district_id", "ssoiu": "ssoiu_id",
              "prosecution": "prosecution_office_id", "court": "court_id"}[scope]
    investigation, challan = deadlines.INVESTIGATION.delta(), deadlines.CHALLAN.delta()
    scrutiny, trial = deadlines.SCRUTINY.delta(), deadlines.TRIAL.delta()
    rows = JusticeCase.objects.filter(**{column: target_id}, stage__in=[
        Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION, Stage.CHALLAN_SUBMITTED,
        Stage.IN_TRIAL]).values_list("pk", "stage", "fir__registered_at", "charged_on",
                                     "stage_changed_at")
    due = []
    for pk, stage, registered, charged, changed in rows:
        fir_day = timezone.localdate(registered)
        if stage == Stage.FIR_REGISTERED:
            day = fir_day + challan
        elif stage == Stage.UNDER_INVESTIGATION:
            day = fir_day + investigation
        elif stage == Stage.CHALLAN_SUBMITTED:
            day = timezone.localdate(changed) + scrutiny
        else:
            day = (charged or timezone.localdate(changed)) + trial
        if day < today:
            due.append((day, pk))
    if count_only:
        return len(due)
    due.sort()
    wanted = [pk for _day, pk in due[:limit]]
    found = {c.pk: c for c in JusticeCase.objects.filter(pk__in=wanted)
             .select_related(*_LIST_ROWS)}
    return [found[pk] for pk in wanted]


def _time(fn, targets, runs: int) -> tuple[float, float, float]:
    """Wall-clock p50 and p95, and the p95 of this process's CPU time (what the query
    costs when other work shares the cores: wall time then includes waiting for one)."""
    fn(targets[0])  # warm up, as on a running server
    wall, cpu = [], []
    for i in range(runs):
        target = targets[i % len(targets)]
        t0, c0 = time.perf_counter(), time.process_time()
        fn(target)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    q, qc = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    return q[49], q[94], qc[94]


def _measure(label: str, chains, args, *, naive: bool = False) -> dict:
    from django.utils import timezone

    from hifazat.justice import selectors

    today = timezone.localdate()
    rng = random.Random(args.seed + 7)
    out = {}
    for scope in SCOPES:
        targets = [rng.choice(chains)[scope] for _ in range(args.runs)]
        if naive:
            def listing(t, scope=scope):
                return naive_overdue(scope, t, today)

            def counting(t, scope=scope):
                return naive_overdue(scope, t, today, count_only=True)
        else:
            def listing(t, scope=scope):
                return list(selectors.overdue_for(scope=scope, target_id=t, today=today,
                                                  limit=50))

            def counting(t, scope=scope):
                return selectors.overdue_count(scope=scope, target_id=t, today=today)
        out[f"overdue_for {scope}"] = _time(listing, targets, args.runs)
        out[f"overdue_count {scope}"] = _time(counting, targets, args.runs)
        for name in (f"overdue_for {scope}", f"overdue_count {scope}"):
            p50, p95, c95 = out[name]
            print(f"  {label:<26}{name:<28} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  "
                  f"cpu p95 {c95:8.2f} ms", flush=True)
    return out


def _drop_partial_indexes():
    from django.db import connection

    from hifazat.justice.models import JusticeCase

    dropped = [i for i in JusticeCase._meta.indexes if i.name.startswith("justice_due")]
    with connection.schema_editor() as editor:
        for index in dropped:
            editor.remove_index(JusticeCase, index)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return dropped


def _restore(dropped) -> None:
    from django.db import connection

    from hifazat.justice.models import JusticeCase

    with connection.schema_editor() as editor:
        for index in dropped:
            editor.add_index(JusticeCase, index)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    args = _args()
    vendor = _setup(args)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from hifazat.justice.models import JusticeCase
    from hifazat.places.services import load_reference_places

    print(f"database ({vendor}): {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    load_reference_places()
    chains = _chains(args.districts)
    have = JusticeCase.objects.count()
    if args.refill or (have and have != args.cases):
        _empty()
        have = 0
    if not have:
        print(f"filling {args.cases:,} cases over {len(chains)} districts ...", flush=True)
        t0 = time.perf_counter()
        fill(args, chains)
        print(f"  filled in {time.perf_counter() - t0:,.0f} s")
    today = timezone.localdate()
    overdue = JusticeCase.objects.filter(next_due_on__lt=today).count()
    running = JusticeCase.objects.filter(next_due_on__isnull=False).count()
    print(f"{JusticeCase.objects.count():,} cases; {running:,} with a running deadline, "
          f"{overdue:,} overdue ({overdue / max(running, 1):.0%} of those)")

    results = {"ours": _measure("partial indexes", chains, args)}
    dropped = _drop_partial_indexes()
    print(f"dropped {len(dropped)} partial indexes (baseline A)")
    try:
        results["no partial index"] = _measure("no partial index", chains, args)
    finally:
        _restore(dropped)
    results["naive"] = _measure("naive (due in Python)", chains, args, naive=True)

    print()
    print(f"load average while timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("ms; A = partial indexes dropped, B = naive (due dates computed in Python); "
          "ratios are baseline p95 / ours p95 (wall, and cpu)")
    print(f"{'query':<27}{'ours p50':>9}{'p95':>8}{'cpu95':>7}{'A p50':>8}{'p95':>8}"
          f"{'cpu95':>7}{'B p50':>8}{'p95':>8}{'cpu95':>7}{'A/ours':>13}{'B/ours':>13}"
          f"{'<=100':>6}")
    for name, (o50, o95, oc) in results["ours"].items():
        a50, a95, ac = results["no partial index"][name]
        b50, b95, bc = results["naive"][name]
        print(f"{name:<27}{o50:>9.2f}{o95:>8.2f}{oc:>7.2f}{a50:>8.2f}{a95:>8.2f}{ac:>7.2f}"
              f"{b50:>8.2f}{b95:>8.2f}{bc:>7.2f}"
              f"{a95 / o95:>6.1f}x/{ac / max(oc, 0.01):>5.1f}x"
              f"{b95 / o95:>6.1f}x/{bc / max(oc, 0.01):>5.1f}x"
              f"{'yes' if o95 <= 100 else 'NO':>6}")
    print(f"({vendor}, {JusticeCase.objects.count():,} cases, {len(chains)} districts, "
          f"{args.runs} runs per query, {date.today()})")


if __name__ == "__main__":
    main()
