"""Benchmark: cost of the hash-chained audit log against a plain insert (baseline).

Prints events/second for ``audit.record`` (lock, read head, hash, insert) and for a
plain ORM insert of the same row without chaining, the ratio between them, and the
speed of ``verify_chain``. Runs on a fresh SQLite file by default, or on PostgreSQL
when DATABASE_URL names a scratch database (audit events written there stay).

    .venv/bin/python bench/audit_chain.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hifazat.config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["HIFAZAT_SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from hifazat.audit import services as audit  # noqa: E402
from hifazat.audit.chain import event_hash  # noqa: E402
from hifazat.audit.models import AuditEvent  # noqa: E402
from hifazat.audit.selectors import verify_chain  # noqa: E402
from hifazat.core import clock  # noqa: E402


def main(n: int) -> None:
    call_command("migrate", verbosity=0)  # DATABASE_URL must name a scratch database
    print(f"database: {connection.vendor}, events: {n}")

    start = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            audit.record(action="bench.read", object_type="offender", object_id=i,
                         purpose="investigation", case_reference=f"FIR-{i}",
                         details={"query": "imran s/o rasool", "ids": [i, i + 1]})
    chained = time.perf_counter() - start

    # Baseline: the same row inserted without the chain (no lock, no head read, no hash
    # of the previous event); each in its own transaction like the real writes.
    start = time.perf_counter()
    base = AuditEvent.objects.order_by("-seq").first()
    for i in range(n):
        seq = base.seq + 1 + i
        with transaction.atomic():
            AuditEvent.objects.create(
                seq=seq, occurred_at=clock.now(), action="bench.plain", object_id=str(i),
                purpose="investigation", details={"i": i}, prev_hash=f"p{seq:063d}",
                hash=f"h{seq:063d}",
            )
    plain = time.perf_counter() - start

    start = time.perf_counter()
    event_hash({"seq": 1, "occurred_at": clock.now(), "details": {"x": 1}})
    for _ in range(n):
        event_hash({"seq": 1, "occurred_at": clock.now(), "details": {"x": 1}})
    hashing = time.perf_counter() - start

    start = time.perf_counter()
    report = verify_chain()
    verify = time.perf_counter() - start

    print(f"audit.record (chained): {n / chained:10.0f} events/s  "
          f"({chained * 1e3 / n:.3f} ms each)")
    print(f"plain insert (baseline): {n / plain:9.0f} events/s  ({plain * 1e3 / n:.3f} ms each)")
    print(f"chain overhead: x{chained / plain:.2f} of a plain insert; hashing alone "
          f"{hashing * 1e6 / n:.1f} us/event")
    print(f"verify_chain: {report.checked} events checked in {verify:.3f}s "
          f"({report.checked / max(verify, 1e-9):.0f} events/s); stops at the plain rows: "
          f"ok={report.ok}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
