"""The duty roster: the in-charge puts the cell's own staff on call in a role they hold
(each bad answer named by field, another cell's roster not found, every write
audited); the selector that flags shifts without a trained woman medico-legal officer
(an expired certificate, a male WMLO and an empty shift are all gaps); the week page
in English and Urdu."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hifazat.accounts import selectors as account_selectors
from hifazat.accounts import services as accounts
from hifazat.accounts.roles import Role
from hifazat.audit.models import AuditEvent
from hifazat.core.errors import NotFound
from hifazat.crisis_cells import selectors, services
from hifazat.crisis_cells.errors import InvalidInput
from hifazat.crisis_cells.models import DutyShift
from tests.crisis_cells.helpers import staff
from tests.factories import give_role, make_user, verified_client

pytestmark = pytest.mark.django_db

WMLO_COURSE = "wmlo_certification"


def _monday():
    return selectors.week_of(timezone.localdate())


def _set_sex(user, sex):
    user.sex = sex
    user.save(update_fields=["sex"])
    return user


def _certify(cell, user, *, certified_on, expires_on=None, course=WMLO_COURSE):
    return accounts.record_training(actor=cell["cell_admin"], user=user, course=course,
                                    certified_on=certified_on, expires_on=expires_on)


def _on(cell, person, role, day, shift="morning"):
    return services.put_on_shift(user=cell["incharge"], cell=cell["agency"], date=day,
                                 shift=shift, person=person, role=role)


# --- services -----------------------------------------------------------------------

def test_the_in_charge_puts_staff_on_call_and_takes_them_off_audited(cell):
    day = _monday()
    duty = _on(cell, cell["wmlo"], "wmlo", day)
    assert (duty.cell, duty.date, duty.shift, duty.role) == (cell["agency"], day, "morning",
                                                             "wmlo")
    assert duty.recorded_by == cell["incharge"]
    event = AuditEvent.objects.get(action="crisis_cells.duty_assigned")
    assert event.actor_id == cell["incharge"].pk and event.object_id == str(duty.pk)
    assert event.details["shift"] == "morning" and event.details["user"] == cell["wmlo"].pk
    services.remove_from_shift(user=cell["incharge"], duty=duty)
    assert not DutyShift.objects.exists()
    removed = AuditEvent.objects.get(action="crisis_cells.duty_removed")
    assert removed.details["date"] == day.isoformat()


@pytest.mark.parametrize("change,fields", [
    ({"date": ""}, {"date"}),
    ({"date": "31/12/2026"}, {"date"}),
    ({"date": "FAR"}, {"date"}),
    ({"shift": "afternoon"}, {"shift"}),
    ({"role": "surgeon"}, {"role"}),
    ({"person": None}, {"person"}),
    ({"person": "counsellor"}, {"person"}),       # not a WMLO
    ({"person": "other_doctor"}, {"person"}),     # another cell's staff
    ({"shift": "", "role": ""}, {"shift", "role"}),
])
def test_bad_answers_are_named_by_field(cell, change, fields):
    data = {"date": _monday().isoformat(), "shift": "night", "role": "wmlo",
            "person": cell["wmlo"]}
    data.update(change)
    if data["date"] == "FAR":
        data["date"] = (_monday() + timedelta(days=800)).isoformat()
    if isinstance(data["person"], str):
        data["person"] = cell[data["person"]]
    with pytest.raises(InvalidInput) as caught:
        services.put_on_shift(user=cell["incharge"], cell=cell["agency"], **data)
    assert set(caught.value.fields) == fields
    assert not DutyShift.objects.exists()
    assert not AuditEvent.objects.filter(action="crisis_cells.duty_assigned").exists()


def test_an_inactive_or_revoked_member_of_staff_cannot_be_put_on_call(cell):
    cell["wmlo"].is_active = False
    cell["wmlo"].save()
    with pytest.raises(InvalidInput) as caught:
        _on(cell, cell["wmlo"], "wmlo", _monday())
    assert set(caught.value.fields) == {"person"}


def test_the_same_person_twice_on_one_shift_is_refused(cell):
    day = _monday()
    give_role(cell["wmlo"], Role.CELL_DOCTOR)
    _on(cell, cell["wmlo"], "wmlo", day)
    with pytest.raises(InvalidInput) as caught:
        _on(cell, cell["wmlo"], "cell_doctor", day)
    assert set(caught.value.fields) == {"person"}
    _on(cell, cell["wmlo"], "wmlo", day, shift="evening")  # another shift is fine
    assert DutyShift.objects.count() == 2


@pytest.mark.parametrize("who", ["doctor", "wmlo", "counsellor", "legal", "cell_admin",
                                 "police", "sysadmin"])
def test_only_the_in_charge_plans_the_roster(cell, who):
    with pytest.raises(NotFound):
        services.put_on_shift(user=cell[who], cell=cell["agency"], date=_monday(),
                              shift="morning", person=cell["wmlo"], role="wmlo")


def test_another_cells_in_charge_is_refused_with_not_found(cell):
    duty = _on(cell, cell["wmlo"], "wmlo", _monday())
    with pytest.raises(NotFound):
        services.put_on_shift(user=cell["other_incharge"], cell=cell["agency"],
                              date=_monday(), shift="night", person=cell["wmlo"],
                              role="wmlo")
    with pytest.raises(NotFound):
        services.remove_from_shift(user=cell["other_incharge"], duty=duty)
    assert DutyShift.objects.count() == 1


# --- the WMLO gap -------------------------------------------------------------------

def _week_gaps(cell, monday):
    return set(selectors.shifts_without_trained_wmlo(cell["agency"], monday,
                                                     monday + timedelta(days=6)))


def test_a_certified_woman_wmlo_covers_her_shift(cell):
    monday = _monday()
    wmlo = _set_sex(cell["wmlo"], "F")
    _certify(cell, wmlo, certified_on=monday - timedelta(days=100))
    _on(cell, wmlo, "wmlo", monday, "night")
    gaps = _week_gaps(cell, monday)
    assert (monday, "night") not in gaps
    assert len(gaps) == 7 * 3 - 1  # every empty shift is a gap


def test_an_expired_certificate_is_a_gap(cell):
    monday = date(2026, 11, 30)
    wmlo = _set_sex(cell["wmlo"], "F")
    # Expires on Wednesday: in date Monday and Tuesday, a gap from Wednesday.
    _certify(cell, wmlo, certified_on=date(2024, 1, 1), expires_on=monday + timedelta(days=2))
    for offset in range(4):
        DutyShift.objects.create(cell=cell["agency"], date=monday + timedelta(days=offset),
                                 shift="morning", user=wmlo, role="wmlo",
                                 recorded_by=cell["incharge"], recorded_at=timezone.now())
    gaps = _week_gaps(cell, monday)
    assert (monday, "morning") not in gaps
    assert (monday + timedelta(days=1), "morning") not in gaps
    assert (monday + timedelta(days=2), "morning") in gaps
    assert (monday + timedelta(days=3), "morning") in gaps


def test_a_male_or_unrecorded_wmlo_is_a_gap_even_certified(cell):
    monday = _monday()
    wmlo = _set_sex(cell["wmlo"], "M")
    _certify(cell, wmlo, certified_on=monday - timedelta(days=100))
    _on(cell, wmlo, "wmlo", monday)
    assert (monday, "morning") in _week_gaps(cell, monday)
    _set_sex(wmlo, "")
    assert (monday, "morning") in _week_gaps(cell, monday)


def test_a_certified_woman_on_call_in_another_role_is_a_gap(cell):
    monday = _monday()
    doctor = _set_sex(cell["doctor"], "F")
    _certify(cell, doctor, certified_on=monday - timedelta(days=100))
    _on(cell, doctor, "cell_doctor", monday)
    assert (monday, "morning") in _week_gaps(cell, monday)


def test_an_uncertified_or_withdrawn_wmlo_is_a_gap(cell):
    monday = _monday()
    wmlo = _set_sex(cell["wmlo"], "F")
    _on(cell, wmlo, "wmlo", monday)
    assert (monday, "morning") in _week_gaps(cell, monday)
    record = _certify(cell, wmlo, certified_on=monday - timedelta(days=10))
    assert (monday, "morning") not in _week_gaps(cell, monday)
    accounts.withdraw_training(actor=cell["cell_admin"], record=record)
    assert (monday, "morning") in _week_gaps(cell, monday)


def test_the_gap_list_is_in_order_and_an_empty_range_is_empty(cell):
    monday = _monday()
    gaps = selectors.shifts_without_trained_wmlo(cell["agency"], monday, monday)
    assert gaps == [(monday, "morning"), (monday, "evening"), (monday, "night")]
    assert selectors.shifts_without_trained_wmlo(cell["agency"], monday,
                                                 monday - timedelta(days=1)) == []


def test_roster_is_a_week_of_three_shifts_from_monday(cell):
    monday = _monday()
    wmlo = _set_sex(cell["wmlo"], "F")
    _certify(cell, wmlo, certified_on=monday - timedelta(days=10))
    _on(cell, wmlo, "wmlo", monday + timedelta(days=3), "evening")
    week = selectors.roster(cell["agency"], monday + timedelta(days=4))
    assert [day for day, _slots in week] == [monday + timedelta(days=n) for n in range(7)]
    thursday = week[3][1]
    assert [s.shift for s in thursday] == ["morning", "evening", "night"]
    assert [d.user for d in thursday[1].on_call] == [wmlo]
    assert not thursday[1].lacks_trained_wmlo and thursday[0].lacks_trained_wmlo
    # Another cell's roster does not show this cell's shifts.
    other = selectors.roster(cell["other_agency"], monday)
    assert all(not s.on_call for _d, slots in other for s in slots)


# --- the page -----------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_in_charge_sees_the_week_with_gaps_flagged(client, cell, language):
    monday = _monday()
    _on(cell, cell["wmlo"], "wmlo", monday)
    verified_client(client, cell["incharge"])
    client.cookies["hifazat_language"] = language
    page = client.get(reverse("crisis_cells:roster"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"?week={(monday - timedelta(days=7)).isoformat()}" in html
    assert f"?week={(monday + timedelta(days=7)).isoformat()}" in html
    assert 'name="person"' in html
    assert reverse("crisis_cells:roster_remove", args=[DutyShift.objects.get().pk]) in html
    assert html.count("cc-roster__gap") == 21  # no one is certified
    if language == "ur":
        assert 'dir="rtl"' in html
        assert "No trained woman medico-legal officer" not in html
        assert "Morning" not in html and "Put someone on call" not in html
    else:
        assert "No trained woman medico-legal officer on this shift" in html
    assert AuditEvent.objects.filter(action="crisis_cells.roster_viewed").count() == 1


@pytest.mark.parametrize("language", ["en", "ur"])
def test_staff_see_the_roster_without_the_forms(client, cell, language):
    verified_client(client, cell["counsellor"])
    client.cookies["hifazat_language"] = language
    page = client.get(reverse("crisis_cells:roster") + "?week=not-a-date")
    assert page.status_code == 200
    assert 'name="person"' not in page.content.decode()
    assert client.post(reverse("crisis_cells:roster"), {"shift": "morning"}).status_code == 403


def test_putting_on_and_taking_off_from_the_page(client, cell):
    monday = _monday()
    verified_client(client, cell["incharge"])
    url = reverse("crisis_cells:roster") + f"?week={monday.isoformat()}"
    response = client.post(url, {"date": monday.isoformat(), "shift": "night", "role": "wmlo",
                                 "person": cell["wmlo"].pk})
    assert response.status_code == 302 and f"week={monday.isoformat()}" in response["Location"]
    duty = DutyShift.objects.get()
    again = client.post(url, {"date": monday.isoformat(), "shift": "night", "role": "wmlo",
                              "person": cell["wmlo"].pk})
    assert again.status_code == 400
    assert "already on call on this shift" in again.content.decode()
    wrong_role = client.post(url, {"date": monday.isoformat(), "shift": "morning",
                                   "role": "wmlo", "person": cell["counsellor"].pk})
    assert wrong_role.status_code == 400
    assert client.post(url, {"date": monday.isoformat(), "unknown": "1"}).status_code == 400
    assert client.post(reverse("crisis_cells:roster_remove", args=[duty.pk])).status_code == 302
    assert not DutyShift.objects.exists()


def test_outsiders_and_another_cells_in_charge(client, cell):
    duty = _on(cell, cell["wmlo"], "wmlo", _monday())
    remove = reverse("crisis_cells:roster_remove", args=[duty.pk])
    verified_client(client, cell["other_incharge"])
    assert client.post(remove).status_code == 404
    page = client.get(reverse("crisis_cells:roster"))
    assert page.status_code == 200 and cell["wmlo"].display_name not in page.content.decode()
    for who in ("police", "cell_admin", "analyst"):
        verified_client(client, cell[who])
        assert client.get(reverse("crisis_cells:roster")).status_code == 403
    verified_client(client, cell["doctor"])
    assert client.post(remove).status_code == 403
    assert DutyShift.objects.count() == 1


def test_a_member_of_staff_without_a_role_is_not_offered(cell):
    newcomer = make_user(cell["agency"])
    staff_ids = set(account_selectors.staff_holding(
        agency_id=cell["agency"].pk, roles=DutyShift.OnCall.values).values_list("pk", flat=True))
    assert newcomer.pk not in staff_ids and cell["wmlo"].pk in staff_ids
    assert staff(cell["agency"], Role.CELL_LEGAL_ADVISER).pk not in staff_ids
