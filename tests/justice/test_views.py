"""Justice screens: each page in English and Urdu, who may open it (another district's
officer and another court's clerk get the same 404 as a missing case), each form's
happy path through the services, and bad input re-rendered with the message next to
the field (400, never a 500). Also the cell's read-only pages for the case's prosecutor
and investigating officer, with and without the survivor's consent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.justice import services
from hifazat.justice.models import Hearing, JusticeCase, Stage
from tests.factories import verified_client

pytestmark = pytest.mark.django_db

RTL = 'dir="rtl"'


def _as(client, user, lang="en"):
    client.logout()
    verified_client(client, user)
    client.cookies["hifazat_language"] = lang
    return client


def _suspect(person, **over):
    data = {"name": person.given_name, "surname": person.surname,
            "father": person.father_name, "dob": person.dob.isoformat(),
            "cnic": person.cnic, "district": "PB-LHR"}
    data.update(over)
    return data


def _today():
    return timezone.localdate()


@pytest.fixture
def case(justice, referred, people):
    """The Lahore station's FIR from the cell's referral, with one suspect."""
    lhr = justice["lhr"]
    return services.register_fir(
        user=lhr["police"], station=lhr["station"], number="77",
        registered_at=clock.now() - timedelta(seconds=30), sections=["376"],
        act_sections=["3"], suspects=[_suspect(people.offender())],
        referral=referred["referral"])


@pytest.fixture
def in_trial(justice, case):
    """The case sent to the Lahore Special Court, the charge framed."""
    lhr = justice["lhr"]
    case = services.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
    services.add_diary_entry(user=lhr["io"], case=case, on=_today(),
                             text="Scene visited; the site plan drawn.", statements=2)
    report = services.submit_report(user=lhr["io"], case=case, kind="final",
                                    submitted_on=_today())
    services.scrutinise(user=lhr["prosecutor"], case=case, report=report,
                        decision="accept", on=_today())
    case = JusticeCase.objects.get(pk=case.pk)
    services.frame_charge(user=lhr["clerk"], case=case, sections=["376"], on=_today())
    return JusticeCase.objects.get(pk=case.pk)


def _url(name, *args):
    return reverse(f"justice:{name}", args=args)


# --- every page, in English and Urdu ------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ur"])
def test_station_inbox_lists_the_referral_by_code_only(client, justice, referred, lang):
    response = _as(client, justice["lhr"]["police"], lang).get(_url("inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert referred["case"].code in html
    assert _url("fir_from_referral", referred["referral"].pk) in html
    assert _url("fir_direct") in html
    # Nothing of the survivor beyond the code.
    assert "walk_in" not in html
    if lang == "ur":
        assert RTL in html and "ایف آئی آر" in html


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_fir_form_pages_render(client, justice, referred, lang):
    c = _as(client, justice["lhr"]["police"], lang)
    for url in (_url("fir_from_referral", referred["referral"].pk), _url("fir_direct")):
        response = c.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert 'name="s3_name"' in html and 'name="sections"' in html
        assert 'name="complainant_female" checked' in html or \
            'checked id="id_complainant_female"' in html or "checked" in html
        if lang == "ur":
            assert RTL in html


def test_fir_from_referral_registers_and_alerts_a_register_match(client, justice, referred,
                                                                 offender):
    c = _as(client, justice["lhr"]["police"])
    response = c.post(_url("fir_from_referral", referred["referral"].pk), {
        "station": justice["lhr"]["station"].pk, "number": "5001", "registered_at": "now",
        "sections": ["376"], "act_sections": ["3"], "complainant_female": "on",
        "s1_name": offender.given_name, "s1_surname": offender.surname,
        "s1_father": offender.father_name, "s1_dob": offender.dob.isoformat(),
        "s1_cnic": offender.cnic, "s1_district": "PB-LHR", "s1_sex": "M",
    }, follow=True)
    assert response.status_code == 200
    case = JusticeCase.objects.get(fir__number="5001")
    assert response.redirect_chain[-1][0] == _url("case", case.pk)
    html = response.content.decode()
    assert "Suspect 1 may be a registered offender" in html
    assert case.fir.referral_id == referred["referral"].pk
    # The page names no register number or record.
    assert "register/offenders/" not in html


def test_direct_fir_with_a_bad_time_and_section_rerenders_with_field_errors(client,
                                                                           justice):
    c = _as(client, justice["lhr"]["police"])
    response = c.post(_url("fir_direct"), {
        "station": justice["lhr"]["station"].pk, "number": "9", "registered_at": "3 pm",
        "sections": ["999X"], "s1_surname": "Khan"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_registered_at_error"' in html
    assert 'id="id_sections_error"' in html
    assert 'id="id_s1_name_error"' in html
    assert not JusticeCase.objects.exists()


def test_a_service_error_is_shown_next_to_the_suspects_field(client, justice):
    c = _as(client, justice["lhr"]["police"])
    response = c.post(_url("fir_direct"), {
        "station": justice["lhr"]["station"].pk, "number": "10", "registered_at": "now",
        "sections": ["376"], "s2_name": "Ali", "s2_cnic": "12345"})
    assert response.status_code == 400
    assert 'id="id_s2_cnic_error"' in response.content.decode()


def test_a_duplicate_fir_number_is_shown_on_the_number(client, justice, case):
    c = _as(client, justice["lhr"]["police"])
    response = c.post(_url("fir_direct"), {
        "station": justice["lhr"]["station"].pk, "number": "77", "registered_at": "now",
        "sections": ["376"]})
    assert response.status_code == 400
    assert 'id="id_number_error"' in response.content.decode()


def test_an_unknown_field_is_refused(client, justice):
    response = _as(client, justice["lhr"]["police"]).post(_url("fir_direct"), {
        "station": justice["lhr"]["station"].pk, "number": "11", "registered_at": "now",
        "sections": ["376"], "complainant_name": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("lang", ["en", "ur"])
@pytest.mark.parametrize("who", ["police", "io", "prosecutor"])
def test_case_page_and_lists(client, justice, case, who, lang):
    c = _as(client, justice["lhr"][who], lang)
    response = c.get(_url("case", case.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "77/" in html and 'id="suspects"' in html and 'id="female-officer"' in html
    for name in ("cases", "overdue"):
        page = c.get(_url(name))
        assert page.status_code == 200
        if lang == "ur":
            assert RTL in page.content.decode()
    if lang == "ur":
        assert RTL in html
    assert AuditEvent.objects.filter(action="justice.case_viewed",
                                     object_id=str(case.pk)).exists()


def test_my_cases_filters_by_stage_and_ignores_a_bad_stage(client, justice, case):
    c = _as(client, justice["lhr"]["police"])
    assert "77/" in c.get(_url("cases") + "?stage=fir_registered").content.decode()
    assert "77/" not in c.get(_url("cases") + "?stage=in_trial").content.decode()
    assert c.get(_url("cases") + "?stage=<script>").status_code == 200


def test_overdue_page_lists_an_overdue_case(client, justice, case):
    JusticeCase.objects.filter(pk=case.pk).update(
        next_due_on=_today() - timedelta(days=3), next_due_kind="challan")
    html = _as(client, justice["lhr"]["io"]).get(_url("overdue")).content.decode()
    assert "77/" in html and "Interim report to the court" in html


def test_buttons_follow_the_role(client, justice, case):
    police = _as(client, justice["lhr"]["police"]).get(_url("case", case.pk)).content.decode()
    assert _url("suspect_new", case.pk) in police
    assert _url("assign_officer", case.pk) not in police
    io = _as(client, justice["lhr"]["io"]).get(_url("case", case.pk)).content.decode()
    assert _url("assign_officer", case.pk) in io
    assert _url("assign_prosecutor", case.pk) not in io


# --- who may see what ---------------------------------------------------------------------

@pytest.mark.parametrize("who", ["police", "io", "prosecutor"])
def test_another_districts_officer_gets_404_same_as_missing(client, justice, case, who):
    c = _as(client, justice["mul"][who])
    assert c.get(_url("case", case.pk)).status_code == 404
    assert c.get(_url("case", 999999)).status_code == 404
    assert c.get(_url("suspect_new", case.pk)).status_code in (403, 404)


def test_another_courts_clerk_gets_404(client, justice, in_trial):
    assert _as(client, justice["mul"]["clerk"]).get(
        _url("case", in_trial.pk)).status_code == 404
    assert _as(client, justice["lhr"]["clerk"]).get(
        _url("case", in_trial.pk)).status_code == 200


def test_another_stations_referral_is_not_found(client, justice, referred):
    c = _as(client, justice["mul"]["police"])
    assert c.get(_url("fir_from_referral", referred["referral"].pk)).status_code == 404
    assert referred["case"].code not in c.get(_url("inbox")).content.decode()


def test_the_cell_sees_no_justice_page(client, justice, case):
    c = _as(client, justice["doctor"])
    assert c.get(_url("case", case.pk)).status_code in (403, 404)
    assert c.get(_url("inbox")).status_code == 403


# --- investigation and prosecution forms --------------------------------------------------

def test_investigation_forms(client, justice, case, people):
    lhr = justice["lhr"]
    c = _as(client, lhr["io"])
    # A male officer leaves the female-officer warning up; then a woman officer.
    assert c.post(_url("assign_officer", case.pk),
                  {"person": lhr["male_io"].pk}).status_code == 302
    assert 'id="female-officer"' in c.get(_url("case", case.pk)).content.decode()
    assert c.post(_url("assign_officer", case.pk), {"person": lhr["io"].pk}).status_code == 302
    assert 'id="female-officer"' not in c.get(_url("case", case.pk)).content.decode()
    # An officer of another district is not offered (and refused if posted).
    assert c.post(_url("assign_officer", case.pk),
                  {"person": justice["mul"]["io"].pk}).status_code == 400
    assert c.post(_url("diary", case.pk), {"on": _today().isoformat(),
                                           "text": "Two witnesses examined at the scene.",
                                           "statements": "2"}).status_code == 302
    response = c.post(_url("diary", case.pk), {"on": "2001-01-01", "text": "x",
                                               "statements": "1"})
    assert response.status_code == 400 and 'id="id_on_error"' in response.content.decode()
    suspect = case.fir.suspects.first()
    assert c.post(_url("custody", case.pk, suspect.pk),
                  {"kind": "arrest", "on": _today().isoformat()}).status_code == 302
    assert c.post(_url("suspect_new", case.pk), {
        **_suspect(people.offender()), "sex": "M"}).status_code == 302
    assert c.post(_url("suspect_edit", case.pk, suspect.pk), {
        "name": suspect.name, "surname": "Corrected", "sex": "M"}).status_code == 302
    assert c.post(_url("report_new", case.pk), {"kind": "final",
                                                "submitted_on": _today().isoformat()}
                  ).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.CHALLAN_SUBMITTED
    # The diary's text: the officer and the prosecutor read it, the station does not.
    assert "Two witnesses examined" in c.get(_url("case", case.pk)).content.decode()
    police = _as(client, lhr["police"]).get(_url("case", case.pk)).content.decode()
    assert "Two witnesses examined" not in police and "2 statements" in police
    prosecutor = _as(client, lhr["prosecutor"]).get(_url("case", case.pk)).content.decode()
    assert "Two witnesses examined" in prosecutor


def test_scrutiny_return_then_accept_with_the_district_court(client, justice, case):
    lhr = justice["lhr"]
    services.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
    report = services.submit_report(user=lhr["io"], case=case, kind="final",
                                    submitted_on=_today())
    c = _as(client, lhr["prosecutor"])
    page = c.get(_url("scrutiny", case.pk, report.pk)).content.decode()
    assert f'value="{lhr["court"].pk}" selected' in page
    response = c.post(_url("scrutiny", case.pk, report.pk), {
        "decision": "return", "on": _today().isoformat(), "defects": ""})
    assert response.status_code == 400 and 'id="id_defects_error"' in response.content.decode()
    assert c.post(_url("scrutiny", case.pk, report.pk), {
        "decision": "return", "on": _today().isoformat(),
        "defects": "Site plan missing."}).status_code == 302
    report2 = services.submit_report(user=lhr["io"], case=case, kind="final",
                                     submitted_on=_today())
    assert c.post(_url("scrutiny", case.pk, report2.pk), {
        "decision": "accept", "on": _today().isoformat(),
        "court": lhr["court"].pk}).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.IN_TRIAL and case.court == lhr["court"]
    # A report already scrutinised is not offered again.
    assert c.get(_url("scrutiny", case.pk, report.pk)).status_code == 404
    assert c.post(_url("assign_prosecutor", case.pk),
                  {"person": lhr["prosecutor"].pk}).status_code == 302
    assert c.post(_url("disclosure", case.pk), {"on": _today().isoformat(),
                                                "items": "The medico-legal report."}
                  ).status_code == 302


# --- trial, verdict, appeal ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ur"])
def test_cause_list_shows_the_days_hearings(client, justice, in_trial, lang):
    lhr = justice["lhr"]
    services.schedule_hearing(user=lhr["clerk"], case=in_trial, on=_today(),
                              purpose="prosecution_evidence")
    c = _as(client, lhr["clerk"], lang)
    response = c.get(_url("cause_list"))
    html = response.content.decode()
    assert response.status_code == 200 and _url("case", in_trial.pk) in html
    assert in_trial.trial_number in html
    if lang == "ur":
        assert RTL in html
    tomorrow = (_today() + timedelta(days=1)).isoformat()
    assert _url("case", in_trial.pk) not in c.get(
        _url("cause_list") + f"?day={tomorrow}").content.decode()
    assert c.get(_url("cause_list") + "?day=yesterday").status_code == 400
    # Another court's id is not offered: the user's own court is shown instead.
    other = c.get(_url("cause_list") + f"?court={justice['mul']['court'].pk}")
    assert other.status_code == 400


def test_cause_list_is_the_court_staffs_only(client, justice):
    assert _as(client, justice["lhr"]["police"]).get(_url("cause_list")).status_code == 403


def test_trial_forms_verdict_and_appeal(client, justice, in_trial):
    lhr = justice["lhr"]
    c = _as(client, lhr["clerk"])
    case = in_trial
    assert c.post(_url("hearing_new", case.pk), {"on": _today().isoformat(),
                                                 "purpose": "prosecution_evidence"}
                  ).status_code == 302
    hearing = Hearing.objects.get(case=case)
    # Adjourned without a next date: the message is next to the field.
    response = c.post(_url("hearing_outcome", case.pk, hearing.pk),
                      {"outcome": "adjourned", "adjournment_reason": "witness_absent"})
    assert response.status_code == 400
    assert 'id="id_next_date_error"' in response.content.decode()
    assert c.post(_url("witness_new", case.pk), {"label": "PW-1 medical officer",
                                                 "side": "prosecution"}).status_code == 302
    witness = case.witnesses.get()
    assert c.post(_url("summons", case.pk, witness.pk), {
        "hearing": hearing.pk, "issued_on": _today().isoformat()}).status_code == 302
    assert c.post(_url("attendance", case.pk, witness.pk), {
        "attended": "yes", "examined": "on"}).status_code == 302
    assert c.post(_url("hearing_outcome", case.pk, hearing.pk),
                  {"outcome": "held"}).status_code == 302
    assert c.post(_url("protection", case.pk), {"in_camera": "on", "screen": "on"}
                  ).status_code == 302
    case.refresh_from_db()
    assert case.screen and not case.video_link
    suspect = case.fir.suspects.first()
    # A conviction with no sentence: shown on the accused's own sentence field.
    response = c.post(_url("verdict", case.pk), {
        "outcome": "convicted", "decided_on": _today().isoformat(),
        f"convicted_{suspect.pk}": "on", f"sections_{suspect.pk}": ["376"]})
    assert response.status_code == 400
    assert f'id="id_sentence_{suspect.pk}_error"' in response.content.decode()
    response = c.post(_url("verdict", case.pk), {
        "outcome": "convicted", "decided_on": _today().isoformat(),
        f"convicted_{suspect.pk}": "on", f"sections_{suspect.pk}": ["376"],
        f"sentence_{suspect.pk}": "Life imprisonment"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "Awaiting NPB verification" in html
    case.refresh_from_db()
    assert case.stage == Stage.DECIDED
    prosecutor = _as(client, lhr["prosecutor"])
    assert prosecutor.post(_url("appeal_new", case.pk), {
        "suspect": suspect.pk, "forum": "Lahore High Court",
        "filed_on": _today().isoformat()}).status_code == 302
    appeal = suspect.appeals.get()
    page = prosecutor.get(_url("case", case.pk)).content.decode()
    assert _url("appeal_decide", case.pk, appeal.pk) in page
    assert prosecutor.post(_url("appeal_decide", case.pk, appeal.pk), {
        "outcome": "dismissed", "decided_on": _today().isoformat()}).status_code == 302
    assert prosecutor.get(_url("appeal_decide", case.pk, appeal.pk)).status_code == 404


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_trial_form_pages_render(client, justice, in_trial, lang):
    lhr = justice["lhr"]
    c = _as(client, lhr["clerk"], lang)
    hearing = services.schedule_hearing(user=lhr["clerk"], case=in_trial, on=_today(),
                                        purpose="charge")
    witness = services.add_witness(user=lhr["clerk"], case=in_trial, label="PW-2",
                                   side="prosecution")
    for url in (_url("hearing_new", in_trial.pk), _url("witness_new", in_trial.pk),
                _url("protection", in_trial.pk), _url("verdict", in_trial.pk),
                _url("hearing_outcome", in_trial.pk, hearing.pk),
                _url("summons", in_trial.pk, witness.pk),
                _url("attendance", in_trial.pk, witness.pk), _url("case", in_trial.pk)):
        response = c.get(url)
        assert response.status_code == 200, url
        if lang == "ur":
            assert RTL in response.content.decode()


def test_a_step_at_the_wrong_stage_is_a_form_error_not_a_500(client, justice, case):
    # Only at trial; the form's page opens but the service refuses the stage.
    c = _as(client, justice["lhr"]["io"])
    response = c.post(_url("report_new", case.pk), {"kind": "interim",
                                                    "submitted_on": _today().isoformat()})
    assert response.status_code == 400


# --- the cell's records for the prosecutor and the investigating officer ------------------

def _advance_to_io(justice, case):
    return services.assign_investigation(user=justice["lhr"]["io"], case=case,
                                         officer=justice["lhr"]["io"])


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_prosecutor_reads_the_cells_records_with_consent(client, justice, referred, case,
                                                         lang):
    code = referred["case"].code
    url = reverse("crisis_cells:records_for_prosecution", args=[code])
    c = _as(client, justice["lhr"]["prosecutor"], lang)
    response = c.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert code in html and response["Cache-Control"] == "no-store"
    if lang == "ur":
        assert RTL in html
    event = AuditEvent.objects.filter(action="crisis_cells.shared_records_viewed").latest("seq")
    assert event.purpose == "prosecution" and event.case_reference == code
    # The justice case page links to it.
    assert url in c.get(_url("case", case.pk)).content.decode()


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_investigating_officer_reads_the_forensic_evidence_with_consent(client, justice,
                                                                        referred, case,
                                                                        lang):
    code = referred["case"].code
    url = reverse("crisis_cells:records_for_investigation", args=[code])
    c = _as(client, justice["lhr"]["io"], lang)
    response = c.get(url)
    assert response.status_code == 200
    if lang == "ur":
        assert RTL in response.content.decode()
    event = AuditEvent.objects.filter(action="crisis_cells.shared_records_viewed").latest("seq")
    assert event.purpose == "investigation"
    assert url in c.get(_url("case", case.pk)).content.decode()


def test_without_consent_the_cells_records_are_not_found(client, justice, referred, case):
    from hifazat.crisis_cells import services as cells

    survivor = referred["case"]
    for use in ("prosecution_sharing", "police_report"):
        cells.withdraw_consent(user=justice["doctor"], case=survivor, use=use,
                               note="She asked")
    code = survivor.code
    for who, name in (("prosecutor", "records_for_prosecution"),
                      ("io", "records_for_investigation")):
        c = _as(client, justice["lhr"][who])
        assert c.get(reverse(f"crisis_cells:{name}", args=[code])).status_code == 404
        page = c.get(_url("case", case.pk)).content.decode()
        assert reverse(f"crisis_cells:{name}", args=[code]) not in page
    assert not AuditEvent.objects.filter(action="crisis_cells.shared_records_viewed").exists()


def test_other_prosecutors_and_officers_get_404_for_the_cells_records(client, justice,
                                                                     referred, case):
    code = referred["case"].code
    for who, name in (("prosecutor", "records_for_prosecution"),
                      ("io", "records_for_investigation")):
        c = _as(client, justice["mul"][who])
        assert c.get(reverse(f"crisis_cells:{name}", args=[code])).status_code == 404
    # The station officer holds neither role: refused at the door.
    c = _as(client, justice["lhr"]["police"])
    assert c.get(reverse("crisis_cells:records_for_prosecution",
                         args=[code])).status_code == 403


# --- no English left on an Urdu page -------------------------------------------------------

def _english(html: str) -> list[str]:
    """Untranslated interface text on an Urdu page (people's and places' Latin names and
    codes allowed)."""
    import re

    from hifazat.accounts.models import User
    from hifazat.justice.models import DiaryEntry, Suspect
    from tests.web.test_urdu_everywhere import leaks

    allowed = {"Hifazat"}
    for user in User.objects.all():
        allowed |= set(re.findall(r"[A-Za-z]{3,}", f"{user.display_name} {user.username}"))
    for s in Suspect.objects.all():
        allowed |= set(re.findall(r"[A-Za-z]{3,}", f"{s.name} {s.surname} {s.father}"))
    for entry in DiaryEntry.objects.all():  # typed by the officer: data, not interface
        allowed |= set(re.findall(r"[A-Za-z]{3,}", entry.text))
    return leaks(html, allowed)


def test_urdu_pages_have_no_english_left(client, justice, referred, in_trial):
    lhr = justice["lhr"]
    services.schedule_hearing(user=lhr["clerk"], case=in_trial, on=_today(), purpose="charge")
    pages = {
        lhr["police"]: [_url("inbox"), _url("fir_direct"), _url("cases"), _url("overdue"),
                        _url("suspect_new", in_trial.pk)],
        lhr["io"]: [_url("case", in_trial.pk), _url("diary", in_trial.pk),
                    _url("assign_officer", in_trial.pk),
                    reverse("crisis_cells:records_for_investigation",
                            args=[referred["case"].code])],
        lhr["prosecutor"]: [_url("case", in_trial.pk), _url("assign_prosecutor", in_trial.pk),
                            reverse("crisis_cells:records_for_prosecution",
                                    args=[referred["case"].code])],
        lhr["clerk"]: [_url("cause_list"), _url("verdict", in_trial.pk),
                       _url("hearing_new", in_trial.pk), _url("protection", in_trial.pk)],
    }
    found = {}
    for user, urls in pages.items():
        c = _as(client, user, "ur")
        for url in urls:
            response = c.get(url)
            assert response.status_code == 200, url
            left = _english(response.content.decode())
            if left:
                found[url] = left
    assert found == {}
