"""A prison officer schedules and records a release; after the report-by date passes
(the periodic job run with a fixed date) the Lahore police see the offender on the
district overdue list, in English and in Urdu. Every page passes axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hifazat.demo.services import current_code
from hifazat.register.models import Offender, OffenderName
from hifazat.register.whereabouts import selectors, services
from hifazat.synthetic import PeopleGenerator
from tests.e2e.test_sign_in_journey import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def sign_in_with_code(page, base: str, username: str) -> None:
    sign_in(page, base, username)
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_label("One-time code").fill(current_code(username))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")


def nav(page, label: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=label)


def sign_out(page) -> None:
    page.locator("form[action$='/sign-out/'] button").first.click()
    page.wait_for_load_state()


@pytest.fixture
def prisoner(demo):
    from hifazat.places.models import District

    person = PeopleGenerator(seed=2024).offender()
    offender = Offender.objects.create(
        register_number="NSOR-2026-9990042", sex="M", dob=person.dob,
        father_name=person.father_name, district=District.objects.get(code="PB-LHR"),
        status=Offender.Status.IN_CUSTODY, verified_at=timezone.now())
    OffenderName.objects.create(offender=offender, name=person.given_name,
                                surname=person.surname, is_primary=True, source="test")
    # The demo prison holds the prisoner on record: its custody request, confirmed by NPB.
    officer, registrar = demo["prison.officer"], demo["npb.registrar"]
    officer.is_verified = registrar.is_verified = lambda: True
    request = services.request_takeover(offender=offender, actor=officer, kind="admitted",
                                        occurred_on=selectors.today() - timedelta(days=900))
    services.decide_takeover(takeover=request, actor=registrar, accept=True)
    return offender


def test_release_is_scheduled_and_the_overdue_offender_reaches_the_police_list(
        page, live_server, demo, prisoner, shoot):
    base = live_server.url
    today = selectors.today()
    sign_in_with_code(page, base, "prison.officer")
    nav(page, "Releases").click()
    page.wait_for_url("**/register/releases/")
    assert_accessible(page, "releases-empty")
    page.get_by_role("link", name="Schedule a release").click()
    page.wait_for_url("**/releases/schedule/")

    # A first try without the address shows the error summary and the field error.
    page.get_by_label("Register number").fill(prisoner.register_number)
    page.get_by_label("Release date").fill(today.isoformat())
    page.get_by_label("District of that address").select_option("PB-LHR")
    page.get_by_role("button", name="Schedule the release").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "schedule-error-en")
    shoot(page, "reg-release-01-schedule-error-en")

    page.get_by_label("Address the offender is released to").fill("House 14, Street 3, Shadman")
    page.get_by_role("button", name="Schedule the release").click()
    page.wait_for_url("**/register/releases/")
    assert prisoner.register_number in page.content()
    assert_accessible(page, "releases-scheduled-en")
    shoot(page, "reg-release-02-upcoming-en")

    ours = page.get_by_role("row").filter(has_text=prisoner.register_number)
    ours.get_by_label("Date released").fill(today.isoformat())
    ours.get_by_role("button", name="Released").click()
    page.wait_for_url("**/register/releases/")
    assert "must report to police by" in page.content()
    shoot(page, "reg-release-03-released-en")
    sign_out(page)

    # The report-by date passes: the periodic job runs with a fixed date.
    services.check_overdue(today=today + timedelta(days=8))

    sign_in_with_code(page, base, "police.station")
    nav(page, "Overdue after release").click()
    page.wait_for_url("**/district/overdue/")
    row = page.get_by_role("row").filter(has_text=prisoner.register_number)
    assert "Overdue" in row.inner_text()
    assert_accessible(page, "overdue-en")
    shoot(page, "reg-release-04-overdue-en")

    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert prisoner.register_number in page.content()
    assert_accessible(page, "overdue-ur")
    shoot(page, "reg-release-05-overdue-ur")

    page.get_by_role("link", name=prisoner.register_number).click()
    page.wait_for_url(f"**/register/whereabouts/{prisoner.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "Shadman" in page.content()
    assert_accessible(page, "whereabouts-ur")
    shoot(page, "reg-release-06-whereabouts-ur")
