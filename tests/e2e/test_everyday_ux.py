"""What a person sees on the shell's everyday screens, in English and Urdu: the sign-in
page after an idle sign-out says why, the committee analyst's home says oversight is
still to come, the inbox shows a system notice in the reader's language, the site
icon is served, and the oversight charts and district ranking are there in both
languages. axe stays clean on each."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.core import signing

from hifazat.accounts.middleware import IdleTimeoutMiddleware as Idle
from hifazat.demo.services import current_code
from tests.e2e.test_sign_in_journey import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def _signed_in(page, base, username):
    sign_in(page, base, username)
    page.wait_for_load_state()
    if "/sign-in/code/" in page.url:  # roles that see personal data need the second factor
        page.get_by_label("One-time code").fill(current_code(username))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")


def _idle_for(page, minutes: int) -> None:
    """The server side of coming back after ``minutes``: the session expired with the
    idle limit; the browser still holds the last-seen cookie, now that old."""
    Session.objects.all().delete()
    value = str(int(time.time()) - minutes * 60)
    signed = signing.get_cookie_signer(salt=Idle.SEEN_COOKIE + Idle.SEEN_SALT).sign(value)
    host = page.url.split("/")[2].split(":")[0]
    page.context.add_cookies([{"name": Idle.SEEN_COOKIE, "value": signed, "domain": host,
                               "path": "/"}])


def test_idle_sign_out_is_explained_on_the_sign_in_page(page, live_server, demo, shoot):
    base = live_server.url
    _signed_in(page, base, "cell.doctor")
    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    _idle_for(page, 16)
    page.goto(f"{base}/cells/")
    page.wait_for_url("**/sign-in/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "15 منٹ" in page.get_by_role("status").first.inner_text()
    assert_accessible(page, "idle-ur")
    shoot(page, "ux-02-idle-sign-out-ur")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    _signed_in(page, base, "cell.doctor")
    _idle_for(page, 16)
    page.goto(f"{base}/cells/")
    page.wait_for_url("**/sign-in/**")
    status = page.get_by_role("status").first.inner_text()
    assert "You were signed out after 15 minutes without activity." in status
    assert_accessible(page, "idle-en")
    shoot(page, "ux-01-idle-sign-out-en")
    page.goto(f"{base}/accounts/sign-in/")  # said once
    assert page.get_by_role("status").count() == 0


def test_committee_analyst_home_and_the_icon(page, live_server, demo, shoot):
    base = live_server.url
    _signed_in(page, base, "committee.analyst")
    heading = page.get_by_role("heading", name="Oversight figures")
    assert heading.is_visible()
    assert "never a person's record" in page.locator("main").inner_text()
    assert_accessible(page, "analyst-home-en")
    shoot(page, "ux-03-analyst-home-en")
    assert page.request.get(f"{base}/favicon.ico").status == 200
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{base}{icon}").status == 200
    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert "Oversight" not in page.locator("main").inner_text()
    assert page.locator("#oversight-title").is_visible()
    assert_accessible(page, "analyst-home-ur")
    shoot(page, "ux-04-analyst-home-ur")
    # The tables the home points to: aggregates only, in Urdu too, axe clean.
    page.locator("#oversight-title").locator("xpath=..").get_by_role("link").click()
    page.wait_for_url("**/oversight/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, "oversight-ur")
    shoot(page, "ux-05-oversight-tables-ur")


def test_police_inbox_in_urdu_shows_system_notices_in_urdu(page, live_server, demo, shoot):
    from django.utils import timezone

    from hifazat.notices import services

    overdue = services.send_notice(
        kind="register.release_scheduled", subject="Release scheduled",
        to_agencies=[demo["police.station"].agency], reference="NSOR-2026-0000007",
        ack_within=timezone.timedelta(hours=1), escalate_to_roles=("npb_supervisor",))
    from hifazat.notices.models import Notice

    Notice.objects.filter(pk=overdue.pk).update(
        ack_deadline=timezone.now() - timezone.timedelta(hours=1))
    services.escalate_overdue()
    base = live_server.url
    _signed_in(page, base, "npb.supervisor")
    page.goto(f"{base}/notices/")
    shoot(page, "ux-05-inbox-en")
    assert "Not acknowledged in time: Release scheduled" in page.locator("main").inner_text()
    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "بروقت تصدیق نہیں ہوئی" in text and "Not acknowledged in time" not in text
    assert_accessible(page, "inbox-system-ur")
    shoot(page, "ux-06-inbox-ur")
    page.locator("tbody a").first.click()
    page.wait_for_load_state()
    assert "Not yet acknowledged by" not in page.locator("main").inner_text()
    assert_accessible(page, "notice-system-ur")
    shoot(page, "ux-07-notice-ur")


def test_oversight_charts_and_ranking_in_english_and_urdu(page, live_server, demo, shoot):
    """The analyst's charts: inline SVG images with a name and a description, a table
    under each, the ranking worst first; axe clean in English and in Urdu."""
    from django.core.cache import cache
    from django.utils import timezone

    from hifazat.oversight import services
    from tests.oversight.conftest import open_case

    cache.clear()
    for n in range(7):
        open_case({"doctor": demo["cell.doctor"]}, hours_after_incident=10 if n < 5 else 90,
                  age=15 if n < 2 else 30)
    services.refresh()
    base = live_server.url
    _signed_in(page, base, "committee.analyst")
    year = timezone.localdate().year
    page.goto(f"{base}/oversight/?period={year}")  # ranked on the composite
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() >= 4
    assert charts.first.is_visible()
    assert page.locator("figure[data-chart=ranking] svg[role=img]").count() == 1
    # A table under every chart (the ranking's own table follows its chart).
    assert page.locator("table[data-chart-table]").count() == charts.count() - 1
    ranking = page.locator("table[data-table=ranking]")
    assert "Among the worst" in ranking.inner_text()
    assert "worst first" in page.get_by_role("heading", name="District ranking, worst first"
                                             ).inner_text()
    assert_accessible(page, "oversight-charts-en")
    shoot(page, "ux-08-oversight-charts-en")
    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    svg_text = page.locator("figure.chart svg").first.text_content()
    assert "ضلع" in svg_text
    assert page.locator("figure.chart svg[role=img]").count() == charts.count()
    assert_accessible(page, "oversight-charts-ur")
    shoot(page, "ux-09-oversight-charts-ur")
    cache.clear()
