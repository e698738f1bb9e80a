"""Benchmark: purpose-bound name search of the register at national scale.

Builds (once, then reuses) a register of N synthetic offenders, each with a primary
name and on average ``--aliases`` more names (transliteration variants, dropped
Muhammad, titles, some in Urdu script), so 1,000,000 offenders hold about 5,000,000
names. Every name is in the identity store, as ``register.services.index_offender``
keeps it. Then, signed in as an NPB registrar, it times
``register.selectors.search_offenders`` (purpose, FIR reference, name + father's name +
year of birth + district; the audit event of every search is written, as in
production) for probes that are variants of stored offenders, against the naive
approach in the same run: SQL LIKE on the given name and the father's name over every
stored name, then rapidfuzz to rank what the scan returns.

    .venv/bin/python bench/register_search.py [--n 1000000] [--aliases 4] [--probes 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hz_bench_register \\
        .venv/bin/python bench/register_search.py --n 1000000

SQLite: the database is var/bench/register-N-A.sqlite3. PostgreSQL: the database named
in DATABASE_URL (created beforehand, e.g. ``createdb -h 127.0.0.1 -U postgres
hz_bench_register``); it is filled once and reused while it holds N offenders.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def _dob_text(p) -> str:
    if p.dob is None:
        return ""
    return str(p.dob.year) if p.dob_precision == "year" else p.dob.isoformat()


def _setup(args) -> str:
    if not os.environ.get("DATABASE_URL"):
        db = REPO / "var" / "bench" / f"register-{args.n}-{args.aliases}.sqlite3"
        db.parent.mkdir(parents=True, exist_ok=True)
        os.environ["HIFAZAT_SQLITE_PATH"] = str(db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hifazat.config.settings")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


BATCH = 5_000
# The generator's birth-date precision, as the register stores it (identity's terms).
PRECISION = {"day": "day", "year": "year", "jan1_default": "jan1"}


def _batches(args):
    """The synthetic register, batch by batch: (first index, [(person, aliases)]).
    Deterministic: the build and the probes replay the very same people."""
    from hifazat.synthetic import PeopleGenerator

    gen = PeopleGenerator(seed=args.seed)
    rng = random.Random(args.seed)
    for start in range(0, args.n, BATCH):
        people = [gen.offender() for _ in range(min(BATCH, args.n - start))]
        yield start, [(p, [gen.variant_of(p, urdu=rng.random() < 0.15)
                           for _ in range(rng.choice(range(2 * args.aliases + 1)))])
                      for p in people]


def _build(args) -> None:
    """Fill the register with N offenders and their names, and the identity store."""
    from django.db import transaction
    from django.utils import timezone

    from hifazat.identity import services as identity
    from hifazat.places.models import District
    from hifazat.register.models import Offender, OffenderName
    from hifazat.register.services import IDENTITY_SOURCE, identity_source_id

    districts = {d.code: d.pk for d in District.objects.all()}
    fallback = next(iter(districts.values()))
    now = timezone.now()
    t0 = time.perf_counter()
    for start, batch in _batches(args):
        with transaction.atomic():
            offenders = Offender.objects.bulk_create([
                Offender(register_number=f"NSOR-BENCH-{start + k:08d}", sex=p.sex,
                         dob=p.dob, dob_precision=PRECISION.get(p.dob_precision, "day"),
                         cnic=p.cnic or "",
                         father_name=p.father_name,
                         district_id=districts.get(p.district_code, fallback),
                         status="compliant", verified_at=now)
                for k, (p, _aliases) in enumerate(batch)])
            names, owners = [], []
            for offender, (person, aliases) in zip(offenders, batch, strict=True):
                for variant, primary in [(person, True), *((a, False) for a in aliases)]:
                    names.append(OffenderName(
                        offender=offender, name=variant.given_name, surname=variant.surname,
                        is_primary=primary, source="bench"))
                    owners.append((offender, person))
            names = OffenderName.objects.bulk_create(names, batch_size=10_000)
            identity.bulk_index(
                ({"id": identity_source_id(o.pk, None if n.is_primary else n.pk),
                  "given": n.name, "surname": n.surname, "father": o.father_name,
                  "dob": _dob_text(p), "cnic": o.cnic, "district": p.district_code}
                 for n, (o, p) in zip(names, owners, strict=True)),
                source=IDENTITY_SOURCE, batch_size=50_000)
        done = start + len(batch)
        if done % 50_000 == 0 or done == args.n:
            rate = done / (time.perf_counter() - t0)
            print(f"  {done:,} offenders ({rate:,.0f}/s)", flush=True)
    identity.train_model(sample=50_000)


def _registrar():
    from hifazat.accounts.models import Agency, RoleAssignment, User
    from hifazat.accounts.roles import AgencyKind, Role, Scope

    agency, _ = Agency.objects.get_or_create(
        code="BENCH-NPB", defaults={"kind": AgencyKind.NPB, "name_en": "NPB (bench)",
                                    "name_ur": "این پی بی"})
    user, created = User.objects.get_or_create(username="bench.registrar",
                                               defaults={"agency": agency})
    if created:
        RoleAssignment.objects.create(user=user, role=Role.NPB_REGISTRAR, scope=Scope.NATIONAL)
    user.is_verified = lambda: True  # as after the second factor
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="offenders")
    parser.add_argument("--aliases", type=int, default=4, help="mean extra names each")
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--naive-probes", type=int, default=30,
                        help="the naive scan is slow: fewer probes")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    vendor = _setup(args)

    from django.core.management import call_command
    from django.db import connection
    from rapidfuzz import fuzz, process

    from hifazat.places.services import load_reference_places
    from hifazat.register import selectors
    from hifazat.register.models import Offender, OffenderName
    from hifazat.register.services import load_ppc_sections
    from hifazat.synthetic import PeopleGenerator

    call_command("migrate", verbosity=0)
    load_reference_places()
    load_ppc_sections()
    if Offender.objects.count() < args.n:
        print(f"building the register ({vendor}): {args.n:,} offenders, ~{args.aliases} "
              "aliases each (once; reused next time) ...", flush=True)
        Offender.objects.all().delete()
        from hifazat.identity.models import IdentityRecord

        IdentityRecord.objects.all().delete()
        t0 = time.perf_counter()
        _build(args)
        print(f"  built in {time.perf_counter() - t0:,.0f}s")
    n_names = OffenderName.objects.count()
    print(f"register ({vendor}): {Offender.objects.count():,} offenders, {n_names:,} names")

    # The same people again (same seed, same order), to make probes of stored offenders.
    rng = random.Random(args.seed + 1)
    wanted = set(rng.sample(range(args.n), args.probes))
    probes = []
    for start, batch in _batches(args):
        for k, (person, _aliases) in enumerate(batch):
            target = start + k
            if target not in wanted:
                continue
            variant = PeopleGenerator(seed=target).variant_of(person,
                                                              urdu=rng.random() < 0.15)
            probes.append((f"NSOR-BENCH-{target:08d}", {
                "given": variant.given_name, "surname": variant.surname,
                "father": variant.father_name,
                "dob": str(variant.dob.year) if variant.dob else "",
                "district": variant.district_code}))
        if len(probes) == len(wanted):
            break
    rng.shuffle(probes)

    user = _registrar()

    def ours(query):
        hits = selectors.search_offenders(user=user, purpose="investigation",
                                          reference="FIR-123/2026", query=query, limit=10)
        return [h.register_number for h in hits]

    def naive(query):
        given = (query["given"].split() or [""])[-1][:6]
        father = (query["father"].split() or [""])[-1][:6]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT o.register_number, n.name, n.surname, o.father_name "
                "FROM register_offendername n JOIN register_offender o "
                "ON o.id = n.offender_id WHERE LOWER(n.name) LIKE %s "
                "AND LOWER(o.father_name) LIKE %s",
                [f"%{given.lower()}%", f"%{father.lower()}%"])
            rows = cursor.fetchall()
        text = f"{query['given']} {query['surname']} {query['father']}"
        ranked = process.extract(text, [f"{r[1]} {r[2]} {r[3]}" for r in rows],
                                 scorer=fuzz.token_sort_ratio, limit=10)
        return [rows[k][0] for _, _, k in ranked]

    results = {}
    for name, fn, subset in (("hifazat search_offenders", ours, probes),
                             ("naive LIKE scan + rapidfuzz", naive,
                              probes[:args.naive_probes])):
        fn(subset[0][1])  # warm caches, as a running server would be
        times, top1, top10 = [], 0, 0
        for truth, query in subset:
            t0 = time.perf_counter()
            found = fn(query)
            times.append((time.perf_counter() - t0) * 1000)
            top1 += bool(found) and found[0] == truth
            top10 += truth in found
        q = statistics.quantiles(sorted(times), n=100)
        results[name] = (q[49], q[94])
        print(f"{name:<30} probes {len(subset):>4}  p50 {q[49]:8.1f} ms  p95 {q[94]:8.1f} ms"
              f"  top-1 {top1 / len(subset):.3f}  in top-10 {top10 / len(subset):.3f}",
              flush=True)
    (o50, o95), (n50, n95) = results.values()
    print(f"naive / hifazat: p50 {n50 / o50:,.1f}x, p95 {n95 / o95:,.1f}x  "
          f"({vendor}, {Offender.objects.count():,} offenders, {n_names:,} names, "
          f"{date.today()})")


if __name__ == "__main__":
    main()
