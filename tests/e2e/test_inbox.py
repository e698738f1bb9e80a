"""A police station officer opens the inbox, sees a release notice (and an overdue one
highlighted), acknowledges it for the station, then reads the inbox in Urdu; every page
passes axe-core with no serious or critical violations."""

from __future__ import annotations

import datetime

import pytest

from hifazat.demo.services import current_code
from hifazat.notices import services
from hifazat.notices.models import Notice
from tests.e2e.test_sign_in_journey import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def _notices_for(station):
    overdue = services.send_notice(
        kind="register.release_scheduled", subject="Release scheduled: NSOR-2026-0000007",
        body="Release to Lahore on 1 December. Open the register record with your purpose.",
        to_agencies=[station], reference="NSOR-2026-0000007",
        ack_within=datetime.timedelta(hours=48), escalate_to_roles=("npb_supervisor",),
    )
    Notice.objects.filter(pk=overdue.pk).update(
        ack_deadline=overdue.created_at - datetime.timedelta(hours=1))
    fresh = services.send_notice(
        kind="register.release_scheduled", subject="Release scheduled: NSOR-2026-0000042",
        body="Release to Lahore on 3 December.", to_agencies=[station],
        reference="NSOR-2026-0000042", ack_within=datetime.timedelta(hours=48),
    )
    return overdue, fresh


def test_police_officer_acknowledges_a_release_notice_in_english_and_urdu(
        page, live_server, demo, shoot):
    officer = demo["police.station"]
    overdue, fresh = _notices_for(officer.agency)
    base = live_server.url
    sign_in(page, base, "police.station")
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_label("One-time code").fill(current_code("police.station"))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Inbox", exact=True).click()
    page.wait_for_url(f"{base}/notices/")
    assert page.get_by_role("heading", level=1).inner_text() == "Inbox"
    assert "notices not yet acknowledged" in page.locator("#pending-count").inner_text(), \
        page.locator("#pending-count").inner_text()
    overdue_row = page.locator("tbody tr", has_text="NSOR-2026-0000007")
    assert "Overdue" in overdue_row.inner_text()  # past its deadline: highlighted
    assert "notice-row--overdue" in overdue_row.get_attribute("class")
    assert "Overdue" in page.locator("tbody tr").first.inner_text()  # and first
    assert "To acknowledge" in page.locator("tbody tr", has_text="NSOR-2026-0000042").inner_text()
    assert_accessible(page, "inbox-en")
    shoot(page, "inbox-01-en")

    page.get_by_role("link", name="Release scheduled: NSOR-2026-0000042").click()
    page.wait_for_url(f"{base}/notices/{fresh.pk}/")
    assert_accessible(page, "notice-en")
    page.get_by_label("Note (optional)").fill("Beat officer informed")
    page.get_by_role("button", name="Acknowledge").click()
    page.wait_for_url(f"{base}/notices/{fresh.pk}/")
    assert page.get_by_role("status").first.inner_text().strip() == "Notice acknowledged."
    assert "Beat officer informed" in page.content()
    assert_accessible(page, "notice-acknowledged-en")
    shoot(page, "inbox-02-acknowledged-en")
    assert fresh.recipients.get().acknowledged_by_id == officer.pk

    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(f"{base}/notices/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "ان باکس"
    assert_accessible(page, "inbox-ur")
    shoot(page, "inbox-03-ur")
    page.goto(f"{base}/notices/{overdue.pk}/")
    assert page.locator(".notice-banner--overdue").is_visible()
    assert_accessible(page, "notice-overdue-ur")
    shoot(page, "inbox-04-overdue-ur")

    page.goto(f"{base}/notices/contacts/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_channel").select_option("sms")
    page.locator("#id_address").fill("0300 7654321")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/notices/contacts/")
    assert "+923007654321" in page.content()
    assert_accessible(page, "contacts-ur")
    shoot(page, "inbox-05-contacts-ur")
