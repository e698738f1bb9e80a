"""Blocking-only measurements for ``run.py --scale ... --blocking-only``: how many
candidate pairs an engine's blocking makes, and what share of the true links are among
them (pair recall), without scoring any pair.

Each function takes ``(left, right, truth)`` and returns ``(candidate pairs, recall)``.
"""

from __future__ import annotations

import pandas as pd


def _recall_from_keys(left: pd.DataFrame, right: pd.DataFrame, truth: set,
                      keys: tuple[tuple[str, ...], ...]) -> float:
    """Share of the true pairs that agree (non-null) on every column of some key."""
    if not truth:
        return 0.0
    pairs = pd.DataFrame(sorted(truth), columns=["l", "r"])
    lf = left.set_index("unique_id").loc[pairs["l"]].reset_index(drop=True)
    rf = right.set_index("unique_id").loc[pairs["r"]].reset_index(drop=True)
    hit = pd.Series(False, index=pairs.index)
    for columns in keys:
        agree = pd.Series(True, index=pairs.index)
        for column in columns:
            a, b = lf[column], rf[column]
            agree &= a.notna() & b.notna() & (a.astype(str) == b.astype(str))
        hit |= agree
    return float(hit.mean())


def splink_blocking(left: pd.DataFrame, right: pd.DataFrame, truth: set) -> tuple[int, float]:
    """Splink's own count of the pairs its prediction blocking rules make (exact, on
    DuckDB, without materialising them) and their pair recall."""
    from splink.backends.duckdb import DuckDBAPI
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    from hifazat.identity import splink_engine as se

    lp, rp = se.prepare(left), se.prepare(right)
    db = DuckDBAPI(":memory:")
    try:
        with se._splink_logging(False):
            tables = [db.register(lp, table_name="bench_left"),
                      db.register(rp, table_name="bench_right")]
            records = count_comparisons_from_blocking_rules(
                tables, blocking_rules=se.prediction_blocking_rules(), link_type="link_only",
                unique_id_column_name="unique_id", record_sample_proportion=1.0)
    finally:
        db.duckdb_con.close()
    count = int(records[-1]["cumulative_comparison_count"])
    return count, _recall_from_keys(lp, rp, truth, se.BLOCKING_KEYS)


def naive_blocking(left: pd.DataFrame, right: pd.DataFrame, truth: set) -> tuple[int, float]:
    """Pairs the naive baseline looks at: same birth year, or same CNIC."""
    def keys(frame: pd.DataFrame) -> pd.DataFrame:
        year = frame["dob"].fillna("").astype(str).str[:4]
        cnic = frame["cnic"].fillna("").astype(str).str.replace(r"\D+", "", regex=True)
        return pd.DataFrame({"unique_id": frame["id"].astype(str).to_numpy(),
                             "year": year.where(year.str.fullmatch(r"\d{4}")).to_numpy(),
                             "cnic": cnic.where(cnic != "").to_numpy()})

    lk, rk = keys(left), keys(right)
    same_year = (lk["year"].value_counts() * rk["year"].value_counts()).fillna(0).sum()
    by_cnic = lk.dropna(subset=["cnic"]).merge(rk.dropna(subset=["cnic"]), on="cnic")
    cnic_only = int((by_cnic["year_x"].isna() | (by_cnic["year_x"] != by_cnic["year_y"]))
                    .sum())
    count = int(same_year) + cnic_only
    return count, _recall_from_keys(lk, rk, truth, (("year",), ("cnic",)))
