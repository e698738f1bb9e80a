"""Service tokens: issued with a hashed secret shown once, scoped, revocable, expiring,
every issue/revoke/use audited, and the token's principal acting for its agency."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from hifazat.accounts.roles import Role
from hifazat.api import services
from hifazat.api.errors import TokenRefused
from hifazat.api.models import ServiceToken
from hifazat.api.principal import act_as_token
from hifazat.audit.models import AuditEvent
from hifazat.core import permissions
from tests.api.conftest import issue, token_client, verified
from tests.factories import give_role, make_agency, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

SEARCH_URL = "/api/register/search/"


def test_issued_token_stores_only_a_hash_of_the_secret(world):
    token, secret = issue(world, "prison", "register:search")
    assert secret.startswith(f"hzt_{token.prefix}_")
    stored = ServiceToken.objects.get(pk=token.pk)
    assert secret not in str(stored.__dict__)
    assert stored.secret_hash == services.hash_secret(secret)
    event = AuditEvent.objects.get(action="api.token_issued")
    assert event.actor_id == world["admin"].pk
    assert secret not in str(event.details)


@pytest.mark.parametrize("kind,role", [
    ("prison", Role.PRISON_OFFICER), ("police", Role.POLICE_STATION_OFFICER),
    ("ssoiu", Role.INVESTIGATING_OFFICER), ("prosecution", Role.PROSECUTOR),
    ("npb", Role.NPB_REGISTRAR),
])
def test_token_principal_acts_with_the_role_its_agency_implies(world, kind, role):
    token, _ = issue(world, kind, "register:search")
    principal = act_as_token(ServiceToken.objects.get(pk=token.pk))
    assert principal.role_names() == {role}
    assert principal.agency == world[kind]
    assert permissions.can(principal, "register.retrieve")
    assert not permissions.can(principal, "accounts.list_users")


def test_prison_token_may_retrieve_only_for_prison_release(world):
    token, _ = issue(world, "prison", "register:search")
    principal = act_as_token(ServiceToken.objects.get(pk=token.pk))
    assert permissions.can(principal, "register.retrieve", "prison_release")
    assert not permissions.can(principal, "register.retrieve", "investigation")


def test_agency_whose_kind_implies_no_role_cannot_hold_a_token(world):
    with pytest.raises(TokenRefused) as refused:
        issue(world, "cell", "register:search")
    assert "agency" in refused.value.fields


@pytest.mark.parametrize("scopes,days,field", [
    ([], 30, "scopes"), (["register:everything"], 30, "scopes"),
    (["register:search"], -1, "expires_at"), (["register:search"], 5000, "expires_at"),
])
def test_bad_token_requests_are_refused_per_field(world, scopes, days, field):
    with pytest.raises(TokenRefused) as refused:
        services.issue_token(actor=world["admin"], agency=world["prison"], name="feed",
                             scopes=scopes, expires_at=timezone.now() + timedelta(days=days))
    assert field in refused.value.fields
    assert not ServiceToken.objects.exists()


def test_duplicate_name_in_agency_is_refused(world):
    issue(world, "prison", "register:search", name="feed")
    with pytest.raises(TokenRefused) as refused:
        issue(world, "prison", "register:search", name="feed")
    assert "name" in refused.value.fields


def test_only_admins_of_the_agency_may_issue(world):
    other_admin = make_user(world["police"])
    give_role(other_admin, Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        services.issue_token(actor=verified(other_admin), agency=world["prison"],
                             name="x", scopes=["register:search"],
                             expires_at=timezone.now() + timedelta(days=1))
    own_admin = make_user(world["prison"])
    give_role(own_admin, Role.AGENCY_ADMIN)
    token, _ = services.issue_token(actor=verified(own_admin), agency=world["prison"],
                                    name="x", scopes=["register:search"],
                                    expires_at=timezone.now() + timedelta(days=1))
    assert token.created_by == own_admin
    with pytest.raises(PermissionDenied):
        services.issue_token(actor=world["io"], agency=world["ssoiu"], name="y",
                             scopes=["register:search"],
                             expires_at=timezone.now() + timedelta(days=1))


def test_revoked_token_is_refused_and_revocation_audited(world):
    token, secret = issue(world, "npb", "register:search")
    services.revoke_token(actor=world["admin"], token=token, reason="system retired")
    response = token_client(secret).post(SEARCH_URL, {}, format="json",
                                         HTTP_IDEMPOTENCY_KEY="k-12345678")
    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoked").count() == 1
    assert AuditEvent.objects.filter(action="api.token_refused", reason="revoked").exists()
    with pytest.raises(TokenRefused):
        services.revoke_token(actor=world["admin"], token=token, reason="again")


def test_expired_token_is_refused(world):
    token, secret = issue(world, "npb", "schema:read")
    ServiceToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    assert token_client(secret).get("/api/schema/").status_code == 401


def test_wrong_secret_and_malformed_tokens_are_refused(world):
    _token, secret = issue(world, "npb", "schema:read")
    tampered = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert token_client(tampered).get("/api/schema/").status_code == 401
    assert token_client("not-a-token").get("/api/schema/").status_code == 401
    assert AuditEvent.objects.filter(action="api.token_refused", reason="wrong secret").exists()


def test_deactivated_service_account_stops_the_token(world):
    token, secret = issue(world, "npb", "schema:read")
    type(token.principal).objects.filter(pk=token.principal_id).update(is_active=False)
    assert token_client(secret).get("/api/schema/").status_code == 401


def test_each_use_is_audited_with_the_token_agency(world):
    token, secret = issue(world, "npb", "schema:read")
    assert token_client(secret).get("/api/schema/").status_code == 200
    event = AuditEvent.objects.get(action="api.token_used")
    assert event.agency_code == world["npb"].code
    assert event.actor_id == token.principal_id
    assert event.details["prefix"] == token.prefix
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_service_account_password_is_not_the_token(world):
    token, secret = issue(world, "npb", "schema:read")
    assert not token.principal.check_password(secret)
    assert not token.principal.role_assignments.exists()  # roles only while acting


def test_command_issues_lists_and_revokes(world):
    out = io.StringIO()
    call_command("api_token", "issue", "--agency", world["prison"].code, "--name", "jail",
                 "--scope", "register:release", "--scope", "register:search",
                 "--days", "10", "--by", world["admin"].username, stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    token = ServiceToken.objects.get(agency=world["prison"], name="jail")
    assert token.secret_hash == services.hash_secret(secret)
    assert token.scopes == ["register:release", "register:search"]
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and secret not in listing.getvalue()
    call_command("api_token", "revoke", token.prefix, "--reason", "test",
                 "--by", world["admin"].username, stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_command_refuses_bad_input_clearly(world):
    with pytest.raises(CommandError, match="scopes"):
        call_command("api_token", "issue", "--agency", world["prison"].code, "--name", "j",
                     "--scope", "nope", "--by", world["admin"].username, stdout=io.StringIO())
    with pytest.raises(CommandError, match="no agency"):
        call_command("api_token", "issue", "--agency", "NOPE", "--name", "j",
                     "--scope", "register:search", "--by", world["admin"].username)
    with pytest.raises(CommandError, match="may not"):
        call_command("api_token", "issue", "--agency", world["prison"].code, "--name", "j",
                     "--scope", "register:search", "--by", world["io"].username)


@pytest.mark.django_db
def test_stored_answers_are_purged_daily_by_the_periodic_job(settings):
    from datetime import timedelta

    from hifazat.api import tasks
    from hifazat.notices import periodic

    job = {j.name: j for j in periodic.registered()}["api.purge_idempotency_answers"]
    assert job.every == timedelta(days=1)
    assert getattr(job.task, "func", None) is tasks.purge_idempotency_answers.func
    from django.utils import timezone

    from hifazat.api.models import IdempotencyRecord

    user = make_user(make_agency("prison"))
    for key, hours in (("old", 25), ("fresh", 1)):
        IdempotencyRecord.objects.create(
            principal=user, key=key, request_hash="0" * 64, method="POST", path="/api/x/",
            status_code=200, response_body={},
            created_at=timezone.now() - timedelta(hours=hours))
    assert tasks.purge_idempotency_answers.func() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh"]
