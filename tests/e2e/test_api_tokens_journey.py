"""The system administrator issues an API token for a prison's system (the secret is
shown once), sees it listed, revokes it with a reason; every page passes axe-core in
English and in Urdu (right-to-left)."""

from __future__ import annotations

import pytest

from hifazat.api.models import ServiceToken
from hifazat.api.services import hash_secret
from hifazat.demo.services import current_code
from tests.e2e.test_sign_in_journey import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_sysadmin_issues_and_revokes_a_prison_token(page, live_server, demo, shoot):
    base = live_server.url
    sign_in(page, base, "sysadmin")
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_label("One-time code").fill(current_code("sysadmin"))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")

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

    prison = ServiceToken._meta.get_field("agency").related_model.objects.get(
        code="PRISON-LHR-CAMP")
    page.get_by_label("Agency").select_option(str(prison.pk))
    page.get_by_label("Name of the system").fill("Camp Jail MIS")
    page.get_by_label("Notify a scheduled release from prison").check()
    page.get_by_label("Purpose-bound search of the sex offenders register").check()
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_role("button", name="Issue token").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Token issued"
    secret = page.get_by_label("Secret").input_value()
    token = ServiceToken.objects.get(name="Camp Jail MIS")
    assert token.secret_hash == hash_secret(secret)
    assert token.scopes == ["register:release", "register:search"]
    assert_accessible(page, "token-issued-en")
    shoot(page, "api-02-issued-en")

    page.get_by_role("link", name="Done").click()
    page.wait_for_url("**/api-tokens/")
    assert secret not in page.content()
    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, "tokens-ur")
    shoot(page, "api-03-tokens-ur")

    page.get_by_role("link", name="Camp Jail MIS").click()
    page.wait_for_url(f"**/api-tokens/{token.pk}/")
    page.get_by_role("button", name="ٹوکن منسوخ کریں").click()  # no reason given
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "token-revoke-errors-ur")
    shoot(page, "api-04-revoke-errors-ur")
    page.locator("#id_reason").fill("نظام تبدیل ہو گیا")
    page.get_by_role("button", name="ٹوکن منسوخ کریں").click()
    page.wait_for_url("**/api-tokens/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_accessible(page, "tokens-revoked-ur")
    shoot(page, "api-05-revoked-ur")
