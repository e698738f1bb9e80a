"""Who may do what with the register: role × action, deny by default."""

from __future__ import annotations

import pytest

from hifazat.accounts.roles import ROLE_SPECS, AgencyKind, Role
from hifazat.core import permissions
from tests.factories import give_role, make_agency, make_user
from tests.register.helpers import verified

pytestmark = pytest.mark.django_db

ACTIONS = ["register.propose", "register.verify", "register.search", "register.retrieve",
           "register.view_proposals", "register.review_flags", "register.manage_requests",
           "register.review_removal", "register.set_photo", "register.check_suspect"]
ALLOWED = {
    Role.PROSECUTOR: {"register.propose", "register.search", "register.retrieve",
                      "register.view_proposals"},
    Role.NPB_REGISTRAR: {"register.verify", "register.search", "register.retrieve",
                         "register.view_proposals", "register.manage_requests",
                         "register.review_removal", "register.set_photo",
                         "register.check_suspect"},
    Role.NPB_SUPERVISOR: {"register.search", "register.retrieve", "register.review_flags"},
    Role.INVESTIGATING_OFFICER: {"register.search", "register.retrieve", "register.set_photo",
                                 "register.check_suspect"},
    Role.POLICE_STATION_OFFICER: {"register.search", "register.retrieve",
                                  "register.set_photo", "register.check_suspect"},
    Role.PRISON_OFFICER: {"register.search", "register.retrieve"},
}
AGENCY = {Role.PROSECUTOR: AgencyKind.PROSECUTION, Role.NPB_REGISTRAR: AgencyKind.NPB,
          Role.NPB_SUPERVISOR: AgencyKind.NPB, Role.INVESTIGATING_OFFICER: AgencyKind.SSOIU,
          Role.POLICE_STATION_OFFICER: AgencyKind.POLICE_STATION,
          Role.PRISON_OFFICER: AgencyKind.PRISON, Role.CELL_DOCTOR: AgencyKind.CRISIS_CELL,
          Role.CELL_IN_CHARGE: AgencyKind.CRISIS_CELL, Role.WMLO: AgencyKind.CRISIS_CELL,
          Role.COMMITTEE_ANALYST: AgencyKind.COMMITTEE,
          Role.AGENCY_ADMIN: AgencyKind.CRISIS_CELL, Role.SYSTEM_ADMIN: AgencyKind.SYSTEM}


@pytest.mark.parametrize("role", sorted(AGENCY))
def test_policy_matrix(places, role):
    scope = sorted(ROLE_SPECS[role].scopes)[0]
    facility = None if scope == "national" else places["ps_lhr"]
    user = make_user(make_agency(AGENCY[role], facility))
    give_role(user, role, scope=scope)
    user = verified(user)
    for action in ACTIONS:
        assert permissions.can(user, action) == (action in ALLOWED.get(role, set())), \
            (role, action)


def test_nobody_acts_on_the_register_without_the_second_factor(places):
    user = make_user(make_agency(AgencyKind.NPB, places["npb"]))
    give_role(user, Role.NPB_REGISTRAR, scope="national")
    assert not any(permissions.can(user, action) for action in ACTIONS)
