"""Account writes: scoped to the admin's agency, validated, atomic, audited."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts import services
from hifazat.accounts.errors import (
    CannotChangeSelf,
    InvalidAccountDetails,
    OutsideOwnAgency,
    RoleNotAllowed,
)
from hifazat.accounts.models import RoleAssignment, User
from hifazat.accounts.roles import Role, Scope
from hifazat.audit.models import AuditEvent
from tests.factories import PASSWORD, give_role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(cell_agency):
    user = make_user(cell_agency)
    give_role(user, Role.AGENCY_ADMIN, scope=Scope.FACILITY)
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


@pytest.fixture
def second_admin(cell_agency):
    user = make_user(cell_agency)
    give_role(user, Role.AGENCY_ADMIN, scope=Scope.FACILITY)
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


def test_admin_creates_user_in_own_agency_and_it_is_audited(admin, cell_agency):
    user = services.create_user(actor=admin, agency=cell_agency, username="new.doctor",
                                display_name="Dr Test", email="").user
    assert user.agency == cell_agency and not user.has_usable_password()
    event = AuditEvent.objects.get(action="accounts.user_created")
    assert event.actor_id == admin.pk and event.object_id == str(user.pk)
    assert event.purpose == "administration"


def test_admin_cannot_create_user_in_another_agency(admin, other_cell_agency):
    with pytest.raises(OutsideOwnAgency):
        services.create_user(actor=admin, agency=other_cell_agency, username="intruder",
                             display_name="X", email="")
    assert not User.objects.filter(username="intruder").exists()
    assert not AuditEvent.objects.filter(action="accounts.user_created").exists()


def test_weak_password_is_refused_on_activation_and_nothing_is_written(admin, cell_agency):
    activation = services.create_user(actor=admin, agency=cell_agency, username="weak",
                                      display_name="W", email="")
    with pytest.raises(InvalidAccountDetails) as refused:
        services.complete_activation(token=activation.token, password="12345678",
                                     password_again="12345678", code="000000")
    assert "password" in refused.value.fields
    assert not User.objects.get(username="weak").has_usable_password()


def test_grant_role_checks_agency_kind_and_jurisdiction(admin, second_admin, cell_agency,
                                                        places):
    user = make_user(cell_agency)
    with pytest.raises(RoleNotAllowed):
        services.grant_role(actor=admin, user=user, role=Role.NPB_REGISTRAR,
                            scope=Scope.NATIONAL)
    with pytest.raises(RoleNotAllowed):  # cell roles are facility-level only
        services.grant_role(actor=admin, user=user, role=Role.CELL_DOCTOR,
                            scope=Scope.DISTRICT, district=places["LHR"])
    with pytest.raises(RoleNotAllowed):  # facility level needs a facility
        services.grant_role(actor=admin, user=user, role=Role.CELL_DOCTOR, scope=Scope.FACILITY)
    assert not RoleAssignment.objects.filter(user=user).exists()
    assignment = services.grant_role(actor=admin, user=user, role=Role.CELL_DOCTOR,
                                     scope=Scope.FACILITY, facility=places["hosp_lhr"])
    assert not user.has_role(Role.CELL_DOCTOR)  # pending: a second administrator approves
    services.approve_grant(actor=second_admin, assignment=assignment)
    user = User.objects.get(pk=user.pk)
    assert user.has_role(Role.CELL_DOCTOR)
    assert AuditEvent.objects.filter(action="accounts.role_granted",
                                     object_id=str(user.pk)).count() == 1
    services.revoke_role(actor=admin, assignment=RoleAssignment.objects.get(pk=assignment.pk))
    fresh = User.objects.get(pk=user.pk)
    assert not fresh.has_role(Role.CELL_DOCTOR)
    assert RoleAssignment.objects.filter(user=user).count() == 1  # kept as history


def test_admin_cannot_change_own_roles_or_switch_self_off(admin):
    with pytest.raises(CannotChangeSelf):
        services.grant_role(actor=admin, user=admin, role=Role.CELL_DOCTOR,
                            scope=Scope.FACILITY, facility=admin.agency.facility)
    with pytest.raises(CannotChangeSelf):
        services.set_active(actor=admin, user=admin, is_active=False)


def test_reset_access_removes_password_and_devices(admin, cell_agency):
    user = make_user(cell_agency)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    activation = services.reset_access(actor=admin, user=user)
    user.refresh_from_db()
    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert not user.check_password(PASSWORD) and not user.has_usable_password()
    event = AuditEvent.objects.get(action="accounts.access_reset")
    assert activation.token not in str(event.details)


def test_admin_cannot_touch_user_of_another_agency(admin, other_cell_agency):
    stranger = make_user(other_cell_agency)
    for call in (
        lambda: services.set_active(actor=admin, user=stranger, is_active=False),
        lambda: services.reset_access(actor=admin, user=stranger),
    ):
        with pytest.raises(OutsideOwnAgency):
            call()
    stranger.refresh_from_db()
    assert stranger.is_active
    assert TOTPDevice.objects.filter(user=stranger).exists()
