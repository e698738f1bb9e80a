"""A cell doctor signs in with a real TOTP code, switches to Urdu, and every page in the
journey passes axe-core with no serious or critical violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from hifazat.demo.services import DEMO_PASSWORD, current_code

pytestmark = pytest.mark.e2e

_axe = Axe()


def assert_accessible(page, label: str) -> None:
    results = _axe.run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{label}: {bad}"


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()


def test_cell_doctor_signs_in_with_code_and_switches_to_urdu(page, live_server, demo, shoot):
    base = live_server.url
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert_accessible(page, "sign-in")
    shoot(page, "01-sign-in-en")

    sign_in(page, base, "cell.doctor")
    page.wait_for_url("**/sign-in/code/**")
    assert_accessible(page, "code")
    shoot(page, "02-code-en")
    page.get_by_label("One-time code").fill(current_code("cell.doctor"))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert "Cell doctor" in page.content()
    assert_accessible(page, "home-en")
    shoot(page, "03-home-en")

    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ur"
    assert_accessible(page, "home-ur")
    shoot(page, "04-home-ur")

    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Nastaliq" in font
    assert page.evaluate("document.fonts.check('16px \"Noto Nastaliq Urdu\"', 'اردو')")


def test_wrong_code_shows_error_summary_in_urdu(page, live_server, demo, shoot):
    base = live_server.url
    page.goto(f"{base}/")
    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, "sign-in-ur")
    shoot(page, "05-sign-in-ur")
    page.locator("#id_username").fill("cell.doctor")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("button[type=submit]").last.click()
    page.wait_for_url("**/sign-in/code/**")
    right = current_code("cell.doctor")
    page.locator("#id_code").fill(f"{(int(right) + 1) % 1_000_000:06d}")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert_accessible(page, "code-error-ur")
    shoot(page, "06-code-error-ur")


def test_agency_admin_keyboard_only_reaches_users(page, live_server, demo, shoot):
    base = live_server.url
    sign_in(page, base, "cell.admin")
    page.wait_for_url("**/sign-in/code/**")
    page.keyboard.type(current_code("cell.admin"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.goto(f"{base}/accounts/users/")
    assert "cell.doctor" in page.content()
    assert "npb.registrar" not in page.content()  # another agency's account
    assert_accessible(page, "users-en")
    shoot(page, "07-users-en")
