"""Reads of the identity store: ``find_candidates``, what register search and the
suspect check call."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db import connection

from hifazat.identity.features import FeatureSet
from hifazat.identity.keys import key_hashes
from hifazat.identity.model import MatchModel
from hifazat.identity.models import BlockingKey, IdentityRecord, TrainedModel
from hifazat.identity.records import from_stored, prepare

# A very common key (Muhammad Ali, born 1990) can hold thousands of records: read at
# most this many per key; the person's other keys still find them.
PER_KEY_LIMIT = 300
# Records scored per query, those sharing most blocking keys with the probe first.
# Measured over 1M stored people (bench/identity/find_candidates.py): 150 keeps top-1
# accuracy at 0.994 as 300 did, with p95 13 ms instead of 37 ms.
MAX_SCORED = 150


@dataclass(frozen=True)
class Candidate:
    source: str
    source_id: str
    probability: float
    match_weight: float
    explanation: dict
    summary: str
    record: IdentityRecord


@lru_cache(maxsize=4)
def _cached_model(name: str, stamp: str) -> MatchModel:
    row = TrainedModel.objects.filter(name=name).first()
    return MatchModel.from_json(row.params) if row else MatchModel()


def current_model(name: str = "default") -> MatchModel:
    """The last trained model (cached per training time), or the defaults."""
    stamp = TrainedModel.objects.filter(name=name).values_list("trained_at", flat=True).first()
    return _cached_model(name, str(stamp))


def _candidate_ids(hashes: list[int]) -> list[int]:
    """Record ids sharing a key with the probe, those sharing most keys first. One
    round trip: a UNION ALL of one indexed, limited lookup per key."""
    if not hashes:
        return []
    # Only our own quoted table name is formatted in; every value is a bound parameter.
    table = connection.ops.quote_name(BlockingKey._meta.db_table)
    part = f"SELECT * FROM (SELECT record_id FROM {table} WHERE key_hash = %s LIMIT %s) k"  # noqa: S608  # nosec B608
    sql = " UNION ALL ".join(f"{part}{i}" for i in range(len(hashes)))
    params = [value for h in hashes for value in (h, PER_KEY_LIMIT)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        shared = Counter(row[0] for row in cursor.fetchall())
    return [record_id for record_id, _ in shared.most_common(MAX_SCORED)]


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
    ids = _candidate_ids(key_hashes(probe))
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
    # Re-base the prior: one true record among n_total stored ones. The highest id
    # stands in for the count: exact enough for a prior, and free.
    n_total = max(IdentityRecord.objects.order_by("-pk").values_list("pk", flat=True)
                  .first() or 1, 2)
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
        explanation = model.explain(probe, prepared[k])
        explanation.match_weight, explanation.probability = weight, probability
        explanation.prior_weight += shift
        record = IdentityRecord(**rows[k])
        out.append(Candidate(record.source, record.source_id, probability, weight,
                             explanation.as_dict(), explanation.summary(), record))
    return out
