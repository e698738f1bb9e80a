"""The national-scale route: the same Splink job (``hifazat.identity.splink_engine``: same
cleaning, comparisons, blocking rules and training) on Spark instead of DuckDB.

Here it runs Spark in local mode on the Pakistani benchmark and prints precision,
recall and time; on a cluster the same code runs under ``spark-submit`` (see
docs/identity-spark.md). Needs Java 17+ and the ``spark`` dependency group:

    .tools/bin/uv sync --extra splink --group spark
    .venv/bin/python bench/identity/spark.py [--n 10000] [--master 'local[2]'] [--duckdb]

``--duckdb`` also runs the same job on DuckDB in the same run, for comparison.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for _path in (REPO, REPO / "src"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))


def spark_session(master: str, work_dir: str, *, driver_memory: str = "4g",
                  shuffle_partitions: int = 8):
    """A Spark session with Splink's similarity UDFs (Jaro-Winkler, Damerau-Levenshtein)
    on the class path and a checkpoint directory for Splink's lineage breaking."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master(master)
        .appName("hifazat-identity-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(shuffle_partitions))
        .config("spark.sql.warehouse.dir", str(Path(work_dir) / "warehouse"))
        .config("spark.local.dir", str(Path(work_dir) / "local"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(str(Path(work_dir) / "checkpoints"))
    return spark


def _score(pairs, truth) -> tuple[int, float, float]:
    found = set(zip(pairs["left_id"].astype(str), pairs["right_id"].astype(str), strict=True))
    tp = len(found & truth)
    return len(found), (tp / len(found) if found else 0.0), (tp / len(truth) if truth else 0.0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Splink on Spark (local mode)")
    parser.add_argument("--n", type=int, default=10_000, help="left records (pakistani)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--duckdb", action="store_true", help="also run on DuckDB")
    parser.add_argument("--progress", action="store_true", help="show Splink's messages")
    args = parser.parse_args(argv)

    from splink.backends.spark import SparkAPI

    from bench.identity.datasets import pakistani
    from hifazat.identity.splink_engine import link_splink

    left, right, truth = pakistani(args.n, args.seed)
    print(f"pakistani n={args.n:,} seed={args.seed}: {len(left):,} x {len(right):,} records, "
          f"{len(truth):,} true links; threshold {args.threshold}")
    with tempfile.TemporaryDirectory(prefix="hifazat-spark-") as work_dir:
        started = time.perf_counter()
        spark = spark_session(args.master, work_dir, driver_memory=args.driver_memory,
                              shuffle_partitions=args.shuffle_partitions)
        startup = time.perf_counter() - started
        try:
            db_api = SparkAPI(spark_session=spark, break_lineage_method="parquet",
                              num_partitions_on_repartition=args.shuffle_partitions)
            started = time.perf_counter()
            pairs = link_splink(left, right, threshold=args.threshold, db_api=db_api,
                                progress=args.progress)
            seconds = time.perf_counter() - started
        finally:
            spark.stop()
    count, precision, recall = _score(pairs, truth)
    print(f"splink on Spark {args.master:<10} pairs {count:>7,}  P {precision:.4f}  "
          f"R {recall:.4f}  {seconds:7.1f}s (+{startup:.1f}s Spark start-up)")
    if args.duckdb:
        started = time.perf_counter()
        pairs = link_splink(left, right, threshold=args.threshold)
        seconds = time.perf_counter() - started
        count, precision, recall = _score(pairs, truth)
        print(f"splink on DuckDB {'':<10} pairs {count:>7,}  P {precision:.4f}  "
              f"R {recall:.4f}  {seconds:7.1f}s")


if __name__ == "__main__":
    main()
