"""An investigating officer searches the register with a purpose and an FIR reference,
opens the record (a second, audited step) and downloads the PDF extract — in English
and in Urdu, axe clean on every page."""

from __future__ import annotations

import pytest

from hifazat.audit.models import AuditEvent
from hifazat.register.models import Offender
from tests.e2e.test_register_registrar import demo_people, signed_in
from tests.e2e.test_sign_in_journey import assert_accessible

pytestmark = pytest.mark.e2e

FIR = "FIR 123/2026 PS Civil Lines"


def search(page, person, *, purpose: bool = True) -> None:
    if purpose:
        page.locator("#id_purpose").select_option("investigation")
        page.locator("#id_reference").fill(FIR)
    page.locator("#id_given").fill(person.given_name)
    page.locator("#id_surname").fill(person.surname)
    page.locator("#id_father").fill(person.father_name)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_investigator_searches_opens_and_downloads_an_extract(page, live_server, demo, shoot,
                                                              tmp_path):
    base = live_server.url
    signed_in(page, base, "io.ssoiu")
    _gen, people = demo_people()
    person = people[7]
    target = Offender.objects.get(names__is_primary=True, names__name=person.given_name,
                                  father_name=person.father_name)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Register search").click()
    page.wait_for_url("**/register/search/")
    assert_accessible(page, "io-search-en")

    search(page, person, purpose=False)  # no purpose: refused, nothing searched
    assert page.get_by_role("alert").is_visible()
    assert "Choose the purpose." in page.get_by_role("alert").inner_text()
    assert not AuditEvent.objects.filter(action="register.search").exists()
    shoot(page, "register-11-io-search-no-purpose-en")

    search(page, person)
    table = page.locator("main table")
    assert target.register_number in table.inner_text()
    assert_accessible(page, "io-results-en")
    shoot(page, "register-12-io-results-en")
    event = AuditEvent.objects.filter(action="register.search").latest("seq")
    assert event.case_reference == FIR and target.pk in event.details["returned"]

    page.locator(f"a[href^='/register/offenders/{target.pk}/open/']").click()
    page.wait_for_url(f"**/register/offenders/{target.pk}/open/**")
    assert page.locator("#id_reference").input_value() == FIR
    page.get_by_role("button", name="Open record").click()
    page.wait_for_url(f"**/register/offenders/{target.pk}/")
    assert AuditEvent.objects.filter(action="register.view", object_id=str(target.pk)).exists()
    assert_accessible(page, "io-record-en")
    shoot(page, "register-13-io-record-en")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download extract (PDF)").click()
    download = download_info.value
    path = tmp_path / "extract.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename == f"extract-{target.register_number}.pdf"
    assert AuditEvent.objects.filter(action="register.extract", object_id=str(target.pk),
                                     case_reference=FIR).exists()

    page.get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, "io-record-ur")
    shoot(page, "register-14-io-record-ur")
    page.goto(f"{base}/register/search/")
    search(page, person)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert target.register_number in page.locator("main table").inner_text()
    assert_accessible(page, "io-results-ur")
    shoot(page, "register-15-io-results-ur")
    page.goto(f"{base}/register/suspect-check/")
    assert_accessible(page, "io-suspect-check-ur")
    shoot(page, "register-16-io-suspect-check-ur")
