"""Fellegi-Sunter scoring: comparison levels per field, m/u probabilities (EM without
labels, or fitted on labelled pairs), term-frequency adjustment for names, a calibrated
match probability, and an explanation a registrar can read.

A pair's match weight is log2 of the prior odds plus, for each field, log2(m/u) of the
level the pair reaches (0 when a value is missing). For the exact/key levels of names
the u-probability is replaced by the name's own frequency (Splink's term-frequency
adjustment): agreeing on "Muhammad Khan" counts for less than agreeing on "Tauqeer".
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import get_language_bidi, gettext
from django.utils.translation import gettext_noop as _
from rapidfuzz.distance import JaroWinkler

from hifazat.identity.normalize import NameForm
from hifazat.identity.parsing import compare_cnic, compare_dob
from hifazat.identity.records import Prepared

NULL = -1


@dataclass(frozen=True)
class Comparison:
    name: str
    label: str  # what the registrar reads
    levels: tuple[str, ...]  # strongest first; the last one is "disagree"
    tf: bool = False  # term-frequency adjusted on its top two levels


# Labels and levels are kept in English in the data (explanations stored or sent as
# JSON stay stable); ``Explanation.summary`` translates them for the reader.
COMPARISONS: tuple[Comparison, ...] = (
    Comparison("given", _("Name"),
               (_("exact"), _("same sound"), _("very similar"), _("similar"), _("different")),
               tf=True),
    Comparison("surname", _("Surname / caste"),
               (_("exact"), _("same sound"), _("similar"), _("different")), tf=True),
    Comparison("father", _("Father's name"),
               (_("exact"), _("same sound"), _("very similar"), _("similar"), _("different")),
               tf=True),
    Comparison("dob", _("Date of birth"),
               (_("exact"), _("day and month swapped"), _("same year (one side year only)"),
                _("close (same or next year)"), _("different"))),
    Comparison("cnic", _("CNIC"), (_("exact"), _("one digit off or two swapped"),
                                   _("different"))),
    Comparison("district", _("District"), (_("same"), _("different"))),
)
FIELD_INDEX = {c.name: i for i, c in enumerate(COMPARISONS)}

# Starting m-probabilities for EM (and the model used before any training).
DEFAULT_M = {
    "given": [0.70, 0.15, 0.08, 0.04, 0.03],
    "surname": [0.75, 0.10, 0.05, 0.10],
    "father": [0.70, 0.15, 0.08, 0.04, 0.03],
    "dob": [0.55, 0.03, 0.30, 0.07, 0.05],
    "cnic": [0.85, 0.12, 0.03],
    "district": [0.85, 0.15],
}
DEFAULT_U = {
    "given": [0.01, 0.005, 0.01, 0.03, 0.945],
    "surname": [0.05, 0.01, 0.03, 0.91],
    "father": [0.01, 0.005, 0.01, 0.03, 0.945],
    "dob": [0.0005, 0.0001, 0.02, 0.04, 0.9394],
    "cnic": [1e-7, 1e-6, 0.999999],
    "district": [0.05, 0.95],
}


def _name_level(a: NameForm, b: NameForm, sim: float | None = None) -> int:
    if a.is_empty or b.is_empty:
        return NULL
    if a.core_canon == b.core_canon:
        return 0
    if a.core_key and a.core_key == b.core_key:
        return 1
    if sim is None:
        sim = name_similarity(a, b)
    if sim >= 0.92 - 1e-6:
        return 2
    if sim >= 0.80 - 1e-6:
        return 3
    return 4


def name_similarity(a: NameForm, b: NameForm) -> float:
    """Jaro-Winkler on canonical spellings, or on consonant keys across scripts."""
    if a.script != b.script:
        return JaroWinkler.normalized_similarity(a.core_key, b.core_key)
    return JaroWinkler.normalized_similarity(a.core_canon, b.core_canon)


def _surname_level(a: NameForm, b: NameForm) -> int:
    if a.is_empty or b.is_empty:
        return NULL
    if a.canon == b.canon:
        return 0
    if a.key and a.key == b.key:
        return 1
    sim = (JaroWinkler.normalized_similarity(a.key, b.key) if a.script != b.script
           else JaroWinkler.normalized_similarity(a.canon, b.canon))
    return 2 if sim >= 0.88 - 1e-6 else 3


def _crossed_level(a: NameForm, b: NameForm, threshold: float) -> int | None:
    """0/1/2 when a given name and a surname agree across fields, else None."""
    if a.is_empty or b.is_empty:
        return None
    if a.core_canon == b.core_canon:
        return 0
    if a.core_key and a.core_key == b.core_key:
        return 1
    return 2 if name_similarity(a, b) >= threshold - 1e-6 else None


_DOB_LEVEL = {"exact": 0, "swapped": 1, "year": 2, "near": 3, "different": 4, "": NULL}
_CNIC_LEVEL = {"exact": 0, "one_digit": 1, "transposed": 1, "different": 2, "": NULL}


def compare(a: Prepared, b: Prepared) -> list[int]:
    """Level index per comparison (NULL when either value is missing)."""
    district = NULL if not a.district or not b.district else (0 if a.district == b.district
                                                              else 1)
    given, surname = _name_level(a.given, b.given), _surname_level(a.surname, b.surname)
    if given == 4 and surname == 3:  # written the other way round ("Khan Imran")?
        crossed_g = _crossed_level(a.given, b.surname, 0.92)
        crossed_s = _crossed_level(a.surname, b.given, 0.88)
        if crossed_g is not None and crossed_s is not None:
            given, surname = crossed_g, crossed_s
    return [
        given,
        surname,
        _name_level(a.father, b.father),
        _DOB_LEVEL[compare_dob(a.dob, b.dob)],
        _CNIC_LEVEL[compare_cnic(a.cnic, b.cnic)],
        district,
    ]


@dataclass
class TermFrequencies:
    """Share of records carrying each name key, per name field."""

    total: int = 0
    counts: dict[str, Counter] = field(default_factory=lambda: {
        "given": Counter(), "surname": Counter(), "father": Counter()})

    def add(self, records: Sequence[Prepared]) -> None:
        for p in records:
            self.total += 1
            if p.given.core_key:
                self.counts["given"][p.given.core_key] += 1
            if p.surname.key:
                self.counts["surname"][p.surname.key] += 1
            if p.father.core_key:
                self.counts["father"][p.father.core_key] += 1

    def share(self, fname: str, key: str) -> float | None:
        if not self.total or not key:
            return None
        return max(self.counts[fname].get(key, 0), 1) / self.total


def _key_of(p: Prepared, fname: str) -> str:
    if fname == "surname":
        return p.surname.key
    return getattr(p, fname).core_key


@dataclass
class Contribution:
    field: str
    label: str
    level: str  # "" when the value is missing on either side
    weight: float  # log2 Bayes factor, after term-frequency adjustment

    def as_dict(self) -> dict:
        return {"field": self.field, "label": self.label, "level": self.level,
                "weight": round(self.weight, 2)}


@dataclass
class Explanation:
    probability: float
    match_weight: float
    prior_weight: float
    contributions: list[Contribution]

    def as_dict(self) -> dict:
        return {"probability": round(self.probability, 4),
                "match_weight": round(self.match_weight, 2),
                "prior_weight": round(self.prior_weight, 2),
                "fields": [c.as_dict() for c in self.contributions]}

    def summary(self) -> str:
        """One line a registrar can read, in the active language: agreeing fields first,
        strongest first. In a right-to-left language each number is isolated
        left-to-right (Unicode LRI/PDI), so "+6.1" and "99.4%" keep their order."""
        ltr = ("\u2066", "\u2069") if get_language_bidi() else ("", "")
        parts = [f"{gettext(c.label)}: {gettext(c.level)} {ltr[0]}({c.weight:+.1f}){ltr[1]}"
                 for c in sorted(self.contributions, key=lambda c: -c.weight) if c.level]
        return (f"{ltr[0]}{self.probability:.1%}{ltr[1]} — "
                + gettext("; ").join(parts))


@dataclass
class MatchModel:
    """m/u per comparison level, the prior probability of a match among candidate
    pairs, and term frequencies. Defaults are usable before any training."""

    m: dict[str, list[float]] = field(default_factory=lambda: {k: list(v) for k, v in
                                                               DEFAULT_M.items()})
    u: dict[str, list[float]] = field(default_factory=lambda: {k: list(v) for k, v in
                                                               DEFAULT_U.items()})
    prior: float = 1e-4
    tf: TermFrequencies = field(default_factory=TermFrequencies)

    # --- weights ---------------------------------------------------------------------
    def _tables(self):
        return [np.log2(np.array(self.m[c.name]) / np.array(self.u[c.name]))
                for c in COMPARISONS]

    def _tf_adjustment(self, c: Comparison, level: int, a: Prepared, b: Prepared) -> float:
        if not c.tf or level not in (0, 1) or self.tf.total == 0:
            return 0.0
        key = _key_of(a, c.name)
        share = self.tf.share(c.name, key)
        if share is None:
            return 0.0
        u_level = self.u[c.name][level]
        # Adjust towards the name's own frequency, bounded so one field cannot decide.
        return float(np.clip(math.log2(u_level / share), -4.0, 4.0))

    def weights(self, gamma: np.ndarray, tf_log_share: dict[str, np.ndarray] | None = None
                ) -> np.ndarray:
        """Match weight (log2 odds) per row of ``gamma``. ``tf_log_share`` gives, per
        name field, log2 of the share of records carrying the pair's name key (NaN when
        unknown); it replaces u on the exact and same-sound levels."""
        tables = self._tables()
        total = np.full(len(gamma), math.log2(self.prior / (1 - self.prior)))
        for f, c in enumerate(COMPARISONS):
            col = gamma[:, f].astype(np.int64)
            present = col >= 0
            total[present] += tables[f][col[present]]
            if c.tf and tf_log_share is not None and c.name in tf_log_share:
                log_u = np.log2(np.array(self.u[c.name]))
                share = tf_log_share[c.name]
                rows = ((col == 0) | (col == 1)) & ~np.isnan(share)
                adj = np.clip(log_u[col[rows]] - share[rows], -4.0, 4.0)
                total[rows] += adj
        return total

    def tf_record_shares(self, records: Sequence[Prepared]) -> dict[str, np.ndarray]:
        """Per name field, the log2 share of each record's key (NaN if none): computed
        once per record, so scoring millions of pairs only indexes these arrays."""
        out = {}
        for c in COMPARISONS:
            if not c.tf:
                continue
            cache: dict[str, float] = {}
            values = np.full(len(records), np.nan)
            for i, record in enumerate(records):
                key = _key_of(record, c.name)
                if key not in cache:
                    share = self.tf.share(c.name, key)
                    cache[key] = math.log2(share) if share else np.nan
                values[i] = cache[key]
            out[c.name] = values
        return out

    def tf_log_share(self, records: Sequence[Prepared], idx: np.ndarray) -> dict[str, np.ndarray]:
        """Per name field, log2 share of the key of ``records[idx]`` (NaN if none)."""
        idx = np.asarray(idx, dtype=np.int64)
        return {name: shares[idx] for name, shares in self.tf_record_shares(records).items()}

    @staticmethod
    def probability(weight):
        return 1.0 / (1.0 + np.power(2.0, -np.asarray(weight, dtype=float)))

    def explain(self, a: Prepared, b: Prepared) -> Explanation:
        gamma = compare(a, b)
        tables = self._tables()
        prior_w = math.log2(self.prior / (1 - self.prior))
        contributions = []
        total = prior_w
        for f, c in enumerate(COMPARISONS):
            level = gamma[f]
            if level == NULL:
                contributions.append(Contribution(c.name, c.label, "", 0.0))
                continue
            w = float(tables[f][level]) + self._tf_adjustment(c, level, a, b)
            total += w
            contributions.append(Contribution(c.name, c.label, c.levels[level], w))
        return Explanation(float(self.probability(total)), total, prior_w, contributions)

    # --- training --------------------------------------------------------------------
    def estimate_u(self, gamma_random: np.ndarray) -> None:
        """u from comparisons of random pairs (almost all non-matches)."""
        for f, c in enumerate(COMPARISONS):
            col = gamma_random[:, f]
            col = col[col >= 0]
            counts = np.bincount(col.astype(np.int64), minlength=len(c.levels)).astype(float)
            # Laplace smoothing keeps unseen agreement levels rare but not impossible.
            probs = (counts + 0.5) / (counts.sum() + 0.5 * len(c.levels))
            self.u[c.name] = [float(x) for x in probs]

    @staticmethod
    def _onehots(gamma: np.ndarray) -> list[np.ndarray]:
        out = []
        for f, c in enumerate(COMPARISONS):
            col = gamma[:, f].astype(np.int64)
            oh = np.zeros((len(gamma), len(c.levels)))
            present = col >= 0
            oh[np.nonzero(present)[0], col[present]] = 1.0
            out.append(oh)
        return out

    def _log_likelihoods(self, onehots, prior: float, skip: set[str]):
        log_m = np.full(len(onehots[0]), math.log(prior))
        log_u = np.full(len(onehots[0]), math.log(1 - prior))
        for f, c in enumerate(COMPARISONS):
            if c.name in skip:
                continue
            log_m += onehots[f] @ np.log(np.array(self.m[c.name]))
            log_u += onehots[f] @ np.log(np.array(self.u[c.name]))
        return log_m, log_u

    def estimate_m_em(self, gamma: np.ndarray, *, frozen: frozenset[str] = frozenset(),
                      iterations: int = 30, tol: float = 1e-5) -> int:
        """One EM session on ``gamma`` (u fixed): updates m of every comparison not in
        ``frozen``. The frozen comparisons are those the session's pairs were chosen by
        (e.g. exact CNIC), which would otherwise teach the model nothing but itself."""
        if len(gamma) == 0:
            return 0
        onehots = self._onehots(gamma)
        prior = 0.5
        runs = 0
        for _iteration in range(iterations):
            runs += 1
            log_m, log_u = self._log_likelihoods(onehots, prior, frozen)
            resp = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
            change = abs(float(resp.mean()) - prior)
            prior = min(max(float(resp.mean()), 1e-6), 1 - 1e-6)
            for f, c in enumerate(COMPARISONS):
                if c.name in frozen:
                    continue
                num = resp @ onehots[f] + 1e-3
                m_new = num / num.sum()
                change = max(change, float(np.abs(m_new - np.array(self.m[c.name])).max()))
                self.m[c.name] = [float(x) for x in m_new]
            if change < tol:
                break
        return runs

    def estimate_prior(self, gamma: np.ndarray, *, iterations: int = 50) -> float:
        """The share of true matches among candidate pairs, with m and u fixed."""
        if len(gamma) == 0:
            return self.prior
        onehots = self._onehots(gamma)
        prior = 0.1
        for _iteration in range(iterations):
            log_m, log_u = self._log_likelihoods(onehots, prior, frozenset())
            resp = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
            new = min(max(float(resp.mean()), 1e-6), 1 - 1e-6)
            if abs(new - prior) < 1e-7:
                prior = new
                break
            prior = new
        self.prior = prior
        return prior

    def train_unlabelled(self, gamma: np.ndarray, *, total_pairs: int | None = None,
                         n_candidates: int | None = None) -> None:
        """Splink-style training without labels: EM sessions on pairs chosen by one
        strong field, each teaching m of the other fields; then the prior.

        The prior that scores a pair must be the chance that two *random* records match
        (u comes from random pairs): the expected number of matches among the candidate
        pairs (``n_candidates``, of which ``gamma`` may be a sample) divided by
        ``total_pairs``, all pairs the data could form."""
        f_cnic, f_given, f_dob = (FIELD_INDEX[n] for n in ("cnic", "given", "dob"))
        sessions = [
            (gamma[:, f_cnic] == 0, frozenset({"cnic"})),
            ((gamma[:, f_given] >= 0) & (gamma[:, f_given] <= 1) & (gamma[:, f_dob] == 0),
             frozenset({"given", "dob"})),
        ]
        for mask, frozen in sessions:
            if mask.sum() >= 30:
                before = {k: list(v) for k, v in self.m.items()}
                self.estimate_m_em(gamma[mask], frozen=frozen)
                # A session without real duplicates learns non-matches: keep the old m
                # for any field where agreement came out less likely among "matches".
                for c in COMPARISONS:
                    if self.m[c.name][0] <= self.u[c.name][0]:
                        self.m[c.name] = before[c.name]
        blocked_prior = self.estimate_prior(gamma)
        if total_pairs:
            expected_matches = blocked_prior * (n_candidates or len(gamma))
            self.prior = float(min(max(expected_matches / total_pairs, 1e-9), 0.5))

    def fit_labelled(self, gamma: np.ndarray, is_match: np.ndarray) -> None:
        """m from known matches, u from known non-matches, prior from their mix."""
        is_match = np.asarray(is_match, dtype=bool)
        for f, c in enumerate(COMPARISONS):
            for target, rows in (("m", gamma[is_match, f]), ("u", gamma[~is_match, f])):
                rows = rows[rows >= 0].astype(np.int64)
                counts = np.bincount(rows, minlength=len(c.levels)).astype(float) + 0.5
                getattr(self, target)[c.name] = [float(x) for x in counts / counts.sum()]
        self.prior = float(min(max(is_match.mean(), 1e-6), 1 - 1e-6))

    # --- persistence -----------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps({"m": self.m, "u": self.u, "prior": self.prior,
                           "tf_total": self.tf.total,
                           "tf": {k: dict(v) for k, v in self.tf.counts.items()}})

    @classmethod
    def from_json(cls, text: str) -> MatchModel:
        data = json.loads(text)
        tf = TermFrequencies(total=data.get("tf_total", 0),
                             counts={k: Counter(v) for k, v in data.get("tf", {}).items()}
                             or TermFrequencies().counts)
        return cls(m=data["m"], u=data["u"], prior=data["prior"], tf=tf)
