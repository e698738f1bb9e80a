"""Reads of reference places that other apps need (the only way other apps reach the
places tables; ``places.models`` is imported elsewhere only by ``models.py`` for a
foreign key). ``FacilityKind`` is the facility vocabulary other apps compare with."""

from __future__ import annotations

from hifazat.places.models import District, Facility, Province

FacilityKind = Facility.Kind


def crisis_cell_hospitals():
    return Facility.objects.filter(has_crisis_cell=True).select_related("district__province")


def provinces():
    return Province.objects.order_by("name_en")


def districts():
    return District.objects.select_related("province").order_by("name_en")


def districts_in(province) -> object:
    return District.objects.filter(province=province)


def district_ids_in_province(province_id) -> set[int]:
    return set(District.objects.filter(province_id=province_id).values_list("pk", flat=True))


def district_by_code(code) -> District | None:
    """The district with ``code`` (exact), or None for an unknown or empty code."""
    code = str(code or "").strip()
    if not code:
        return None
    return District.objects.select_related("province").filter(code=code).first()


def district_by_id(district_id) -> District | None:
    try:
        return District.objects.select_related("province").filter(pk=district_id).first()
    except (TypeError, ValueError):
        return None


def facilities(kind: str | None = None, *, district=None):
    queryset = Facility.objects.select_related("district__province").order_by("name_en")
    if kind:
        queryset = queryset.filter(kind=kind)
    if district is not None:
        queryset = queryset.filter(district=district)
    return queryset


def facility_by_code(code: str, *, kind: str | None = None) -> Facility | None:
    """The facility with ``code`` (and ``kind`` when given), or None."""
    queryset = facilities(kind).filter(code=str(code or "").strip())
    return queryset.first()


def is_district(obj) -> bool:
    return isinstance(obj, District)


def is_facility(obj, kind: str | None = None) -> bool:
    return isinstance(obj, Facility) and (kind is None or obj.kind == kind)
