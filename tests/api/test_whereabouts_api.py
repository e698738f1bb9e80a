"""Release notification from a prison system and reported change from a police system:
scoped, validated per field, idempotent (a retry creates nothing twice), audited with the
token's agency, and the same 404 for unknown and forbidden records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hifazat.accounts.roles import AgencyKind
from hifazat.audit.models import AuditEvent
from hifazat.places.models import Facility
from hifazat.register.whereabouts.models import CustodyEvent, ReleaseNotice, ReportedChange
from tests.api.conftest import issue, new_key, token_client
from tests.factories import make_agency

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

RELEASES = "/api/register/releases/"
CHANGES = "/api/register/changes/"


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def post(client, url, body, key=None):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key or new_key())


@pytest.fixture
def prison(world):
    _t, secret = issue(world, "prison", "register:release")
    return token_client(secret)


@pytest.fixture
def police(world):
    _t, secret = issue(world, "police", "register:report_change")
    return token_client(secret)


@pytest.fixture
def held(offender, world):
    """The registered offender, recorded as held at JAIL-LHR (as after NPB confirmed the
    prison's custody request): only the prison holding an offender on record schedules
    the release."""
    registered, _person = offender
    CustodyEvent.objects.create(offender=registered, kind="admitted", prison=world["jail"],
                                occurred_on=timezone.localdate() - timedelta(days=400),
                                recorded_by=world["registrar"])
    return offender


def release_body(offender, **overrides):
    body = {"register_number": offender.register_number, "release_on": day(10),
            "destination_address": "House 1, Street 2, Model Town",
            "destination_district": "PB-LHR"}
    body.update(overrides)
    return body


def test_prison_system_schedules_a_release_once_even_when_retried(world, held, prison):
    registered, _person = held
    key = new_key()
    first = post(prison, RELEASES, release_body(registered), key)
    assert first.status_code == 201, first.json()
    assert first.json()["register_number"] == registered.register_number
    assert first.json()["prison"] == "JAIL-LHR"
    retry = post(prison, RELEASES, release_body(registered), key)
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotency-Replayed"] == "true"
    assert ReleaseNotice.objects.filter(offender=registered).count() == 1
    event = AuditEvent.objects.get(action="whereabouts.release_scheduled")
    assert event.agency_code == world["prison"].code


def test_a_second_release_with_a_new_key_is_refused_by_the_register(world, held, prison):
    registered, _person = held
    assert post(prison, RELEASES, release_body(registered)).status_code == 201
    again = post(prison, RELEASES, release_body(registered))
    assert again.status_code == 400
    assert again.json()["detail"]
    assert ReleaseNotice.objects.count() == 1


@pytest.mark.parametrize("overrides,field", [
    ({"release_on": "2026-02-30"}, "release_on"),
    ({"release_on": "next week"}, "release_on"),
    ({"release_on": day(-3)}, "release_on"),
    ({"destination_district": "XX-NONE"}, "destination_district"),
    ({"destination_address": ""}, "destination_address"),
    ({"register_number": ""}, "register_number"),
])
def test_bad_release_input_is_a_400_with_field_messages(world, held, prison, overrides,
                                                        field):
    registered, _person = held
    response = post(prison, RELEASES, release_body(registered, **overrides))
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert not ReleaseNotice.objects.exists()


def test_unknown_and_forbidden_offenders_give_the_same_404(world, held):
    registered, _person = held
    # The offender is held at JAIL-LHR; another prison has the duty in general but does
    # not hold this offender.
    other_jail = Facility.objects.create(code="JAIL-MUL", kind="prison", name_en="Jail",
                                         name_ur="جیل", district=world["places"]["MUL"])
    world["other_prison"] = make_agency(AgencyKind.PRISON, other_jail)
    _t, prison_secret = issue(world, "prison", "register:release")
    _t, other_secret = issue(world, "other_prison", "register:release")
    unknown = post(token_client(prison_secret), RELEASES,
                   release_body(registered, register_number="NSOR-1999-0000001"))
    forbidden = post(token_client(other_secret), RELEASES, release_body(registered))
    assert unknown.status_code == forbidden.status_code == 404
    assert unknown.json() == forbidden.json()
    assert not ReleaseNotice.objects.exists()


def test_an_agency_without_the_duty_is_refused_before_the_offender_is_looked_up(world,
                                                                                 offender):
    registered, _person = offender
    _t, npb_secret = issue(world, "npb", "register:release")
    response = post(token_client(npb_secret), RELEASES, release_body(registered))
    assert response.status_code == 403
    assert not ReleaseNotice.objects.exists()


def test_release_needs_the_release_scope(world, offender):
    registered, _person = offender
    _t, secret = issue(world, "prison", "register:search")
    response = post(token_client(secret), RELEASES, release_body(registered))
    assert response.status_code == 403
    assert not ReleaseNotice.objects.exists()


def change_body(offender, **overrides):
    body = {"register_number": offender.register_number, "kind": "address",
            "reported_on": day(0),
            "details": {"address": "Flat 4, Block C, Gulberg", "district": "PB-LHR",
                        "moved_on": day(-2)}}
    body.update(overrides)
    return body


def test_police_system_records_a_reported_change_once(world, offender, police):
    registered, _person = offender
    key = new_key()
    first = post(police, CHANGES, change_body(registered), key)
    assert first.status_code == 201, first.json()
    assert first.json()["kind"] == "address"
    assert first.json()["is_late"] is False
    retry = post(police, CHANGES, change_body(registered), key)
    assert retry.json() == first.json()
    assert ReportedChange.objects.filter(offender=registered).count() == 1
    event = AuditEvent.objects.get(action="whereabouts.change_address")
    assert event.agency_code == world["police"].code


def test_same_key_with_another_change_is_refused(world, offender, police):
    registered, _person = offender
    key = new_key()
    post(police, CHANGES, change_body(registered), key)
    other = change_body(registered, details={"address": "Elsewhere", "district": "PB-LHR",
                                              "moved_on": day(-1)})
    response = post(police, CHANGES, other, key)
    assert response.status_code == 422
    assert ReportedChange.objects.count() == 1


@pytest.mark.parametrize("overrides,field", [
    ({"kind": "hairstyle"}, "kind"),
    ({"reported_on": "2026-13-01"}, "reported_on"),
    ({"reported_on": day(5)}, "reported_on"),
    ({"details": "moved"}, "details"),
    ({"details": {"address": "X", "district": "PB-LHR", "moved_on": "soon"}},
     "details.moved_on"),
    ({"details": {"address": "X", "district": "NOPE", "moved_on": day(-1)}},
     "details.district"),
    ({"kind": "travel_abroad", "details": {"country": "UAE", "starts_on": day(30),
                                           "ends_on": day(20)}}, "details.ends_on"),
])
def test_bad_change_input_is_a_400_with_field_messages(world, offender, police, overrides,
                                                       field):
    registered, _person = offender
    response = post(police, CHANGES, change_body(registered, **overrides))
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"], response.json()
    assert not ReportedChange.objects.exists()


def test_police_of_another_district_get_the_same_404(world, offender, places):
    from hifazat.accounts.roles import AgencyKind
    from hifazat.places.models import Facility
    from tests.factories import make_agency

    registered, _person = offender
    ps_mul = Facility.objects.create(code="PS-MUL", kind="police_station", name_en="PS",
                                     name_ur="تھانہ", district=places["MUL"])
    world["police_mul"] = make_agency(AgencyKind.POLICE_STATION, ps_mul)
    _t, secret = issue(world, "police_mul", "register:report_change")
    response = post(token_client(secret), CHANGES, change_body(registered))
    assert response.status_code == 404
    assert not ReportedChange.objects.exists()


# --- Issue 10: unknown fields refused; register numbers in any case ---------------------


def test_an_unknown_field_in_a_release_is_a_400_naming_it(world, held, prison):
    registered, _person = held
    response = post(prison, RELEASES, release_body(registered, two_finger_test="yes"))
    assert response.status_code == 400
    assert "two_finger_test" in response.json()["fields"]
    assert not ReleaseNotice.objects.exists()


def test_an_unknown_field_in_a_reported_change_is_a_400_naming_it(world, offender, police):
    registered, _person = offender
    response = post(police, CHANGES, change_body(registered, two_finger_test="yes"))
    assert response.status_code == 400
    assert "two_finger_test" in response.json()["fields"]
    assert not ReportedChange.objects.exists()


def test_a_lower_case_register_number_finds_the_record_as_on_the_web(world, held, prison):
    registered, _person = held
    number = registered.register_number.lower()
    response = post(prison, RELEASES, release_body(registered, register_number=number))
    assert response.status_code == 201, response.json()
    assert response.json()["register_number"] == registered.register_number
