"""The naive baseline: what a clerk's script would do without a linkage model.

A pair is predicted a match when

* both CNICs (digits only, dashes ignored) are present and equal (probability 1.0), or
* both records have the same birth year (the first four characters of ``dob``) and
  rapidfuzz's ``fuzz.token_sort_ratio`` of ``"given surname father"`` (lower-cased,
  punctuation removed by ``rapidfuzz.utils.default_process``) is at least
  ``threshold * 100`` (probability: the ratio / 100).

Names are compared only within blocks of one birth year (every left record of a year
against every right record of that year, computed with ``rapidfuzz.process.cdist``); a
record without a birth year can only match on CNIC. No titles are removed, no spelling
of Muhammad is unified, no Urdu is transliterated: that is the point of a baseline. The
work grows with the square of the block sizes (fine to 100,000 records, not for 1M).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process, utils


def _years(frame: pd.DataFrame) -> np.ndarray:
    year = frame["dob"].fillna("").astype(str).str[:4]
    return year.where(year.str.fullmatch(r"\d{4}"), "").to_numpy()


def _names(frame: pd.DataFrame) -> list[str]:
    text = (frame["given"].fillna("").astype(str) + " " + frame["surname"].fillna("")
            .astype(str) + " " + frame["father"].fillna("").astype(str))
    return [utils.default_process(t) for t in text]


def _cnics(frame: pd.DataFrame) -> np.ndarray:
    return frame["cnic"].fillna("").astype(str).str.replace(r"\D+", "", regex=True).to_numpy()


def link_naive(
    left: pd.DataFrame, right: pd.DataFrame | None = None, *, threshold: float = 0.9
) -> pd.DataFrame:
    """``left_id, right_id, probability`` of the pairs the naive rule accepts; with
    ``right=None``, pairs within ``left`` with ``left_id < right_id`` (as strings)."""
    dedupe = right is None
    other = left if dedupe else right
    lid = left["id"].astype(str).to_numpy()
    rid = other["id"].astype(str).to_numpy()
    best: dict[tuple[int, int], float] = {}

    by_cnic: dict[str, list[int]] = defaultdict(list)
    for j, cnic in enumerate(_cnics(other)):
        if cnic:
            by_cnic[cnic].append(j)
    for i, cnic in enumerate(_cnics(left)):
        for j in by_cnic.get(cnic, ()) if cnic else ():
            best[(i, j)] = 1.0

    cutoff = threshold * 100
    left_names, right_names = _names(left), (None if dedupe else _names(other))
    right_names = left_names if right_names is None else right_names
    left_blocks: dict[str, list[int]] = defaultdict(list)
    right_blocks: dict[str, list[int]] = defaultdict(list)
    for i, year in enumerate(_years(left)):
        if year:
            left_blocks[year].append(i)
    for j, year in enumerate(_years(other)):
        if year:
            right_blocks[year].append(j)
    for year, rows in left_blocks.items():
        cols = right_blocks.get(year)
        if not cols:
            continue
        scores = process.cdist([left_names[i] for i in rows], [right_names[j] for j in cols],
                               scorer=fuzz.token_sort_ratio, score_cutoff=cutoff,
                               dtype=np.float32, workers=-1)
        for a, b in zip(*np.nonzero(scores >= cutoff), strict=True):
            i, j = rows[a], cols[b]
            score = float(scores[a, b]) / 100
            if score > best.get((i, j), 0.0):
                best[(i, j)] = score

    out_l, out_r, out_p = [], [], []
    for (i, j), score in best.items():
        a, b = lid[i], rid[j]
        if dedupe:
            if a == b or i == j:
                continue
            if a > b:
                a, b = b, a
        out_l.append(a)
        out_r.append(b)
        out_p.append(score)
    frame = pd.DataFrame({"left_id": pd.Series(out_l, dtype=object),
                          "right_id": pd.Series(out_r, dtype=object),
                          "probability": pd.Series(out_p, dtype=float)})
    return frame.drop_duplicates(["left_id", "right_id"]).reset_index(drop=True)
