"""The justice pipeline in the browser, person by person: the cell refers a consenting
survivor's case to police; the station registers the FIR with a suspect who is already
on the register (the match is flagged, the SSOIU and the prosecution are told); the
investigating officer (in Urdu) takes the case, writes the diary and submits the
challan; the prosecutor accepts it; the Special Court frames the charge, hears the case
and convicts; NPB merges the proposed entry into the offender's record; and the cell (in
Urdu) sees every stage with its date — axe clean on each page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hifazat.core import clock
from hifazat.demo.services import DEMO_PASSWORD, current_code
from tests.e2e.test_sign_in_journey import assert_accessible

pytestmark = pytest.mark.e2e

STATION = "Police Station Civil Lines, Lahore"


def as_user(browser, base: str, username: str, *, urdu: bool = False):
    """A fresh browser window signed in as ``username`` (password and one-time code)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/sign-in/code/**")
    page.get_by_label("One-time code").fill(current_code(username))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")
    if urdu:
        page.get_by_role("button", name="اردو").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("dir") == "rtl"
    return page


def submit(page) -> None:
    """Press the page's form button (the first submit button in the main content)."""
    page.locator("main form[method=post] button[type=submit]").first.click()


def _consenting_case(demo):
    """A survivor's case opened at the demo cell (synthetic person), with her consent
    to report to police, to share with prosecution and to be told of the court case."""
    from hifazat.crisis_cells import services as cells
    from hifazat.synthetic import PeopleGenerator

    doctor = demo["cell.doctor"]
    doctor.is_verified = lambda: True
    person = PeopleGenerator(seed=2026).person("F", min_age=19, max_age=30)
    case = cells.open_case(user=doctor, arrival_route="walk_in", sex="F", age=22,
                           name=person.full_name(), cnic=person.cnic, phone=person.phone,
                           address=person.address)
    cells.record_incident(user=doctor, case=case, occurred_at=clock.now() - timedelta(hours=6),
                          district=doctor.agency.district, kind="rape",
                          relationship="stranger", perpetrator_particulars="not known")
    for use in ("police_report", "prosecution_sharing", "case_updates"):
        cells.record_consent(user=doctor, case=case, use=use, is_given=True,
                             given_by="survivor")
    return case


def _registered_offender():
    """A demo register record with a CNIC, father's name and full date of birth."""
    from hifazat.register.models import Offender

    offender = Offender.objects.filter(cnic__regex=r"^\d{13}$", dob_precision="day",
                                       status="in_custody").exclude(father_name="") \
        .order_by("pk").first()
    return offender, offender.names.get(is_primary=True)


def test_referral_to_conviction_to_register_with_the_cell_informed(browser, live_server,
                                                                    demo, shoot):
    from hifazat.justice.models import JusticeCase, Stage
    from hifazat.notices.models import Notice
    from hifazat.register.models import EntryProposal

    base = live_server.url
    case = _consenting_case(demo)
    offender, name = _registered_offender()
    today = timezone.localdate().isoformat()

    # 1. The cell's legal adviser refers the case to the Lahore station.
    cell = as_user(browser, base, "cell.legal")
    cell.goto(f"{base}/cells/cases/{case.code}/fir/")
    cell.get_by_label(STATION).check()
    cell.get_by_role("button", name="Refer", exact=True).click()
    cell.wait_for_url(f"**/cells/cases/{case.code}/**")
    assert "registers the FIR from its referral inbox" in cell.locator("#fir").inner_text()
    cell.context.close()

    # 2. The station registers the FIR from its inbox; the suspect is on the register.
    police = as_user(browser, base, "police.station")
    police.get_by_role("navigation", name="Main").get_by_role("link", name="FIR inbox").click()
    row = police.locator("tr", has_text=case.code)
    assert_accessible(police, "inbox-en")
    shoot(police, "justice-01-station-inbox-en")
    row.get_by_role("link", name="Register the FIR").click()
    police.locator("[name=number]").fill("777")
    police.get_by_label("376 — Punishment for rape").check()
    police.locator("[name=s1_name]").fill(f"{name.name} {name.surname}".strip())
    police.locator("[name=s1_father]").fill(offender.father_name)
    police.locator("[name=s1_dob]").fill(offender.dob.isoformat())
    police.locator("[name=s1_cnic]").fill(offender.cnic)
    shoot(police, "justice-02-fir-form-en")
    police.get_by_role("button", name="Register the FIR").click()
    police.wait_for_url("**/justice/cases/*/")
    assert "Suspect 1 may be a registered offender" in police.get_by_role("status").inner_text()
    alerts = police.get_by_role("alert").all_inner_texts()
    assert any("woman investigating officer is needed" in a for a in alerts), alerts
    assert offender.register_number not in police.content()  # the count only
    jcase = JusticeCase.objects.get(fir__number="777")
    warned = Notice.objects.filter(kind="register.suspect_match",
                                   recipients__agency__kind__in=["ssoiu", "prosecution"])
    assert warned.exists()
    assert_accessible(police, "fir-registered-en")
    shoot(police, "justice-03-fir-registered-match-en")
    police.context.close()

    # 3. The investigating officer, in Urdu: takes the case, diary, final report.
    io = as_user(browser, base, "io.ssoiu", urdu=True)
    case_url = f"{base}/justice/cases/{jcase.pk}/"
    io.goto(case_url + "officer/")
    io.locator("[name=person]").select_option(str(demo["io.ssoiu"].pk))
    submit(io)
    io.wait_for_url(case_url + "**")
    io.goto(case_url + "diary/")
    io.locator("[name=on]").fill(today)
    io.locator("[name=text]").fill("Statement of the complainant recorded at the cell.")
    io.locator("[name=statements]").fill("1")
    submit(io)
    io.wait_for_url(case_url + "**")
    io.goto(case_url + "reports/new/")
    io.locator("[name=kind][value=final]").check()
    io.locator("[name=submitted_on]").fill(today)
    submit(io)
    io.wait_for_url(case_url + "**")
    assert_accessible(io, "case-io-ur")
    shoot(io, "justice-04-challan-submitted-ur")
    io.context.close()
    jcase.refresh_from_db()
    assert jcase.stage == Stage.CHALLAN_SUBMITTED and not jcase.needs_female_officer

    # 4. The prosecutor accepts the challan; the case goes to the Special Court.
    prosecutor = as_user(browser, base, "prosecutor")
    report = jcase.reports.get(kind="final")
    prosecutor.goto(f"{case_url}reports/{report.pk}/scrutiny/")
    prosecutor.get_by_label("Accept and send to the Special Court").check()
    prosecutor.locator("[name=on]").fill(today)
    submit(prosecutor)
    prosecutor.wait_for_url(case_url + "**")
    prosecutor.context.close()
    jcase.refresh_from_db()
    assert jcase.stage == Stage.IN_TRIAL

    # 5. The court: charge, a hearing held, the conviction.
    court = as_user(browser, base, "court.clerk")
    court.goto(case_url + "charge/")
    court.get_by_label("376 — Punishment for rape").check()
    court.locator("[name=on]").fill(today)
    submit(court)
    court.wait_for_url(case_url + "**")
    court.goto(case_url + "hearings/new/")
    court.locator("[name=on]").fill(today)
    court.locator("[name=purpose]").select_option("prosecution_evidence")
    submit(court)
    court.wait_for_url(case_url + "**")
    hearing = jcase.hearings.get()
    court.goto(f"{case_url}hearings/{hearing.pk}/")
    court.locator("[name=outcome][value=held]").check()
    submit(court)
    court.wait_for_url(case_url + "**")
    suspect = jcase.fir.suspects.get()
    court.goto(case_url + "verdict/")
    court.locator("[name=outcome][value=convicted]").check()
    court.locator(f"[name=convicted_{suspect.pk}]").check()
    court.locator(f"[name=sections_{suspect.pk}][value='376']").check()
    court.locator(f"[name=sentence_{suspect.pk}]").fill("Imprisonment for life")
    court.locator("[name=decided_on]").fill(today)
    assert_accessible(court, "verdict-en")
    shoot(court, "justice-05-verdict-form-en")
    court.get_by_role("button", name="Record the verdict").click()
    court.wait_for_url(case_url + "**")
    assert "Awaiting NPB verification" in court.content()
    shoot(court, "justice-06-decided-en")
    court.context.close()
    suspect.refresh_from_db()
    proposal = EntryProposal.objects.get(pk=suspect.register_proposal_id)
    assert proposal.state == "proposed"

    # 6. NPB: the identity engine finds the existing record; the registrar merges.
    npb = as_user(browser, base, "npb.registrar")
    npb.goto(f"{base}/register/proposals/{proposal.pk}/")
    assert "proposed by the Special Court" in npb.content()
    candidate = npb.locator("tr.candidate", has_text=offender.register_number)
    candidate.get_by_role("button", name="Merge into this record").click()
    npb.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.state == "merged" and proposal.offender_id == offender.pk
    assert offender.convictions.filter(verdict_reference=proposal.payload[
        "verdict_reference"]).exists()
    npb.context.close()

    # 7. The cell, in Urdu, sees each stage with its date; she asked to be told.
    doctor = as_user(browser, base, "cell.doctor", urdu=True)
    doctor.goto(f"{base}/cells/cases/{case.code}/")
    steps = doctor.locator("#fir ol").inner_text()
    assert steps.count("\n") >= 4  # FIR, investigation, report, trial, decided
    assert "777" in doctor.locator("#fir").inner_text()
    assert_accessible(doctor, "cell-stages-ur")
    shoot(doctor, "justice-07-cell-sees-stages-ur")
    doctor.context.close()
    told = Notice.objects.filter(kind="crisis_cells.case_news", reference=case.code)
    assert told.count() >= 2  # the hearing and the verdict
