"""Shared test helpers: agencies, users with roles, and signed-in (second-factor
verified) clients, all built on the synthetic generator and the demo places."""

from __future__ import annotations

import pytest

from hifazat.accounts.roles import AgencyKind
from hifazat.places.models import District, Facility, Province
from hifazat.synthetic import PeopleGenerator
from tests.factories import make_agency


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in the default language. A request made with the Urdu cookie
    leaves Urdu active in the thread (LocaleMiddleware activates it per request), which
    would otherwise leak into the next test on the same worker."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def people():
    return PeopleGenerator(seed=7)


@pytest.fixture
def places(db):
    """A small, self-contained geography: two provinces, three districts, facilities."""
    pb = Province.objects.create(code="PB", name_en="Punjab", name_ur="پنجاب", kind="province")
    sd = Province.objects.create(code="SD", name_en="Sindh", name_ur="سندھ", kind="province")
    lhr = District.objects.create(code="PB-LHR", name_en="Lahore", name_ur="لاہور", province=pb)
    mul = District.objects.create(code="PB-MUL", name_en="Multan", name_ur="ملتان", province=pb)
    khi = District.objects.create(
        code="SD-KHS", name_en="Karachi South", name_ur="کراچی جنوبی", province=sd
    )

    def facility(code, kind, district, cell=False):
        return Facility.objects.create(
            code=code, kind=kind, name_en=code, name_ur=code, district=district,
            has_crisis_cell=cell,
        )

    return {
        "PB": pb, "SD": sd, "LHR": lhr, "MUL": mul, "KHI": khi,
        "hosp_lhr": facility("HOSP-LHR", "hospital", lhr, cell=True),
        "hosp_khi": facility("HOSP-KHI", "hospital", khi, cell=True),
        "ps_lhr": facility("PS-LHR", "police_station", lhr),
        "npb": facility("NPB", "npb_office", District.objects.get(code="PB-LHR")),
    }


@pytest.fixture
def cell_agency(places):
    return make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"])


@pytest.fixture
def other_cell_agency(places):
    return make_agency(AgencyKind.CRISIS_CELL, places["hosp_khi"])


@pytest.fixture
def system_agency(db):
    return make_agency(AgencyKind.SYSTEM, code="SYSTEM")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (the local-memory cache and the oversight
    publications live as long as the worker process; a published table or a rate-limit
    count must not leak between tests, whose rolled-back rows may reuse ids)."""
    from django.core.cache import cache

    from hifazat.oversight.indicators import forget_publications

    cache.clear()
    forget_publications()
    yield
