"""A survivor comes back to the Lahore crisis cell: the women medico-legal officer goes
from the dashboard to "Has she been here before?", by keyboard, mistypes the CNIC and is
told so next to the field, then finds the earlier case by the CNIC with dashes and opens
it. In English and in Urdu; every page passes axe-core with no serious or critical
violations; screenshots are saved for review."""

from __future__ import annotations

import pytest

from hifazat.crisis_cells import services
from tests.crisis_cells.helpers import verified
from tests.e2e.test_night_shift import _sign_in, assert_accessible

pytestmark = pytest.mark.e2e

CNIC = "3520261234564"  # synthetic
DASHED = "35202-6123456-4"


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_a_returning_survivor_is_found_by_keyboard(page, live_server, demo, shoot, lang):
    base = live_server.url
    earlier = services.open_case(user=verified(demo["cell.doctor"]), arrival_route="walk_in",
                                 sex="F", age=27, cnic=CNIC, phone="0301 7654321")
    _sign_in(page, base, "cell.wmlo", lang)
    page.goto(f"{base}/cells/")
    link = page.locator('.page-head a[href="/cells/returning/"]')
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/cells/returning/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")
    assert page.evaluate("document.activeElement.id") == "id_cnic"  # ready to type
    assert_accessible(page, f"{lang} returning form")
    shoot(page, f"returning-{lang}-01-form")

    page.keyboard.type("35202-61234")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_cnic_error").is_visible()
    assert page.locator("#id_cnic").get_attribute("aria-invalid") == "true"
    assert_accessible(page, f"{lang} returning bad CNIC")
    shoot(page, f"returning-{lang}-02-bad-cnic")

    page.locator("#id_cnic").fill(DASHED)
    with page.expect_navigation():
        page.locator("#id_cnic").press("Enter")
    result = page.locator(f'#results a[href="/cells/cases/{earlier.code}/"]')
    assert result.is_visible()
    assert_accessible(page, f"{lang} returning found")
    shoot(page, f"returning-{lang}-03-found")
    result.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/cells/cases/{earlier.code}/")
