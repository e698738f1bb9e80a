"""Administrators' token screens: list in scope, issue (secret shown once, not cached),
revoke with a reason; errors next to fields; nobody else gets in."""

from __future__ import annotations

import re

import pytest

from hifazat.accounts.roles import Role
from hifazat.api import services
from hifazat.api.models import ServiceToken
from hifazat.audit.models import AuditEvent
from tests.api.conftest import issue, verified
from tests.factories import give_role, make_user, verified_client

pytestmark = pytest.mark.django_db

LIST, NEW = "/api-tokens/", "/api-tokens/new/"


@pytest.fixture
def prison_admin(world):
    user = make_user(world["prison"])
    give_role(user, Role.AGENCY_ADMIN)
    return verified(user)


def test_agency_admin_issues_a_token_for_own_agency_and_sees_the_secret_once(
        world, prison_admin, client):
    verified_client(client, prison_admin)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, {"agency": world["prison"].pk, "name": "prison MIS",
                                 "scopes": ["register:release", "register:search"],
                                 "days": "30"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ServiceToken.objects.get(name="prison MIS")
    secret = response.context["secret"]
    assert token.secret_hash == services.hash_secret(secret)
    assert secret in response.content.decode()
    listing = client.get(LIST).content.decode()
    assert "prison MIS" in listing and secret not in listing
    detail = client.get(f"/api-tokens/{token.pk}/").content.decode()
    assert secret not in detail


@pytest.mark.parametrize("data,field", [
    ({"name": "x", "scopes": ["register:search"], "days": "30"}, "agency"),
    ({"name": "", "scopes": ["register:search"], "days": "30"}, "name"),
    ({"name": "x", "days": "30"}, "scopes"),
    ({"name": "x", "scopes": ["register:everything"], "days": "30"}, "scopes"),
    ({"name": "x", "scopes": ["register:search"], "days": "0"}, "days"),
    ({"name": "x", "scopes": ["register:search"], "days": "9999"}, "days"),
    ({"name": "x", "scopes": ["register:search"], "days": "soon"}, "days"),
])
def test_bad_issue_form_is_rerendered_with_field_errors(world, prison_admin, client, data,
                                                        field):
    verified_client(client, prison_admin)
    if field != "agency":
        data = {"agency": world["prison"].pk, **data}
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="error-summary"' in response.content.decode()
    assert not ServiceToken.objects.exists()


def test_duplicate_name_error_shows_next_to_the_name(world, prison_admin, client):
    issue(world, "prison", "register:search", name="feed")
    verified_client(client, prison_admin)
    response = client.post(NEW, {"agency": world["prison"].pk, "name": "feed",
                                 "scopes": ["register:search"], "days": "30"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors


def test_agency_admin_cannot_see_or_issue_for_another_agency(world, prison_admin, client):
    other, _secret = issue(world, "npb", "register:search")
    verified_client(client, prison_admin)
    assert "npb feed" not in client.get(LIST).content.decode()
    assert client.get(f"/api-tokens/{other.pk}/").status_code == 404
    response = client.post(NEW, {"agency": world["npb"].pk, "name": "sneaky",
                                 "scopes": ["register:search"], "days": "30"})
    assert response.status_code == 400
    assert not ServiceToken.objects.filter(name="sneaky").exists()


def test_revoke_needs_a_reason_and_is_audited(world, prison_admin, client):
    token, _secret = issue(world, "prison", "register:search")
    verified_client(client, prison_admin)
    url = f"/api-tokens/{token.pk}/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    response = client.post(url, {"reason": "system replaced"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == prison_admin
    assert AuditEvent.objects.filter(action="api.token_revoked",
                                     actor_id=prison_admin.pk).exists()
    assert "Revoke token" not in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["io", "registrar", "prosecutor"])
def test_staff_without_admin_role_get_403(world, client, who):
    verified_client(client, world[who])
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403


def test_anonymous_is_sent_to_sign_in(world, client):
    for url in (LIST, NEW, "/api-tokens/1/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_system_admin_sees_every_agency_tokens_and_the_nav_entry(world, client):
    issue(world, "npb", "register:search")
    issue(world, "prison", "register:release")
    verified_client(client, world["admin"])
    page = client.get(LIST).content.decode()
    assert "npb feed" in page and "prison feed" in page
    assert 'href="/api-tokens/"' in page


def test_pages_speak_urdu_without_english_leaks(world, prison_admin, client):
    from tests.web.test_translations import english_leaks

    verified_client(client, prison_admin)
    client.cookies["hifazat_language"] = "ur"
    allowed = set(re.findall(r"[A-Za-z]{3,}", prison_admin.display_name)) | {"Hifazat"}
    for url in (LIST, NEW):
        page = client.get(url).content.decode()
        assert 'dir="rtl"' in page
        assert "ٹوکن" in page
        assert english_leaks(page, allowed) == [], url


def test_crisis_cell_admin_has_no_token_screens(world, client):
    admin = make_user(world["cell"])
    give_role(admin, Role.AGENCY_ADMIN)
    verified_client(client, admin)
    assert client.get(LIST).status_code == 403
    assert 'href="/api-tokens/"' not in client.get("/").content.decode()
