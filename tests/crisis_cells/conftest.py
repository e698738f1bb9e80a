"""Fixtures for the crisis-cell tests: a Lahore cell with one user per cell role, a
Multan VAWC centre, a Karachi cell, and outsiders (police, prosecutor, NPB, analyst,
administrators)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import clock
from hifazat.places.models import Facility
from tests.crisis_cells.helpers import staff
from tests.factories import make_agency


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 for ~20 users per test is slow on a shared machine; hashing is not tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cell(places):
    """Staff of a Lahore crisis cell (and of two other cells) plus outsiders."""
    lhr = make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"])
    khi = make_agency(AgencyKind.CRISIS_CELL, places["hosp_khi"])
    vawc_facility = Facility.objects.create(code="VAWC-MUL", kind="vawc_centre",
                                            name_en="VAWC Multan", name_ur="مرکز ملتان",
                                            district=places["MUL"])
    vawc = make_agency(AgencyKind.VAWC_CENTRE, vawc_facility)
    ps = make_agency(AgencyKind.POLICE_STATION, places["ps_lhr"])
    w = {
        "agency": lhr, "other_agency": khi, "vawc_agency": vawc, "ps_agency": ps,
        "places": places,
        "doctor": staff(lhr, Role.CELL_DOCTOR), "wmlo": staff(lhr, Role.WMLO),
        "counsellor": staff(lhr, Role.CELL_COUNSELLOR),
        "legal": staff(lhr, Role.CELL_LEGAL_ADVISER),
        "incharge": staff(lhr, Role.CELL_IN_CHARGE),
        "other_doctor": staff(khi, Role.CELL_DOCTOR),
        "other_incharge": staff(khi, Role.CELL_IN_CHARGE),
        "vawc_counsellor": staff(vawc, Role.CELL_COUNSELLOR),
        "vawc_incharge": staff(vawc, Role.CELL_IN_CHARGE),
        "police": staff(ps, Role.POLICE_STATION_OFFICER),
        "io": staff(make_agency(AgencyKind.SSOIU, places["ps_lhr"]),
                    Role.INVESTIGATING_OFFICER),
        "prosecutor": staff(make_agency(AgencyKind.PROSECUTION, places["ps_lhr"]),
                            Role.PROSECUTOR),
        "npb": staff(make_agency(AgencyKind.NPB, places["npb"]), Role.NPB_REGISTRAR),
        "analyst": staff(make_agency(AgencyKind.COMMITTEE, places["npb"]),
                         Role.COMMITTEE_ANALYST),
        "cell_admin": staff(lhr, Role.AGENCY_ADMIN),
        "sysadmin": staff(make_agency(AgencyKind.SYSTEM, code="SYSTEM"), Role.SYSTEM_ADMIN),
    }
    return w


@pytest.fixture
def survivor(people):
    """A synthetic adult woman (never a real person)."""
    return people.person("F", min_age=20, max_age=40)


@pytest.fixture
def opened(cell, survivor):
    """An open case at the Lahore cell with identity and an incident 10 hours ago."""
    from hifazat.crisis_cells import services

    case = services.open_case(
        user=cell["doctor"], arrival_route="walk_in", sex="F", age=24,
        name=survivor.full_name(), cnic=survivor.cnic, phone=survivor.phone,
        address=survivor.address,
    )
    services.record_incident(user=cell["doctor"], case=case,
                             occurred_at=clock.now() - timedelta(hours=10),
                             district=cell["places"]["LHR"], kind="rape",
                             relationship="stranger",
                             perpetrator_particulars="Tall man, black car")
    case.refresh_from_db()
    return case
