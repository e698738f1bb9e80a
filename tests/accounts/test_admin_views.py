"""Agency administrators' pages: own agency only, every endpoint denies others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hifazat.accounts.models import RoleAssignment, User
from hifazat.accounts.roles import Role
from tests.factories import give_role, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(cell_agency):
    user = make_user(cell_agency, username="cell.admin")
    give_role(user, Role.AGENCY_ADMIN)
    return user


def test_admin_lists_only_own_agency(client, admin, cell_agency, other_cell_agency):
    mine = make_user(cell_agency, username="mine")
    make_user(other_cell_agency, username="theirs")
    page = verified_client(client, admin).get(reverse("accounts:users"))
    assert page.status_code == 200
    assert b"mine" in page.content and b"theirs" not in page.content
    assert str(mine.pk).encode() in page.content


def test_admin_cannot_open_other_agencys_user(client, admin, other_cell_agency):
    theirs = make_user(other_cell_agency)
    verified_client(client, admin)
    assert client.get(reverse("accounts:user_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("accounts:user_detail", args=[999_999])).status_code == 404
    response = client.post(reverse("accounts:user_action", args=[theirs.pk, "deactivate"]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_admin_creates_user_and_grants_role(client, admin, cell_agency):
    verified_client(client, admin)
    response = client.post(reverse("accounts:user_create"), {
        "username": "night.doctor", "display_name": "Dr Night", "email": "",
    })
    # The activation link is shown this once (no password chosen by the administrator).
    assert response.status_code == 200 and b"/accounts/activate/" in response.content
    assert response["Cache-Control"] == "no-store"
    user = User.objects.get(username="night.doctor")
    assert user.agency == cell_agency and not user.has_usable_password()
    response = client.post(reverse("accounts:user_detail", args=[user.pk]), {
        "role": Role.CELL_DOCTOR, "scope": "facility", "facility": cell_agency.facility.pk,
    })
    assert response.status_code == 302
    grant = RoleAssignment.objects.get(user=user, role=Role.CELL_DOCTOR)
    assert grant.status == RoleAssignment.Status.PENDING


@pytest.mark.parametrize("data,message", [
    ({"username": "a", "display_name": "x"}, b"Use 3 to 40"),
    ({"username": "ok.name", "display_name": "x", "email": "not-an-address"}, b"e-mail"),
    ({"username": "cell.admin", "display_name": "x"}, b"taken"),
    ({"username": "x" * 5000, "display_name": "y" * 5000, "email": "z" * 5000}, b"problem"),
])
def test_bad_user_form_input_is_a_clear_400(client, admin, data, message):
    response = verified_client(client, admin).post(reverse("accounts:user_create"), data)
    assert response.status_code == 400
    assert message in response.content
    assert User.objects.count() == 1


def test_role_form_rejects_other_agencys_roles(client, admin, cell_agency):
    user = make_user(cell_agency)
    response = verified_client(client, admin).post(
        reverse("accounts:user_detail", args=[user.pk]),
        {"role": Role.NPB_REGISTRAR, "scope": "national"},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_revoke_with_garbage_assignment_id_is_404(client, admin, cell_agency):
    user = make_user(cell_agency)
    response = verified_client(client, admin).post(
        reverse("accounts:user_action", args=[user.pk, "revoke-role"]), {"assignment": "x'1"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name,args", [
    ("accounts:users", []), ("accounts:user_create", []), ("accounts:user_detail", [1]),
])
def test_admin_pages_deny_non_admins_and_anonymous(client, cell_agency, name, args):
    url = reverse(name, args=args)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous.url
    doctor = make_user(cell_agency)
    give_role(doctor, Role.CELL_DOCTOR)
    assert verified_client(client, doctor).get(url).status_code == 403


def test_system_admin_creates_agency_admin_in_any_agency(client, system_agency, other_cell_agency):
    sysadmin = make_user(system_agency, username="root.admin")
    give_role(sysadmin, Role.SYSTEM_ADMIN)
    verified_client(client, sysadmin)
    page = client.get(reverse("accounts:user_create"))
    assert page.status_code == 200 and b'name="agency"' in page.content
    response = client.post(reverse("accounts:user_create"), {
        "agency": other_cell_agency.pk, "username": "khi.admin", "display_name": "Admin",
    })
    assert response.status_code == 200
    assert User.objects.get(username="khi.admin").agency == other_cell_agency


def test_agency_admin_cannot_pick_another_agency(client, admin, other_cell_agency):
    verified_client(client, admin)
    assert b'name="agency"' not in client.get(reverse("accounts:user_create")).content
    response = client.post(reverse("accounts:user_create"), {
        "agency": other_cell_agency.pk, "username": "sneaky", "display_name": "S",
    })
    # Their form has no agency field: naming one is refused (400 naming it), not dropped.
    assert response.status_code == 400 and b"agency" in response.content
    assert not User.objects.filter(username="sneaky").exists()


def test_viewing_a_user_is_audited(client, admin, cell_agency):
    from hifazat.audit.models import AuditEvent

    user = make_user(cell_agency)
    verified_client(client, admin).get(reverse("accounts:user_detail", args=[user.pk]))
    event = AuditEvent.objects.get(action="accounts.user_viewed")
    assert event.actor_id == admin.pk and event.object_id == str(user.pk)
