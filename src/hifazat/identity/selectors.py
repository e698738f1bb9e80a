"""Reads of the identity store: ``find_candidates``, what register search and the
suspect check call; and the readings other apps share, so that they import identity's
``services`` and ``selectors`` only: a date of birth (``parse_dob``, ``BirthDate``,
``FieldError``, from ``parsing``) and a name box with its relation ("Imran s/o Ghulam
Rasool", "عمران ولد غلام رسول": ``split_name_box``, ``NameBox``, from ``normalize``)."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial

import numpy as np
from django.db import connection

from hifazat.identity.features import FeatureSet
from hifazat.identity.keys import key_hashes
from hifazat.identity.models import BlockingKey, IdentityRecord, TrainedModel
from hifazat.identity.normalize import NameBox, split_name_box  # noqa: F401  (shared)
from hifazat.identity.parsing import BirthDate, FieldError, parse_dob  # noqa: F401  (shared)
from hifazat.identity.records import Prepared, from_stored, prepare
from hifazat.identity.scoring import Explanation, MatchModel

# A very common key (Muhammad Ali, born 1990) can hold thousands of records: read at
# most this many per key; the person's other keys still find them. Measured on the
# register of 1M offenders / 5M names (bench/register_search.py): 300 lost 4 % of the
# probes to truncation, 1,000 none that a longer read would find, at the same p95.
PER_KEY_LIMIT = 1000
# Records scored per query, ranked by how many keys they share with the probe, then by
# how rare those keys are (see ``_candidate_ids``). Measured over 1M stored people
# (bench/identity/find_candidates.py): 150 keeps top-1 accuracy at 0.994 as 300 did,
# with p95 13 ms instead of 37 ms.
MAX_SCORED = 150


@dataclass(frozen=True)
class Candidate:
    """A stored record that may be the person searched for. The explanation is worked
    out when first read (a search shows only some of its candidates), in the language
    active then."""

    source: str
    source_id: str
    probability: float
    match_weight: float
    record: IdentityRecord
    _explain: Callable[[], Explanation] = field(repr=False, compare=False)

    @cached_property
    def _explained(self) -> Explanation:
        return self._explain()

    @property
    def explanation(self) -> dict:
        """Which fields agreed and how much each counted (English data, for JSON)."""
        return self._explained.as_dict()

    @property
    def summary(self) -> str:
        """One line for the reader, in the active language."""
        return self._explained.summary()


@lru_cache(maxsize=4)
def _cached_model(name: str, stamp: str) -> MatchModel:
    row = TrainedModel.objects.filter(name=name).first()
    return MatchModel.from_json(row.params) if row else MatchModel()


def current_model(name: str = "default") -> MatchModel:
    """The last trained model (cached per training time), or the defaults."""
    stamp = TrainedModel.objects.filter(name=name).values_list("trained_at", flat=True).first()
    return _cached_model(name, str(stamp))


def _candidate_ids(hashes: list[int], n_total: int) -> list[int]:
    """Record ids sharing a key with the probe, the likeliest first: those sharing most
    keys, and among those sharing as many, those whose keys are rarest, each shared key
    counting log(N / records under that key) (the weight of evidence of agreeing on a
    key that one record in so many holds by chance). Of the thousand men sharing only
    given+year with the probe, the one who also shares the rare given+father key is
    scored; ties are no longer cut arbitrarily. One round trip: a UNION ALL of one
    indexed, limited lookup per key."""
    if not hashes:
        return []
    # Only our own quoted table name is formatted in; every value is a bound parameter.
    table = connection.ops.quote_name(BlockingKey._meta.db_table)
    one = f"SELECT %s, record_id FROM (SELECT record_id FROM {table} WHERE key_hash=%s LIMIT %s) k"  # noqa: S608  # nosec B608
    sql = " UNION ALL ".join(f"{one}{i}" for i in range(len(hashes)))
    params = [value for i, h in enumerate(hashes) for value in (i, h, PER_KEY_LIMIT)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    size = Counter(part for part, _ in rows)
    weight = {part: math.log(max(n_total, count) / count) for part, count in size.items()}
    shared: Counter[int] = Counter()
    rarity: dict[int, float] = defaultdict(float)
    for part, record_id in rows:
        shared[record_id] += 1
        rarity[record_id] += weight[part]
    return heapq.nlargest(MAX_SCORED, rarity, key=lambda r: (shared[r], rarity[r]))


_FIELDS = ("id", "source", "source_id", "given", "surname", "father", "dob", "cnic",
           "district", "given_canon", "given_key", "surname_canon", "surname_key",
           "father_canon", "father_key", "scripts")
_FORMS = _FIELDS[9:]


def find_candidates(person: dict, *, limit: int = 10, min_probability: float = 0.0,
                    source: str | None = None, model: MatchModel | None = None
                    ) -> list[Candidate]:
    """Stored records that may be ``person`` (a dict with given, surname, father, dob,
    cnic, district; any may be empty), best first, each with a probability and an
    explanation of which fields agreed and how much each counted.

    The probability assumes the person appears at most once among the stored records
    (prior 1/N). Malformed CNIC or date raises ``FieldError``."""
    probe = prepare({**person, "id": "probe"}, strict=True)
    # The highest id stands in for the count of stored records: exact enough for key
    # weights and the prior, and free.
    n_total = max(IdentityRecord.objects.order_by("-pk").values_list("pk", flat=True)
                  .first() or 1, 2)
    ids = _candidate_ids(key_hashes(probe), n_total)
    if not ids:
        return []
    # Fetched by primary key only, the source checked here: with ``source = ...`` in
    # the query SQLite's planner picks the (unselective) source index and reads every
    # record of that source (100 ms at 500k records instead of 1 ms).
    rows = [dict(zip(_FIELDS, values, strict=True)) for values in
            IdentityRecord.objects.filter(pk__in=ids).values_list(*_FIELDS)]
    if source:
        rows = [r for r in rows if r["source"] == source]
    if not rows:
        return []
    model = model or current_model()
    prepared = [from_stored(id=str(r["id"]), dob=r["dob"], cnic=r["cnic"],
                            district=r["district"], **{f: r[f] for f in _FORMS})
                for r in rows]
    features = FeatureSet([probe], prepared)
    left = np.zeros(len(prepared), dtype=np.int64)
    gamma = features.compare(left, np.arange(len(prepared)))
    weights = model.weights(gamma, model.tf_log_share([probe], left))
    # Re-base the prior: one true record among n_total stored ones.
    shift = math.log2((1 / n_total) / (1 - 1 / n_total)) - math.log2(model.prior
                                                                     / (1 - model.prior))
    weights = weights + shift
    order = np.argsort(-weights)[:limit]
    out = []
    for k in order:
        weight = float(weights[k])
        probability = 1.0 / (1.0 + 2.0 ** (-weight))
        if probability < min_probability:
            continue
        record = IdentityRecord(**rows[k])
        out.append(Candidate(record.source, record.source_id, probability, weight, record,
                             partial(_explain, model, probe, prepared[k], weight,
                                     probability, shift)))
    return out


def _explain(model: MatchModel, probe: Prepared, stored: Prepared, weight: float,
             probability: float, shift: float) -> Explanation:
    explanation = model.explain(probe, stored)
    explanation.match_weight, explanation.probability = weight, probability
    explanation.prior_weight += shift
    return explanation
