"""Reads of reference places that other apps need."""

from __future__ import annotations

from hifazat.places.models import District, Facility, Province


def crisis_cell_hospitals():
    return Facility.objects.filter(has_crisis_cell=True).select_related("district__province")


def districts_in(province: Province):
    return District.objects.filter(province=province)


def facility_by_code(code: str) -> Facility:
    return Facility.objects.select_related("district__province").get(code=code)
