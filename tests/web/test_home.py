"""The home page: a committee analyst is pointed at the oversight tables."""

from __future__ import annotations

import pytest

from hifazat.accounts.roles import AgencyKind, Role
from tests.factories import give_role, make_agency, make_user, verified_client

pytestmark = pytest.mark.django_db


def _analyst():
    user = make_user(make_agency(AgencyKind.COMMITTEE))
    give_role(user, Role.COMMITTEE_ANALYST)
    return user


def test_committee_analyst_home_points_at_the_oversight_tables(client):
    page = verified_client(client, _analyst()).get("/").content.decode()
    assert "Oversight figures" in page
    assert "never a person" in page
    assert 'href="/oversight/"' in page


def test_committee_analyst_home_in_urdu(client):
    verified_client(client, _analyst())
    client.cookies["hifazat_language"] = "ur"
    page = client.get("/").content.decode()
    assert 'id="oversight-title"' in page
    assert "Open the oversight tables" not in page


def test_other_roles_are_not_told_about_oversight(client, cell_agency):
    doctor = make_user(cell_agency)
    give_role(doctor, Role.CELL_DOCTOR)
    page = verified_client(client, doctor).get("/").content.decode()
    assert "oversight-title" not in page
