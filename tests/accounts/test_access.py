"""accounts.access: managed users and their role assignments are fetched and checked in
one place, with core NotFound for missing and forbidden alike; accounts' write forms
refuse unknown fields; full names go through the validation kernel."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hifazat.accounts import services
from hifazat.accounts.access import access_managed_user, access_role_assignment
from hifazat.accounts.errors import InvalidAccountDetails
from hifazat.accounts.models import RoleAssignment, User
from hifazat.accounts.roles import Role
from hifazat.audit.models import AuditEvent
from hifazat.core.errors import NotFound
from tests.factories import PASSWORD, give_role, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(cell_agency):
    user = make_user(cell_agency, username="cell.admin")
    give_role(user, Role.AGENCY_ADMIN)
    return user


@pytest.fixture
def verified_admin(admin):
    """The administrator as a service call sees them: second factor passed."""
    user = User.objects.get(pk=admin.pk)
    user.is_verified = lambda: True
    return user


def test_access_managed_user_answers_own_agency_only(verified_admin, cell_agency,
                                                    other_cell_agency):
    mine = make_user(cell_agency)
    theirs = make_user(other_cell_agency)
    assert access_managed_user(user=verified_admin, user_id=mine.pk) == mine
    for user_id in (theirs.pk, 999_999, "x'1", None):
        with pytest.raises(NotFound):
            access_managed_user(user=verified_admin, user_id=user_id)


def test_access_managed_user_audits_the_read_only_with_a_purpose(verified_admin, cell_agency):
    mine = make_user(cell_agency)
    access_managed_user(user=verified_admin, user_id=mine.pk)
    assert not AuditEvent.objects.filter(action="accounts.user_viewed").exists()
    access_managed_user(user=verified_admin, user_id=mine.pk, purpose="administration")
    assert AuditEvent.objects.filter(action="accounts.user_viewed",
                                     object_id=str(mine.pk)).count() == 1


def test_a_non_admin_gets_not_found_for_a_colleague(cell_agency):
    doctor = make_user(cell_agency)
    give_role(doctor, Role.CELL_DOCTOR)
    doctor = User.objects.get(pk=doctor.pk)
    doctor.is_verified = lambda: True
    colleague = make_user(cell_agency)
    with pytest.raises(NotFound):
        access_managed_user(user=doctor, user_id=colleague.pk)


def test_role_assignment_of_another_user_is_not_found(verified_admin, cell_agency):
    one, other = make_user(cell_agency), make_user(cell_agency)
    give_role(other, Role.CELL_DOCTOR)
    assignment = RoleAssignment.objects.get(user=other)
    with pytest.raises(NotFound):
        access_role_assignment(user=verified_admin, assignment_id=assignment.pk, holder_id=one.pk)
    assert access_role_assignment(user=verified_admin, assignment_id=assignment.pk,
                                  holder_id=other.pk) == assignment


def test_missing_and_other_agency_user_pages_are_the_same_404(client, admin, other_cell_agency):
    theirs = make_user(other_cell_agency)
    verified_client(client, admin)
    forbidden = client.get(reverse("accounts:user_detail", args=[theirs.pk]))
    missing = client.get(reverse("accounts:user_detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert _page(forbidden, theirs.pk) == _page(missing, 999_999)


def _page(response, pk) -> str:
    """The page without what differs per request: the CSRF token and the address."""
    text = response.content.decode()
    text = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", text)
    return text.replace(f"/users/{pk}/", "/users/ID/")


def test_revoking_another_agencys_role_is_404_and_changes_nothing(client, admin,
                                                                 other_cell_agency):
    theirs = make_user(other_cell_agency)
    give_role(theirs, Role.CELL_DOCTOR)
    assignment = RoleAssignment.objects.get(user=theirs)
    response = verified_client(client, admin).post(
        reverse("accounts:user_action", args=[theirs.pk, "revoke-role"]),
        {"assignment": assignment.pk})
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.revoked_at is None


@pytest.mark.parametrize("name", ["accounts:user_create", "accounts:user_detail"])
def test_write_forms_refuse_an_unknown_field_naming_it(client, admin, cell_agency, name):
    target = make_user(cell_agency)
    url = reverse(name, args=[target.pk] if name == "accounts:user_detail" else [])
    data = ({"username": "new.one", "display_name": "Ayesha Bibi"}
            if name == "accounts:user_create" else {"role": Role.CELL_DOCTOR, "scope": "facility",
                                                    "facility": cell_agency.facility.pk})
    response = verified_client(client, admin).post(url, {**data, "is_superuser": "on"})
    assert response.status_code == 400
    assert b"is_superuser" in response.content
    assert not User.objects.filter(username="new.one").exists()
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_sign_in_refuses_an_unknown_field_but_keeps_next(client, cell_agency):
    user = make_user(cell_agency, username="someone")
    url = reverse("accounts:login")
    refused = client.post(url, {"username": "someone", "password": PASSWORD, "next": "/",
                                "is_staff": "1"})
    assert refused.status_code == 400 and b"is_staff" in refused.content
    signed_in = client.post(url, {"username": user.username, "password": PASSWORD,
                                  "next": "/"})
    assert signed_in.status_code == 302


@pytest.mark.parametrize("name", ["Ayesha \u202eibiB hsiA", "Ali <b>Khan</b>", "Ali 😀",
                                  "Aliعلی Khan"])
def test_full_name_goes_through_the_validation_kernel(client, admin, name):
    response = verified_client(client, admin).post(reverse("accounts:user_create"), {
        "username": "new.one", "display_name": name})
    assert response.status_code == 400
    assert not User.objects.filter(username="new.one").exists()


def test_create_user_service_rechecks_the_full_name(verified_admin, cell_agency):
    with pytest.raises(InvalidAccountDetails) as refused:
        services.create_user(actor=verified_admin, agency=cell_agency, username="new.one",
                             display_name="Ayesha \u202eibiB hsiA", email="")
    assert "display_name" in refused.value.fields
    user = services.create_user(actor=verified_admin, agency=cell_agency, username="urdu.name",
                                display_name="  عائشہ  بی بی ", email="").user
    assert user.display_name == "عائشہ بی بی"


def test_staff_sex_is_recorded_for_the_female_officer_rule(verified_admin, cell_agency):
    with pytest.raises(InvalidAccountDetails) as refused:
        services.create_user(actor=verified_admin, agency=cell_agency, username="new.two",
                             display_name="Ayesha Bibi", email="", sex="woman")
    assert "sex" in refused.value.fields
    user = services.create_user(actor=verified_admin, agency=cell_agency, username="new.three",
                                display_name="Ayesha Bibi", email="", sex="F").user
    assert user.sex == "F"
