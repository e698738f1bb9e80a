"""The template helper that shows a button only when the permission API allows it."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from hifazat.accounts.roles import AgencyKind, Role
from tests.factories import give_role, make_agency, make_user

TEMPLATE = Template('{% load hifazat %}{% can "web.view_deadlines" as may %}'
                    '{% if may %}<a href="/deadlines/">Deadlines</a>{% endif %}')


def _render(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    user.is_verified = lambda: True
    return TEMPLATE.render(Context({"request": request}))


@pytest.mark.django_db
def test_the_link_shows_only_for_a_user_the_permission_api_allows(places):
    agency = make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"])
    admin, doctor = make_user(agency), make_user(agency)
    give_role(admin, Role.AGENCY_ADMIN)
    give_role(doctor, Role.CELL_DOCTOR)
    assert "Deadlines" in _render(admin)
    assert "Deadlines" not in _render(doctor)
