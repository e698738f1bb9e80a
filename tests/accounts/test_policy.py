"""Policy table for accounts: role x action x agency -> allowed. Deny by default."""

from __future__ import annotations

import pytest

from hifazat.accounts.models import User
from hifazat.accounts.roles import ROLE_SPECS, AgencyKind, Role
from hifazat.core import permissions
from tests.factories import give_role, make_agency, make_user

pytestmark = pytest.mark.django_db

AGENCY_FOR_ROLE = {
    role: sorted(spec.agency_kinds)[0] for role, spec in ROLE_SPECS.items()
}


def _verified(user: User) -> User:
    user.is_verified = lambda: True
    return user


@pytest.fixture
def world(places):
    facilities = {
        AgencyKind.CRISIS_CELL: places["hosp_lhr"],
        AgencyKind.VAWC_CENTRE: places["hosp_lhr"],
        AgencyKind.POLICE_STATION: places["ps_lhr"],
    }
    agencies = {}
    for kind in AgencyKind:
        agencies[kind] = make_agency(kind, facilities.get(kind, places["ps_lhr"]))
    return agencies


def _user_with(world, role: str) -> User:
    agency = world[AGENCY_FOR_ROLE[role]]
    user = make_user(agency)
    give_role(user, role)
    return _verified(User.objects.get(pk=user.pk))


ALL_ROLES = sorted(ROLE_SPECS)
LIST_ALLOWED = {Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_users_table(world, role):
    user = _user_with(world, role)
    assert permissions.can(user, "accounts.list_users") is (role in LIST_ALLOWED)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("same_agency", [True, False])
def test_manage_user_table(world, role, same_agency):
    actor = _user_with(world, role)
    other_kind = AgencyKind.PRISON if actor.agency.kind != AgencyKind.PRISON else AgencyKind.NPB
    target_agency = actor.agency if same_agency else world[other_kind]
    target = make_user(target_agency)
    expected = role == Role.SYSTEM_ADMIN or (role == Role.AGENCY_ADMIN and same_agency)
    assert permissions.can(actor, "accounts.manage_user", target) is expected
    assert permissions.can(actor, "accounts.manage_user", target_agency) is expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_manage_agencies_only_system_admin(world, role):
    user = _user_with(world, role)
    assert permissions.can(user, "accounts.manage_agencies") is (role == Role.SYSTEM_ADMIN)


def test_admin_without_second_factor_is_denied(world):
    admin = User.objects.get(pk=_user_with(world, Role.AGENCY_ADMIN).pk)  # no is_verified
    assert admin.requires_second_factor()
    assert not permissions.can(admin, "accounts.list_users")
    assert permissions.can(admin, "accounts.enrol_second_factor", admin)


def test_unknown_action_anonymous_and_inactive_are_denied(world):
    from django.contrib.auth.models import AnonymousUser

    admin = _user_with(world, Role.SYSTEM_ADMIN)
    assert not permissions.can(admin, "no.such.action")
    assert not permissions.can(AnonymousUser(), "accounts.list_users")
    admin.is_active = False
    assert not permissions.can(admin, "accounts.list_users")


def test_user_scope_is_own_agency_for_agency_admin(world):
    admin = _user_with(world, Role.AGENCY_ADMIN)
    mine = make_user(admin.agency)
    theirs = make_user(world[AgencyKind.PRISON])
    visible = set(permissions.scoped(admin, "accounts.list_users", User.objects.all()))
    assert mine in visible and admin in visible
    assert theirs not in visible
    doctor = _user_with(world, Role.CELL_DOCTOR)
    assert not permissions.scoped(doctor, "accounts.list_users", User.objects.all()).exists()


def test_every_role_but_analyst_needs_second_factor(world):
    for role in ALL_ROLES:
        user = _user_with(world, role)
        assert user.requires_second_factor() is (role != Role.COMMITTEE_ANALYST), role


def test_system_admin_holds_no_case_data_role():
    from hifazat.accounts.roles import CASE_DATA_ROLES

    assert Role.SYSTEM_ADMIN not in CASE_DATA_ROLES
    assert ROLE_SPECS[Role.SYSTEM_ADMIN].agency_kinds == {AgencyKind.SYSTEM}


def test_one_action_one_rule():
    with pytest.raises(permissions.PolicyConflict):
        permissions.rule("accounts.list_users")(lambda user, obj: True)
