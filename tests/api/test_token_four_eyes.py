"""Issue 11, item 1, for API tokens: one administrator alone cannot make a token that
reaches personal data work. It waits (every call refused 401 ``token_pending``) until a
second administrator with authority over the agency — not the issuer — approves it; its
issue, approval and first use tell the agency's supervisors; a token with only
``schema:read`` is in force at once. Same rule on the screens and in the command."""

from __future__ import annotations

import io
import itertools
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from hifazat.accounts.roles import Role
from hifazat.api import services
from hifazat.api.errors import NotAnApprover, TokenRefused
from hifazat.api.lifecycles import SERVICE_TOKEN
from hifazat.api.models import ServiceToken
from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.core import permissions
from hifazat.core.errors import IllegalTransition
from hifazat.notices.models import Notice
from tests.api.conftest import issue, token_client, verified
from tests.factories import give_role, make_user, verified_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

SCHEMA = "/api/schema/"
KIND = "api.service_token"


@pytest.fixture
def prison_admin(world):
    user = make_user(world["prison"])
    give_role(user, Role.AGENCY_ADMIN)
    return verified(user)


def _notices_to(user) -> list[str]:
    return list(Notice.objects.filter(kind__startswith=KIND, recipients__user=user)
                .order_by("pk").values_list("subject", flat=True))


# --- The bypass --------------------------------------------------------------------


def test_a_lone_administrators_personal_data_token_is_refused_until_approved(world):
    token, secret = issue(world, "npb", "register:read", "schema:read", approved=False)
    assert token.status == ServiceToken.Status.PENDING
    response = token_client(secret).get(SCHEMA)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_pending"
    assert "second administrator" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEvent.objects.filter(action="api.token_refused",
                                     reason="awaiting approval").exists()
    assert not AuditEvent.objects.filter(action="api.token_used").exists()


def test_the_issuer_cannot_approve_their_own_token(world):
    token, secret = issue(world, "npb", "register:search", "schema:read", approved=False)
    with pytest.raises(NotAnApprover):
        services.approve_token(actor=world["admin"], token=token)
    token.refresh_from_db()
    assert token.status == ServiceToken.Status.PENDING and token.approved_by is None
    assert token_client(secret).get(SCHEMA).status_code == 401


def test_a_second_administrators_approval_makes_it_work(world):
    token, secret = issue(world, "npb", "register:search", "schema:read", approved=False)
    approved = services.approve_token(actor=world["approver"], token=token)
    assert approved.status == ServiceToken.Status.APPROVED
    assert approved.approved_by == world["approver"] and approved.approved_at is not None
    event = AuditEvent.objects.get(action="api.token_approved")
    assert event.actor_id == world["approver"].pk
    assert (event.details["from"], event.details["to"]) == ("pending", "approved")
    assert token_client(secret).get(SCHEMA).status_code == 200
    with pytest.raises(TokenRefused):  # once is enough
        services.approve_token(actor=world["approver"], token=approved)


@pytest.mark.parametrize("scopes,status", [
    (["schema:read"], ServiceToken.Status.APPROVED),
    (["register:search"], ServiceToken.Status.PENDING),
    (["register:read"], ServiceToken.Status.PENDING),
    (["register:release"], ServiceToken.Status.PENDING),
    (["register:report_change"], ServiceToken.Status.PENDING),
    (["schema:read", "register:release"], ServiceToken.Status.PENDING),
])
def test_only_a_schema_read_token_is_in_force_at_once(world, scopes, status):
    token, _secret = issue(world, "prison", *scopes, approved=False)
    assert token.status == status


