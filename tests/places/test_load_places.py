"""Reference places: every province/territory and district, demo facilities, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from hifazat.places.models import District, Facility, Province
from hifazat.places.services import load_reference_places

pytestmark = pytest.mark.django_db


def test_loads_all_provinces_and_districts_idempotently():
    first = load_reference_places()
    assert first.created > 0
    assert set(Province.objects.values_list("code", flat=True)) == {
        "PB", "SD", "KP", "BA", "IS", "GB", "JK"
    }
    assert District.objects.count() >= 150
    for province in Province.objects.all():
        assert province.districts.exists(), province.code
    counts = (District.objects.count(), Facility.objects.count())
    second = load_reference_places()
    assert second.created == 0
    assert (District.objects.count(), Facility.objects.count()) == counts


def test_every_name_is_bilingual():
    load_reference_places()
    for model in (Province, District, Facility):
        for obj in model.objects.all():
            assert obj.name_en.strip() and obj.name_ur.strip(), obj.code
            assert any("\u0600" <= ch <= "\u06ff" for ch in obj.name_ur), obj.code


def test_crisis_cells_are_where_the_seeds_say():
    load_reference_places()
    cells = Facility.objects.filter(has_crisis_cell=True).select_related("district")
    assert cells.count() == 6
    assert all(c.kind == "hospital" for c in cells)
    cities = sorted(c.district.code for c in cells)
    assert cities.count("PB-LHR") == 2
    for code in ("IS-ISB", "PB-MUL", "PB-RWP"):
        assert code in cities
    assert any(code.startswith("SD-KH") for code in cities)
    vawc = Facility.objects.get(kind="vawc_centre")
    assert vawc.district.code == "PB-MUL"
    for kind in ("police_station", "prison", "special_court", "npb_office", "ssoiu"):
        assert Facility.objects.filter(kind=kind).exists(), kind


def test_command_prints_counts(capsys):
    call_command("load_places")
    out = capsys.readouterr().out
    assert "districts" in out and "facilities" in out


def test_name_follows_active_language():
    from django.utils import translation

    load_reference_places()
    lahore = District.objects.get(code="PB-LHR")
    with translation.override("ur"):
        assert lahore.name == "لاہور"
    with translation.override("en"):
        assert lahore.name == "Lahore"
