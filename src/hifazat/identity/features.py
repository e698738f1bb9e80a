"""Column arrays of prepared records, so that millions of pairs are compared with numpy
instead of one Python call per pair. Names become integer codes in a vocabulary shared
by both sides; only pairs whose names are neither equal nor same-sound go to
Jaro-Winkler (rapidfuzz, in C++)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from hifazat.identity.records import Prepared

NULL = -1
# Same tolerance as the scalar comparison, so float32 similarities land on one side.
EPSILON = 1e-6
ID_WIDTH = 18  # CNIC is 13 digits; other registers' numbers up to 18


# Batch jobs score millions of pairs on every core; an online search (a few hundred
# pairs) stays on its own thread, where starting workers would cost more than it saves.
PARALLEL_FROM = 20_000


class Vocabulary:
    """String -> int code, 0 reserved for the empty string."""

    def __init__(self):
        self.codes: dict[str, int] = {"": 0}
        self.strings: list[str] = [""]

    def code(self, text: str) -> int:
        found = self.codes.get(text)
        if found is None:
            found = self.codes[text] = len(self.strings)
            self.strings.append(text)
        return found


@dataclass
class NameColumns:
    canon: np.ndarray  # code of core canonical form (canon for surnames)
    key: np.ndarray  # code of core key (key for surnames)
    urdu: np.ndarray  # bool: written in Urdu script


@dataclass
class Features:
    given: NameColumns
    surname: NameColumns
    father: NameColumns
    year: np.ndarray
    month: np.ndarray
    day: np.ndarray
    precision: np.ndarray  # 0 missing, 1 full date, 2 year only or 1 January
    cnic: np.ndarray  # int64, 0 when missing
    cnic_digits: np.ndarray  # uint8 [n, 18], right-aligned; length differences differ
    district: np.ndarray  # code, 0 when missing


def _names(records: Sequence[Prepared], attr: str, vocab: Vocabulary, core: bool) -> NameColumns:
    n = len(records)
    canon, key, urdu = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool)
    for i, p in enumerate(records):
        form = getattr(p, attr)
        canon[i] = vocab.code(form.core_canon if core else form.canon)
        key[i] = vocab.code(form.core_key if core else form.key)
        urdu[i] = form.script == "urdu"
    return NameColumns(canon, key, urdu)


def build(records: Sequence[Prepared], vocab: Vocabulary) -> Features:
    n = len(records)
    year, month, day = np.zeros(n, np.int32), np.zeros(n, np.int8), np.zeros(n, np.int8)
    precision = np.zeros(n, np.int8)
    cnic = np.zeros(n, np.int64)
    digits = np.full((n, ID_WIDTH), 10, np.uint8)
    district = np.zeros(n, np.int64)
    for i, p in enumerate(records):
        if p.dob.value is not None:
            year[i], month[i], day[i] = p.dob.value.year, p.dob.value.month, p.dob.value.day
            precision[i] = 1 if p.dob.precision == "day" else 2
        if p.cnic:
            cnic[i] = int(p.cnic)
            digits[i, ID_WIDTH - len(p.cnic):] = np.frombuffer(p.cnic.encode(), np.uint8) - 48
        district[i] = vocab.code(p.district)
    return Features(
        given=_names(records, "given", vocab, core=True),
        surname=_names(records, "surname", vocab, core=False),
        father=_names(records, "father", vocab, core=True),
        year=year, month=month, day=day, precision=precision, cnic=cnic,
        cnic_digits=digits, district=district,
    )


def _name_levels(a: NameColumns, b: NameColumns, li, ri, vocab: Vocabulary,
                 thresholds: tuple[float, ...]) -> np.ndarray:
    """0 exact, 1 same sound, 2.. by Jaro-Winkler thresholds, last = different."""
    ca, cb = a.canon[li], b.canon[ri]
    ka, kb = a.key[li], b.key[ri]
    out = np.full(len(li), len(thresholds) + 2, np.int8)
    empty = (ca == 0) | (cb == 0)
    exact = ~empty & (ca == cb)
    same_key = ~empty & ~exact & (ka == kb) & (ka != 0)
    rest = np.nonzero(~empty & ~exact & ~same_key)[0]
    if len(rest):
        cross = a.urdu[li[rest]] != b.urdu[ri[rest]]
        sa = np.where(cross, ka[rest], ca[rest])
        sb = np.where(cross, kb[rest], cb[rest])
        # Many pairs repeat the same two spellings: score each distinct pair once, on
        # every core (as DuckDB does for Splink).
        width = np.int64(len(vocab.strings) + 1)
        distinct, back = np.unique(sa.astype(np.int64) * width + sb, return_inverse=True)
        strings = vocab.strings
        sims = cpdist([strings[x] for x in (distinct // width).tolist()],
                      [strings[x] for x in (distinct % width).tolist()],
                      scorer=JaroWinkler.normalized_similarity,
                      workers=-1 if len(distinct) > PARALLEL_FROM else 1)[back]
        levels = np.full(len(rest), len(thresholds) + 2, np.int8)
        for t_index in range(len(thresholds) - 1, -1, -1):
            levels[sims >= thresholds[t_index] - EPSILON] = 2 + t_index
        out[rest] = levels
    out[same_key] = 1
    out[exact] = 0
    out[empty] = NULL
    return out


class FeatureSet:
    """Both sides of a linkage job as columns over one vocabulary."""

    def __init__(self, left: Sequence[Prepared], right: Sequence[Prepared] | None = None):
        self.vocab = Vocabulary()
        self.left = build(left, self.vocab)
        self.right = self.left if right is None or right is left else build(right, self.vocab)

    def compare(self, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
        return compare_arrays(self.left, self.right, li, ri, self.vocab)


def compare_arrays(fa: Features, fb: Features, li: np.ndarray, ri: np.ndarray,
                   vocab: Vocabulary) -> np.ndarray:
    """Comparison levels (same layout as ``model.compare``) for every pair."""
    n = len(li)
    gamma = np.empty((n, 6), np.int8)
    if n == 0:
        return gamma
    given = _name_levels(fa.given, fb.given, li, ri, vocab, (0.92, 0.80))
    surname = _name_levels(fa.surname, fb.surname, li, ri, vocab, (0.88,))
    # Given name and surname written the other way round ("Khan Imran"): when both
    # disagree, compare them crossed, and keep the crossed levels if both then agree.
    both_differ = np.nonzero((given == 4) & (surname == 3))[0]
    if len(both_differ):
        sub_l, sub_r = li[both_differ], ri[both_differ]
        gs = _name_levels(fa.given, fb.surname, sub_l, sub_r, vocab, (0.92,))
        sg = _name_levels(fa.surname, fb.given, sub_l, sub_r, vocab, (0.88,))
        swapped = (gs >= 0) & (gs <= 2) & (sg >= 0) & (sg <= 2)
        given[both_differ[swapped]] = gs[swapped]
        surname[both_differ[swapped]] = sg[swapped]
    gamma[:, 0] = given
    gamma[:, 1] = surname
    gamma[:, 2] = _name_levels(fa.father, fb.father, li, ri, vocab, (0.92, 0.80))

    ya, yb = fa.year[li], fb.year[ri]
    pa, pb = fa.precision[li], fb.precision[ri]
    ma, mb, da, db = fa.month[li], fb.month[ri], fa.day[li], fb.day[ri]
    same_year = ya == yb
    both_full = (pa == 1) & (pb == 1)
    dob = np.full(n, 4, np.int8)
    dob[np.abs(ya - yb) <= 1] = 3
    dob[same_year & both_full] = 3
    dob[same_year & both_full & (ma == db) & (da == mb)] = 1
    dob[same_year & ~both_full] = 2
    dob[same_year & both_full & (ma == mb) & (da == db)] = 0
    dob[(pa == 0) | (pb == 0)] = NULL
    gamma[:, 3] = dob

    cn_a, cn_b = fa.cnic[li], fb.cnic[ri]
    cnic = np.full(n, 2, np.int8)
    present = (cn_a != 0) & (cn_b != 0)
    rows = np.nonzero(present & (cn_a != cn_b))[0]
    if len(rows):
        A, B = fa.cnic_digits[li[rows]], fb.cnic_digits[ri[rows]]
        diff = A != B
        count = diff.sum(axis=1)
        partial = count == 1
        # One digit off in a CNIC's last place with another parity is another sex.
        cnic13 = (A[:, ID_WIDTH - 13] != 10) & (A[:, ID_WIDTH - 14] == 10)
        last = ID_WIDTH - 1
        partial &= ~(cnic13 & diff[:, last] & ((A[:, last] % 2) != (B[:, last] % 2)))
        two = np.nonzero(count == 2)[0]
        if len(two):
            first = diff[two].argmax(axis=1)
            nxt = np.minimum(first + 1, ID_WIDTH - 1)
            r = np.arange(len(two))
            adjacent = diff[two][r, nxt] & (nxt == first + 1)
            swapped = (A[two][r, first] == B[two][r, nxt]) & (A[two][r, nxt] == B[two][r, first])
            partial[two] = adjacent & swapped
        cnic[rows[partial]] = 1
    cnic[present & (cn_a == cn_b)] = 0
    cnic[~present] = NULL
    gamma[:, 4] = cnic

    da_, db_ = fa.district[li], fb.district[ri]
    district = np.where(da_ == db_, 0, 1).astype(np.int8)
    district[(da_ == 0) | (db_ == 0)] = NULL
    gamma[:, 5] = district
    return gamma
