"""Writes of reference places: the idempotent loader behind ``manage.py load_places``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from hifazat.places.models import District, Facility, Province

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadResult:
    provinces: int
    districts: int
    facilities: int
    created: int


def _read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_reference_places(*, include_demo_facilities: bool = True) -> LoadResult:
    """Create or update every province, district and (optionally) demo facility from the
    JSON files in ``places/data``. Running it again changes nothing; all or nothing."""
    created = 0
    reference = _read("reference.json")
    provinces: dict[str, Province] = {}
    for row in reference["provinces"]:
        obj, was_created = Province.objects.update_or_create(
            code=row["code"],
            defaults={"name_en": row["name_en"], "name_ur": row["name_ur"], "kind": row["kind"]},
        )
        provinces[obj.code] = obj
        created += was_created
    districts: dict[str, District] = {}
    for row in reference["districts"]:
        obj, was_created = District.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_en": row["name_en"],
                "name_ur": row["name_ur"],
                "province": provinces[row["province"]],
            },
        )
        districts[obj.code] = obj
        created += was_created
    facility_count = 0
    if include_demo_facilities:
        for row in _read("demo_facilities.json")["facilities"]:
            _, was_created = Facility.objects.update_or_create(
                code=row["code"],
                defaults={
                    "kind": row["kind"],
                    "name_en": row["name_en"],
                    "name_ur": row["name_ur"],
                    "district": districts[row["district"]],
                    "has_crisis_cell": bool(row.get("has_crisis_cell", False)),
                    "address_en": row.get("address_en", ""),
                    "address_ur": row.get("address_ur", ""),
                },
            )
            facility_count += 1
            created += was_created
    return LoadResult(len(provinces), len(districts), facility_count, created)


@transaction.atomic
def ensure_facility(*, code: str, kind: str, name_en: str, name_ur: str, district: District,
                    has_crisis_cell: bool = False) -> Facility:
    """The facility ``code``, created or brought up to date (set-up and the demo: places
    that the reference files do not list). Running it again changes nothing."""
    facility, _created = Facility.objects.update_or_create(
        code=code, defaults={"kind": kind, "name_en": name_en, "name_ur": name_ur,
                             "district": district, "has_crisis_cell": has_crisis_cell})
    return facility
