"""Benchmark: online candidate search over N stored people (default 1,000,000) on SQLite.

Builds (once, then reuses) var/bench/identity-N.sqlite3 with N synthetic offenders from
the project's generator, trains the model on a sample, then times
``identity.selectors.find_candidates`` for probes that are variants of stored people
(transliteration, dropped Muhammad, typos, Urdu script, missing CNIC, year-only dates)
and for strangers. Prints p50/p95/p99 latency and top-1 accuracy, against a naive
baseline in the same run: exact CNIC, else SQL LIKE on the given name plus birth year.

    .venv/bin/python bench/identity/find_candidates.py [--n 1000000] [--probes 500]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))


def _row(p) -> dict:
    dob = "" if p.dob is None else (str(p.dob.year) if p.dob_precision == "year"
                                    else p.dob.isoformat())
    return {"given": p.given_name, "surname": p.surname, "father": p.father_name, "dob": dob,
            "cnic": p.cnic, "district": p.district_code}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    db = REPO / "var" / "bench" / f"identity-{args.n}.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    os.environ["HIFAZAT_SQLITE_PATH"] = str(db)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hifazat.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hifazat.identity import services
    from hifazat.identity.models import BlockingKey, IdentityRecord
    from hifazat.identity.selectors import current_model, find_candidates
    from hifazat.synthetic import PeopleGenerator

    call_command("migrate", verbosity=0)
    gen = PeopleGenerator(seed=args.seed)
    stored = IdentityRecord.objects.count()
    if stored < args.n:
        print(f"building the store: {args.n:,} people (once; reused next time) ...", flush=True)
        IdentityRecord.objects.all().delete()
        t0 = time.perf_counter()
        services.bulk_index(({"id": i, **_row(gen.offender())} for i in range(args.n)),
                            source="bench", batch_size=20_000)
        print(f"  indexed in {time.perf_counter() - t0:.0f}s")
        t0 = time.perf_counter()
        services.train_model(sample=50_000)
        print(f"  trained on 50,000 in {time.perf_counter() - t0:.0f}s")
    n_keys = BlockingKey.objects.count()
    size_mb = db.stat().st_size / 1e6
    print(f"store: {IdentityRecord.objects.count():,} people, {n_keys:,} blocking keys, "
          f"{size_mb:,.0f} MB")

    # Regenerate the same people to make probes (same seed, same order).
    regen = PeopleGenerator(seed=args.seed)
    rng = random.Random(args.seed)
    wanted = set(rng.sample(range(args.n), args.probes))
    probes = []
    for i in range(args.n):
        person = regen.offender()
        if i in wanted:
            probes.append((str(i), _row(gen.variant_of(person, urdu=rng.random() < 0.2))))
        if len(probes) == args.probes:
            break
    strangers = [_row(PeopleGenerator(seed=10_000 + k).offender()) for k in range(50)]
    current_model()  # load once, as a running server would

    def timed(fn, probe):
        t0 = time.perf_counter()
        out = fn(probe)
        return (time.perf_counter() - t0) * 1000, out

    def naive(probe):
        cursor = connection.cursor()
        if probe["cnic"]:
            cursor.execute("SELECT source_id FROM identity_identityrecord WHERE cnic = %s "
                           "LIMIT 10", [probe["cnic"]])
            rows = cursor.fetchall()
            if rows:
                return [r[0] for r in rows]
        year = probe["dob"][:4]
        cursor.execute("SELECT source_id FROM identity_identityrecord WHERE given LIKE %s "
                       "AND dob LIKE %s LIMIT 10", [f"%{probe['given'][-4:]}%", f"{year}%"])
        return [r[0] for r in cursor.fetchall()]

    results = {}
    for name, fn in (("hifazat find_candidates", lambda p: [c.source_id for c in
                                                           find_candidates(p, limit=5)]),
                     ("naive (CNIC, else LIKE name + year)", naive)):
        times, hits = [], 0
        for truth, probe in probes:
            ms, ids = timed(fn, probe)
            times.append(ms)
            hits += bool(ids) and ids[0] == truth
        stranger_hits = 0
        for probe in strangers:
            ms, ids = timed(fn if name.startswith("naive") else
                            (lambda p: [c for c in find_candidates(p, limit=1)
                                        if c.probability >= 0.9]), probe)
            times.append(ms)
            stranger_hits += bool(ids)
        times.sort()
        q = statistics.quantiles(times, n=100)
        results[name] = (q[49], q[94], q[98], hits / len(probes), stranger_hits)
        print(f"{name:<38} p50 {q[49]:6.1f} ms  p95 {q[94]:6.1f} ms  p99 {q[98]:6.1f} ms  "
              f"top-1 correct {hits / len(probes):.3f}  strangers flagged {stranger_hits}/50")
    ours, base = results["hifazat find_candidates"], results["naive (CNIC, else LIKE name + year)"]
    print(f"ratio p95 hifazat/naive: {ours[1] / base[1]:.2f}; top-1 accuracy "
          f"{ours[3]:.3f} vs {base[3]:.3f}")


if __name__ == "__main__":
    main()
