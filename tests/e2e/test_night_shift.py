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


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


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
    # The tab order follows the conversation: how she arrived, sex, age (defaults kept).
    page.locator("#id_arrival_route").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_sex"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_age"
    page.keyboard.type("23")
    page.locator("#id_name").fill("Synthetic Survivor")
    page.locator("#id_age").press("Enter")  # Enter submits the one form
    page.wait_for_url("**/opened/")
    code = page.locator("#case-code").inner_text()
    assert code.startswith("ARCC-")
    _check(page, shoot, lang, "03-case-opened")

    case_url = f"{base}/cells/cases/{code}/"
    page.goto(case_url + "incident/")
    page.locator("#id_occurred_at").fill(_local(timezone.now() - timedelta(hours=6)))
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
    page.locator("#id_police_station").select_option(index=1)
    _check(page, shoot, lang, "12-fir-referral")
    _submit(page)
    assert page.url.startswith(case_url)
    record_fir_links = page.locator("#fir a").evaluate_all(
        "els => els.filter(e => /\\/fir\\/\\d+\\/$/.test(e.getAttribute('href'))).length")
    assert record_fir_links == 1  # "record the FIR number" for the new referral
    _check(page, shoot, lang, "13-case-referred")


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
    shoot(page, "night-shift-ur-14-intake-errors")
