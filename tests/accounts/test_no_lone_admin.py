"""Issue 11, item 1: no single administrator can reach survivor identities.

Activation links (the person sets their own password and authenticator), four eyes on
every grant of a role that sees personal data (with notices to the agency's
supervisors), the system administrator kept apart from case-data roles, and the
session key rotated when the second factor passes."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts import services
from hifazat.accounts.errors import (
    ActivationInvalid,
    NotAnApprover,
    OutsideOwnAgency,
    SystemAdminSeparation,
)
from hifazat.accounts.models import RoleAssignment, User
from hifazat.accounts.roles import Role, Scope
from hifazat.audit.models import AuditEvent
from hifazat.core.lifecycle import LIFECYCLES
from hifazat.notices.models import Notice
from tests.factories import PASSWORD, give_role, make_agency, make_user, verified_client

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
NEW_PASSWORD = "my-own-secret-phrase-42"


def code_for(device: TOTPDevice) -> str:
    device = TOTPDevice.objects.get(pk=device.pk)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _verified(user):
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


@pytest.fixture
def sysadmin(system_agency):
    user = make_user(system_agency, username="root.admin")
    give_role(user, Role.SYSTEM_ADMIN)
    return _verified(user)


@pytest.fixture
def cell_admin(cell_agency):
    user = make_user(cell_agency, username="cell.admin")
    give_role(user, Role.AGENCY_ADMIN)
    return _verified(user)


@pytest.fixture
def in_charge(cell_agency):
    user = make_user(cell_agency, username="cell.head")
    give_role(user, Role.CELL_IN_CHARGE)
    return user


def _activate(client, token, password=NEW_PASSWORD):
    url = reverse("accounts:activate", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user__activation_digest__gt="", confirmed=False,
                                    user=services.activation_holder(token))
    return client.post(url, {"password": password, "password_again": password,
                             "code": code_for(device)})


# --- The attack of the issue ----------------------------------------------------------


def test_the_issues_attack_a_lone_system_administrator_cannot_reach_case_data(
        client, sysadmin, cell_agency, cell_admin):
    """Sysadmin creates a cell user, grants cell_in_charge and tries to become it."""
    activation = services.create_user(actor=sysadmin, agency=cell_agency,
                                      username="mole", display_name="Mole Person", email="")
    mole = activation.user
    # No password was chosen by (or is known to) the administrator.
    assert not mole.has_usable_password()
    assert client.post(LOGIN, {"username": "mole", "password": PASSWORD}).status_code == 200
    assert "_auth_user_id" not in client.session
    grant = services.grant_role(actor=sysadmin, user=mole, role=Role.CELL_IN_CHARGE,
                                scope=Scope.FACILITY, facility=cell_agency.facility)
    assert grant.status == RoleAssignment.Status.PENDING
    # The granter cannot approve it: not the system administrator, nor anyone.
    with pytest.raises(NotAnApprover):
        services.approve_grant(actor=sysadmin, assignment=grant)
    # Even using the link shown to them, they reach an account with no role in force.
    assert _activate(client, activation.token).status_code == 302
    client.post(LOGIN, {"username": "mole", "password": NEW_PASSWORD})
    client.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user=mole))})
    assert not User.objects.get(pk=mole.pk).has_role(Role.CELL_IN_CHARGE)
    assert client.get(reverse("crisis_cells:cases")).status_code in (403, 404)
    # ...and the cell's own administrator was told of the grant.
    told = Notice.objects.get(kind="accounts.role_grant", recipients__user=cell_admin)
    # ...in the language each reader reads (kind + parameters), English as stored.
    assert told.subject.startswith("Role granted, awaiting a second administrator")
    with translation.override("ur"):
        assert "Role granted" not in told.subject_text and told.subject_text
        assert "second administrator" not in told.body_text


# --- Activation links -----------------------------------------------------------------


def test_the_holder_sets_their_own_password_and_authenticator(client, cell_admin,
                                                               cell_agency):
    activation = services.create_user(actor=cell_admin, agency=cell_agency,
                                      username="new.doctor", display_name="Dr New", email="")
    assert not TOTPDevice.objects.filter(user=activation.user).exists()
    response = _activate(client, activation.token)
    assert response.status_code == 302 and response.url == LOGIN
    user = User.objects.get(pk=activation.user.pk)
    assert user.check_password(NEW_PASSWORD) and user.activation_digest == ""
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEvent.objects.filter(action="accounts.activated", actor_id=user.pk).exists()
    # Single use: the link is dead now.
    again = client.get(reverse("accounts:activate", args=[activation.token]))
    assert again.status_code == 404 and b"not valid" in again.content


def test_a_wrong_code_or_weak_password_changes_nothing(client, cell_admin, cell_agency):
    activation = services.create_user(actor=cell_admin, agency=cell_agency,
                                      username="new.doctor", display_name="Dr New", email="")
    url = reverse("accounts:activate", args=[activation.token])
    client.get(url)
    device = TOTPDevice.objects.get(user=activation.user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD,
                                 "code": wrong})
    assert response.status_code == 400
    response = client.post(url, {"password": "short", "password_again": "short",
                                 "code": "123456"})
    assert response.status_code == 400 and b"too short" in response.content
    user = User.objects.get(pk=activation.user.pk)
    assert not user.has_usable_password() and not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert services.activation_holder(activation.token) == user  # still usable


def test_a_link_expires(cell_admin, cell_agency, settings, monkeypatch):
    settings.ACCOUNTS_ACTIVATION_HOURS = 1
    activation = services.create_user(actor=cell_admin, agency=cell_agency,
                                      username="late", display_name="Late Person", email="")
    later = time.time() + 2 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(ActivationInvalid):
        services.activation_holder(activation.token)


@pytest.mark.parametrize("token", ["", "garbage", "x" * 600, "eyJ1IjoxLCJuIjoieCJ9:1:bad"])
def test_a_forged_link_is_refused(client, token):
    if token:
        assert client.get(reverse("accounts:activate", args=[token])).status_code == 404
    with pytest.raises(ActivationInvalid):
        services.activation_holder(token)


def test_a_reset_invalidates_password_device_sessions_and_the_old_link(
        client, cell_admin, cell_agency):
    first = services.create_user(actor=cell_admin, agency=cell_agency, username="dr.reset",
                                 display_name="Dr Reset", email="")
    second = services.reset_access(actor=cell_admin, user=first.user)
    with pytest.raises(ActivationInvalid):
        services.activation_holder(first.token)
    assert _activate(client, second.token).status_code == 302
    # The holder signs in; the administrator resets; that session is gone.
    holder = User.objects.get(pk=first.user.pk)
    other = client.__class__()
    assert other.post(LOGIN, {"username": "dr.reset", "password": NEW_PASSWORD}
                      ).status_code == 302
    services.reset_access(actor=cell_admin, user=holder)
    assert not TOTPDevice.objects.filter(user=holder).exists()
    assert other.get(VERIFY).status_code == 302  # back to sign-in: signed out
    assert "_auth_user_id" not in other.session


def test_the_link_is_shown_once_or_emailed_and_never_audited(client, cell_agency,
                                                              cell_admin):
    verified_client(client, cell_admin)
    shown = client.post(reverse("accounts:user_create"), {
        "username": "no.mail", "display_name": "No Mail", "email": ""})
    assert shown.status_code == 200 and b"/accounts/activate/" in shown.content
    assert mail.outbox == []
    emailed = client.post(reverse("accounts:user_create"), {
        "username": "with.mail", "display_name": "With Mail", "email": "w@example.org"})
    assert emailed.status_code == 200 and b"/accounts/activate/" not in emailed.content
    for event in AuditEvent.objects.filter(action="accounts.activation_issued"):
        assert "activate" not in str(event.details) and event.details["delivered"] in (
            "shown_once", "email")


def test_the_link_is_emailed_after_commit(cell_admin, cell_agency,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        activation = services.create_user(actor=cell_admin, agency=cell_agency,
                                          username="with.mail", display_name="With Mail",
                                          email="w@example.org", base_url="https://h.example")
    assert activation.emailed
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["w@example.org"]
    assert f"https://h.example{activation.path}" in mail.outbox[0].body


# --- Four eyes ------------------------------------------------------------------------


def test_a_personal_data_grant_waits_for_a_second_administrator(cell_admin, sysadmin,
                                                                 cell_agency, in_charge):
    doctor = make_user(cell_agency, username="dr.x")
    grant = services.grant_role(actor=cell_admin, user=doctor, role=Role.CELL_DOCTOR,
                                scope=Scope.FACILITY, facility=cell_agency.facility)
    assert grant.status == "pending" and not doctor.has_role(Role.CELL_DOCTOR)
    with pytest.raises(NotAnApprover):
        services.approve_grant(actor=cell_admin, assignment=grant)
    approved = services.approve_grant(actor=sysadmin, assignment=grant)
    assert approved.status == "approved" and approved.approved_by == sysadmin
    assert User.objects.get(pk=doctor.pk).has_role(Role.CELL_DOCTOR)
    event = AuditEvent.objects.get(action="accounts.role_grant_approved")
    assert event.details["from"] == "pending" and event.details["to"] == "approved"


def test_the_holder_and_another_agencys_admin_cannot_approve(cell_admin, cell_agency,
                                                             other_cell_agency):
    second = make_user(cell_agency, username="second.admin")
    give_role(second, Role.AGENCY_ADMIN)
    grant = services.grant_role(actor=cell_admin, user=_verified(second),
                                role=Role.CELL_DOCTOR, scope=Scope.FACILITY,
                                facility=cell_agency.facility)
    with pytest.raises(NotAnApprover):
        services.approve_grant(actor=_verified(second), assignment=grant)
    stranger = make_user(other_cell_agency)
    give_role(stranger, Role.AGENCY_ADMIN)
    with pytest.raises(OutsideOwnAgency):
        services.approve_grant(actor=_verified(stranger), assignment=grant)


def test_a_role_without_personal_data_is_in_force_at_once(sysadmin, places):
    committee = make_agency("committee", places["npb"])
    analyst = make_user(committee)
    grant = services.grant_role(actor=sysadmin, user=analyst, role=Role.COMMITTEE_ANALYST,
                                scope=Scope.NATIONAL)
    assert grant.status == "approved" and analyst.has_role(Role.COMMITTEE_ANALYST)


def test_refuse_and_withdraw_end_a_pending_grant(cell_admin, sysadmin, cell_agency):
    doctor = make_user(cell_agency)
    one = services.grant_role(actor=cell_admin, user=doctor, role=Role.CELL_DOCTOR,
                              scope=Scope.FACILITY, facility=cell_agency.facility)
    assert services.refuse_grant(actor=sysadmin, assignment=one).status == "refused"
    two = services.grant_role(actor=cell_admin, user=doctor, role=Role.WMLO,
                              scope=Scope.FACILITY, facility=cell_agency.facility)
    assert services.revoke_role(actor=cell_admin, assignment=two).status == "withdrawn"
    assert not User.objects.get(pk=doctor.pk).role_names()


def test_the_grant_lifecycle_is_declared():
    grant = LIFECYCLES["accounts.role_grant"]
    assert grant.allowed_from("pending") == {"approved", "refused", "withdrawn"}
    assert grant.allowed_from("approved") == {"revoked"}
    assert grant.is_final("refused") and grant.is_final("revoked")


def test_pending_grants_screen_for_eligible_administrators_only(client, cell_admin, sysadmin,
                                                                cell_agency):
    doctor = make_user(cell_agency, username="dr.screen")
    grant = services.grant_role(actor=cell_admin, user=doctor, role=Role.CELL_DOCTOR,
                                scope=Scope.FACILITY, facility=cell_agency.facility)
    url = reverse("accounts:grants")
    mine = verified_client(client, cell_admin).get(url)
    assert mine.status_code == 200 and b"dr.screen" not in mine.content  # the granter
    decide = reverse("accounts:grant_decide", args=[grant.pk, "approve"])
    assert client.post(decide).status_code == 404
    client.logout()
    page = verified_client(client, sysadmin).get(url)
    assert page.status_code == 200 and b"dr.screen" in page.content
    assert b"Grants awaiting your approval" in client.get(reverse("accounts:users")).content
    assert client.post(decide).status_code == 302
    assert RoleAssignment.objects.get(pk=grant.pk).status == "approved"
    client.logout()
    doctor_client = verified_client(client, make_user(cell_agency))
    assert doctor_client.get(url).status_code == 403


# --- Notices to the supervisors -------------------------------------------------------


def test_grant_approval_and_first_use_tell_the_supervisors(client, cell_admin, sysadmin,
                                                           cell_agency, in_charge):
    doctor = make_user(cell_agency, username="dr.notice")
    grant = services.grant_role(actor=cell_admin, user=doctor, role=Role.CELL_DOCTOR,
                                scope=Scope.FACILITY, facility=cell_agency.facility)
    notices = Notice.objects.filter(kind="accounts.role_grant")
    granted = notices.get()
    told = set(granted.recipients.values_list("user_id", flat=True))
    # The cell's in-charge (the granter is not told of their own act).
    assert told == {in_charge.pk}
    services.approve_grant(actor=sysadmin, assignment=grant)
    approved = notices.exclude(pk=granted.pk).get()
    assert set(approved.recipients.values_list("user_id", flat=True)) == {
        cell_admin.pk, in_charge.pk}
    verified_client(client, doctor).get(reverse("web:home"))
    verified_client(client, doctor).get(reverse("web:home"))
    assert notices.count() == 3  # first use: once
    assert RoleAssignment.objects.get(pk=grant.pk).first_used_at is not None
    assert AuditEvent.objects.filter(action="accounts.role_first_used").count() == 1


def test_supervisors_are_defined_by_accounts():
    from hifazat.accounts import selectors

    assert selectors.supervisors_for(agency=None) == []


# --- The system administrator holds no case-data role ---------------------------------


def test_system_admin_never_holds_a_case_data_role(sysadmin, cell_admin, cell_agency,
                                                   system_agency):
    other_root = _verified(make_user(system_agency))
    give_role(other_root, Role.SYSTEM_ADMIN)
    with pytest.raises(SystemAdminSeparation):
        services.grant_role(actor=other_root, user=sysadmin, role=Role.CELL_DOCTOR,
                            scope=Scope.FACILITY, facility=cell_agency.facility)
    doctor = make_user(cell_agency)
    give_role(doctor, Role.CELL_DOCTOR)
    with pytest.raises(SystemAdminSeparation):
        services.grant_role(actor=sysadmin, user=doctor, role=Role.SYSTEM_ADMIN,
                            scope=Scope.NATIONAL)


# --- Item 5: the session key rotates when the second factor passes --------------------


def test_the_session_key_rotates_when_the_second_factor_passes(client, cell_agency):
    doctor = make_user(cell_agency, username="dr.session")
    give_role(doctor, Role.CELL_DOCTOR)
    client.post(LOGIN, {"username": "dr.session", "password": PASSWORD})
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=doctor)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    after = client.session.session_key
    assert before != after
    assert not SessionStore().exists(before)
    old = client.__class__()
    old.cookies["sessionid"] = before
    assert old.get(reverse("web:home")).status_code == 302  # the old key signs nobody in
