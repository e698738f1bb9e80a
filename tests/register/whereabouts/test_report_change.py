"""Offender-reported changes: name, address, travel, employment, vehicle; lateness."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.http import Http404

from hifazat.core import clock
from hifazat.notices.models import Notice
from hifazat.register.models import Offender, OffenderName
from hifazat.register.whereabouts import selectors, services
from hifazat.register.whereabouts.errors import InvalidWhereabouts, WrongState
from hifazat.register.whereabouts.models import Employment, ReportedChange, Travel, Vehicle
from tests.register.whereabouts.conftest import make_offender

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(clock, "now", lambda: timezone.make_aware(
        datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=10)))


@pytest.fixture
def living(world):
    """An offender living in Lahore, compliant."""
    return make_offender(world["places"]["LHR"], status=Offender.Status.COMPLIANT)


def report(world, offender, kind, details, reported_on=TODAY, actor="police_lhr"):
    return services.report_change(offender=offender, actor=world[actor], kind=kind,
                                  details=details, reported_on=reported_on)


def test_change_of_name_becomes_an_alias(world, living):
    change = report(world, living, "name", {"name": "Khalid", "surname": "Butt",
                                            "changed_on": "2026-05-18"})
    assert change.is_late is False
    assert OffenderName.objects.filter(offender=living, is_primary=False, name="Khalid").exists()


def test_change_reported_after_the_window_is_late(world, living):
    change = report(world, living, "name", {"name": "Khalid", "changed_on": "2026-05-10"})
    assert change.is_late is True
    assert change.happened_on == date(2026, 5, 10)


def test_change_of_address_moves_responsibility_and_notifies_the_new_district(world, living):
    report(world, living, "address", {"address": "Flat 3, Cantt", "district": "PB-MUL",
                                      "moved_on": "2026-05-19"})
    living.refresh_from_db()
    assert living.district.code == "PB-MUL"
    assert selectors.current_address(living).line == "Flat 3, Cantt"
    notice = Notice.objects.get(kind="register.management_transferred")
    assert {r.agency_id for r in notice.recipients.all()} == {world["agencies"]["ps_mul"].pk}
    # Now only Multan's police may record changes.
    with pytest.raises(Http404):
        report(world, living, "vehicle", {"registration_number": "LEA-1234",
                                          "starts_on": "2026-05-19"})
    report(world, living, "vehicle", {"registration_number": "lea-1234",
                                      "starts_on": "2026-05-19"}, actor="police_mul")
    assert Vehicle.objects.get(offender=living).registration_number == "LEA-1234"


def test_domestic_travel_notifies_the_destination_district(world, living):
    change = report(world, living, "travel_domestic", {
        "district": "PB-MUL", "starts_on": "2026-06-01", "ends_on": "2026-06-05"})
    assert change.is_late is False
    travel = Travel.objects.get(change=change)
    assert travel.is_abroad is False and travel.destination_district.code == "PB-MUL"
    notice = Notice.objects.get(kind="register.travel_domestic")
    assert {r.agency_id for r in notice.recipients.all()} == {world["agencies"]["ps_mul"].pk}


def test_travel_abroad_alerts_the_configured_agency(world, living):
    change = report(world, living, "travel_abroad", {
        "country": "Saudi Arabia", "starts_on": "2026-06-10", "ends_on": "2026-07-10"})
    assert change.is_late is False and change.travel.days_of_notice == 21
    notice = Notice.objects.get(kind="register.travel_abroad")
    assert {r.agency_id for r in notice.recipients.all()} == {world["agencies"]["npb"].pk}


def test_travel_abroad_with_too_little_notice_is_recorded_late(world, living, settings):
    settings.FOREIGN_TRAVEL_NOTICE_DAYS = 7
    change = report(world, living, "travel_abroad", {
        "country": "UAE", "starts_on": "2026-05-25", "ends_on": "2026-06-01"})
    assert change.is_late is True and change.travel.days_of_notice == 5


def test_travel_abroad_under_way_sets_status_abroad_and_back(world, living):
    report(world, living, "travel_abroad", {
        "country": "UAE", "starts_on": "2026-05-20", "ends_on": "2026-05-30"})
    living.refresh_from_db()
    assert living.status == Offender.Status.ABROAD
    assert services.check_overdue(today=date(2026, 5, 31))["abroad"] == 1
    living.refresh_from_db()
    assert living.status == Offender.Status.COMPLIANT


def test_employment_and_vehicle_are_recorded(world, living):
    report(world, living, "employment", {"employer": "Textile mill", "occupation": "Guard",
                                         "starts_on": "2026-05-19"})
    assert Employment.objects.get(offender=living).employer == "Textile mill"
    panels = selectors.record_panels(living)
    assert len(panels["employment"]) == 1 and len(panels["reported_changes"]) == 1


@pytest.mark.parametrize("kind, details, field", [
    ("travel_domestic", {"district": "PB-MUL", "starts_on": "2026-06-05",
                         "ends_on": "2026-06-01"}, "ends_on"),
    ("travel_domestic", {"district": "XX-NONE", "starts_on": "2026-06-01",
                         "ends_on": "2026-06-02"}, "district"),
    ("address", {"address": "x", "district": "PB-MUL", "moved_on": "2026-06-01"}, "moved_on"),
    ("address", {"district": "PB-MUL", "moved_on": "2026-05-19"}, "address"),
    ("name", {"name": "", "changed_on": "2026-05-19"}, "name"),
    ("name", {"name": "A", "changed_on": "19/05/2026"}, "changed_on"),
    # Regression: a name with hidden direction controls read differently on screen.
    ("name", {"name": "Ayesha \u202eibiB hsiA", "changed_on": "2026-05-19"}, "name"),
    ("name", {"name": "Khalid", "surname": "Bu\u202et", "changed_on": "2026-05-19"},
     "surname"),
    ("vehicle", {"registration_number": "X" * 30, "starts_on": "2026-05-19"},
     "registration_number"),
    ("travel_abroad", {"starts_on": "2026-06-01", "ends_on": "2026-06-02"}, "country"),
    ("bicycle", {}, "kind"),
])
def test_bad_details_are_field_errors(world, living, kind, details, field):
    with pytest.raises(InvalidWhereabouts) as error:
        report(world, living, kind, details)
    assert field in error.value.fields
    assert not ReportedChange.objects.exists()


def test_a_report_dated_in_the_future_is_refused(world, living):
    with pytest.raises(InvalidWhereabouts) as error:
        report(world, living, "name", {"name": "A", "changed_on": "2026-05-19"},
               reported_on=TODAY + timedelta(days=1))
    assert "reported_on" in error.value.fields


def test_details_must_be_a_mapping(world, living):
    with pytest.raises(InvalidWhereabouts) as error:
        report(world, living, "name", ["Khalid"])
    assert "details" in error.value.fields


def test_no_changes_on_a_closed_record(world):
    dead = make_offender(world["places"]["LHR"], status=Offender.Status.DECEASED)
    with pytest.raises(WrongState):
        report(world, dead, "name", {"name": "A", "changed_on": "2026-05-19"})


@pytest.mark.parametrize("who", ["prosecutor", "doctor", "analyst", "prison_officer",
                                 "police_mul"])
def test_others_cannot_record_changes(world, living, who):
    with pytest.raises(Http404):
        report(world, living, "name", {"name": "A", "changed_on": "2026-05-19"}, actor=who)
