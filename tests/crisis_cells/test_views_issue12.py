"""What a new user tripped over on the cell's screens (issue 12): urgent clinical
windows in words, windows and overdue tasks first, one typed 24-hour time, the
examination rule explained, a confirmed consent withdrawal, and an FIR referral that
offers the incident's district's stations and shows the missing consent first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import clock
from hifazat.crisis_cells.case_display import clinical_windows
from hifazat.crisis_cells.models import Consent, FollowUp, SurvivorCase
from hifazat.places.models import Facility
from tests.crisis_cells.helpers import verified
from tests.factories import give_role, make_agency, verified_client

pytestmark = pytest.mark.django_db


def _url(name, case=None, *args):
    if case is None:
        return reverse(f"crisis_cells:{name}", args=args)
    return reverse(f"crisis_cells:{name}", args=[case.code, *args])


def _consent(client, case, *uses):
    for use in uses:
        assert client.post(_url("consent", case), {"use": use, "is_given": "yes",
                                                   "given_by": "survivor"}).status_code == 302


def _incident_hours_ago(case, hours, minutes=0):
    at = clock.now() - timedelta(hours=hours, minutes=minutes)
    SurvivorCase.objects.filter(pk=case.pk).update(incident_at=at)
    case.incident.__class__.objects.filter(case=case).update(occurred_at=at)
    case.refresh_from_db()
    return case


# --- 1. urgency ---------------------------------------------------------------------------

def test_a_window_under_six_hours_is_urgent_and_says_so(opened):
    case = _incident_hours_ago(opened, 70, 1)  # PEP (72 h): 1 h 59 min left
    pep, ec = clinical_windows(case)
    assert pep.short == "PEP" and pep.is_urgent and pep.h == 1
    assert not ec.is_urgent  # 49 h left: running, not urgent
    assert ec.state == "running"


def test_urgent_window_shows_in_words_on_the_case_page_and_dashboard(client, cell, opened):
    _incident_hours_ago(opened, 70, 1)
    c = verified_client(client, cell["doctor"])
    page = c.get(_url("case", opened)).content.decode()
    assert "Urgent: PEP — 1 h 5" in page and "cc-window--urgent" in page
    board = c.get(_url("dashboard")).content.decode()
    assert "Urgent: PEP — 1 h 5" in board and "cc-tag--urgent" in board


def test_a_window_with_days_left_is_not_urgent(client, cell, opened):
    page = verified_client(client, cell["doctor"]).get(_url("case", opened)).content.decode()
    assert "Urgent:" not in page and "cc-window--urgent" not in page


def test_case_page_puts_windows_and_overdue_tasks_before_its_sections(client, cell, opened):
    FollowUp.objects.create(case=opened, cell=opened.cell, kind="medical",
                            due_on=clock.now().date() - timedelta(days=2),
                            description="HIV test at six weeks", created_by=cell["doctor"])
    page = verified_client(client, cell["doctor"]).get(_url("case", opened)).content.decode()
    windows, overdue = page.index('class="cc-windows"'), page.index('id="overdue"')
    index, first_section = page.index('id="sections"'), page.index('id="about"')
    assert windows < overdue < index < first_section
    assert "HIV test at six weeks" in page[overdue:index]
    for anchor in ("#about", "#incident", "#consent", "#medical", "#exam", "#fir",
                   "#timeline"):
        assert f'href="{anchor}"' in page[index:first_section]


def test_dashboard_shows_windows_and_overdue_before_other_lists(client, cell, opened):
    board = verified_client(client, cell["doctor"]).get(_url("dashboard")).content.decode()
    assert board.index('id="windows"') < board.index('id="overdue"') \
        < board.index('id="due-today"') < board.index('id="evidence"')


# --- 2. time entry -------------------------------------------------------------------------

def _intake(client, arrived_at, **more):
    return client.post(_url("intake"), {"arrived_at": arrived_at, "arrival_route": "walk_in",
                                        "sex": "F", **more})


@pytest.mark.parametrize("typed, back", [("now", timedelta(0)),
                                         ("-2 h", timedelta(hours=2)),
                                         ("\u22122 h", timedelta(hours=2)),
                                         ("-30 min", timedelta(minutes=30))])
def test_intake_reads_now_and_times_before_now(client, cell, typed, back):
    c = verified_client(client, cell["doctor"])
    response = _intake(c, typed)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = SurvivorCase.objects.get()
    assert abs(case.arrived_at - (clock.now() - back)) < timedelta(minutes=2)
    opened = c.get(response["Location"]).content.decode()
    assert 'id="arrived-at"' in opened  # the time as it was read, after submit


def test_intake_reads_a_typed_24_hour_time_both_ways(client, cell):
    c = verified_client(client, cell["doctor"])
    day = (clock.now() - timedelta(days=1)).astimezone()
    for typed in (day.strftime("%Y-%m-%d 23:54"), day.strftime("%Y-%m-%dT23:54")):
        assert _intake(c, typed).status_code == 302
    for case in SurvivorCase.objects.all():
        local = case.arrived_at.astimezone()
        assert (local.hour, local.minute) == (23, 54)


def test_intake_refuses_a_12_hour_time_naming_the_accepted_forms(client, cell):
    response = _intake(verified_client(client, cell["doctor"]), "12/01/2026, 11:54 PM",
                       age="30")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_arrived_at_error"' in body
    assert "“now”" in body and "“-2 h”" in body and "2026-03-01 14:30" in body


def test_time_fields_are_one_text_box_with_a_hint_never_datetime_local(client, cell, opened):
    c = verified_client(client, cell["doctor"])
    for url in (_url("intake"), _url("incident", opened), _url("medical", opened)):
        body = c.get(url).content.decode()
        assert "datetime-local" not in body
        assert "24-hour Pakistan time" in body


def test_a_relative_time_is_shown_back_as_the_time_it_was_read_as(client, cell):
    c = verified_client(client, cell["doctor"])
    # Another answer is wrong, so the page comes back: the box holds the interpreted time.
    response = _intake(c, "-2 h", cnic="123")
    assert response.status_code == 400
    expected = (clock.now() - timedelta(hours=2)).astimezone().strftime("%Y-%m-%d %H:")
    assert f'value="{expected}' in response.content.decode()


def test_intake_fields_follow_the_page_order(client, cell):
    from hifazat.crisis_cells.forms import IntakeForm

    names = list(IntakeForm.base_fields)
    assert names.index("guardian_phone") < names.index("language") \
        < names.index("has_disability") < names.index("disability_note")


# --- 3. the examination rule explained -------------------------------------------------------

def test_doctor_is_told_a_woman_officer_examines_her_and_who_is_on_duty(client, cell, opened):
    response = verified_client(client, cell["doctor"]).get(_url("exam", opened))
    assert response.status_code == 403
    body = response.content.decode()
    assert "woman medico-legal officer must examine her" in body
    assert str(cell["wmlo"]) in body
    assert "Hand the examination to" not in body  # a doctor may not assign
    assert "in-charge" in body


def test_a_doctor_who_may_assign_is_offered_the_hand_over(client, cell, opened):
    doctor = cell["doctor"]
    give_role(doctor, Role.CELL_IN_CHARGE)
    c = verified_client(client, verified(doctor))
    body = c.get(_url("exam", opened)).content.decode()
    assert "Hand the examination to" in body
    response = c.post(_url("assign", opened), {"assignee": cell["wmlo"].pk})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.assigned_to_id == cell["wmlo"].pk


def test_the_case_page_points_the_doctor_to_the_rule(client, cell, opened):
    page = verified_client(client, cell["doctor"]).get(_url("case", opened)).content.decode()
    assert "A woman medico-legal officer must examine her." in page
    assert "Record the examination" not in page


def test_the_women_officer_still_examines(client, cell, opened):
    assert verified_client(client, cell["wmlo"]).get(_url("exam", opened)).status_code == 200


def test_male_survivor_may_be_examined_by_the_doctor(client, cell, opened):
    SurvivorCase.objects.filter(pk=opened.pk).update(sex="M")
    assert verified_client(client, cell["doctor"]).get(_url("exam", opened)).status_code == 200


# --- 4. consent withdrawal -------------------------------------------------------------------

def test_withdrawal_get_shows_a_confirmation_page_with_what_stops(client, cell, opened):
    c = verified_client(client, cell["counsellor"])
    _consent(c, opened, "police_report")
    response = c.get(_url("consent_withdraw", opened) + "?use=police_report")
    assert response.status_code == 200
    body = response.content.decode()
    assert "What stops from now on" in body
    assert "Referring the case to a police station for an FIR" in body
    assert 'name="reason"' in body
    assert Consent.objects.get(case=opened, use="police_report").withdrawn_at is None


def test_withdrawal_needs_a_reason(client, cell, opened):
    c = verified_client(client, cell["counsellor"])
    _consent(c, opened, "police_report")
    response = c.post(_url("consent_withdraw", opened) + "?use=police_report",
                      {"use": "police_report", "reason": ""})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert Consent.objects.get(case=opened, use="police_report").withdrawn_at is None
    response = c.post(_url("consent_withdraw", opened),
                      {"use": "police_report", "reason": "She asked, with the counsellor"})
    assert response.status_code == 302
    consent = Consent.objects.get(case=opened, use="police_report")
    assert consent.withdrawn_at is not None and "counsellor" in consent.note


def test_withdrawal_with_nothing_given_goes_back_saying_so(client, cell, opened):
    c = verified_client(client, cell["counsellor"])
    response = c.get(_url("consent_withdraw", opened), follow=True)
    assert "nothing to withdraw" in response.content.decode()


def test_the_consent_table_links_to_the_confirmation_not_a_one_click_post(client, cell,
                                                                           opened):
    c = verified_client(client, cell["counsellor"])
    _consent(c, opened, "police_report")
    page = c.get(_url("case", opened)).content.decode()
    assert _url("consent_withdraw", opened) + "?use=police_report" in page


# --- 5. FIR referral -------------------------------------------------------------------------

@pytest.fixture
def karachi_station(places):
    station = Facility.objects.create(code="PS-KHI", kind="police_station",
                                      name_en="Karachi Saddar", name_ur="صدر کراچی",
                                      district=places["KHI"])
    make_agency(AgencyKind.POLICE_STATION, station)  # its inbox
    return station


def test_fir_referral_offers_the_incident_districts_stations_without_dashes(
        client, cell, opened, places, karachi_station):
    c = verified_client(client, cell["doctor"])
    _consent(c, opened, "police_report")
    body = c.get(_url("fir_referral", opened)).content.decode()
    assert places["ps_lhr"].name_en in body and "Karachi Saddar" not in body
    assert "---------" not in body
    assert 'name="q"' in body  # the search box
    other = c.get(_url("fir_referral", opened) + f"?district={places['KHI'].pk}&q=saddar")
    assert "Karachi Saddar" in other.content.decode()
    none = c.get(_url("fir_referral", opened) + "?district=&q=no-such-station")
    assert "No police station matches" in none.content.decode()
    response = c.post(_url("fir_referral", opened) + f"?district={places['KHI'].pk}",
                      {"police_station": karachi_station.pk})
    assert response.status_code == 302
    assert opened.justice_referrals.get().police_station_id == karachi_station.pk


def test_fir_referral_shows_the_missing_consent_before_anything_is_chosen(client, cell,
                                                                        opened):
    c = verified_client(client, cell["doctor"])
    body = c.get(_url("fir_referral", opened)).content.decode()
    assert "Police reporting consent is missing" in body
    assert _url("consent", opened) + "?use=police_report" in body
    assert 'name="police_station"' not in body
