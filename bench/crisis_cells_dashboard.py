"""Benchmark: the crisis-cell dashboard and case list, rendered server-side, with 200,000
survivor cases in the database (target: p95 <= 150 ms on SQLite), against the same
database with the crisis-cell indexes dropped (the unindexed baseline).

What it does, in one run:

1. migrates a fresh SQLite file (or ``--db PATH``) and loads the demo (places, one user
   per role, a few demo cases);
2. bulk-creates ``--cases`` synthetic cases (default 200,000) spread over the demo
   Lahore cell (``--share`` of them, default 25 %) and nine synthetic cells, each with
   an incident, and follow-ups and evidence items for a fraction of them; about 12 %
   of cases are open, some with running clinical windows, follow-ups due today or
   overdue, and evidence awaiting dispatch;
3. signs ``cell.doctor`` in (second factor marked as passed) with Django's test client
   and times ``--repeat`` requests (after warm-up) of: the dashboard ``/cells/``, the
   case list ``/cells/cases/``, its page 40, a search by a full case code and one by a
   fragment of a code (a scan of the cell's cases); p50 and p95 in ms;
4. drops every non-unique index of the crisis-cell tables (including foreign-key
   indexes), runs ``ANALYZE``, times the same requests again, and restores them;
5. prints one table with both runs and the ratio (unindexed p95 / indexed p95).

Run (about two minutes on a small machine)::

    .venv/bin/python bench/crisis_cells_dashboard.py
    .venv/bin/python bench/crisis_cells_dashboard.py --cases 20000 --repeat 20   # quick
    .venv/bin/python bench/crisis_cells_dashboard.py --db /tmp/cells.sqlite3          # keep it
    .venv/bin/python bench/crisis_cells_dashboard.py --db /tmp/cells.sqlite3 --reuse  # time again

Every row is synthetic; no identity rows are created (the dashboard and list never read
identity, which lives in its own encrypted table).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hifazat.config.settings")


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="See the module docstring for what is timed.")
    parser.add_argument("--cases", type=int, default=200_000,
                        help="synthetic cases to create (default 200000)")
    parser.add_argument("--share", type=float, default=0.25,
                        help="share of them at the signed-in user's cell (default 0.25)")
    parser.add_argument("--repeat", type=int, default=40,
                        help="timed requests per page and run (default 40)")
    parser.add_argument("--db", default="", help="SQLite file (default: a fresh temp file)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --db: time again without refilling a filled database")
    parser.add_argument("--seed", type=int, default=2021)
    return parser.parse_args()


ARGS = _args() if __name__ == "__main__" else None
if ARGS is not None:
    os.environ["HIFAZAT_SQLITE_PATH"] = ARGS.db or str(
        Path(tempfile.mkdtemp(prefix="hz-cells-bench-")) / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)  # this benchmark is about SQLite

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from hifazat.accounts.models import Agency, User  # noqa: E402
from hifazat.accounts.roles import AgencyKind  # noqa: E402
from hifazat.crisis_cells.models import (  # noqa: E402
    ArrivalRoute,
    EvidenceItem,
    FollowUp,
    Incident,
    IncidentType,
    Relationship,
    SurvivorCase,
)
from hifazat.demo.services import load_demo  # noqa: E402
from hifazat.places.models import Facility  # noqa: E402

BATCH = 5_000
PAGES = [("dashboard", "/cells/"), ("case list", "/cells/cases/"),
         ("case list p40", "/cells/cases/?page=40"),
         ("partial search", "/cells/cases/?q=2025-0001")]


def _cells(home: Agency) -> list[Agency]:
    """The home cell plus nine synthetic cells (one per crisis-cell hospital, reused)."""
    cells = [home]
    hospitals = list(Facility.objects.filter(kind=Facility.Kind.HOSPITAL).order_by("code"))
    for i in range(9):
        facility = hospitals[i % len(hospitals)]
        agency, _ = Agency.objects.get_or_create(
            code=f"BENCH-CELL-{i}",
            defaults={"kind": AgencyKind.CRISIS_CELL, "name_en": f"Bench cell {i}",
                      "name_ur": f"بینچ سیل {i}", "facility": facility,
                      "district": facility.district, "province": facility.district.province})
        cells.append(agency)
    return cells


def fill(n: int, share: float, seed: int, home: Agency, creator: User) -> None:
    rng = random.Random(seed)
    cells = _cells(home)
    now = timezone.now()
    district = home.district
    kinds, rels = IncidentType.values, Relationship.values
    routes = ArrivalRoute.values
    done = 0
    counters = {c.pk: 0 for c in cells}
    while done < n:
        size = min(BATCH, n - done)
        cases = []
        for _ in range(size):
            cell = home if rng.random() < share else rng.choice(cells[1:])
            counters[cell.pk] += 1
            age_days = rng.random() ** 2 * 5 * 365  # more recent cases are more common
            arrived = now - timedelta(days=age_days, minutes=rng.randint(0, 1440))
            is_open = age_days < 30 or rng.random() < 0.08
            year = timezone.localtime(arrived).year
            cases.append(SurvivorCase(
                code=f"ARCC-B{cell.pk}-{year}-{counters[cell.pk]:07d}", cell=cell,
                status=SurvivorCase.Status.OPEN if is_open else SurvivorCase.Status.CLOSED,
                arrived_at=arrived, arrival_route=rng.choice(routes),
                age=rng.randint(4, 60), sex="F", created_by=creator,
                incident_at=arrived - timedelta(hours=rng.randint(1, 200)),
                pep_given_at=arrived if rng.random() < 0.5 else None,
                assigned_to=creator if rng.random() < 0.1 else None,
            ))
        with transaction.atomic():
            SurvivorCase.objects.bulk_create(cases, batch_size=1000)
            created = list(SurvivorCase.objects.filter(
                code__in=[c.code for c in cases]).values_list("pk", "status", "arrived_at",
                                                              "cell_id"))
            Incident.objects.bulk_create([
                Incident(case_id=pk, occurred_at=arrived - timedelta(hours=3),
                         district=district, kind=rng.choice(kinds),
                         relationship=rng.choice(rels), perpetrator_particulars="",
                         recorded_by=creator)
                for pk, _status, arrived, _cell in created], batch_size=1000)
            today = timezone.localdate()
            FollowUp.objects.bulk_create([
                FollowUp(case_id=pk, cell_id=cell_id, kind="medical",
                         due_on=today + timedelta(days=rng.randint(-20, 20)),
                         description="Review", created_by=creator,
                         done_at=now if (status == "closed" or rng.random() < 0.5) else None)
                for pk, status, _a, cell_id in created if rng.random() < 0.3],
                batch_size=1000)
            EvidenceItem.objects.bulk_create([
                EvidenceItem(case_id=pk, cell_id=cell_id, label_code=f"B{pk}-E01", kind="swab",
                             description="Swab", collected_at=arrived, collected_by=creator,
                             status="result" if status == "closed" else rng.choice(
                                 ["collected", "sealed", "handed_over", "sent_to_lab"]))
                for pk, status, arrived, cell_id in created if rng.random() < 0.4],
                batch_size=1000)
        done += size
        print(f"  {done:>8,} cases", end="\r", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def signed_in_client(user: User) -> Client:
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0]
                    .lstrip(".").replace("*", "localhost"))
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _p95(samples: list[float]) -> float:
    samples = sorted(samples)
    return samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]


def time_pages(client: Client, repeat: int) -> dict[str, tuple[float, float, float]]:
    """Per page: wall-clock p50 and p95, and CPU-time p95 of this process (the latter is
    what the page costs when the machine is shared with other work)."""
    out = {}
    for name, url in PAGES:
        for _ in range(3):  # warm-up: templates, translations, SQLite page cache
            assert client.get(url).status_code == 200, url
        wall, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        out[name] = (statistics.median(wall), _p95(wall), _p95(cpu))
    return out


def drop_cell_indexes() -> list[tuple[str, str]]:
    """Drop every non-unique index of the crisis-cell tables (SQLite's own unique ones
    stay: they back primary keys and unique codes); returns (name, sql) to restore."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND sql IS NOT NULL AND tbl_name LIKE 'crisis_cells_%' "
                       "AND sql NOT LIKE 'CREATE UNIQUE%'")
        dropped = list(cursor.fetchall())
        for name, _sql in dropped:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ANALYZE")
    return dropped


