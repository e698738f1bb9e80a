"""Benchmark: registering an FIR with three suspects, each checked against a register of
1,000,000 offenders (target: p95 <= 150 ms), with its breakdown against baselines in
the same run.

The register is the one ``bench/register_search.py`` builds (its builder is reused, and
so is its database: ``var/bench/register-N-A.sqlite3`` on SQLite, the database named in
``DATABASE_URL`` on PostgreSQL): ``--offenders`` offenders with ~``--aliases`` extra
names each, every name in the identity store. Building 1M takes 12-20 minutes on two
idle cores (once; reused next time); ``--offenders 200000`` for a quicker run.

Then, as a police station officer of a Lahore station (second factor passed), it times
``--firs`` calls (default 150) of:

* ``justice.services.register_fir`` with three synthetic suspects: one a registered
  offender as another record writes him (``PeopleGenerator.variant_of``: typos,
  transliteration, sometimes Urdu script, a year-only or missing date of birth), two
  strangers; every suspect goes through the register's reoffence check (audited, a
  likely match notifies the district's SSOIU and prosecution), as in production;
* baseline 1: the same FIR without suspects (the FIR, its case, its audit event);
* baseline 2: the register check alone (``register.selectors.check_suspect``) for the
  same three suspects;

and prints p50/p95 of each, the breakdown (FIR alone + three checks against the whole),
and how often the registered suspect was flagged (and a stranger wrongly flagged).

    .venv/bin/python bench/justice_fir.py --offenders 1000000
    .venv/bin/python bench/justice_fir.py --offenders 200000 --firs 100
    createdb -h 127.0.0.1 -U postgres hifazat_bench_justice
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hifazat_bench_justice \\
        .venv/bin/python bench/justice_fir.py --offenders 200000
    dropdb -h 127.0.0.1 -U postgres hifazat_bench_justice
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
sys.path.insert(0, str(REPO))

from bench import register_search  # noqa: E402  (its builder and database)


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offenders", type=int, default=1_000_000)
    parser.add_argument("--aliases", type=int, default=4, help="mean extra names each")
    parser.add_argument("--firs", type=int, default=150, help="timed FIRs per approach")
    parser.add_argument("--seed", type=int, default=5, help="the register's seed")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="processes computing the register's rows while building")
    args = parser.parse_args()
    args.n = args.offenders  # the register builder's name for it
    return args


def _register(args, vendor: str) -> None:
    """The register of ``args.n`` offenders, built (or completed) by register_search."""
    from django.core.management import call_command
    from django.db import connection

    from hifazat.places.services import load_reference_places
    from hifazat.register.models import Offender
    from hifazat.register.services import load_ppc_sections

    call_command("migrate", verbosity=0)
    load_reference_places()
    load_ppc_sections()
    built = Offender.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if built and (built > args.n or not Offender.objects.filter(
            register_number=f"NSOR-BENCH-{built - 1:08d}").exists()):
        sys.exit(f"{connection.settings_dict['NAME']} holds another register ({built:,} "
                 "offenders); give an empty database or one the register benchmark filled.")
    if built < args.n:
        print(f"building the register ({vendor}): {args.n:,} offenders, ~{args.aliases} "
              f"aliases each (once; reused next time) ...", flush=True)
        t0 = time.perf_counter()
        register_search._build(args)
        print(f"  built in {time.perf_counter() - t0:,.0f}s")


def _station_officer():
    """A Lahore station's officer, with the district's SSOIU and prosecution (who are
    told of a likely match) and Special Court as agencies."""
    from hifazat.accounts import services as accounts
    from hifazat.accounts.models import RoleAssignment, User
    from hifazat.accounts.roles import AgencyKind, Role, Scope
    from hifazat.places.models import Facility

    agencies = {}
    for kind, code in ((AgencyKind.POLICE_STATION, "PS-LHR-CIVL"),
                       (AgencyKind.SSOIU, "SSOIU-LHR-CITY"),
                       (AgencyKind.PROSECUTION, "PROS-LHR-CITY"),
                       (AgencyKind.SPECIAL_COURT, "COURT-LHR-CITY")):
        facility = Facility.objects.get(code=code)
        agencies[kind] = accounts.ensure_agency(
            code=code, kind=kind, name_en=facility.name_en, name_ur=facility.name_ur,
            facility=facility, district=facility.district,
            province=facility.district.province)
    station = agencies[AgencyKind.POLICE_STATION]
    user, created = User.objects.get_or_create(username="bench.station",
                                               defaults={"agency": station})
    if created:
        RoleAssignment.objects.create(user=user, role=Role.POLICE_STATION_OFFICER,
                                      scope=Scope.FACILITY, facility=station.facility)
    user.is_verified = lambda: True  # as after the second factor
    return user, station.facility


def _dob(p) -> str:
    if p.dob is None:
        return ""
    return str(p.dob.year) if p.dob_precision == "year" else p.dob.isoformat()


def _suspects(args, count: int) -> list[tuple[str, list[dict]]]:
    """For each FIR: the register number of the registered suspect, and three suspects'
    particulars (the registered one as another record writes him, two strangers)."""
    from hifazat.synthetic import PeopleGenerator

    rng = random.Random(args.seed + 11)
    strangers = PeopleGenerator(seed=f"fir-strangers-{args.seed}")
    out = []
    for target in rng.sample(range(args.n), count):
        chunk = target // register_search.CHUNK
        person = register_search._chunk_people(args.seed, chunk, args.n)[
            target - chunk * register_search.CHUNK]
        variant = PeopleGenerator(seed=f"fir-{target}").variant_of(
            person, urdu=rng.random() < 0.15)
        rows = [{"name": variant.given_name, "surname": variant.surname,
                 "father": variant.father_name,
                 "dob": "" if rng.random() < 0.2 else _dob(variant),
                 "cnic": variant.cnic if rng.random() < 0.5 else "",
                 "district": variant.district_code}]
        for _ in range(2):
            s = strangers.offender()
            rows.append({"name": s.given_name, "surname": s.surname,
                         "father": s.father_name, "dob": _dob(s),
                         "cnic": s.cnic if rng.random() < 0.5 else "",
                         "district": "PB-LHR"})
        rng.shuffle(rows)
        registered = next(i for i, r in enumerate(rows) if r["name"] == variant.given_name
                          and r["father"] == variant.father_name)
        out.append((f"NSOR-BENCH-{target:08d}", rows, registered))
    return out


def _quantiles(times: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(times, n=100)
    return q[49], q[94]


def main() -> None:
    args = _args()
    vendor = register_search._setup(args)

    from django.db import connection
    from django.utils import timezone

    from hifazat.justice import services
    from hifazat.places import selectors as places
    from hifazat.register import selectors as register
    from hifazat.register.models import Offender, OffenderName

    _register(args, vendor)
    print(f"register ({vendor}): {Offender.objects.count():,} offenders, "
          f"{OffenderName.objects.count():,} names; {connection.settings_dict['NAME']}")
    user, station = _station_officer()
    lahore = places.district_by_code("PB-LHR")
    cases = _suspects(args, args.firs + 1)
    tag = f"B{int(time.time()) % 1_000_000}"

    def fir(i: int, suspects: list[dict]):
        return services.register_fir(
            user=user, station=station, number=f"{tag}-{i}", registered_at=timezone.now(),
            sections=["376"], act_sections=["3"], suspects=suspects)

    def checks(suspects: list[dict]):
        return [register.check_suspect(
            user=user, reference=f"FIR {tag}", alert_district=lahore,
            particulars={"given": s["name"], "surname": s["surname"],
                         "father": s["father"], "dob": s["dob"], "cnic": s["cnic"],
                         "district": s["district"]}) for s in suspects]

    # Warm-up (first queries, caches), as on a running server.
    fir(0, cases[0][1])
    fir(-1, [])
    checks(cases[0][1])

    timings: dict[str, list[float]] = {k: [] for k in ("fir", "bare", "checks")}
    cpu: dict[str, list[float]] = {k: [] for k in timings}

    def timed(key: str, fn, *a):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn(*a)
        timings[key].append((time.perf_counter() - t0) * 1000)
        cpu[key].append((time.process_time() - c0) * 1000)
        return result

    flagged = strangers_flagged = 0
    for i, (number, suspects, registered) in enumerate(cases[1:], start=1):
        # Interleaved, so that all three see the same machine load.
        case = timed("fir", fir, i, suspects)
        timed("bare", fir, -i - 1, [])
        hits = timed("checks", checks, suspects)
        matches = [s.register_matches for s in case.fir.suspects.order_by("pk")]
        flagged += matches[registered] > 0 and \
            any(h.register_number == number for h in hits[registered])
        strangers_flagged += sum(m > 0 for k, m in enumerate(matches) if k != registered)

    n = len(cases) - 1
    (f50, f95), (b50, b95), (c50, c95) = (_quantiles(timings[k])
                                          for k in ("fir", "bare", "checks"))
    fc, bc, cc = (_quantiles(cpu[k])[1] for k in ("fir", "bare", "checks"))
    print()
    print(f"load average while timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(cpu: this process's CPU time; on PostgreSQL the server's is not in it)")
    print(f"{'':<46}{'p50 ms':>9}{'p95 ms':>9}{'cpu p95':>9}")
    print(f"{'register_fir, 3 suspects checked (ours)':<46}{f50:>9.1f}{f95:>9.1f}{fc:>9.1f}"
          f"   {'<= 150 ms p95: yes' if f95 <= 150 else '<= 150 ms p95: NO'}")
    print(f"{'baseline 1: register_fir, no suspects':<46}{b50:>9.1f}{b95:>9.1f}{bc:>9.1f}")
    print(f"{'baseline 2: 3 register checks alone':<46}{c50:>9.1f}{c95:>9.1f}{cc:>9.1f}")
    print(f"breakdown (p50): FIR alone {b50:.1f} + 3 checks {c50:.1f} = {b50 + c50:.1f} ms "
          f"against {f50:.1f} ms with suspects (the rest: 3 suspect rows, audit events, "
          f"the alert notice); one check ~{c50 / 3:.1f} ms")
    print(f"the registered suspect flagged (likely match, his record among the hits): "
          f"{flagged}/{n}; strangers flagged: {strangers_flagged}/{2 * n}")
    print(f"({vendor}, {Offender.objects.count():,} offenders, {n} FIRs per approach, "
          f"{date.today()})")


if __name__ == "__main__":
    main()
