"""Benchmark: purpose-bound name search of the register at national scale.

Builds (once, then reuses) a register of N synthetic offenders, each with a primary
name and on average ``--aliases`` more names (transliteration variants, dropped
Muhammad, titles, some in Urdu script), so 1,000,000 offenders hold about 5,000,000
names. Every name is in the identity store, as ``register.services.index_offender``
keeps it (computed by ``identity.services.stored_row``, the store's one way). The rows
are computed in worker processes (``--workers``, default every core) and loaded in bulk
(COPY on PostgreSQL), the blocking-key indexes made once at the end, then VACUUM ANALYZE
(PostgreSQL) or ANALYZE (SQLite), as a live database's autovacuum would have left it:
1M offenders in 12-20 minutes on 2 cores. A stopped build resumes after its last loaded
chunk.

Then, signed in as an NPB registrar, it times ``register.selectors.search_offenders``
(purpose, FIR reference, name + father's name + year of birth + district; the audit
event and retrieval flags of every search are written, as in production) for probes
that are variants of stored offenders, against two naive approaches in the same run:
SQL LIKE on the given name and the father's name over every stored name, then rapidfuzz
to rank what the scan returns; and rapidfuzz over every stored name.

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


CHUNK = 5_000
# Name ids are offender id * NAME_SLOTS + k (k = 0 the primary name): deterministic, so
# chunks are built in any process and a stopped build resumes after its last chunk.
NAME_SLOTS = 16
# The generator's birth-date precision, as the register stores it (identity's terms).
PRECISION = {"day": "day", "year": "year", "jan1_default": "jan1"}


def _chunk_people(seed: int, chunk: int, n: int):
    """The offenders of one chunk, from the chunk's own seeded generator: the build and
    the probes replay the very same people, and a probe needs only its own chunk."""
    from hifazat.synthetic import PeopleGenerator

    gen = PeopleGenerator(seed=f"{seed}-{chunk}")
    return [gen.offender() for _ in range(min(CHUNK, n - chunk * CHUNK))]


def _chunk_rows(task):
    """Rows of one chunk for the register's and the identity store's tables: offenders,
    their names (primary + aliases: transliterations, Urdu script, dropped Muhammad,
    titles) and each name's identity record and blocking keys, computed as
    ``register.services.index_offender`` would. Runs in a worker process."""
    from hifazat.core.validation import script_of
    from hifazat.identity.services import stored_row
    from hifazat.register.services import identity_source_id
    from hifazat.synthetic import PeopleGenerator

    seed, chunk, n, aliases = task
    people = _chunk_people(seed, chunk, n)
    gen = PeopleGenerator(seed=f"{seed}-{chunk}-aliases")
    rng = random.Random(f"{seed}-{chunk}")
    offenders, names, records, keys = [], [], [], []
    for k, p in enumerate(people):
        index = chunk * CHUNK + k
        oid = index + 1
        variants = [gen.variant_of(p, urdu=rng.random() < 0.15)
                    for _ in range(rng.randrange(2 * aliases + 1))]
        assert len(variants) < NAME_SLOTS
        offenders.append((oid, f"NSOR-BENCH-{index:08d}", p.sex,
                          p.dob.isoformat() if p.dob else None,
                          PRECISION.get(p.dob_precision, "day"), p.cnic or "",
                          p.father_name, p.district_code))
        for j, v in enumerate([p, *variants]):
            nid = oid * NAME_SLOTS + j
            names.append((nid, oid, v.given_name, v.surname, j == 0,
                          script_of(v.given_name + v.surname)))
            values, hashes = stored_row({
                "given": v.given_name, "surname": v.surname, "father": p.father_name,
                "dob": _dob_text(p), "cnic": p.cnic or "", "district": p.district_code})
            records.append((nid, identity_source_id(oid, None if j == 0 else nid), values))
            keys.extend((nid, h) for h in hashes)
    return offenders, names, records, keys


class _Table:
    """Raw bulk insert into one model's table: every concrete column, those that do not
    vary filled as Django would save them for ``fixed``; COPY on PostgreSQL,
    executemany on SQLite."""

    def __init__(self, model, varying: list[str], **fixed):
        from django.db import connection

        instance = model(**fixed)
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.template, self.slots, self.columns = [], [], []
        for field in model._meta.concrete_fields:
            self.columns.append(connection.ops.quote_name(field.column))
            if field.attname in varying:
                self.slots.append(len(self.template))
                self.template.append(None)
            else:
                self.template.append(field.get_db_prep_save(
                    field.pre_save(instance, add=True), connection))
        order = [f.attname for f in model._meta.concrete_fields if f.attname in varying]
        assert order == varying, f"give {model.__name__}'s columns in order: {order}"

    def insert(self, rows) -> None:
        from django.db import connection

        full = []
        for values in rows:
            row = list(self.template)
            for slot, value in zip(self.slots, values, strict=True):
                row[slot] = value
            full.append(row)
        columns = ", ".join(self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in full:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({columns}) VALUES ({marks})",  # noqa: S608
                    full)


def _build(args) -> None:
    """Fill the register with N offenders and their names, and the identity store:
    rows computed in worker processes (both cores), loaded in bulk by this one."""
    import multiprocessing

    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from hifazat.identity import services as identity
    from hifazat.identity.models import BlockingKey, IdentityRecord
    from hifazat.places.models import District
    from hifazat.register.models import Offender, OffenderName
    from hifazat.register.services import IDENTITY_SOURCE

    districts = {d.code: d.pk for d in District.objects.all()}
    fallback = next(iter(districts.values()))
    offenders = _Table(Offender, ["id", "register_number", "sex", "dob", "dob_precision",
                                  "cnic", "father_name", "district_id"],
                       status="compliant", verified_at=timezone.now())
    names = _Table(OffenderName, ["id", "offender_id", "name", "surname", "is_primary",
                                  "script"], source="bench")
    fields = [f.attname for f in IdentityRecord._meta.concrete_fields
              if f.attname not in ("source", "updated_at")]
    records = _Table(IdentityRecord, fields, source=IDENTITY_SOURCE)
    keys = _Table(BlockingKey, ["id", "record_id", "key_hash"])

    # The blocking-key indexes are dropped while loading and made once at the end (far
    # faster than keeping 25M index entries sorted row by row).
    with connection.cursor() as cursor:
        for index in BlockingKey._meta.indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(index.name)}")
        if connection.vendor == "postgresql":
            # Rows are consistent by construction; skip per-row foreign-key triggers.
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("PRAGMA synchronous = OFF")
    first = (Offender.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) \
        // CHUNK
    next_key = (BlockingKey.objects.order_by("-pk").values_list("pk", flat=True).first()
                or 0) + 1
    tasks = [(args.seed, chunk, args.n, args.aliases)
             for chunk in range(first, -(-args.n // CHUNK))]
    t0 = time.perf_counter()
    done = first * CHUNK
    connection.close()  # the workers are forked: none of them inherits a connection
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        for o_rows, n_rows, r_rows, k_rows in pool.imap(_chunk_rows, tasks):
            with transaction.atomic():
                offenders.insert((*row[:7], districts.get(row[7], fallback))
                                 for row in o_rows)
                names.insert(n_rows)
                records.insert([nid, sid, *(values[f] for f in fields[2:])]
                               for nid, sid, values in r_rows)
                keys.insert((next_key + k, rid, h) for k, (rid, h) in enumerate(k_rows))
            next_key += len(k_rows)
            done += len(o_rows)
            if done % 50_000 == 0 or done == args.n:
                rate = (done - first * CHUNK) / (time.perf_counter() - t0)
                print(f"  {done:,} offenders ({rate:,.0f}/s)", flush=True)
    t1 = time.perf_counter()
    with connection.schema_editor() as editor:
        for index in BlockingKey._meta.indexes:
            editor.add_index(BlockingKey, index)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
            for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Offender, OffenderName, IdentityRecord, BlockingKey]):
                cursor.execute(sql)
            # Sets the visibility map too, so key lookups are index-only scans.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    print(f"  indexes, vacuum and statistics in {time.perf_counter() - t1:,.0f}s", flush=True)
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
                        help="the naive LIKE scan is slow: fewer probes")
    parser.add_argument("--scan-probes", type=int, default=10,
                        help="probes for rapidfuzz over every name (slowest; 0: skip)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="processes computing the register's rows while building")
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
    built = Offender.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if built and (built > args.n or not Offender.objects.filter(
            register_number=f"NSOR-BENCH-{built - 1:08d}").exists()):
        sys.exit(f"{connection.settings_dict['NAME']} holds another register ({built:,} "
                 "offenders); give an empty database or one this benchmark filled.")
    if built < args.n:
        print(f"building the register ({vendor}): {args.n:,} offenders, ~{args.aliases} "
              f"aliases each, from offender {built + 1:,} (once; reused next time) ...",
              flush=True)
        t0 = time.perf_counter()
        _build(args)
        print(f"  built in {time.perf_counter() - t0:,.0f}s")
    n_names = OffenderName.objects.count()
    print(f"register ({vendor}): {Offender.objects.count():,} offenders, {n_names:,} names")

    # The same people again (each chunk replayed from its seed), to make probes of
    # stored offenders.
    rng = random.Random(args.seed + 1)
    probes = []
    for target in sorted(rng.sample(range(args.n), args.probes)):
        chunk = target // CHUNK
        person = _chunk_people(args.seed, chunk, args.n)[target - chunk * CHUNK]
        variant = PeopleGenerator(seed=target).variant_of(person, urdu=rng.random() < 0.15)
        probes.append((f"NSOR-BENCH-{target:08d}", {
            "given": variant.given_name, "surname": variant.surname,
            "father": variant.father_name,
            "dob": str(variant.dob.year) if variant.dob else "",
            "district": variant.district_code}))
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

    def scan(query):
        # The other naive approach the issue names: rapidfuzz over every stored name
        # (read from the database each time, as nothing is indexed).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT o.register_number, n.name || ' ' || n.surname || ' ' || "
                "o.father_name FROM register_offendername n JOIN register_offender o "
                "ON o.id = n.offender_id")
            rows = cursor.fetchall()
        text = f"{query['given']} {query['surname']} {query['father']}"
        ranked = process.extract(text, [r[1] for r in rows], scorer=fuzz.token_sort_ratio,
                                 limit=10)
        return [rows[k][0] for _, _, k in ranked]

    results = {}
    runs = [("hifazat search_offenders", ours, probes),
            ("naive LIKE scan + rapidfuzz", naive, probes[:args.naive_probes])]
    if args.scan_probes:
        runs.append(("naive rapidfuzz over all names", scan, probes[:args.scan_probes]))
    for name, fn, subset in runs:
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
    (o50, o95), *baselines = results.values()
    for name, (n50, n95) in zip(list(results)[1:], baselines, strict=True):
        print(f"{name} / hifazat: p50 {n50 / o50:,.1f}x, p95 {n95 / o95:,.1f}x")
    print(f"({vendor}, {Offender.objects.count():,} offenders, {n_names:,} names, "
          f"{date.today()})")


if __name__ == "__main__":
    main()
