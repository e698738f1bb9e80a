"""Crisis-cell screens: who may open them (anonymous -> sign-in; other cells and outsiders
-> 404/403), each form's happy path and its bad-input path (re-rendered with 400 and the
message next to the field, never a 500), and identity only behind its audited action."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.crisis_cells.models import Consent, SurvivorCase
from tests.factories import verified_client

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_doctor", "police", "io", "prosecutor", "npb", "analyst", "sysadmin",
             "cell_admin"]


def signed_in(client, user):
    return verified_client(client, user)


def _url(name, case=None, *args):
    if case is None:
        return reverse(f"crisis_cells:{name}", args=args)
    return reverse(f"crisis_cells:{name}", args=[case.code, *args])


# --- who may see what --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["dashboard", "cases", "intake"])
def test_anonymous_is_sent_to_sign_in(client, cell, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_anonymous_case_page_is_sent_to_sign_in(client, opened):
    response = client.get(_url("case", opened))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_see_a_case(client, cell, opened, who):
    response = signed_in(client, cell[who]).get(_url("case", opened))
    # Another cell's staff gets the same answer as a missing code; the rest have no cell
    # role at all (403 at the door, or 404 for the object).
    assert response.status_code in (403, 404)
    # (The code appears only in the language switch's "next", which the visitor typed.)
    assert f'<span class="cc-code">{opened.code}' not in response.content.decode()


def test_other_cells_staff_gets_404_same_as_missing(client, cell, opened):
    c = signed_in(client, cell["other_doctor"])
    assert c.get(_url("case", opened)).status_code == 404
    missing = reverse("crisis_cells:case", args=["ARCC-NONE-2026-000001"])
    assert c.get(missing).status_code == 404


@pytest.mark.parametrize("who", ["police", "npb", "analyst", "sysadmin", "prosecutor"])
def test_outsiders_have_no_dashboard_or_intake(client, cell, who):
    c = signed_in(client, cell[who])
    assert c.get(_url("dashboard")).status_code == 403
    assert c.get(_url("intake")).status_code == 403
    assert c.post(_url("intake"), {"arrival_route": "walk_in", "sex": "F"}).status_code == 403
    assert SurvivorCase.objects.count() == 0


def test_counsellor_may_not_record_medical_care(client, cell, opened):
    response = signed_in(client, cell["counsellor"]).get(_url("medical", opened))
    assert response.status_code == 403


def test_navigation_shows_the_cell_to_staff_only(client, cell):
    assert "/cells/" in signed_in(client, cell["doctor"]).get("/").content.decode()
    client.logout()
    assert "/cells/" not in signed_in(client, cell["npb"]).get("/").content.decode()


# --- dashboard and list --------------------------------------------------------------------

def test_dashboard_shows_running_windows_and_open_cases(client, cell, opened):
    response = signed_in(client, cell["doctor"]).get(_url("dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert opened.code in body
    assert "min left" in body  # PEP and EC windows are running (incident 10 h ago)


def test_case_list_filters_and_paginates(client, cell, opened):
    c = signed_in(client, cell["doctor"])
    response = c.get(_url("cases"), {"q": opened.code[-6:]})
    assert response.status_code == 200 and opened.code in response.content.decode()
    response = c.get(_url("cases"), {"q": "NOPE-999"})
    assert opened.code not in response.content.decode()
    response = c.get(_url("cases"), {"status": "closed"})
    assert opened.code not in response.content.decode()
    response = c.get(_url("cases"), {"kind": "rape", "page": "99"})
    assert response.status_code == 200 and opened.code in response.content.decode()


def test_case_list_bad_filter_is_a_clear_400(client, cell, opened):
    response = signed_in(client, cell["doctor"]).get(_url("cases"), {"q": "<script>"})
    assert response.status_code == 400
    assert "letters, digits and dashes" in response.content.decode()


# --- intake ---------------------------------------------------------------------------

def test_intake_form_has_autofocus_and_arrival_now(client, cell):
    body = signed_in(client, cell["doctor"]).get(_url("intake")).content.decode()
    assert 'autofocus' in body and 'name="arrived_at"' in body
    assert clock.now().astimezone().strftime("%Y-%m-%d") in body or "value=" in body


def test_intake_opens_a_case_and_shows_its_code(client, cell, survivor):
    c = signed_in(client, cell["doctor"])
    response = c.post(_url("intake"), {
        "arrived_at": (clock.now() - timedelta(minutes=20)).astimezone().strftime(
            "%Y-%m-%dT%H:%M"),
        "arrival_route": "walk_in", "sex": "F", "age": "27",
        "name": survivor.full_name(), "cnic": survivor.cnic, "phone": "0300 1234567",
    })
    assert response.status_code == 302
    case = SurvivorCase.objects.get()
    assert response["Location"] == _url("opened", case)
    page = c.get(response["Location"]).content.decode()
    assert case.code in page and "cc-code--big" in page
    assert survivor.full_name() not in page


def test_intake_bad_input_is_shown_next_to_each_field(client, cell):
    response = signed_in(client, cell["doctor"]).post(_url("intake"), {
        "arrived_at": "yesterday", "arrival_route": "taxi", "sex": "", "age": "300",
        "cnic": "123",
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    for field in ("arrived_at", "arrival_route", "sex", "age", "cnic"):
        assert f'id="id_{field}_error"' in body, field
    assert SurvivorCase.objects.count() == 0


def test_child_intake_needs_a_guardian(client, cell):
    c = signed_in(client, cell["doctor"])
    data = {"arrived_at": clock.now().astimezone().strftime("%Y-%m-%dT%H:%M"),
            "arrival_route": "police", "sex": "F", "age": "12"}
    response = c.post(_url("intake"), data)
    assert response.status_code == 400
    assert 'id="id_guardian_name_error"' in response.content.decode()
    assert SurvivorCase.objects.count() == 0
    data.update(guardian_name="A. Guardian", guardian_relationship="Mother")
    assert c.post(_url("intake"), data).status_code == 302
    assert SurvivorCase.objects.get().is_child


# --- case page and identity -----------------------------------------------------------

def test_case_page_never_shows_identity_until_asked(client, cell, opened, survivor):
    c = signed_in(client, cell["counsellor"])
    body = c.get(_url("case", opened)).content.decode()
    assert opened.code in body and survivor.full_name() not in body
    assert "Tall man" not in body  # perpetrator particulars never on the page
    assert not AuditEvent.objects.filter(action="crisis_cells.identity_viewed").exists()


def test_show_identity_is_a_post_and_is_audited(client, cell, opened, survivor):
    c = signed_in(client, cell["doctor"])
    assert c.get(_url("identity", opened)).status_code == 302  # a GET never shows it
    response = c.post(_url("identity", opened))
    assert response.status_code == 200
    assert survivor.full_name() in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="crisis_cells.identity_viewed")
    assert event.case_reference == opened.code and event.actor_id == cell["doctor"].pk


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_show_identity(client, cell, opened, survivor, who):
    response = signed_in(client, cell[who]).post(_url("identity", opened))
    assert response.status_code in (403, 404)
    assert survivor.full_name() not in response.content.decode()
    assert not AuditEvent.objects.filter(action="crisis_cells.identity_viewed").exists()


# --- incident and consent -----------------------------------------------------------------

def test_incident_form_saves_and_refuses_a_time_after_arrival(client, cell, opened, places):
    c = signed_in(client, cell["doctor"])
    assert c.get(_url("incident", opened)).status_code == 200
    later = (opened.arrived_at + timedelta(hours=3)).astimezone().strftime("%Y-%m-%dT%H:%M")
    response = c.post(_url("incident", opened), {
        "occurred_at": later, "kind": "rape", "district": places["LHR"].pk,
        "relationship": "stranger", "perpetrator_count": "1"})
    assert response.status_code == 400
    assert 'id="id_occurred_at_error"' in response.content.decode()
    earlier = (opened.arrived_at - timedelta(hours=30)).astimezone().strftime(
        "%Y-%m-%dT%H:%M")
    response = c.post(_url("incident", opened), {
        "occurred_at": earlier, "kind": "sexual_assault", "district": places["LHR"].pk,
        "relationship": "acquaintance", "perpetrator_count": "2"})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.incident.kind == "sexual_assault"


def test_consent_is_recorded_and_withdrawn(client, cell, opened):
    c = signed_in(client, cell["counsellor"])
    page = c.get(_url("consent", opened)).content.decode()
    assert "Reporting to police" in page and "Not asked" in page
    response = c.post(_url("consent", opened), {"use": "police_report", "is_given": "yes",
                                                "given_by": "survivor"})
    assert response.status_code == 302
    assert Consent.objects.get(case=opened, use="police_report").is_given
    response = c.post(_url("consent_withdraw", opened), {"use": "police_report",
                                                         "reason": "She asked"})
    assert response.status_code == 302
    assert Consent.objects.get(case=opened, use="police_report").withdrawn_at is not None
    assert AuditEvent.objects.filter(action="crisis_cells.consent_withdrawn").exists()


def test_consent_bad_input_and_refused_withdrawal(client, cell, opened):
    c = signed_in(client, cell["counsellor"])
    response = c.post(_url("consent", opened), {"use": "everything", "given_by": "survivor"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_use_error"' in body and 'id="id_is_given_error"' in body
    response = c.post(_url("consent_withdraw", opened), {"use": "photographs"}, follow=True)
    assert "nothing to withdraw" in response.content.decode().lower()
    _consent(c, opened, "police_report")
    response = c.post(_url("consent_withdraw", opened), {"use": "photographs",
                                                         "reason": "She asked"})
    assert response.status_code == 400
    assert 'id="id_use_error"' in response.content.decode()


# --- assignment, transfer, closure ----------------------------------------------------

def test_in_charge_assigns_and_bad_choice_is_refused(client, cell, opened):
    c = signed_in(client, cell["incharge"])
    response = c.post(_url("assign", opened), {"assignee": cell["police"].pk})
    assert response.status_code == 400
    assert 'id="id_assignee_error"' in response.content.decode()
    response = c.post(_url("assign", opened), {"assignee": cell["counsellor"].pk})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.assigned_to_id == cell["counsellor"].pk


def test_doctor_cannot_assign(client, cell, opened):
    assert signed_in(client, cell["doctor"]).get(_url("assign", opened)).status_code == 403


def test_transfer_is_accepted_by_the_other_cell(client, cell, opened):
    c = signed_in(client, cell["incharge"])
    response = c.post(_url("transfer", opened), {"to_cell": "", "reason": ""})
    assert response.status_code == 400
    response = c.post(_url("transfer", opened), {"to_cell": cell["other_agency"].pk,
                                                 "reason": "Survivor moved to Karachi"})
    assert response.status_code == 302
    transfer = opened.transfers.get()
    # The sending cell cannot decide; the receiving in-charge sees it on the dashboard.
    assert c.get(_url("transfer_decide", None, transfer.pk)).status_code in (403, 404)
    client.logout()
    other = signed_in(client, cell["other_incharge"])
    assert opened.code in other.get(_url("dashboard")).content.decode()
    response = other.post(_url("transfer_decide", None, transfer.pk), {"decision": "accept"})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.cell_id == cell["other_agency"].pk
    assert other.get(_url("case", opened)).status_code == 200


def test_closure_needs_the_in_charge(client, cell, opened):
    c = signed_in(client, cell["counsellor"])
    assert c.post(_url("closure", opened), {"outcome": "nonsense"}).status_code == 400
    assert c.post(_url("closure", opened), {"outcome": "care_completed"}).status_code == 302
    assert c.get(_url("closure_decide", opened)).status_code == 403
    client.logout()
    boss = signed_in(client, cell["incharge"])
    response = boss.post(_url("closure_decide", opened), {"decision": "return", "note": ""})
    assert response.status_code == 400  # returning needs a reason
    response = boss.post(_url("closure_decide", opened), {"decision": "approve"})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.status == "closed" and opened.outcome == "care_completed"


# --- medical care, examination, report, evidence ------------------------------------------

def _local(dt):
    return dt.astimezone().strftime("%Y-%m-%dT%H:%M")


def _consent(client, case, *uses):
    for use in uses:
        assert client.post(_url("consent", case), {"use": use, "is_given": "yes",
                                                   "given_by": "survivor"}).status_code == 302


def test_medical_page_shows_windows_and_records_pep(client, cell, opened):
    c = signed_in(client, cell["doctor"])
    page = c.get(_url("medical", opened) + "?kind=pep").content.decode()
    assert "min left" in page and 'value="pep" selected' in page
    response = c.post(_url("medical", opened), {"kind": "pep", "description": "Starter pack",
                                                "given_at": _local(clock.now())})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.pep_given_at is not None


def test_late_pep_needs_a_reason(client, cell, places, survivor):
    from hifazat.crisis_cells import services

    case = services.open_case(user=cell["doctor"], arrival_route="walk_in", sex="F", age=30)
    services.record_incident(user=cell["doctor"], case=case,
                             occurred_at=clock.now() - timedelta(hours=80),
                             district=places["LHR"], kind="rape", relationship="stranger")
    c = signed_in(client, cell["doctor"])
    data = {"kind": "pep", "description": "Late PEP", "given_at": _local(clock.now())}
    response = c.post(_url("medical", case), data)
    assert response.status_code == 400
    assert 'id="id_late_reason_error"' in response.content.decode()
    data["late_reason"] = "Survivor arrived after the window"
    assert c.post(_url("medical", case), data).status_code == 302


def test_examination_refuses_without_consent_then_records_with_samples(client, cell, opened):
    c = signed_in(client, cell["wmlo"])
    page = c.get(_url("exam", opened)).content.decode()
    assert "two-finger" in page  # said to be prohibited, and no field for it
    assert "virginity" not in page.split("<form", 1)[1].split("</form>")[0].lower()
    data = {"examined_at": _local(clock.now()), "chaperone_name": "Nurse on duty",
            "chaperone_role": "Staff nurse", "general_findings": "Stable",
            "samples": ["swab", "clothing"]}
    response = c.post(_url("exam", opened), data)
    assert response.status_code == 400
    assert "consent" in response.content.decode().lower()
    _consent(c, opened, "medical_examination", "forensic_samples")
    response = c.post(_url("exam", opened), data)
    assert response.status_code == 302
    assert opened.evidence.count() == 2


def test_examination_refuses_the_prohibited_test_in_words(client, cell, opened):
    c = signed_in(client, cell["wmlo"])
    _consent(c, opened, "medical_examination")
    response = c.post(_url("exam", opened), {
        "examined_at": _local(clock.now()), "chaperone_name": "Nurse",
        "chaperone_role": "Nurse", "general_findings": "Two-finger test done"})
    assert response.status_code == 400
    assert "prohibited" in response.content.decode()
    assert not opened.medico_legal_exams.exists()


def test_examination_before_the_incident_is_refused(client, cell, opened):
    c = signed_in(client, cell["wmlo"])
    _consent(c, opened, "medical_examination")
    response = c.post(_url("exam", opened), {
        "examined_at": _local(opened.incident_at - timedelta(hours=2)),
        "chaperone_name": "Nurse", "chaperone_role": "Nurse", "general_findings": "Stable"})
    assert response.status_code == 400
    assert 'id="id_examined_at_error"' in response.content.decode()


def test_doctor_may_not_examine_a_female_survivor(client, cell, opened):
    assert signed_in(client, cell["doctor"]).get(_url("exam", opened)).status_code == 403


def _examined(client, cell, case):
    c = signed_in(client, cell["wmlo"])
    _consent(c, case, "medical_examination", "forensic_samples")
    c.post(_url("exam", case), {
        "examined_at": _local(clock.now()), "chaperone_name": "Nurse on duty",
        "chaperone_role": "Staff nurse", "general_findings": "Stable",
        "samples": ["swab"]})
    return c, case.medico_legal_exams.get()


def test_report_pdf_downloads_for_clinicians_only(client, cell, opened, survivor):
    c, exam = _examined(client, cell, opened)
    response = c.get(_url("exam_report", opened, exam.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "no-store"
    client.logout()
    counsellor = signed_in(client, cell["counsellor"])
    assert counsellor.get(_url("exam_report", opened, exam.pk)).status_code == 403
    client.logout()
    other = signed_in(client, cell["other_doctor"])
    assert other.get(_url("exam_report", opened, exam.pk)).status_code == 404


def test_report_html_is_bilingual_and_has_no_identity_unless_asked(cell, opened, survivor,
                                                                   client):
    from hifazat.core.pdf import render_html
    from hifazat.crisis_cells import selectors
    from hifazat.crisis_cells.views_care import _report_labels

    _c, exam = _examined(client, cell, opened)
    report = selectors.medico_legal_report(user=cell["wmlo"], exam=exam)
    html = render_html("crisis_cells/report_pdf.html", {"r": report, **_report_labels(report)})
    assert "Medico-legal report" in html and opened.code in html
    assert survivor.full_name() not in html and "Tall man" not in html
    assert "two-finger" in html


def test_evidence_label_and_custody_steps(client, cell, opened):
    c, _exam = _examined(client, cell, opened)
    item = opened.evidence.get()
    label = c.get(_url("evidence_label", opened, item.label_code))
    assert label.status_code == 200
    body = label.content.decode()
    assert item.label_code in body and "<svg" in body
    page = c.get(_url("evidence_item", opened, item.label_code)).content.decode()
    assert 'value="sealed" selected' in page  # the next step is proposed
    # Skipping a step is refused next to the field.
    response = c.post(_url("evidence_item", opened, item.label_code), {
        "step": "sent_to_lab", "at": _local(clock.now()), "handed_to": "PFSA Lahore",
        "seal_intact": "yes"})
    assert response.status_code == 400
    assert 'id="id_step_error"' in response.content.decode()
    for step, to in (("sealed", ""), ("handed_over", "Constable on duty"),
                     ("sent_to_lab", "PFSA Lahore")):
        response = c.post(_url("evidence_item", opened, item.label_code), {
            "step": step, "at": _local(clock.now()), "handed_to": to, "seal_intact": "yes"})
        assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.status == "sent_to_lab"
    page = c.get(_url("evidence_item", opened, item.label_code)).content.decode()
    assert item.custody.last().hash in page


def test_broken_seal_needs_a_note(client, cell, opened):
    c, _exam = _examined(client, cell, opened)
    item = opened.evidence.get()
    response = c.post(_url("evidence_item", opened, item.label_code), {
        "step": "sealed", "at": _local(clock.now()), "seal_intact": "no"})
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()


def test_evidence_pages_are_hidden_from_other_cells(client, cell, opened):
    _c, _exam = _examined(client, cell, opened)
    item = opened.evidence.get()
    client.logout()
    other = signed_in(client, cell["other_doctor"])
    assert other.get(_url("evidence_item", opened, item.label_code)).status_code == 404
    assert other.get(_url("evidence_label", opened, item.label_code)).status_code == 404


# --- support, cyber, FIR ------------------------------------------------------------------

def test_counselling_legal_shelter_and_follow_ups(client, cell, opened):
    from django.utils import timezone

    c = signed_in(client, cell["counsellor"])
    assert c.post(_url("counselling", opened), {"held_at": _local(clock.now()),
                                                "duration_minutes": "0"}).status_code == 400
    assert c.post(_url("counselling", opened), {"held_at": _local(clock.now()),
                                                "duration_minutes": "45"}).status_code == 302
    assert c.post(_url("shelter", opened), {"shelter": "", "referred_at": ""}).status_code == 400
    assert c.post(_url("shelter", opened), {"shelter": "Dar-ul-Aman Lahore",
                                            "referred_at": _local(clock.now())}
                  ).status_code == 302
    today = timezone.localdate().isoformat()
    assert c.post(_url("follow_up", opened), {"kind": "medical", "due_on": "soon",
                                              "description": "x"}).status_code == 400
    assert c.post(_url("follow_up", opened), {"kind": "medical", "due_on": today,
                                              "description": "PEP day 3 review"}
                  ).status_code == 302
    assert "PEP day 3 review" in c.get(_url("dashboard")).content.decode()
    follow_up = opened.follow_ups.get()
    assert c.post(_url("follow_up_done", opened, follow_up.pk),
                  {"outcome_note": "Seen"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert c.get(_url("legal", opened)).status_code == 403  # legal adviser's work
    client.logout()
    legal = signed_in(client, cell["legal"])
    response = legal.post(_url("legal", opened), {"given_at": _local(clock.now()),
                                                  "legal_aid_referred": "on"})
    assert response.status_code == 400 and 'id="id_legal_aid_provider_error"' in \
        response.content.decode()
    assert legal.post(_url("legal", opened), {
        "given_at": _local(clock.now()), "rights_explained": "on", "legal_aid_referred": "on",
        "legal_aid_provider": "Punjab Legal Aid"}).status_code == 302


def test_mediation_only_at_a_vawc_centre(client, cell, opened):
    from hifazat.crisis_cells import services

    c = signed_in(client, cell["counsellor"])
    response = c.post(_url("mediation", opened), {"held_at": _local(clock.now()),
                                                  "parties_present": "Both"})
    assert response.status_code == 400
    assert "Violence Against Women Centres" in response.content.decode()
    client.logout()
    vawc_case = services.open_case(user=cell["vawc_counsellor"], arrival_route="walk_in",
                                   sex="F", age=30)
    services.record_incident(user=cell["vawc_counsellor"], case=vawc_case,
                             occurred_at=clock.now() - timedelta(days=1),
                             district=cell["places"]["MUL"], kind="domestic_violence",
                             relationship="spouse")
    v = signed_in(client, cell["vawc_counsellor"])
    assert v.post(_url("mediation", vawc_case), {"held_at": _local(clock.now()),
                                                 "parties_present": "Both spouses"}
                  ).status_code == 302
    response = v.post(_url("protection_order", vawc_case), {
        "court": "Family Court Multan", "applied_on": "2026-01-10", "status": "granted"})
    assert response.status_code == 400 and 'id="id_granted_on_error"' in \
        response.content.decode()
    assert v.post(_url("protection_order", vawc_case), {
        "court": "Family Court Multan", "applied_on": "2026-01-10", "status": "applied"}
    ).status_code == 302


def test_cyber_report_and_private_file_with_hash(client, cell, opened):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    c = signed_in(client, cell["counsellor"])
    response = c.post(_url("cyber", opened), {"report-platform": "other",
                                              "report-account_identifiers": "+92300"})
    assert response.status_code == 400
    assert 'id="id_report-platform_other_error"' in response.content.decode()
    assert c.post(_url("cyber", opened), {
        "report-platform": "whatsapp", "report-account_identifiers": "+92 300 0000000"}
    ).status_code == 302
    content = b"synthetic screenshot bytes"
    upload = SimpleUploadedFile("screenshot.png", content, content_type="image/png")
    response = c.post(_url("cyber_file", opened), {"file-file": upload,
                                                   "file-description": "Chat"})
    assert response.status_code == 302
    page = c.get(_url("cyber", opened)).content.decode()
    assert hashlib.sha256(content).hexdigest() in page
    assert "screenshot.png" not in page  # the original name is not kept
    response = c.post(_url("cyber_file", opened), {"file-description": "nothing"})
    assert response.status_code == 400 and 'id="id_file-file_error"' in \
        response.content.decode()


def test_fir_referral_needs_police_consent_then_the_station_registers_the_fir(
        client, cell, opened, places):
    c = signed_in(client, cell["doctor"])
    station = places["ps_lhr"]
    response = c.post(_url("fir_referral", opened), {"police_station": station.pk})
    assert response.status_code == 400
    assert "consent" in response.content.decode().lower()
    _consent(c, opened, "police_report")
    assert c.post(_url("fir_referral", opened), {"police_station": ""}).status_code == 400
    assert c.post(_url("fir_referral", opened), {"police_station": station.pk}
                  ).status_code == 302
    referral = opened.justice_referrals.get()
    page = c.get(_url("case", opened)).content.decode()
    assert "registers the FIR from its referral inbox" in page
    # The station registers the FIR (justice); the cell's case then shows its number.
    from hifazat.justice import services as justice
    from hifazat.register import services as register

    register.load_ppc_sections()
    justice.register_fir(user=cell["police"], station=station, number="123/26",
                         registered_at=clock.now(), sections=["376"], referral=referral)
    opened.refresh_from_db()
    assert opened.fir_number == "123/26" and opened.arrival_to_fir is not None
    assert "123/26" in c.get(_url("case", opened)).content.decode()


@pytest.mark.parametrize("name", ["counselling", "shelter", "follow_up", "cyber",
                                  "fir_referral", "closure", "incident", "consent"])
def test_every_case_form_is_hidden_from_other_cells(client, cell, opened, name):
    c = signed_in(client, cell["other_incharge"])
    assert c.get(_url(name, opened)).status_code == 404


def test_a_full_code_finds_a_closed_case_too(client, cell, opened):
    from hifazat.crisis_cells import services

    services.request_closure(user=cell["counsellor"], case=opened, outcome="care_completed")
    services.approve_closure(user=cell["incharge"], request=opened.closure_requests.get())
    c = signed_in(client, cell["doctor"])
    assert opened.code not in c.get(_url("cases")).content.decode()
    assert opened.code in c.get(_url("cases"), {"q": opened.code.lower()}).content.decode()


def test_laboratory_result_completes_the_chain(client, cell, opened):
    c, _exam = _examined(client, cell, opened)
    item = opened.evidence.get()
    url = _url("evidence_item", opened, item.label_code)
    for step, to in (("sealed", ""), ("handed_over", "Constable"), ("sent_to_lab", "PFSA"),
                     ("received", "PFSA reception")):
        assert c.post(url, {"step": step, "at": _local(clock.now()), "handed_to": to,
                            "seal_intact": "yes"}).status_code == 302
    response = c.post(url, {"step": "result", "at": _local(clock.now()), "seal_intact": "yes"})
    assert response.status_code == 400 and 'id="id_result_error"' in response.content.decode()
    assert c.post(url, {"step": "result", "at": _local(clock.now()), "seal_intact": "yes",
                        "result": "Profile obtained"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "result" and item.result == "Profile obtained"
    assert "The chain is complete" in c.get(url).content.decode()


def test_identity_is_corrected_and_the_form_read_is_audited(client, cell, opened, survivor):
    c = signed_in(client, cell["counsellor"])
    page = c.get(_url("identity_edit", opened))
    assert page.status_code == 200 and survivor.full_name() in page.content.decode()
    assert AuditEvent.objects.filter(action="crisis_cells.identity_viewed").count() == 1
    assert c.post(_url("identity_edit", opened), {"cnic": "12"}).status_code == 400
    assert c.post(_url("identity_edit", opened), {"name": "Corrected Name"}).status_code == 302
    from hifazat.crisis_cells import selectors

    assert selectors.survivor_identity(user=cell["doctor"], case=opened)["name"] == \
        "Corrected Name"
    client.logout()
    assert signed_in(client, cell["other_doctor"]).get(
        _url("identity_edit", opened)).status_code == 404


def test_identity_never_reaches_logs_audit_or_timeline(client, cell, survivor, caplog):
    import json
    import logging

    from hifazat.crisis_cells.models import CaseActivity

    caplog.set_level(logging.DEBUG)
    c = signed_in(client, cell["doctor"])
    name, cnic = survivor.full_name(), survivor.cnic
    c.post(_url("intake"), {"arrival_route": "walk_in", "sex": "F", "age": "300",
                            "name": name, "cnic": cnic})  # refused: logged as a 400
    c.post(_url("intake"), {"arrived_at": _local(clock.now()), "arrival_route": "walk_in",
                            "sex": "F", "age": "30", "name": name, "cnic": cnic})
    case = SurvivorCase.objects.get()
    c.post(_url("identity", case))
    c.get(_url("identity_edit", case))
    c.get(reverse("crisis_cells:case", args=["ARCC-NONE-2026-000009"]))  # a 404
    logged = "\n".join(r.getMessage() for r in caplog.records)
    audit = json.dumps(list(AuditEvent.objects.values()), default=str)
    timeline = json.dumps(list(CaseActivity.objects.values()), default=str)
    digits = cnic.replace("-", "")
    for text in (logged, audit, timeline):
        assert name not in text and digits not in text and cnic not in text


def test_sharing_with_prosecution_needs_consent_and_the_legal_adviser(client, cell, opened):
    office = cell["prosecutor"].agency
    assert signed_in(client, cell["doctor"]).get(
        _url("prosecution_share", opened)).status_code == 403
    client.logout()
    c = signed_in(client, cell["legal"])
    response = c.post(_url("prosecution_share", opened), {"prosecution_office": office.pk})
    assert response.status_code == 400 and "consent" in response.content.decode().lower()
    _consent(c, opened, "prosecution_sharing")
    assert c.post(_url("prosecution_share", opened), {"prosecution_office": ""}
                  ).status_code == 400
    assert c.post(_url("prosecution_share", opened), {"prosecution_office": office.pk}
                  ).status_code == 302
    assert AuditEvent.objects.filter(action="crisis_cells.shared_with_prosecution").exists()


def test_a_closed_case_offers_reading_only(client, cell, opened):
    from hifazat.crisis_cells import services

    services.request_closure(user=cell["counsellor"], case=opened, outcome="care_completed")
    services.approve_closure(user=cell["incharge"], request=opened.closure_requests.get())
    body = signed_in(client, cell["incharge"]).get(_url("case", opened)).content.decode()
    assert "Closed" in body and "Show identity" in body
    for href in ("consent/", "medical/", "fir/", "closure/", "assign/"):
        assert f'{_url("case", opened)}{href}"' not in body, href
    response = client.post(_url("consent", opened), {"use": "photographs", "is_given": "yes",
                                                     "given_by": "survivor"})
    assert response.status_code == 400 and "closed" in response.content.decode()


def test_status_updates_for_shelter_order_and_cyber(client, cell, opened):
    from hifazat.crisis_cells import services

    referral = services.refer_to_shelter(user=cell["counsellor"], case=opened,
                                         shelter="Dar-ul-Aman Lahore")
    c = signed_in(client, cell["counsellor"])
    assert c.post(_url("shelter_status", opened, referral.pk), {"status": "gone"}
                  ).status_code == 400
    assert c.post(_url("shelter_status", opened, referral.pk), {"status": "admitted"}
                  ).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "admitted"
    services.record_cyber_report(user=cell["counsellor"], case=opened, platform="tiktok",
                                 account_identifiers="@someone")
    assert c.post(_url("cyber_status", opened), {"status-status": "in_progress"}
                  ).status_code == 302
    opened.refresh_from_db()
    assert opened.cyber_report.status == "in_progress"
    client.logout()
    other = signed_in(client, cell["other_incharge"])
    assert other.get(_url("shelter_status", opened, referral.pk)).status_code == 404


def test_protection_order_is_updated_when_granted(client, cell):
    from hifazat.crisis_cells import services

    vawc = cell["vawc_incharge"]
    case = services.open_case(user=vawc, arrival_route="walk_in", sex="F", age=33)
    order = services.record_protection_order(user=vawc, case=case, court="Family Court",
                                             applied_on="2026-01-10")
    c = signed_in(client, vawc)
    url = _url("protection_order_status", case, order.pk)
    response = c.post(url, {"status": "granted"})
    assert response.status_code == 400 and 'id="id_granted_on_error"' in \
        response.content.decode()
    assert c.post(url, {"status": "granted", "granted_on": "2026-01-20",
                        "expires_on": "2026-07-20"}).status_code == 302
    order.refresh_from_db()
    assert order.status == "granted"


CASE_PAGES = ["case", "opened", "incident", "consent", "medical", "exam", "evidence_new",
              "counselling", "legal", "shelter", "follow_up", "mediation", "protection_order",
              "cyber", "fir_referral", "prosecution_share", "assign", "transfer", "closure",
              "closure_decide", "identity_edit"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_case_page_opens_for_anyone_outside_the_cell(client, cell, opened, who):
    c = signed_in(client, cell[who])
    for name in CASE_PAGES:
        assert c.get(_url(name, opened)).status_code in (403, 404), name
        assert c.post(_url(name, opened), {}).status_code in (403, 404), name


@pytest.mark.parametrize("name", CASE_PAGES)
def test_anonymous_is_sent_to_sign_in_from_every_case_page(client, opened, name):
    response = client.get(_url(name, opened))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_urdu_case_pages_show_no_untranslated_english(client, cell, opened, survivor):
    from tests.web.test_translations import english_leaks

    c = signed_in(client, cell["wmlo"])
    client.cookies["hifazat_language"] = "ur"
    _consent(c, opened, "medical_examination", "forensic_samples", "police_report")
    c.post(_url("exam", opened), {"examined_at": _local(clock.now()), "chaperone_name": "N",
                                  "chaperone_role": "N", "general_findings": "-",
                                  "samples": ["swab"]})
    item = opened.evidence.get()
    staff_names = " ".join(str(u) for u in cell.values() if hasattr(u, "display_name"))
    allowed = set(re.findall(r"[A-Za-z]{3,}", staff_names + " " + opened.code + " "
                             + item.label_code + " " + cell["agency"].name_en))
    # A key name and platform brands stay as printed on the keyboard and in the apps.
    allowed |= {"Hifazat", "SHA", "Ctrl", "WhatsApp", "Facebook", "Instagram", "TikTok"}
    for url in [_url("dashboard"), _url("cases"), _url("intake"), _url("case", opened),
                _url("consent", opened), _url("medical", opened), _url("exam", opened),
                _url("incident", opened), _url("fir_referral", opened),
                _url("evidence_item", opened, item.label_code),
                _url("evidence_label", opened, item.label_code), _url("cyber", opened)]:
        html = c.get(url).content.decode()
        assert 'dir="rtl"' in html
        assert english_leaks(html, allowed) == [], url