def test_an_agency_admin_approves_for_their_own_agency_only(world, prison_admin):
    token, _ = issue(world, "prison", "register:search", approved=False)
    other = make_user(world["police"])
    give_role(other, Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        services.approve_token(actor=verified(other), token=token)
    with pytest.raises(PermissionDenied):
        services.approve_token(actor=world["io"], token=token)
    assert services.approve_token(actor=prison_admin, token=token).status == "approved"


def test_a_pending_token_can_be_revoked_and_then_never_approved(world):
    token, secret = issue(world, "prison", "register:search", approved=False)
    services.revoke_token(actor=world["approver"], token=token, reason="not expected")
    token.refresh_from_db()
    assert token.status == ServiceToken.Status.REVOKED and token.revoked_at is not None
    with pytest.raises(TokenRefused):
        services.approve_token(actor=world["approver"], token=token)
    assert token_client(secret).get(SCHEMA).status_code == 401


# --- Who is told ---------------------------------------------------------------------


def test_issue_approval_and_first_use_tell_the_agencys_supervisors(world, prison_admin):
    token, secret = issue(world, "prison", "register:search", "schema:read",
                          approved=False)
    assert len(_notices_to(prison_admin)) == 1
    assert "awaiting a second administrator" in _notices_to(prison_admin)[0]
    services.approve_token(actor=world["approver"], token=token)
    assert "approved" in _notices_to(prison_admin)[1]
    client = token_client(secret)
    assert client.get(SCHEMA).status_code == 200
    assert client.get(SCHEMA).status_code == 200
    told = _notices_to(prison_admin)
    assert len(told) == 3 and "first used" in told[2]
    assert AuditEvent.objects.filter(action="api.token_first_used").count() == 1
    # Nothing in them but the token's name, agency and scopes.
    assert secret not in " ".join(Notice.objects.values_list("body", flat=True))


def test_a_schema_read_token_raises_no_notice(world, prison_admin):
    _token, secret = issue(world, "prison", "schema:read")
    assert token_client(secret).get(SCHEMA).status_code == 200
    assert _notices_to(prison_admin) == []


# --- The lifecycle and the rule --------------------------------------------------------


PAIRS = list(itertools.product(SERVICE_TOKEN.states, repeat=2))


@pytest.mark.parametrize("current,requested", PAIRS, ids=[f"{c}->{r}" for c, r in PAIRS])
def test_token_transition_table(world, current, requested):
    token, _ = issue(world, "prison", "register:search", approved=False)
    ServiceToken.objects.filter(pk=token.pk).update(status=current)
    if SERVICE_TOKEN.is_allowed(current, requested):
        moved = audit.transition(token, lifecycle=SERVICE_TOKEN, to=requested, actor=None,
                                 action="test.moved", object_type="api.token")
        assert moved.status == requested
    else:
        with pytest.raises(IllegalTransition):
            audit.transition(token, lifecycle=SERVICE_TOKEN, to=requested, actor=None,
                             action="test.moved", object_type="api.token")
        token.refresh_from_db()
        assert token.status == current


def test_the_token_lifecycle_is_declared():
    assert SERVICE_TOKEN.allowed_from("pending") == {"approved", "revoked"}
    assert SERVICE_TOKEN.allowed_from("approved") == {"revoked"}
    assert SERVICE_TOKEN.is_final("revoked")


@pytest.mark.parametrize("who,allowed", [
    ("admin", False),          # issued it
    ("approver", True),        # a second system administrator
    ("prison_admin", True),    # the agency's own administrator
    ("police_admin", False),   # another agency's administrator
    ("io", False),             # no administrator at all
])
def test_who_may_approve_a_pending_token(world, prison_admin, who, allowed):
    police_admin = make_user(world["police"])
    give_role(police_admin, Role.AGENCY_ADMIN)
    people = {**world, "prison_admin": prison_admin, "police_admin": verified(police_admin)}
    token, _ = issue(world, "prison", "register:search", approved=False)
    assert permissions.can(people[who], "api.approve_token", token) is allowed


# --- The screens -----------------------------------------------------------------------


@pytest.mark.urls("hifazat.config.urls")
def test_the_approve_button_is_shown_to_a_second_administrator_only(world, prison_admin,
                                                                    client):
    token, _secret = issue(world, "prison", "register:search", approved=False)
    url, approve = f"/api-tokens/{token.pk}/", f"/api-tokens/{token.pk}/approve/"
    verified_client(client, world["admin"])
    page = client.get(url).content.decode()
    assert "Awaiting a second administrator" in page
    assert "Approve token" not in page and "another administrator must approve" in page
    response = client.post(approve, follow=True)  # the issuer tries anyway
    assert "not the one who issued it" in response.content.decode()
    token.refresh_from_db()
    assert token.status == ServiceToken.Status.PENDING
    client.logout()
    verified_client(client, prison_admin)
    assert "Approve token" in client.get(url).content.decode()
    response = client.post(approve)
    assert response.status_code == 302 and response.url == url
    token.refresh_from_db()
    assert token.status == ServiceToken.Status.APPROVED
    assert token.approved_by == prison_admin
    page = client.get(url).content.decode()
    assert "Approve token" not in page and "Active" in page


@pytest.mark.urls("hifazat.config.urls")
def test_another_agencys_admin_cannot_reach_the_approval(world, client):
    token, _ = issue(world, "prison", "register:search", approved=False)
    other = make_user(world["police"])
    give_role(other, Role.AGENCY_ADMIN)
    verified_client(client, verified(other))
    assert client.post(f"/api-tokens/{token.pk}/approve/").status_code == 404
    verified_client(client, world["io"])
    assert client.post(f"/api-tokens/{token.pk}/approve/").status_code == 403
    token.refresh_from_db()
    assert token.status == ServiceToken.Status.PENDING


@pytest.mark.urls("hifazat.config.urls")
def test_issuing_says_the_token_waits(world, prison_admin, client):
    verified_client(client, prison_admin)
    response = client.post("/api-tokens/new/", {"agency": world["prison"].pk,
                                                "name": "prison MIS",
                                                "scopes": ["register:search"],
                                                "days": "30"})
    assert response.status_code == 200
    assert "a second administrator must approve it first" in response.content.decode()
    assert ServiceToken.objects.get(name="prison MIS").status == "pending"


@pytest.mark.urls("hifazat.config.urls")
def test_the_pending_token_page_speaks_urdu(world, prison_admin, client):
    from tests.web.test_translations import english_leaks

    token, _ = issue(world, "prison", "register:search", approved=False)
    allowed = (set(re.findall(r"[A-Za-z]{3,}", prison_admin.display_name))
               | set(re.findall(r"[A-Za-z]{3,}", str(world["admin"])))
               | set(re.findall(r"[A-Za-z]{3,}", token.name)) | {"Hifazat", "hzt"})
    verified_client(client, prison_admin)
    client.cookies["hifazat_language"] = "ur"
    page = client.get(f"/api-tokens/{token.pk}/").content.decode()
    assert 'dir="rtl"' in page
    assert english_leaks(page, allowed) == []


# --- The installers' command ---------------------------------------------------------


def _issue_command(world, *extra, name="jail"):
    out = io.StringIO()
    call_command("api_token", "issue", "--agency", world["prison"].code, "--name", name,
                 "--scope", "register:search", "--by", world["admin"].username, *extra,
                 stdout=out)
    return out.getvalue()


def test_the_command_issues_pending_and_a_second_administrator_approves(world):
    out = _issue_command(world)
    token = ServiceToken.objects.get(name="jail")
    assert token.status == "pending" and "pending" in out
    assert token_client(out.strip().splitlines()[-1]).get(SCHEMA).status_code == 401
    with pytest.raises(CommandError, match="not the one who issued it"):
        call_command("api_token", "approve", token.prefix, "--by", world["admin"].username)
    call_command("api_token", "approve", token.prefix, "--by", world["approver"].username,
                 stdout=io.StringIO())
    token.refresh_from_db()
    assert token.status == "approved" and token.approved_by_id == world["approver"].pk


def test_the_command_approves_on_issue_only_with_a_second_administrator(world):
    with pytest.raises(CommandError, match="not the one who issued it"):
        _issue_command(world, "--approved-by", world["admin"].username)
    assert not ServiceToken.objects.exists()  # issue and approval: together or not at all
    _issue_command(world, "--approved-by", world["approver"].username, name="jail2")
    token = ServiceToken.objects.get(name="jail2")
    assert token.status == "approved" and token.approved_by_id == world["approver"].pk


def test_expired_pending_token_stays_unusable(world):
    token, secret = issue(world, "npb", "register:search", approved=False)
    ServiceToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    assert token_client(secret).get(SCHEMA).status_code == 401
