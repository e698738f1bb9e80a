"""Fixtures of the oversight tests: the justice tests' Lahore and Multan chains and
Lahore cell, a Karachi cell, and committee analysts (national, Punjab, Sindh)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hifazat.accounts.roles import AgencyKind, Role, Scope
from hifazat.core import clock
from tests.crisis_cells.helpers import staff
from tests.factories import give_role, make_agency, make_user
from tests.justice.conftest import justice  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(justice):  # noqa: F811
    places = justice["places"]
    khi = make_agency(AgencyKind.CRISIS_CELL, places["hosp_khi"])
    committee = make_agency(AgencyKind.COMMITTEE, places["npb"])

    def analyst(scope, target=None):
        user = make_user(committee, with_device=False)
        give_role(user, Role.COMMITTEE_ANALYST, scope=scope, target=target)
        return user

    return {**justice, "khi_cell": khi, "khi_doctor": staff(khi, Role.CELL_DOCTOR),
            "national": analyst(Scope.NATIONAL),
            "punjab": analyst(Scope.PROVINCE, places["LHR"].province),
            "sindh": analyst(Scope.PROVINCE, places["KHI"].province)}


def open_case(world, *, doctor=None, kind="rape", consent=False, age=24, sex="F",
              hours_after_incident=10, arrived_days_ago=0, pep=False):
    """A case at the doctor's cell (Lahore by default) through the cell's services."""
    from hifazat.crisis_cells import services as cells

    doctor = doctor or world["doctor"]
    arrived = clock.now() - timedelta(days=arrived_days_ago)
    guardian = {"name": "Guardian Person", "relationship": "mother"} if age < 18 else None
    case = cells.open_case(user=doctor, arrival_route="walk_in", sex=sex, age=age,
                           arrived_at=arrived, guardian=guardian)
    district = doctor.agency.district
    cells.record_incident(user=doctor, case=case,
                          occurred_at=arrived - timedelta(hours=hours_after_incident),
                          district=district, kind=kind, relationship="stranger")
    if consent:
        cells.record_consent(user=doctor, case=case, use="anonymous_statistics",
                             is_given=True, given_by="guardian" if age < 18 else "survivor")
    if pep:
        cells.record_medical_care(user=doctor, case=case, kind="pep", given_at=arrived,
                                  description="PEP starter pack, 3 days")
    case.refresh_from_db()
    return case