def restore_indexes(dropped: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        for _name, sql in dropped:
            cursor.execute(sql)
        cursor.execute("ANALYZE")


def main(args) -> None:
    print(f"database: {settings.DATABASES['default']['NAME']}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if args.reuse and SurvivorCase.objects.count() >= args.cases:
        doctor = User.objects.get(username="cell.doctor")
        print("reusing the filled database")
    else:
        users = {spec.username: user for spec, user in load_demo()}
        doctor = users["cell.doctor"]
        print(f"migrated and demo loaded in {time.perf_counter() - t0:.0f} s; filling "
              f"{args.cases:,} cases ({args.share:.0%} at {doctor.agency.code})")
        t0 = time.perf_counter()
        fill(args.cases, args.share, args.seed, doctor.agency, doctor)
    print(f"{SurvivorCase.objects.count():,} cases, {FollowUp.objects.count():,} follow-ups, "
          f"{EvidenceItem.objects.count():,} evidence items")
    client = signed_in_client(doctor)
    full_code = (SurvivorCase.objects.filter(cell_id=doctor.agency_id, status="open")
                 .order_by("pk").values_list("code", flat=True)[100])
    PAGES.append(("full-code search", f"/cells/cases/?q={full_code}"))
    indexed = time_pages(client, args.repeat)
    dropped = drop_cell_indexes()
    print(f"dropped {len(dropped)} indexes (the unindexed baseline)")
    try:
        baseline = time_pages(client, args.repeat)
    finally:
        restore_indexes(dropped)  # so --db FILE --reuse can time again

    print()
    print(f"load average while timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'page':<17}{'indexed p50':>12}{'p95':>8}{'cpu p95':>9}"
          f"{'unindexed p50':>15}{'p95':>8}{'cpu p95':>9}{'ratio p95':>10}{'<=150':>7}")
    for name, _url in PAGES:
        (i50, i95, ic), (b50, b95, bc) = indexed[name], baseline[name]
        print(f"{name:<17}{i50:>10.1f}ms{i95:>6.1f}ms{ic:>7.1f}ms"
              f"{b50:>13.1f}ms{b95:>6.1f}ms{bc:>7.1f}ms{b95 / i95:>9.1f}x"
              f"{'yes' if i95 <= 150 else 'NO':>7}")


if __name__ == "__main__":
    main(ARGS)
