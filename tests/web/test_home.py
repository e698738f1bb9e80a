"""The home page: a committee analyst is told plainly that oversight is not built yet."""

from __future__ import annotations

import pytest

from hifazat.accounts.roles import AgencyKind, Role
from tests.factories import give_role, make_agency, make_user, verified_client

pytestmark = pytest.mark.django_db


def _analyst():
    user = make_user(make_agency(AgencyKind.COMMITTEE))
    give_role(user, Role.COMMITTEE_ANALYST)
    return user


def test_committee_analyst_home_says_oversight_is_coming_and_whom_to_ask(client):
    page = verified_client(client, _analyst()).get("/").content.decode()
    assert "Oversight figures are not available yet" in page
    assert "never a person" in page
    assert "register supervisor or your system administrator" in page


def test_committee_analyst_home_in_urdu(client):
    verified_client(client, _analyst())
    client.cookies["hifazat_language"] = "ur"
    page = client.get("/").content.decode()
    assert 'id="oversight-title"' in page
    assert "Oversight figures are not available yet" not in page


def test_other_roles_are_not_told_about_oversight(client, cell_agency):
    doctor = make_user(cell_agency)
    give_role(doctor, Role.CELL_DOCTOR)
    page = verified_client(client, doctor).get("/").content.decode()
    assert "oversight-title" not in page
