"""The system administrator issues an API token for a prison's system (the secret is
shown once). It reaches personal data, so it waits: calls with it are refused and the
issuer is offered no approval. The prison's own administrator approves it (four eyes),
the calls are accepted, and then revokes it with a reason; every page passes axe-core
in English and in Urdu (right-to-left)."""

from __future__ import annotations

import pytest

from hifazat.accounts import services as accounts
from hifazat.accounts.roles import Role, Scope
from hifazat.api.models import ServiceToken
from hifazat.api.services import hash_secret
from hifazat.demo.services import DEMO_PASSWORD, current_code
from tests.e2e.test_sign_in_journey import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def _sign_in_with_code(page, base, username):
    sign_in(page, base, username)
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_label("One-time code").fill(current_code(username))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")


def _call(page, base, secret) -> int:
    return page.request.get(f"{base}/api/schema/",
                            headers={"Authorization": f"Bearer {secret}"}).status


def test_a_prison_token_is_issued_approved_by_a_second_admin_and_revoked(
        page, live_server, demo, shoot):
    base = live_server.url
    prison = ServiceToken._meta.get_field("agency").related_model.objects.get(
        code="PRISON-LHR-CAMP")
    # The prison's own administrator: the second pair of eyes.
    accounts.provision_user(username="prison.admin", agency=prison,
                            display_name="Prison Admin", email="", password=DEMO_PASSWORD,
                            role=Role.AGENCY_ADMIN, scope=Scope.FACILITY,
                            facility=prison.facility, confirmed_device=True)
    _sign_in_with_code(page, base, "sysadmin")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="API tokens").click()
    page.wait_for_url("**/api-tokens/")
    assert_accessible(page, "tokens-en")
    page.get_by_role("link", name="Issue a token").click()
    page.wait_for_url("**/api-tokens/new/")

    page.get_by_role("button", name="Issue token").click()  # nothing filled in
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "token-issue-errors-en")
    shoot(page, "api-01-issue-errors-en")

    page.get_by_label("Agency").select_option(str(prison.pk))
    page.get_by_label("Name of the system").fill("Camp Jail MIS")
    page.get_by_label("Notify a scheduled release from prison").check()
    page.get_by_label("Purpose-bound search of the sex offenders register").check()
    page.get_by_label("Read the OpenAPI description of the API").check()
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_role("button", name="Issue token").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Token issued"
    secret = page.get_by_label("Secret").input_value()
    token = ServiceToken.objects.get(name="Camp Jail MIS")
    assert token.secret_hash == hash_secret(secret)
    assert token.scopes == ["register:release", "register:search", "schema:read"]
    assert token.status == "pending"
    assert "a second administrator must approve it first" in page.content()
    assert_accessible(page, "token-issued-en")
    shoot(page, "api-02-issued-en")
    assert _call(page, base, secret) == 401  # one administrator alone: refused

    page.get_by_role("link", name="Done").click()
    page.wait_for_url("**/api-tokens/")
    assert secret not in page.content()
    assert "Awaiting a second administrator" in page.content()
    page.get_by_role("link", name="Camp Jail MIS").click()
    page.wait_for_url(f"**/api-tokens/{token.pk}/")
    assert page.get_by_role("button", name="Approve token").count() == 0
    assert page.get_by_text("You issued this token").is_visible()
    assert_accessible(page, "token-pending-issuer-en")
    shoot(page, "api-03-pending-issuer-en")

    page.context.clear_cookies()
    _sign_in_with_code(page, base, "prison.admin")
    page.goto(f"{base}/api-tokens/")
    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, "tokens-ur")
    shoot(page, "api-04-tokens-ur")

    page.get_by_role("link", name="Camp Jail MIS").click()
    page.wait_for_url(f"**/api-tokens/{token.pk}/")
    assert_accessible(page, "token-pending-approver-ur")
    shoot(page, "api-05-pending-approver-ur")
    page.get_by_role("button", name="ٹوکن منظور کریں").click()
    page.wait_for_url(f"**/api-tokens/{token.pk}/")
    token.refresh_from_db()
    assert token.status == "approved" and token.approved_by.username == "prison.admin"
    assert page.get_by_role("button", name="ٹوکن منظور کریں").count() == 0
    assert_accessible(page, "token-approved-ur")
    shoot(page, "api-06-approved-ur")
    assert _call(page, base, secret) == 200  # approved by a second administrator
    page.get_by_role("button", name="ٹوکن منسوخ کریں").click()  # no reason given
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "token-revoke-errors-ur")
    shoot(page, "api-07-revoke-errors-ur")
    page.locator("#id_reason").fill("نظام تبدیل ہو گیا")
    page.get_by_role("button", name="ٹوکن منسوخ کریں").click()
    page.wait_for_url("**/api-tokens/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_accessible(page, "tokens-revoked-ur")
    shoot(page, "api-08-revoked-ur")
