"""Batch linkage: two files (or one, deduplicated) to scored pairs.

``link(left, right, threshold=0.9)`` prepares every record, pairs records that share a
blocking key, estimates u from random pairs and m by EM on the candidate pairs (no
labels needed), scores every candidate with term-frequency adjustment, and returns
the pairs at or above the threshold.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from hifazat.identity.blocking import keys_for
from hifazat.identity.features import FeatureSet
from hifazat.identity.records import Prepared, prepare
from hifazat.identity.scoring import MatchModel

# A block with more pairs than this carries no information (a very common name in a
# big district); its records are still paired through their other keys.
MAX_BLOCK_PAIRS = 5_000
RANDOM_PAIRS_FOR_U = 200_000
EM_SAMPLE = 400_000


@dataclass
class LinkStats:
    left: int = 0
    right: int = 0
    candidate_pairs: int = 0
    skipped_blocks: int = 0
    em_iterations: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class LinkResult:
    left_ids: list[str]
    right_ids: list[str]
    probabilities: np.ndarray
    stats: LinkStats
    model: MatchModel

    def rows(self) -> Iterable[tuple[str, str, float]]:
        return zip(self.left_ids, self.right_ids, self.probabilities.tolist(), strict=True)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame({"left_id": self.left_ids, "right_id": self.right_ids,
                             "probability": self.probabilities})


def _records(data) -> list[dict]:
    if data is None:
        return []
    if hasattr(data, "to_dict"):
        return data.fillna("").astype(str).to_dict("records")
    return list(data)


def _key_entries(records: Sequence[Prepared], codes: dict[str, int]) -> tuple[np.ndarray,
                                                                               np.ndarray]:
    """(key code, record index) for every blocking key of every record."""
    key_codes, owners = [], []
    for i, p in enumerate(records):
        for key in keys_for(p):
            code = codes.get(key)
            if code is None:
                code = codes[key] = len(codes)
            key_codes.append(code)
            owners.append(i)
    return np.array(key_codes, dtype=np.int64), np.array(owners, dtype=np.int64)


def _join(lc: np.ndarray, lo: np.ndarray, rc: np.ndarray, ro: np.ndarray, n_codes: int,
          max_block_pairs: int) -> tuple[np.ndarray, int]:
    """Pair codes (left * n_right + right) of entries sharing a key, as one vectorised
    sort-merge join; blocks over ``max_block_pairs`` are skipped and counted."""
    l_count = np.bincount(lc, minlength=n_codes)
    r_count = np.bincount(rc, minlength=n_codes)
    too_big = l_count * r_count > max_block_pairs
    order = np.argsort(rc, kind="stable")
    r_sorted = ro[order]
    r_start = np.concatenate(([0], np.cumsum(r_count)[:-1]))
    usable = ~too_big[lc] & (r_count[lc] > 0)
    lc, lo = lc[usable], lo[usable]
    reps = r_count[lc]
    total = int(reps.sum())
    if total == 0:
        return np.array([], dtype=np.int64), int(too_big.sum())
    left_idx = np.repeat(lo, reps)
    offsets = np.arange(total) - np.repeat(np.cumsum(reps) - reps, reps)
    right_idx = r_sorted[np.repeat(r_start[lc], reps) + offsets]
    return np.stack([left_idx, right_idx]), int(too_big.sum())


def candidate_pairs(left: Sequence[Prepared], right: Sequence[Prepared] | None,
                    *, max_block_pairs: int = MAX_BLOCK_PAIRS) -> tuple[np.ndarray, np.ndarray,
                                                                       int]:
    """Unique (left index, right index) pairs sharing at least one blocking key. With
    ``right`` None, pairs within ``left`` (i < j). Returns the skipped-block count too."""
    dedupe = right is None
    codes: dict[str, int] = {}
    lc, lo = _key_entries(left, codes)
    rc, ro = (lc, lo) if dedupe else _key_entries(right, codes)
    # For dedupe a block of k records makes k(k-1)/2 pairs; the join makes k*k.
    limit = 2 * max_block_pairs + int(np.sqrt(2 * max_block_pairs)) + 1 if dedupe \
        else max_block_pairs
    pairs, skipped = _join(lc, lo, rc, ro, len(codes), limit)
    empty = np.array([], dtype=np.int64)
    if pairs.size == 0:
        return empty, empty, skipped
    li, ri = pairs
    if dedupe:
        keep = li < ri
        li, ri = li[keep], ri[keep]
    n_right = len(left) if dedupe else len(right)
    codes_arr = np.unique(li * n_right + ri)
    return codes_arr // n_right, codes_arr % n_right, skipped


def train(left: Sequence[Prepared], right: Sequence[Prepared], li: np.ndarray,
          ri: np.ndarray, *, seed: int = 0, model: MatchModel | None = None,
          features: FeatureSet | None = None) -> MatchModel:
    """u from random pairs, term frequencies from all records, m and prior by EM."""
    model = model or MatchModel()
    features = features or FeatureSet(left, right)
    model.tf.add(left)
    if right is not left:
        model.tf.add(right)
    rng = np.random.default_rng(seed)
    n_random = min(RANDOM_PAIRS_FOR_U, len(left) * len(right))
    if n_random:
        ra = rng.integers(0, len(left), n_random)
        rb = rng.integers(0, len(right), n_random)
        model.estimate_u(features.compare(ra, rb))
    if len(li):
        n_candidates = len(li)
        if len(li) > EM_SAMPLE:
            pick = rng.choice(len(li), EM_SAMPLE, replace=False)
            li, ri = li[pick], ri[pick]
        same = right is left
        total = len(left) * (len(left) - 1) // 2 if same else len(left) * len(right)
        model.train_unlabelled(features.compare(li, ri), total_pairs=total,
                               n_candidates=n_candidates)
    return model


def link(left, right=None, *, threshold: float = 0.9, progress: bool = False,
         model: MatchModel | None = None, strict: bool = False,
         chunk: int = 200_000) -> LinkResult:
    """Link two collections of records (dicts or a DataFrame with columns id, given,
    surname, father, dob, cnic, district), or deduplicate one when ``right`` is None.
    Trains the model on the data unless a trained ``model`` is given."""
    stats = LinkStats()
    t0 = time.perf_counter()
    left_p = [prepare(r, strict=strict) for r in _records(left)]
    dedupe = right is None
    right_p = left_p if dedupe else [prepare(r, strict=strict) for r in _records(right)]
    stats.left, stats.right = len(left_p), len(right_p)
    stats.seconds["prepare"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    li, ri, stats.skipped_blocks = candidate_pairs(left_p, None if dedupe else right_p)
    stats.candidate_pairs = len(li)
    stats.seconds["blocking"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    features = FeatureSet(left_p, None if dedupe else right_p)
    if model is None:
        model = train(left_p, right_p, li, ri, features=features)
        stats.em_iterations = -1
    stats.seconds["training"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    keep_l, keep_r, keep_p = [], [], []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(li), unit="pair", desc="scoring")
    left_shares = model.tf_record_shares(left_p)
    for start in range(0, len(li), chunk):
        cl, cr = li[start:start + chunk], ri[start:start + chunk]
        gamma = features.compare(cl, cr)
        weights = model.weights(gamma, {f: s[cl] for f, s in left_shares.items()})
        probs = model.probability(weights)
        mask = probs >= threshold
        keep_l.extend(left_p[i].id for i in cl[mask])
        keep_r.extend(right_p[j].id for j in cr[mask])
        keep_p.append(probs[mask])
        if bar is not None:
            bar.update(len(cl))
    if bar is not None:
        bar.close()
    stats.seconds["scoring"] = time.perf_counter() - t0
    probabilities = np.concatenate(keep_p) if keep_p else np.array([], dtype=float)
    return LinkResult(keep_l, keep_r, probabilities, stats, model)
