"""Benchmark: the oversight aggregate tables with 5,000,000 crisis-cell cases — full and
incremental refresh, and the analyst's indicators (target: p95 <= 150 ms on SQLite and
PostgreSQL), against the same indicators computed directly from the case tables in the
same run.

What it does:

1. migrates the database (SQLite: a file under ``var/bench/``, or ``--db PATH``;
   PostgreSQL: the database named in ``DATABASE_URL``, created beforehand) and loads the
   reference places; makes one crisis cell (on a hospital), one police station and one
   Special Court per district (all 172);
2. bulk-inserts ``--cases`` synthetic cases (default 5,000,000; raw rows, COPY on
   PostgreSQL) over the five years before today, Punjab-heavy (about 90 %): each with its
   incident (95 %), a decision on anonymous statistics (70 %), clinical times (PEP, EC);
   about 30 % referred to police, most of those with an FIR and a justice case that goes
   as far as its age and chance allow (interim and final reports, scrutiny, charge,
   hearings with adjournments, verdict — conviction under 4 % of FIRs); a few convicts on
   the register. Encrypted columns hold one fixed ciphertext made once by the real field
   encryption. Then ANALYZE (VACUUM ANALYZE on PostgreSQL). The fill is timed on its own;
   a filled database is reused (``--refill`` to start again);
3. times ``oversight.services.refresh(full=True)`` (the full rebuild);
4. adds one day's new cases (``cases / (5 * 365)``, arriving today) and times an
   incremental ``refresh()``; then changes a few hundred old cases as a day at the
   police station and the court would (FIRs registered on old referrals, verdicts on
   old trials) and times ``refresh()`` again; prints the buckets each recomputed;
5. times ``oversight.indicators.build(filters)`` ``--runs`` times (default 200) with
   random filters (a quarter, a month or a year; national, a province or a district;
   sometimes a GBVIMS type or an age group) — and ``--page-runs`` times the analyst page
   ``/oversight/`` through Django's test client;
6. baseline (naive): the same indicators computed directly from the case tables for
   the same filters — a set of GROUP BY queries over the survivor cases, referrals,
   FIRs, justice cases, reports and verdicts of the period (and the register), then the
   same suppression — p50/p95 and the ratio of its p95 to ours.

Run::

    .venv/bin/python bench/oversight_refresh.py --cases 50000 --runs 50   # quick
    .venv/bin/python bench/oversight_refresh.py                           # 5M, SQLite
    createdb -h 127.0.0.1 -U postgres hifazat_bench_oversight
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hifazat_bench_oversight \\
        .venv/bin/python bench/oversight_refresh.py
    dropdb -h 127.0.0.1 -U postgres hifazat_bench_oversight

Every row is synthetic. Each run adds one more day of cases (ids above the fill) and
changes a few hundred old ones; ``--refill`` starts from a clean fill.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

BATCH = 20_000
YEARS = 5
PUNJAB_SHARE = 0.9
KINDS = [("rape", 30), ("gang_rape", 4), ("sexual_assault", 10), ("child_sexual_abuse", 9),
         ("domestic_violence", 22), ("family_dispute", 9), ("harassment", 9),
         ("cyber_harassment", 4), ("other", 3)]
SEXUAL = {"rape", "gang_rape", "sexual_assault", "child_sexual_abuse"}
RELATIONSHIPS = ["stranger", "acquaintance", "neighbour", "spouse", "family", "unknown"]
ROUTES = ["walk_in", "police", "referral", "ambulance"]
UTC_OFFSET = timedelta(hours=5)  # Asia/Karachi, no daylight saving since 2009


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=200, help="timed indicator builds")
    parser.add_argument("--page-runs", type=int, default=30, help="timed page requests")
    parser.add_argument("--baseline-runs", type=int, default=0,
                        help="timed naive builds (default: --runs)")
    parser.add_argument("--changed", type=int, default=300, help="old cases changed in a day")
    parser.add_argument("--db", default="", help="SQLite file (default var/bench/...)")
    parser.add_argument("--refill", action="store_true", help="empty and fill again")
    parser.add_argument("--fill-only", action="store_true", help="fill, then stop")
    parser.add_argument("--seed", type=int, default=2021)
    return parser.parse_args()


def _setup(args) -> str:
    if not os.environ.get("DATABASE_URL"):
        db = Path(args.db) if args.db else \
            REPO / "var" / "bench" / f"oversight-{args.cases}.sqlite3"
        db.parent.mkdir(parents=True, exist_ok=True)
        os.environ["HIFAZAT_SQLITE_PATH"] = str(db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hifazat.config.settings")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


# --- the world: a cell, a police station and a court in every district -----------------

def _world() -> list[dict]:
    from hifazat.accounts.models import Agency
    from hifazat.accounts.roles import AgencyKind
    from hifazat.places.models import District, Facility

    world = []
    for district in District.objects.select_related("province").order_by("code"):
        facilities = {}
        for key, kind in (("hosp", "hospital"), ("ps", "police_station"),
                          ("court", "special_court")):
            facilities[key], _ = Facility.objects.get_or_create(
                code=f"OVB-{key.upper()}-{district.code}", defaults={
                    "kind": kind, "name_en": f"{key} {district.code}", "name_ur": "ادارہ",
                    "district": district, "has_crisis_cell": key == "hosp"})
        agencies = {}
        for key, kind, facility in (("cell", AgencyKind.CRISIS_CELL, facilities["hosp"]),
                                    ("court", AgencyKind.SPECIAL_COURT, facilities["court"])):
            agencies[key], _ = Agency.objects.get_or_create(
                code=f"OVB-{key.upper()}-{district.code}", defaults={
                    "kind": kind, "name_en": f"{key} {district.code}", "name_ur": "ادارہ",
                    "facility": facility, "district": district,
                    "province": district.province, "works_around_the_clock": True})
        world.append({"district": district.pk, "code": district.code,
                      "province": district.province.code, "cell": agencies["cell"].pk,
                      "court": agencies["court"].pk, "court_facility": facilities["court"].pk,
                      "station": facilities["ps"].pk})
    return world


def _weights(world: list[dict]) -> list[float]:
    """Punjab about 90 % of the cases, a few large districts in each province."""
    by_province = defaultdict(list)
    for i, w in enumerate(world):
        by_province[w["province"]].append(i)
    weights = [0.0] * len(world)
    others = [p for p in by_province if p != "PB"]
    for province, members in by_province.items():
        share = PUNJAB_SHARE if province == "PB" else (1 - PUNJAB_SHARE) / len(others)
        raw = [1 / (k + 1) ** 0.7 for k in range(len(members))]
        for i, r in zip(members, raw, strict=True):
            weights[i] = share * r / sum(raw)
    return weights


def _user():
    from hifazat.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench.oversight")
    return user.pk


class Filler:
    """Raw rows for every table the oversight selectors read; ids given explicitly,
    continuing after the highest id of each table."""

    def __init__(self, world, seed: int):
        from django.db import connection

        from bench.register_search import _Table
        from hifazat.core.crypto import encrypt
        from hifazat.crisis_cells.models import Consent, Incident, SurvivorCase
        from hifazat.justice.models import (
            Fir,
            FirReferral,
            Hearing,
            JusticeCase,
            PoliceReport,
            Verdict,
        )
        from hifazat.register.models import Conviction, Offender

        self.sqlite = connection.vendor == "sqlite"
        self.rng = random.Random(seed)
        self.world = world
        self.cum = list(itertools.accumulate(_weights(world)))
        self.kinds = [k for k, _n in KINDS]
        self.kind_cum = list(itertools.accumulate(n for _k, n in KINDS))
        self.user = _user()
        sealed = encrypt("synthetic particulars")  # one real ciphertext, reused
        self.t = {
            "case": _Table(SurvivorCase, [
                "id", "code", "cell_id", "status", "arrived_at", "arrival_route", "age",
                "is_child", "sex", "incident_at", "pep_given_at", "ec_given_at",
                "created_at", "updated_at", "arrival_to_fir"], created_by_id=self.user),
            "incident": _Table(Incident, ["id", "case_id", "occurred_at", "district_id",
                                          "kind", "relationship", "recorded_at"],
                               recorded_by_id=self.user),
            "consent": _Table(Consent, ["id", "case_id", "is_given", "given_by", "decided_at",
                                        "withdrawn_at"], use="anonymous_statistics",
                              recorded_by_id=self.user),
            "referral": _Table(FirReferral, ["id", "survivor_case_id", "case_code", "cell_id",
                                             "police_station_id", "referred_at", "status",
                                             "fir_number", "fir_date", "fir_recorded_at"],
                               referred_by_id=self.user),
            "fir": _Table(Fir, ["id", "station_id", "district_id", "number", "year",
                                "registered_at", "referral_id", "complainant_case_code",
                                "created_at"], source="cell_referral",
                          registered_by_id=self.user),
            "jcase": _Table(JusticeCase, ["id", "fir_id", "stage", "district_id", "court_id",
                                          "charged_on", "adjournments", "decided_on",
                                          "stage_changed_at", "created_at"]),
            "report": _Table(PoliceReport, ["id", "case_id", "kind", "submitted_on",
                                            "scrutiny", "scrutinised_on"],
                             submitted_by_id=self.user),
            "hearing": _Table(Hearing, ["id", "case_id", "court_id", "on", "purpose",
                                        "outcome", "adjournment_reason", "recorded_at"],
                              recorded_by_id=self.user),
            "verdict": _Table(Verdict, ["id", "case_id", "outcome", "decided_on",
                                        "recorded_at"], recorded_by_id=self.user),
            "offender": _Table(Offender, ["id", "register_number", "district_id", "status",
                                          "verified_at", "created_at"], sex="M",
                               father_name="Synthetic Father"),
            "conviction": _Table(Conviction, ["id", "offender_id", "court_id", "case_number",
                                              "convicted_on"], sentence="Ten years",
                                 registration_years=10),
        }
        self.sealed = sealed
        models = {"case": SurvivorCase, "incident": Incident, "consent": Consent,
                  "referral": FirReferral, "fir": Fir, "jcase": JusticeCase,
                  "report": PoliceReport, "hearing": Hearing, "verdict": Verdict,
                  "offender": Offender, "conviction": Conviction}
        self.models = models
        self.next = {k: (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
                     + 1 for k, m in models.items()}
        self.rows: dict = defaultdict(list)

    def _id(self, table: str) -> int:
        pk = self.next[table]
        self.next[table] = pk + 1
        return pk

    def _dur(self, delta: timedelta):
        # SQLite keeps a duration as integer microseconds; psycopg adapts a timedelta.
        return delta // timedelta(microseconds=1) if self.sqlite else delta

    def case(self, arrived: datetime, now: datetime, prefix: str = "OVB",
             written: datetime | None = None) -> None:
        """One case arriving at ``arrived`` (naive UTC) and everything after it that
        has happened by ``now``; its rows written at ``written`` (default: as it
        happened; today's cases: now, as the cell's services stamp them)."""
        rng, today = self.rng, (now + UTC_OFFSET).date()
        self.written = written
        w = rng.choices(self.world, cum_weights=self.cum)[0]
        pk = self._id("case")
        kind = rng.choices(self.kinds, cum_weights=self.kind_cum)[0]
        is_child = rng.random() < (0.6 if kind == "child_sexual_abuse" else 0.25)
        age = rng.randint(3, 17) if is_child else rng.randint(18, 65)
        sex = "F" if rng.random() < 0.9 else ("M" if rng.random() < 0.9 else "X")
        hours = rng.expovariate(1 / 60)  # incident to arrival: most within three days
        incident = arrived - timedelta(hours=hours)
        has_incident = rng.random() < 0.95
        pep = ec = None
        if kind in SEXUAL and rng.random() < 0.75:
            pep = arrived + timedelta(minutes=rng.randint(10, 600))
            if sex == "F" and not is_child and rng.random() < 0.7:
                ec = pep
        referral_at = fir_at = None
        if rng.random() < (0.55 if kind in SEXUAL else 0.12):
            referral_at = arrived + timedelta(minutes=rng.randint(30, 2880))
            if rng.random() < 0.85:
                fir_at = referral_at + timedelta(hours=rng.expovariate(1 / 40))
            if referral_at > now:
                referral_at = fir_at = None
            elif fir_at is not None and fir_at > now:
                fir_at = None
        code = f"{prefix}-{pk:08d}-{w['code']}"  # increasing: appended to the index
        closed = (now - arrived).days > 30
        self.rows["case"].append((
            pk, code, w["cell"], "closed" if closed else "open", arrived,
            rng.choice(ROUTES), age, is_child, sex, incident if has_incident else None,
            pep, ec, written or arrived, written or max(arrived, fir_at or arrived),
            self._dur(fir_at - arrived) if fir_at else None))
        if has_incident:
            self.rows["incident"].append((self._id("incident"), pk, incident, w["district"],
                                          kind, rng.choice(RELATIONSHIPS), written or arrived))
        r = rng.random()
        if r < 0.70:
            given = r < 0.62
            withdrawn = arrived + timedelta(days=rng.randint(1, 300)) \
                if given and rng.random() < 0.03 else None
            self.rows["consent"].append((self._id("consent"), pk, given,
                                         "guardian" if is_child else "survivor", arrived,
                                         withdrawn if withdrawn and withdrawn < now else None))
        if referral_at is None:
            return
        referral = self._id("referral")
        fir_day = (fir_at + UTC_OFFSET).date() if fir_at else None
        self.rows["referral"].append((
            referral, pk, code, w["cell"], w["station"], referral_at,
            "fir_registered" if fir_at else "referred", f"F{referral}" if fir_at else "",
            fir_day, fir_at))
        if fir_at is not None:
            self._justice(w, referral, code, fir_at, fir_day, today, now)

    def _justice(self, w, referral, code, fir_at, fir_day, today, now) -> None:
        """The FIR and its case, as far as its age (and chance) has taken it."""
        rng = self.rng
        pk = self._id("fir")
        written = getattr(self, "written", None) or fir_at
        self.rows["fir"].append((pk, w["station"], w["district"], f"OV{pk}", fir_day.year,
                                 fir_at, referral, code, written))
        stage, charged, decided, adjournments = "fir_registered", None, None, 0
        changed = fir_at

        def by(day):  # a step happens only if its day has come
            return day if day <= today else None

        interim = by(fir_day + timedelta(days=rng.randint(5, 30))) \
            if rng.random() < 0.75 else None
        if interim:
            stage = "under_investigation"
            self.rows["report"].append((self._id("report"), pk, "interim", interim,
                                        "pending", None))
        final = by(fir_day + timedelta(days=rng.randint(20, 150))) \
            if rng.random() < 0.62 else None
        accepted = None
        if final:
            stage = "challan_submitted"
            accepted = by(final + timedelta(days=rng.randint(3, 25))) \
                if rng.random() < 0.8 else None
            self.rows["report"].append((self._id("report"), pk, "final", final,
                                        "accepted" if accepted else "pending", accepted))
        elif (today - fir_day).days > 365 and rng.random() < 0.5:
            stage = "closed"
        if accepted and rng.random() < 0.72:
            charged = by(accepted + timedelta(days=rng.randint(10, 60)))
        if charged:
            stage = "in_trial"
            length = int(rng.expovariate(1 / 300)) + 40
            decided = by(charged + timedelta(days=length)) if rng.random() < 0.8 else None
            hearings = rng.randint(1, 3)
            for h in range(hearings):
                on = by(charged + timedelta(days=30 * (h + 1)))
                if on is None:
                    break
                adjourned = rng.random() < 0.5
                adjournments += adjourned
                self.rows["hearing"].append((
                    self._id("hearing"), pk, w["court"], on, "prosecution_evidence",
                    "adjourned" if adjourned else "held",
                    "witness_absent" if adjourned else "",
                    datetime.combine(on, datetime.min.time()) + timedelta(hours=4)))
        if decided:
            stage = "decided"
            convicted = rng.random() < 0.15
            recorded = datetime.combine(decided, datetime.min.time()) + timedelta(hours=6)
            self.rows["verdict"].append((self._id("verdict"), pk,
                                         "convicted" if convicted else "acquitted",
                                         decided, recorded))
            changed = recorded
            if convicted and rng.random() < 0.6:
                self._register(w, pk, decided, now)
        self.rows["jcase"].append((pk, pk, stage, w["district"],
                                   w["court"] if charged else None, charged, adjournments,
                                   decided, max(min(changed, now), written), written))

    def _register(self, w, justice_pk, convicted_on, now) -> None:
        rng = self.rng
        offender = self._id("offender")
        verified = datetime.combine(convicted_on, datetime.min.time()) + timedelta(
            days=rng.randint(5, 90), hours=6)
        status = rng.choices(["in_custody", "compliant", "overdue", "absconded", "removed"],
                             [70, 20, 6, 2, 2])[0]
        self.rows["offender"].append((offender, f"OVB{offender:09d}", w["district"], status,
                                      min(verified, now), min(verified, now)))
        self.rows["conviction"].append((self._id("conviction"), offender, w["court_facility"],
                                        f"OVB-{justice_pk}", convicted_on))

    def flush(self) -> int:
        from django.db import transaction

        n = len(self.rows["case"])
        with transaction.atomic():
            for name, table in self.t.items():
                if self.rows[name]:
                    table.insert(self.rows[name])
        self.rows.clear()
        return n


def fill(args, world) -> None:
    """The history: ``--cases`` cases spread evenly over the five years before now."""
    from django.db import connection
    from django.utils import timezone

    filler = Filler(world, args.seed)
    now = timezone.now().replace(tzinfo=None)  # naive UTC, as both databases store it
    span = YEARS * 365 * 86400
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB while filling
    tables = [m._meta.db_table for m in filler.models.values()]
    dropped = _drop_indexes(tables)
    t0, done = time.perf_counter(), 0
    while done < args.cases:
        for _ in range(min(BATCH, args.cases - done)):
            filler.case(now - timedelta(seconds=filler.rng.randrange(span)), now)
        done += filler.flush()
        if done % 200_000 == 0 or done == args.cases:
            print(f"  {done:,} cases ({done / (time.perf_counter() - t0):,.0f}/s)",
                  flush=True)
    t1 = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in dropped:
            cursor.execute(sql)
    print(f"  {len(dropped)} indexes rebuilt in {time.perf_counter() - t1:,.0f} s", flush=True)
    _analyze(list(filler.models.values()))


def _drop_indexes(tables: list[str]) -> list[str]:
    """Drop the non-unique indexes of the filled tables (rebuilt in one pass after the
    fill, much faster than maintained row by row); returns the statements to rebuild."""
    from django.db import connection

    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = ("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "  # noqa: S608
                   "NULL AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN (" + marks + ")")
        else:
            sql = ("SELECT indexname, indexdef FROM pg_indexes WHERE indexdef NOT LIKE "  # noqa: S608
                   "'CREATE UNIQUE%%' AND tablename IN (" + marks + ")")
        cursor.execute(sql, tables)
        found = list(cursor.fetchall())
        for name, _sql in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _analyze(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _empty() -> None:
    from django.db import connection

    from hifazat.crisis_cells.models import Consent, Incident, SurvivorCase
    from hifazat.justice.models import (
        Fir,
        FirReferral,
        Hearing,
        JusticeCase,
        PoliceReport,
        Verdict,
    )
    from hifazat.oversight.models import CellDay, JusticeMonth, RefreshRun, RegisterDistrict
    from hifazat.register.models import Conviction, Offender

    with connection.cursor() as cursor:
        for model in (CellDay, JusticeMonth, RegisterDistrict, RefreshRun, Conviction,
                      Offender, Verdict, Hearing, PoliceReport, JusticeCase, Fir, FirReferral,
                      Consent, Incident, SurvivorCase):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


# --- one day's work -------------------------------------------------------------------

def add_day(args, world) -> int:
    """Today's new cases (ids after the fill), as the cells would have opened them."""
    from django.utils import timezone

    filler = Filler(world, args.seed + int(time.time()))
    now = timezone.now().replace(tzinfo=None)
    midnight = datetime.combine((now + UTC_OFFSET).date(), datetime.min.time()) - UTC_OFFSET
    n = max(1, args.cases // (YEARS * 365))
    seconds = max(1, int((now - midnight).total_seconds()))
    for _ in range(n):
        filler.case(midnight + timedelta(seconds=filler.rng.randrange(seconds)), now,
                    prefix="OVD", written=now)
    filler.flush()
    return n


def change_old_cases(args, world) -> tuple[int, int]:
    """A day at the stations and the courts: FIRs registered on old referrals that had
    none, verdicts on old trials — written as the services would (timestamps now)."""
    from django.db import transaction
    from django.utils import timezone

    from hifazat.crisis_cells.models import SurvivorCase
    from hifazat.justice.models import FirReferral, JusticeCase, Verdict

    rng = random.Random(args.seed + int(time.time()))
    now = timezone.now()
    today = timezone.localdate()
    half = args.changed // 2
    filler = Filler(world, rng.randrange(10**9))
    by_district = {w["district"]: w for w in world}
    pending = list(FirReferral.objects.filter(fir_recorded_at__isnull=True)
                   .values_list("pk", "survivor_case_id", "case_code",
                                "police_station__district_id", "referred_at")[:20 * half])
    picked = rng.sample(pending, min(half, len(pending)))
    trials = list(JusticeCase.objects.filter(stage="in_trial", charged_on__lt=today)
                  .values_list("pk", flat=True)[:20 * half])
    decided = rng.sample(trials, min(half, len(trials)))
    naive_now = now.replace(tzinfo=None)
    with transaction.atomic():
        for referral, case_id, code, district, referred_at in picked:
            FirReferral.objects.filter(pk=referral).update(
                status="fir_registered", fir_number=f"F{referral}", fir_date=today,
                fir_recorded_at=now)
            SurvivorCase.objects.filter(pk=case_id).update(
                arrival_to_fir=now - referred_at, updated_at=now)
            filler._justice(by_district[district], referral, code, naive_now, today, today,
                            naive_now)
        filler.flush()
        for pk in decided:
            Verdict.objects.create(case_id=pk, outcome=rng.choice(["convicted", "acquitted"]),
                                   decided_on=today, recorded_by_id=filler.user)
            JusticeCase.objects.filter(pk=pk).update(stage="decided", decided_on=today,
                                                     stage_changed_at=now)
    return len(picked), len(decided)


# --- the naive baseline: the indicators straight from the case tables ------------------

def naive_build(filters):
    """The same tables as ``indicators.build``, from figures computed at request time
    from the case tables of the period (national scope: every province in reach)."""
    from hifazat.oversight import indicators

    return indicators.publish(filters, naive_figures(filters))


def naive_figures(filters):
    """``indicators.Figures`` straight from the case tables: GROUP BY queries by
    district over the period's survivor cases (with their incident, consent and FIR
    referrals), over the justice cases whose FIR falls in the period (with reports and
    verdicts), and the register by district."""
    from django.db.models import (
        Count,
        DateField,
        Exists,
        ExpressionWrapper,
        F,
        OuterRef,
        Q,
        Subquery,
        Sum,
    )
    from django.db.models.functions import Coalesce, TruncDate
    from django.utils import timezone

    from hifazat.crisis_cells import deadlines as cell_deadlines
    from hifazat.crisis_cells.models import Consent, SurvivorCase
    from hifazat.justice import deadlines as justice_deadlines
    from hifazat.justice.models import FirReferral, JusticeCase, PoliceReport, Verdict
    from hifazat.oversight import gbvims, indicators
    from hifazat.register import selectors as register

    tz = timezone.get_current_timezone()
    start = datetime.combine(filters.period.start, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(filters.period.end + timedelta(days=1), datetime.min.time(),
                           tzinfo=tz)
    cases = SurvivorCase.objects.filter(arrived_at__gte=start, arrived_at__lt=end)
    if filters.district is not None:
        cases = cases.filter(cell__district=filters.district)
    elif filters.province is not None:
        cases = cases.filter(cell__province=filters.province)
    if filters.gbv_type == gbvims.NOT_RECORDED:
        cases = cases.filter(incident__isnull=True)
    elif filters.gbv_type:
        cases = cases.filter(incident__kind__in=[
            k for k, g in gbvims.MAPPING.items() if g == filters.gbv_type])
    if filters.age_group:
        cases = cases.filter(is_child=filters.age_group == "child")
    incident_at = Coalesce("incident__occurred_at", "incident_at")
    pep, ec = cell_deadlines.PEP.delta(), cell_deadlines.EMERGENCY_CONTRACEPTION.delta()
    consenting = Consent.objects.filter(case_id=OuterRef("pk"), use="anonymous_statistics",
                                        is_given=True, withdrawn_at__isnull=True)
    by_gbv, by_age, by_sex = defaultdict(dict), defaultdict(dict), defaultdict(dict)
    sums = {}
    for g in (cases.values("cell__district_id", "incident__kind", "is_child", "sex")
              .annotate(cases=Count("pk"),
                        within_72h=Count("pk", filter=Q(
                            arrived_at__gte=incident_at,
                            arrived_at__lte=incident_at + timedelta(hours=72))),
                        pep_in_window=Count("pk", filter=Q(
                            pep_given_at__gte=incident_at, pep_given_at__lte=incident_at + pep)),
                        ec_in_window=Count("pk", filter=Q(
                            ec_given_at__gte=incident_at, ec_given_at__lte=incident_at + ec)),
                        consenting=Count("pk", filter=Q(Exists(consenting))))
              .order_by()):
        d, n = g["cell__district_id"], g["cases"]
        for target, option in ((by_gbv, gbvims.gbv_type(g["incident__kind"])),
                               (by_age, "child" if g["is_child"] else "adult"),
                               (by_sex, g["sex"])):
            target[d][option] = target[d].get(option, 0) + n
        s = sums.setdefault(d, dict.fromkeys(["cases", *indicators.CARE_MEASURES], 0))
        for m in ("cases", "within_72h", "pep_in_window", "ec_in_window", "consenting"):
            s[m] += g[m]
    # FIRs per case through the referrals, and hours from arrival to FIR.
    fir_count = (FirReferral.objects.filter(survivor_case_id=OuterRef("pk"),
                                            fir_recorded_at__isnull=False)
                 .values("survivor_case_id").annotate(c=Count("pk")).values("c"))
    fir_hours = defaultdict(list)
    for d, n, delay in (cases.annotate(n=Coalesce(Subquery(fir_count), 0))
                        .filter(Q(n__gt=0) | Q(arrival_to_fir__isnull=False))
                        .values_list("cell__district_id", "n", "arrival_to_fir")):
        if delay is not None:
            n = max(n, 1)
            fir_hours[d].append(max(0, int(delay.total_seconds() // 3600)))
        sums[d]["with_fir"] += n > 0
        sums[d]["firs"] += n
    # Justice: the cases whose FIR was registered in the period, by the FIR's district.
    jcases = JusticeCase.objects.filter(fir__registered_at__gte=start,
                                        fir__registered_at__lt=end)
    if filters.district is not None:
        jcases = jcases.filter(district=filters.district)
    elif filters.province is not None:
        jcases = jcases.filter(district__province=filters.province)
    fir_on = TruncDate("fir__registered_at")  # the FIR's local day

    def days_after(expression, delta):
        return ExpressionWrapper(expression + delta, output_field=DateField())

    reports = PoliceReport.objects.filter(case_id=OuterRef("pk")).order_by("submitted_on", "pk")
    outcome = Verdict.objects.filter(case_id=OuterRef("pk")).order_by("-decided_on", "-pk")
    decided = Q(decided_on__isnull=False, outcome__isnull=False)
    jsums = {}
    for r in (jcases.annotate(
            first=Subquery(reports.values("submitted_on")[:1]),
            final=Subquery(reports.filter(kind="final").values("submitted_on")[:1]),
            outcome=Subquery(outcome.values("outcome")[:1]))
            .values("district_id", "district__province_id")
            .annotate(
                firs=Count("pk"),
                reports_in_time=Count("pk", filter=Q(first__lte=days_after(
                    fir_on, justice_deadlines.CHALLAN.delta()))),
                investigations_done=Count("pk", filter=Q(final__isnull=False)),
                investigations_in_time=Count("pk", filter=Q(final__lte=days_after(
                    fir_on, justice_deadlines.INVESTIGATION.delta()))),
                challans_accepted=Count("pk", filter=Q(Exists(PoliceReport.objects.filter(
                    case_id=OuterRef("pk"), kind="final", scrutiny="accepted")))),
                trials=Count("pk", filter=Q(charged_on__isnull=False)),
                adjournments=Sum("adjournments", filter=Q(charged_on__isnull=False)),
                decided=Count("pk", filter=decided),
                decided_in_time=Count("pk", filter=decided & Q(decided_on__lte=days_after(
                    F("charged_on"), justice_deadlines.TRIAL.delta()))),
                convicted=Count("pk", filter=decided & Q(outcome="convicted")),
                acquitted=Count("pk", filter=decided & Q(outcome="acquitted")))
            .order_by()):
        jsums[r["district_id"]] = {**r, "province_id": r["district__province_id"],
                                   "adjournments": r["adjournments"] or 0}
    # The register today, by responsible district (the aggregate path keeps a snapshot).
    in_scope = {d.pk for d in _districts_in(filters)}
    registry = {r["district_id"]: r for r in register.oversight_register_by_district()
                if r["district_id"] in in_scope}
    return indicators.Figures(by_gbv=by_gbv, by_age=by_age, by_sex=by_sex, sums=sums,
                              fir_hours=fir_hours, jsums=jsums, register=registry)


def _districts_in(filters):
    from hifazat.places import selectors as places

    if filters.district is not None:
        return [filters.district]
    qs = places.districts()
    return qs.filter(province=filters.province) if filters.province is not None else qs


# --- timing ---------------------------------------------------------------------------

def _random_filters(rng: random.Random, world, today: date):
    """(query dict) a quarter, a month or a year within the five years; national, a
    province or a district; sometimes a GBVIMS type or an age group."""
    from hifazat.oversight import gbvims

    first_year = max(2021, today.year - YEARS + 1)
    year = rng.randint(first_year, today.year)
    kind = rng.choices(["quarter", "month", "year"], [5, 3, 2])[0]
    last_month = today.month if year == today.year else 12
    if kind == "quarter":
        period = f"{year}Q{rng.randint(1, (last_month - 1) // 3 + 1)}"
    elif kind == "month":
        period = f"{year}-{rng.randint(1, last_month):02d}"
    else:
        period = str(year)
    data = {"period": period}
    scope = rng.choices(["national", "province", "district"], [3, 3, 4])[0]
    weights = _weights(world)
    if scope == "province":
        data["province"] = rng.choice(sorted({w["province"] for w in world}))
    elif scope == "district":
        w = world[rng.choices(range(len(world)), weights)[0]]
        data["province"], data["district"] = w["province"], w["code"]
    if rng.random() < 0.25:
        data["incident_type"] = rng.choice([g for g, _l in gbvims.GBV_TYPES])
    if rng.random() < 0.25:
        data["age_group"] = rng.choice(["child", "adult"])
    return data


def _time(fn, items, runs: int) -> tuple[float, float, float]:
    """Wall-clock p50 and p95, and the p95 of this process's CPU time (the query's cost
    when other work shares the cores: wall time then includes waiting for one)."""
    fn(items[0])  # warm up, as on a running server
    wall, cpu = [], []
    for i in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(items[i % len(items)])
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    q, qc = statistics.quantiles(wall, n=100), statistics.quantiles(cpu, n=100)
    return q[49], q[94], qc[94]


def _page_client():
    """Django's test client signed in as a national committee analyst (no second factor:
    the role sees aggregates only)."""
    from django.conf import settings
    from django.test import Client

    from hifazat.accounts.models import User
    from hifazat.accounts.roles import AgencyKind, Role, Scope
    from tests.factories import give_role, make_agency, make_user

    user = User.objects.filter(username="bench.analyst").first()
    if user is None:
        user = make_user(make_agency(AgencyKind.COMMITTEE, code="OVB-COMMITTEE"),
                         username="bench.analyst", with_device=False)
        give_role(user, Role.COMMITTEE_ANALYST, scope=Scope.NATIONAL)
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0]
                    .lstrip(".").replace("*", "localhost"))
    client.force_login(user)
    return client


def _counts() -> dict:
    from hifazat.crisis_cells.models import SurvivorCase
    from hifazat.justice.models import Fir, Verdict
    from hifazat.oversight.models import CellDay, JusticeMonth
    from hifazat.register.models import Offender

    return {"cases": SurvivorCase.objects.count(), "firs": Fir.objects.count(),
            "verdicts": Verdict.objects.count(), "offenders": Offender.objects.count(),
            "cell_day_rows": CellDay.objects.count(),
            "justice_month_rows": JusticeMonth.objects.count()}


def _refresh(label: str, **kwargs):
    from hifazat.oversight import services

    t0, c0 = time.perf_counter(), time.process_time()
    run = services.refresh(**kwargs)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"  {label:<44} {wall:9.2f} s (cpu {cpu:8.2f} s)  day buckets "
          f"{run.days_processed:>8,}  month buckets {run.months_processed:>6,}", flush=True)
    return wall, cpu, run


def main() -> None:
    args = _args()
    vendor = _setup(args)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from hifazat.crisis_cells.models import SurvivorCase
    from hifazat.oversight import indicators
    from hifazat.places.services import load_reference_places

    print(f"database ({vendor}): {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    load_reference_places()
    world = _world()
    have = SurvivorCase.objects.filter(pk__lte=args.cases).count()
    if args.refill or (have and have != args.cases):
        _empty()
        have = 0
    if not have:
        print(f"filling {args.cases:,} cases over {len(world)} districts ...", flush=True)
        t0 = time.perf_counter()
        fill(args, world)
        print(f"  filled in {time.perf_counter() - t0:,.0f} s (not part of the results)")
    print(", ".join(f"{k} {v:,}" for k, v in _counts().items()))
    if args.fill_only:
        return
    print(f"load average before timing: {os.getloadavg()}")

    results = {}
    print("refresh:")
    results["full"] = _refresh("full rebuild", full=True)
    results["nothing"] = _refresh("incremental, nothing changed")
    n = add_day(args, world)
    results["day"] = _refresh(f"incremental after a day's {n:,} new cases")
    firs, verdicts = change_old_cases(args, world)
    results["changed"] = _refresh(f"incremental after {firs} FIRs + {verdicts} verdicts "
                                  "on old cases")
    print(", ".join(f"{k} {v:,}" for k, v in _counts().items()))

    today = timezone.localdate()
    rng = random.Random(args.seed + 11)
    queries = [_random_filters(rng, world, today) for _ in range(args.runs)]
    filters = [indicators.parse_filters(q) for q in queries]
    print(f"indicators.build over {args.runs} random filters ...", flush=True)
    def cold(f):  # the first view of these filters since the last refresh
        indicators.forget_publications()
        indicators.build(f)

    cold_ = _time(cold, filters, args.runs)
    print(f"  cold   p50 {cold_[0]:8.1f} ms  p95 {cold_[1]:8.1f} ms  cpu p95 {cold_[2]:8.1f} ms",
          flush=True)
    for f in filters:  # every filter seen once: the publications are kept
        indicators.build(f)
    ours = _time(lambda f: indicators.build(f), filters, args.runs)
    print(f"  warm   p50 {ours[0]:8.1f} ms  p95 {ours[1]:8.1f} ms  cpu p95 {ours[2]:8.1f} ms",
          flush=True)
    page = None
    if args.page_runs:
        client = _page_client()

        def get(q):
            response = client.get("/oversight/", q)
            assert response.status_code == 200, response.status_code

        page = _time(get, queries, args.page_runs)
        print(f"  page   p50 {page[0]:8.1f} ms  p95 {page[1]:8.1f} ms  cpu p95 "
              f"{page[2]:8.1f} ms", flush=True)
    baseline_runs = args.baseline_runs or args.runs
    same = sum(_same(indicators.build(f), naive_build(f)) for f in filters[:10])
    print(f"naive build over {baseline_runs} of the same filters "
          f"(identical published tables on {same}/10 checked) ...", flush=True)
    naive = _time(naive_build, filters, baseline_runs)
    print(f"  naive  p50 {naive[0]:8.1f} ms  p95 {naive[1]:8.1f} ms  cpu p95 "
          f"{naive[2]:8.1f} ms", flush=True)

    print()
    print(f"load average after timing: {os.getloadavg()} on {os.cpu_count()} CPUs")
    print(f"({vendor}, {args.cases:,} cases filled, {date.today()})")
    print(f"{'refresh':<48}{'wall s':>9}{'cpu s':>9}{'day b.':>9}{'month b.':>9}")
    for key, label in (("full", "full rebuild"), ("nothing", "incremental, nothing changed"),
                       ("day", "incremental, a day's new cases"),
                       ("changed", f"incremental, {args.changed} old cases changed")):
        wall, cpu, run = results[key]
        print(f"{label:<48}{wall:>9.2f}{cpu:>9.2f}{run.days_processed:>9,}"
              f"{run.months_processed:>9,}")
    print(f"{'indicators':<34}{'p50 ms':>9}{'p95 ms':>9}{'cpu95':>8}{'<=150':>7}")
    for label, r in (("indicators.build, first view", cold_),
                     ("indicators.build, seen since refresh", ours), ("page /oversight/", page),
                     ("naive (case tables)", naive)):
        if r is not None:
            print(f"{label:<34}{r[0]:>9.1f}{r[1]:>9.1f}{r[2]:>8.1f}"
                  f"{'yes' if r[1] <= 150 else 'NO':>7}")
    print(f"ratio naive p95 / first view p95: {naive[1] / cold_[1]:.1f}x (wall), "
          f"{naive[2] / max(cold_[2], 0.01):.1f}x (cpu); naive p95 / seen p95: "
          f"{naive[1] / ours[1]:.1f}x (wall)")


def _same(ours, naive) -> bool:
    return [t.as_data() for t in ours] == [t.as_data() for t in naive]


if __name__ == "__main__":
    main()
