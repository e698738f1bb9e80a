"""Fixtures of the register tests: reference data and one user per register role."""

from __future__ import annotations

import pytest

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.places.models import Facility
from hifazat.register import services
from tests.factories import give_role, make_agency, make_user
from tests.register.helpers import verified


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Seven users per test: Argon2 at production cost would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(places):
    # Reference data from a migration does not survive another worker's flush
    # (transactional tests), so the tests load it as the demo does.
    services.load_ppc_sections()
    court = Facility.objects.create(code="COURT-LHR", kind="special_court", name_en="Court",
                                    name_ur="عدالت", district=places["LHR"])
    people = {}
    for key, kind, role, facility in [
        ("prosecutor", AgencyKind.PROSECUTION, Role.PROSECUTOR, places["ps_lhr"]),
        ("prosecutor2", AgencyKind.PROSECUTION, Role.PROSECUTOR, places["ps_lhr"]),
        ("registrar", AgencyKind.NPB, Role.NPB_REGISTRAR, places["npb"]),
        ("registrar2", AgencyKind.NPB, Role.NPB_REGISTRAR, places["npb"]),
        ("io", AgencyKind.SSOIU, Role.INVESTIGATING_OFFICER, places["ps_lhr"]),
        ("doctor", AgencyKind.CRISIS_CELL, Role.CELL_DOCTOR, places["hosp_lhr"]),
        ("analyst", AgencyKind.COMMITTEE, Role.COMMITTEE_ANALYST, places["npb"]),
    ]:
        user = make_user(make_agency(kind, facility))
        give_role(user, role)
        people[key] = verified(user)
    people["court"] = court
    return people
