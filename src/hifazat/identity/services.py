"""Writes of the identity store: index a person record, forget it, rebuild, train.

Other apps call ``index_person`` when they create or correct a person record, inside
their own transaction, so the store never disagrees with its source."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from django.db import transaction

from hifazat.identity.features import FeatureSet
from hifazat.identity.keys import key_hashes
from hifazat.identity.models import BlockingKey, IdentityRecord, TrainedModel
from hifazat.identity.parsing import normalize_cnic, parse_dob
from hifazat.identity.records import prepare, stored_forms
from hifazat.identity.scoring import MatchModel

FIELDS = ("given", "surname", "father", "dob", "cnic", "district")


def _clean(person: dict) -> dict:
    dob = parse_dob(person.get("dob") or "", strict=True)
    dob_text = ""
    if dob.value is not None:
        dob_text = str(dob.value.year) if dob.precision == "year" else dob.value.isoformat()
    return {
        "given": str(person.get("given") or "")[:200].strip(),
        "surname": str(person.get("surname") or "")[:100].strip(),
        "father": str(person.get("father") or "")[:200].strip(),
        "dob": dob_text,
        "cnic": normalize_cnic(str(person.get("cnic") or ""), strict=True),
        "district": str(person.get("district") or "")[:16].strip().upper(),
    }


def stored_row(person: dict) -> tuple[dict, list[int]]:
    """What the store keeps of one person: the cleaned fields with their comparison
    forms (an ``IdentityRecord``'s columns) and the blocking-key hashes. Malformed CNICs
    or dates raise ``FieldError``. Pure: bulk loaders may run it in other processes."""
    values = _clean(person)
    prepared = prepare(values)
    return {**values, **stored_forms(prepared)}, key_hashes(prepared)


@transaction.atomic
def index_person(*, source: str, source_id: str, person: dict) -> IdentityRecord:
    """Create or update the store's copy of a person and its blocking keys. Malformed
    CNICs or dates raise ``FieldError`` (nothing is written)."""
    values, hashes = stored_row(person)
    record, _ = IdentityRecord.objects.update_or_create(
        source=source, source_id=str(source_id), defaults=values
    )
    BlockingKey.objects.filter(record=record).delete()
    BlockingKey.objects.bulk_create(BlockingKey(record=record, key_hash=h) for h in hashes)
    return record


@transaction.atomic
def forget_person(*, source: str, source_id: str) -> int:
    deleted, _ = IdentityRecord.objects.filter(source=source, source_id=str(source_id)).delete()
    return deleted


def bulk_index(rows: Iterable[dict], *, source: str, batch_size: int = 5000) -> int:
    """Load many records fast (benchmarks, first import). Each row needs ``id``. Each
    batch is one transaction; existing (source, id) pairs are skipped."""
    total = 0
    batch: list[dict] = []

    def flush():
        nonlocal total
        with transaction.atomic():
            stored = [stored_row(r) for r in batch]
            records = IdentityRecord.objects.bulk_create(
                [IdentityRecord(source=source, source_id=str(r["id"]), **values)
                 for r, (values, _hashes) in zip(batch, stored, strict=True)],
            )
            keys = [BlockingKey(record_id=rec.pk, key_hash=h)
                    for rec, (_values, hashes) in zip(records, stored, strict=True)
                    for h in hashes]
            BlockingKey.objects.bulk_create(keys, batch_size=20_000)
        total += len(batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return total


def reindex(*, batch_size: int = 5000, record_model=None, key_model=None) -> int:
    """Recompute every stored record's comparison forms and blocking keys from its
    fields, batch by batch (one transaction each): after a change to normalisation or
    to the key rules. Returns the count. A migration passes its historical models."""
    record_model = record_model or IdentityRecord
    key_model = key_model or BlockingKey
    forms = list(stored_forms(prepare({})))
    done, last = 0, 0
    while True:
        with transaction.atomic():
            records = list(record_model.objects.filter(pk__gt=last).order_by("pk")
                           [:batch_size])
            if not records:
                return done
            keys = []
            for record in records:
                values, hashes = stored_row({f: getattr(record, f) for f in FIELDS})
                for f in forms:
                    setattr(record, f, values[f])
                keys.extend(key_model(record_id=record.pk, key_hash=h) for h in hashes)
            ids = [r.pk for r in records]
            record_model.objects.bulk_update(records, forms)
            key_model.objects.filter(record_id__in=ids).delete()
            key_model.objects.bulk_create(keys, batch_size=20_000)
        done += len(records)
        last = ids[-1]


@transaction.atomic
def train_model(*, sample: int = 50_000, name: str = "default",
                m_from: MatchModel | None = None) -> MatchModel:
    """Fit u and term frequencies on a sample of the stored records and keep the result
    for online search. The store holds each person once, so it cannot teach m (how the
    same person's records differ): m comes from ``m_from`` (a model trained by a linkage
    run with duplicates, or fitted on labelled pairs) or the documented defaults."""
    rows = [r.as_row() for r in IdentityRecord.objects.order_by("?")[:sample]]
    prepared = [prepare(r) for r in rows]
    model = MatchModel()
    if m_from is not None:
        model.m = {k: list(v) for k, v in m_from.m.items()}
    model.tf.add(prepared)
    if len(prepared) > 1:
        rng = np.random.default_rng(0)
        n = min(200_000, len(prepared) * (len(prepared) - 1))
        a, b = rng.integers(0, len(prepared), n), rng.integers(0, len(prepared), n)
        keep = a != b
        model.estimate_u(FeatureSet(prepared).compare(a[keep], b[keep]))
    TrainedModel.objects.update_or_create(
        name=name, defaults={"params": model.to_json(), "record_count": len(prepared)}
    )
    return model
