"""The deadline registry as administrators see it, and its integrity."""

from __future__ import annotations

import pytest
from django.utils.module_loading import import_string

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import deadlines
from tests.factories import give_role, make_agency, make_user, verified_client

# Every window the issue names is declared (by its setting).
EXPECTED_SETTINGS = {
    "CELL_PEP_WINDOW_HOURS", "CELL_EC_WINDOW_HOURS", "RELEASE_REPORT_DAYS",
    "CHANGE_REPORT_DAYS", "FOREIGN_TRAVEL_NOTICE_DAYS", "COMPLIANCE_INTERVAL_DAYS",
    "RELEASE_NOTICE_ACK_HOURS", "ABSCOND_AFTER_DAYS",
}


def test_every_named_window_is_declared_once_with_source_and_reader():
    declared = deadlines.all_deadlines()
    settings_named = [d.setting for d in declared]
    assert set(settings_named) >= EXPECTED_SETTINGS
    assert len(settings_named) == len(set(settings_named))
    for deadline in declared:
        assert str(deadline.label) and str(deadline.source) and str(deadline.told), deadline
        assert deadline.default > 0


def test_every_overdue_query_names_a_real_selector():
    for deadline in deadlines.all_deadlines():
        if deadline.overdue:
            assert callable(import_string(deadline.overdue)), deadline.name


def test_no_default_is_repeated_in_settings():
    from django.conf import settings as django_settings

    # The registry holds the default; settings.py may not carry a second copy.
    for deadline in deadlines.all_deadlines():
        assert not hasattr(django_settings, deadline.setting), deadline.setting


@pytest.mark.django_db
@pytest.mark.parametrize("lang, heading", [("en", "Deadlines"), ("ur", "مہلتیں")])
def test_administrators_see_every_deadline_in_both_languages(client, places, lang, heading):
    admin = make_user(make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"]))
    give_role(admin, Role.AGENCY_ADMIN)
    verified_client(client, admin)
    client.cookies["hifazat_language"] = lang
    response = client.get("/deadlines/")
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    for deadline in deadlines.all_deadlines():
        assert deadline.setting in page
    assert "CELL_PEP_WINDOW_HOURS" in page and ">72 " in page


@pytest.mark.django_db
def test_staff_without_an_administrator_role_may_not_see_it(client, places):
    doctor = make_user(make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"]))
    give_role(doctor, Role.CELL_DOCTOR)
    verified_client(client, doctor)
    assert client.get("/deadlines/").status_code == 403
