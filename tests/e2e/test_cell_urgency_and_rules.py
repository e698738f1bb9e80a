"""The night-shift doctor at 3 a.m. (issue 12), in English and in Urdu: a PEP window
with under six hours left is urgent in colour and in words on the dashboard and at the
top of the case page; the case page's section index works by keyboard; the examination
of a female survivor explains the rule and names the women medico-legal officer on
duty; the FIR referral shows the missing police-reporting consent before anything is
chosen. Every page passes axe-core; screenshots are saved for review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_night_shift import _sign_in, assert_accessible

pytestmark = pytest.mark.e2e

URGENT = {"en": "Urgent: PEP", "ur": "فوری: پی ای پی"}


def _pep_nearly_closing(demo):
    """The demo's first case (no police consent yet), its incident moved to 70 h 1 min
    ago: PEP (72 h) has 1 h 59 min left."""
    from hifazat.crisis_cells.models import Incident, SurvivorCase

    doctor = demo["cell.doctor"]
    case = SurvivorCase.objects.filter(cell_id=doctor.agency_id, sex="F",
                                       pep_given_at__isnull=True,
                                       incident_at__isnull=False).order_by("pk").first()
    at = timezone.now() - timedelta(hours=70, minutes=1)
    SurvivorCase.objects.filter(pk=case.pk).update(incident_at=at)
    Incident.objects.filter(case=case).update(occurred_at=at)
    return case


def _look(page, shoot, lang, step):
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")
    assert_accessible(page, f"{lang} {step}")
    shoot(page, f"cell-rules-{lang}-{step}")


def _journey(page, base, demo, shoot, lang):
    case = _pep_nearly_closing(demo)
    _sign_in(page, base, "cell.doctor", lang)

    page.goto(f"{base}/cells/")
    urgent = page.locator("#windows .cc-tag--urgent").first
    assert URGENT[lang] in urgent.inner_text()
    # Windows and overdue follow-ups lead the dashboard.
    order = page.evaluate("""() => ['windows', 'overdue', 'due-today', 'evidence'].map(
        id => document.getElementById(id).getBoundingClientRect().top)""")
    assert order == sorted(order)
    _look(page, shoot, lang, "01-dashboard-urgent")

    case_url = f"{base}/cells/cases/{case.code}/"
    page.goto(case_url)
    card = page.locator(".cc-window--urgent").first
    assert URGENT[lang] in card.inner_text()
    # The urgent window stands above the section index, which stands above the sections.
    assert card.bounding_box()["y"] < page.locator("#sections").bounding_box()["y"] \
        < page.locator("#about").bounding_box()["y"]
    _look(page, shoot, lang, "02-case-urgent")
    # The section index by keyboard: Tab to a link, Enter jumps to that section.
    page.locator("#sections a[href='#fir']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#fir'")

    # The examination of a female survivor: the rule, who is on duty.
    response = page.goto(case_url + "examination/")
    assert response.status == 403
    assert page.locator("h1").inner_text().strip() != ""
    assert str(demo["cell.wmlo"]) in page.locator("main").inner_text()
    _look(page, shoot, lang, "03-exam-needs-wmlo")

    # The FIR referral without police consent: the block first, with the way to record it.
    page.goto(case_url + "fir/")
    assert page.locator("#consent-missing").is_visible()
    assert page.locator("input[name='police_station']").count() == 0
    _look(page, shoot, lang, "04-fir-consent-missing")
    page.locator("#consent-missing a[href*='use=police_report']").click()
    page.wait_for_load_state()
    assert page.locator("#id_use").input_value() == "police_report"


def test_urgency_and_rules_in_english(page, live_server, demo, shoot):
    _journey(page, live_server.url, demo, shoot, "en")


def test_urgency_and_rules_in_urdu(page, live_server, demo, shoot):
    _journey(page, live_server.url, demo, shoot, "ur")
