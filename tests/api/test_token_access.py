"""The token screens' one sensitive row (a service token) is fetched and checked by
api.access.access_token (core NotFound for missing and another agency's alike); the
token forms refuse unknown fields; the token life and the idempotent replay window are
declared once, in api/deadlines.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from hifazat.accounts.models import Agency
from hifazat.accounts.roles import Role
from hifazat.api import deadlines, selectors, services
from hifazat.api.access import access_token
from hifazat.api.errors import TokenRefused
from hifazat.api.forms import IssueTokenForm
from hifazat.api.models import ServiceToken
from hifazat.core import deadlines as registry
from hifazat.core.errors import NotFound
from tests.api.conftest import issue, verified
from tests.factories import give_role, make_user, verified_client

pytestmark = pytest.mark.django_db

NEW = "/api-tokens/new/"


@pytest.fixture
def prison_admin(world):
    user = make_user(world["prison"])
    give_role(user, Role.AGENCY_ADMIN)
    return verified(user)


def test_access_token_answers_the_agency_administrator_only(world, prison_admin):
    own, _ = issue(world, "prison", "register:search")
    other, _ = issue(world, "npb", "register:search")
    assert access_token(user=prison_admin, token_id=own.pk) == own
    assert access_token(user=world["admin"], token_id=other.pk) == other
    for user, token_id in [(prison_admin, other.pk), (prison_admin, 999_999),
                           (prison_admin, "x"), (world["registrar"], own.pk)]:
        with pytest.raises(NotFound):
            access_token(user=user, token_id=token_id)


def _page(response, pk) -> str:
    text = response.content.decode()
    text = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", text)
    return text.replace(f"/api-tokens/{pk}/", "/api-tokens/ID/")


def test_other_agencys_token_and_a_missing_one_are_the_same_404(world, prison_admin, client):
    other, _ = issue(world, "npb", "register:search")
    verified_client(client, prison_admin)
    forbidden = client.get(f"/api-tokens/{other.pk}/")
    missing = client.get("/api-tokens/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert _page(forbidden, other.pk) == _page(missing, 999999)
    revoke = client.post(f"/api-tokens/{other.pk}/", {"reason": "not mine"})
    assert revoke.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_issue_form_refuses_an_unknown_field_naming_it(world, prison_admin, client):
    verified_client(client, prison_admin)
    response = client.post(NEW, {"agency": world["prison"].pk, "name": "prison MIS",
                                 "scopes": ["register:search"], "days": "30",
                                 "principal": "1"})
    assert response.status_code == 400
    assert b"principal" in response.content
    assert not ServiceToken.objects.filter(name="prison MIS").exists()


def test_revoke_form_refuses_an_unknown_field_naming_it(world, prison_admin, client):
    token, _ = issue(world, "prison", "register:search")
    verified_client(client, prison_admin)
    response = client.post(f"/api-tokens/{token.pk}/", {"reason": "replaced",
                                                        "revoked_by": "1"})
    assert response.status_code == 400 and b"revoked_by" in response.content
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_named_with_digits_gets_its_service_account(world):
    token, _ = issue(world, "prison", "register:search", name="prison MIS 2")
    assert token.principal.display_name == "API: prison MIS 2"


def test_both_windows_are_declared_once_with_their_source():
    assert registry.get("api.token_max_life") is deadlines.TOKEN_MAX_LIFE
    assert registry.get("api.idempotency_replay") is deadlines.IDEMPOTENCY_REPLAY
    assert (deadlines.TOKEN_MAX_LIFE.setting, deadlines.TOKEN_MAX_LIFE.default,
            deadlines.TOKEN_MAX_LIFE.unit) == ("API_TOKEN_MAX_DAYS", 365, "days")
    assert (deadlines.IDEMPOTENCY_REPLAY.setting, deadlines.IDEMPOTENCY_REPLAY.default,
            deadlines.IDEMPOTENCY_REPLAY.unit) == ("API_IDEMPOTENCY_TTL_HOURS", 24, "hours")
    for deadline in (deadlines.TOKEN_MAX_LIFE, deadlines.IDEMPOTENCY_REPLAY):
        assert str(deadline.source) and str(deadline.told) and str(deadline.label)
    # The default lives only in the declaration: no second copy in settings or code.
    assert not hasattr(django_settings, "API_TOKEN_MAX_DAYS")
    assert not hasattr(django_settings, "API_IDEMPOTENCY_TTL_HOURS")
    assert not hasattr(services, "DEFAULT_TOKEN_MAX_DAYS")
    assert not hasattr(selectors, "DEFAULT_IDEMPOTENCY_TTL_HOURS")


def test_defaults_and_overrides_reach_the_service_and_the_form(world, settings, monkeypatch):
    monkeypatch.delenv("API_TOKEN_MAX_DAYS", raising=False)
    monkeypatch.delenv("API_IDEMPOTENCY_TTL_HOURS", raising=False)
    assert selectors.idempotency_ttl() == timedelta(hours=24)
    with pytest.raises(TokenRefused):
        services.issue_token(actor=world["admin"], agency=world["prison"], name="long",
                             scopes=["register:search"],
                             expires_at=timezone.now() + timedelta(days=366))
    monkeypatch.setenv("API_TOKEN_MAX_DAYS", "30")
    with pytest.raises(TokenRefused) as refused:
        services.issue_token(actor=world["admin"], agency=world["prison"], name="short",
                             scopes=["register:search"],
                             expires_at=timezone.now() + timedelta(days=31))
    assert "30" in str(refused.value.fields["expires_at"])
    settings.API_IDEMPOTENCY_TTL_HOURS = 2
    assert selectors.idempotency_ttl() == timedelta(hours=2)

    form = IssueTokenForm(agencies=Agency.objects.none())
    assert form.fields["days"].widget.attrs["max"] == 30
