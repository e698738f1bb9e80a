"""An NPB registrar reviews a proposal, sees the likely existing offender the identity
engine found, verifies, then searches by an Urdu-script variant of a name with a stated
purpose and opens the record — in English and in Urdu, axe clean on every page."""

from __future__ import annotations

import pytest

from hifazat.demo.register import demo_people as register_demo_people
from hifazat.demo.services import current_code
from hifazat.register.models import EntryProposal, Offender
from hifazat.synthetic import PeopleGenerator
from tests.e2e.test_sign_in_journey import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def signed_in(page, base: str, username: str) -> None:
    sign_in(page, base, username)
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_label("One-time code").fill(current_code(username))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")


def demo_people():
    """The demo register's people, regenerated from its seed (see demo/register.py)."""
    _gen, rows = register_demo_people()
    return PeopleGenerator(seed=5), [person for person, _alias in rows]


def test_registrar_reviews_verifies_searches_and_opens_a_record(page, live_server, demo,
                                                                shoot):
    base = live_server.url
    signed_in(page, base, "npb.registrar")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Verification queue").click()
    page.wait_for_load_state()
    assert_accessible(page, "queue-en")
    shoot(page, "register-01-queue-en")

    duplicate = EntryProposal.objects.filter(state="proposed").order_by("proposed_at").first()
    page.locator("main a.button").first.click()
    page.wait_for_url(f"**/register/proposals/{duplicate.pk}/")
    gen, people = demo_people()
    known = Offender.objects.get(names__is_primary=True, names__name=people[4].given_name,
                                 father_name=people[4].father_name)
    candidate = page.locator("tr.candidate").first
    assert known.register_number in candidate.inner_text()
    assert "%" in candidate.inner_text()
    assert_accessible(page, "proposal-en")
    shoot(page, "register-02-proposal-with-duplicate-en")

    page.get_by_label("Note or reason").fill("Checked against the judgment")
    page.get_by_role("button", name="Verify", exact=True).click()
    page.wait_for_url("**/register/queue/")
    assert "is on the register" in page.get_by_role("status").inner_text()
    duplicate.refresh_from_db()
    assert duplicate.state == "verified"

    person = people[2]
    variant = gen.variant_of(person, urdu=True)
    nav.get_by_role("link", name="Register search").click()
    page.get_by_label("Purpose").select_option("audit")
    page.get_by_label("Case or FIR reference").fill("NPB audit 2026/11")
    page.get_by_label("Name", exact=True).fill(variant.given_name)
    page.get_by_label("Father's name").fill(variant.father_name)
    page.get_by_label("Date or year of birth").fill(str(person.dob.year))
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    results = page.locator("#hits-title")
    assert "possible match" in results.inner_text()
    target = Offender.objects.get(names__name=person.given_name, names__is_primary=True,
                                  father_name=person.father_name)
    assert target.register_number in page.locator("main table").inner_text()
    assert target.cnic not in page.content() or not target.cnic  # minimal fields only
    assert_accessible(page, "search-en")
    shoot(page, "register-03-search-urdu-variant-en")

    page.locator(f"a[href^='/register/offenders/{target.pk}/open/']").click()
    page.wait_for_url(f"**/register/offenders/{target.pk}/open/**")
    assert page.get_by_label("Purpose").input_value() == "audit"
    assert_accessible(page, "open-en")
    page.get_by_role("button", name="Open record").click()
    page.wait_for_url(f"**/register/offenders/{target.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(target.register_number)
    assert "NPB audit 2026/11" in page.locator(".notice-bar").inner_text()
    assert_accessible(page, "record-en")
    shoot(page, "register-04-record-en")

    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=2, name="سزائیں").is_visible()
    assert_accessible(page, "record-ur")
    shoot(page, "register-05-record-ur")
    page.goto(f"{base}/register/queue/")
    assert page.get_by_role("heading", level=1).inner_text() == "تصدیق کی قطار"
    assert_accessible(page, "queue-ur")
    shoot(page, "register-06-queue-ur")
    page.goto(f"{base}/register/search/")
    page.locator("#id_purpose").select_option("audit")
    page.locator("#id_reference").fill("NPB audit 2026/11")
    page.locator("#id_given").fill(variant.given_name)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()  # a name alone: asked for more, in Urdu
    assert "والد کا نام" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "search-error-ur")
    shoot(page, "register-07-search-error-ur")
