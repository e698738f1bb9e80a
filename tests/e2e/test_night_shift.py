"""A night shift in the Lahore crisis cell, in English and in Urdu: the women medico-legal
officer opens a case by keyboard, records the incident and consent, gives PEP, examines
with a chaperone and downloads the medico-legal report, hands the sample on to the
laboratory, and refers the case to police for an FIR. Every page passes axe-core with
no serious or critical violations; screenshots are saved for review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

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


def _sign_in(page, base: str, username: str, lang: str) -> None:
    page.goto(f"{base}/")
    if lang == "ur":
        page.get_by_role("button", name="اردو").click()
        page.wait_for_load_state()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/sign-in/code/**")
    page.locator("#id_code").fill(current_code(username))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/")


def _submit(page) -> None:
    page.locator("form.cc-main-form button[type=submit]").first.click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.count() == 0, f"{page.url}: {summary.all_inner_texts()}"


def _check(page, shoot, lang: str, step: str) -> None:
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert_accessible(page, f"{lang} {step}")
    shoot(page, f"night-shift-{lang}-{step}")


def _night_shift(page, base: str, shoot, lang: str, tmp_path) -> None:
    _sign_in(page, base, "cell.wmlo", lang)
    page.goto(f"{base}/cells/")
    _check(page, shoot, lang, "01-dashboard")

    # Intake by keyboard: arrival time is focused and already "now".
    page.goto(f"{base}/cells/cases/new/")
    assert page.evaluate("document.activeElement.id") == "id_arrived_at"
    assert page.locator("#id_arrived_at").input_value() != ""
    _check(page, shoot, lang, "02-intake")
    # The arrival is one text box in 24-hour Pakistan time (never the browser's
    # datetime-local with its locale and seven tab stops), typed relative to now.
    assert page.locator("#id_arrived_at").get_attribute("type") == "text"
    assert page.locator("#id_arrived_at_hint").is_visible()
    page.keyboard.press("Control+a")
    page.keyboard.type("-30 min")
    # The tab order follows the conversation: how she arrived, sex, age (defaults kept).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_arrival_route"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_sex"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_age"
    page.keyboard.type("23")
    # After the guardian: the preferred language, then the disability checkbox and at
    # once its details.
    page.locator("#id_guardian_phone").focus()
    for expected in ("id_language", "id_has_disability", "id_disability_note"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == expected
    page.locator("#id_name").fill("Synthetic Survivor")
    page.locator("#id_age").press("Enter")  # Enter submits the one form
    page.wait_for_url("**/opened/")
    code = page.locator("#case-code").inner_text()
    assert code.startswith("ARCC-")
    # The time as it was read (30 minutes ago), on a 24-hour clock.
    arrived = timezone.localtime(timezone.now() - timedelta(minutes=30))
    shown = page.locator("#arrived-at").inner_text()
    assert arrived.strftime("%H:%M") in shown or \
        (arrived - timedelta(minutes=1)).strftime("%H:%M") in shown, shown
    _check(page, shoot, lang, "03-case-opened")

    case_url = f"{base}/cells/cases/{code}/"
    page.goto(case_url + "incident/")
    page.locator("#id_occurred_at").fill("-6 h")
    page.locator("#id_kind").select_option("rape")
    page.locator("#id_relationship").select_option("stranger")
    _check(page, shoot, lang, "04-incident")
    _submit(page)
    assert page.url.startswith(case_url)

    for use in ("medical_examination", "forensic_samples", "police_report"):
        page.goto(case_url + f"consent/?use={use}")
        page.locator("#id_is_given_0").check()
        if use == "police_report":
            _check(page, shoot, lang, "05-consent")
        _submit(page)
    assert page.url.startswith(case_url)
    _check(page, shoot, lang, "06-case-page")

    page.goto(case_url + "medical/?kind=pep")
    page.locator("#id_description").fill("PEP starter pack")
    _check(page, shoot, lang, "07-medical-pep")
    _submit(page)

    page.goto(case_url + "examination/")
    page.locator("#id_chaperone_name").fill("Staff nurse on duty")
    page.locator("#id_chaperone_role").fill("Staff nurse")
    page.locator("#id_general_findings").fill("Conscious and oriented.")
    page.locator("#id_samples_0").check()  # swab
    _check(page, shoot, lang, "08-examination")
    _submit(page)
    with page.expect_download() as download_info:
        page.locator("a[href*='report.pdf']").first.click()
    pdf = tmp_path / f"report-{lang}.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.goto(case_url)
    page.locator("#evidence a[href*='/evidence/']").first.click()
    page.wait_for_load_state()
    for step, to in (("sealed", ""), ("handed_over", "Constable on duty"),
                     ("sent_to_lab", "Punjab Forensic Science Agency")):
        page.locator("#id_step").select_option(step)
        page.locator("#id_handed_to").fill(to)
        if step == "sent_to_lab":
            _check(page, shoot, lang, "09-evidence-dispatch")
        _submit(page)
    _check(page, shoot, lang, "10-chain-of-custody")
    label_link = page.locator("a[href$='/label/']").first
    label_link.click()
    page.wait_for_load_state()
    assert page.locator(".cc-label svg").count() == 1
    _check(page, shoot, lang, "11-evidence-label")

    page.goto(case_url + "fir/")
    # The incident's district's stations, as radio buttons (no "---------"), a search.
    assert page.locator("select#id_police_station").count() == 0
    assert page.locator("#search_q").is_visible()
    assert page.locator("#consent-missing").count() == 0
    page.locator("#id_police_station_0").check()
    _check(page, shoot, lang, "12-fir-referral")
    _submit(page)
    assert page.url.startswith(case_url)
    # The cell no longer records the FIR number: the station registers the FIR from its
    # referral inbox, and the case page says so until the number comes back.
    record_fir_links = page.locator("#fir a").evaluate_all(
        "els => els.filter(e => /\\/fir\\/\\d+\\/$/.test(e.getAttribute('href'))).length")
    assert record_fir_links == 0
    assert page.locator("#fir .cc-fir-pending").count() >= 1
    _check(page, shoot, lang, "13-case-referred")

    # Withdrawing a consent is a confirmation page (what stops, a required reason).
    page.locator("#consent a[href*='withdraw/?use=forensic_samples']").click()
    page.wait_for_load_state()
    assert page.locator("#stops-h").is_visible()
    _check(page, shoot, lang, "14-consent-withdraw")
    page.locator("#id_reason").fill("She asked, with the counsellor present")
    _submit(page)
    assert page.url.startswith(case_url)


def test_night_shift_in_english(page, live_server, demo, shoot, tmp_path):
    _night_shift(page, live_server.url, shoot, "en", tmp_path)


def test_night_shift_in_urdu(page, live_server, demo, shoot, tmp_path):
    _night_shift(page, live_server.url, shoot, "ur", tmp_path)


def test_bad_intake_shows_errors_in_urdu(page, live_server, demo, shoot):
    base = live_server.url
    _sign_in(page, base, "cell.doctor", "ur")
    page.goto(f"{base}/cells/cases/new/")
    page.locator("#id_age").fill("12")  # a child, with no guardian
    page.locator("#id_cnic").fill("123")
    page.locator("form.cc-main-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_guardian_name_error").is_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, "ur intake errors")
    shoot(page, "night-shift-ur-15-intake-errors")
