"""The committee analyst's crisis-cell stocktake, by keyboard: from the oversight page to
the rounds, a bad period refused with a message, the latest round opened, districts
without a cell marked in words, a province chosen, the same page in Urdu. axe stays
clean on each."""

from __future__ import annotations

import pytest

from tests.e2e.test_everyday_ux import _signed_in
from tests.e2e.test_sign_in_journey import assert_accessible

pytestmark = pytest.mark.e2e


def test_analyst_reads_the_stocktake_by_keyboard(page, live_server, demo, shoot):
    from hifazat.oversight import stocktake

    base = live_server.url
    _signed_in(page, base, "committee.analyst")
    page.goto(f"{base}/oversight/")
    link = page.get_by_role("link", name="Crisis-cell stocktake: rounds per district")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/oversight/stocktake/")
    # The demo took two rounds (last quarter and this one), newest first.
    from hifazat.oversight import periods

    rounds = page.locator("main table tbody").inner_text()
    assert rounds.count("\tTaken\t") == 2
    assert rounds.strip().startswith(periods.current_quarter().label)
    assert_accessible(page, "stocktake-rounds")

    field = page.get_by_label("Period")
    field.fill("2099Q1")
    field.press("Enter")
    page.wait_for_load_state()
    assert "has not started" in page.get_by_role("alert").inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert_accessible(page, "stocktake-bad-period")
    shoot(page, "stocktake-01-bad-period-en")

    # The background task's work, done here: a round of the last quarter.
    stocktake.take_round(period=stocktake.default_period(), by=demo["committee.analyst"])
    page.goto(f"{base}/oversight/stocktake/")
    opener = page.get_by_role("link", name="Open the latest round")
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/oversight/stocktake/*/")
    table = page.locator("table[data-table=stocktake]")
    assert table.locator("text=No cell").count() > 0
    region = page.locator("[role=region][tabindex='0']").first
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    assert_accessible(page, "stocktake-round-en")
    shoot(page, "stocktake-02-round-en")

    page.get_by_label("Province").select_option("PB")
    page.get_by_role("button", name="Show").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**province=PB**")
    rows = table.locator("tbody tr")
    assert rows.count() > 0
    assert all(code.startswith("PB-") for code in
               rows.evaluate_all("rs => rs.map(r => r.dataset.row)"))

    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "کوئی سیل نہیں" in table.inner_text()
    assert_accessible(page, "stocktake-round-ur")
    shoot(page, "stocktake-03-round-ur")
