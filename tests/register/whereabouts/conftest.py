"""A small world for whereabouts: a prison, police, SSOIU and prosecution in Lahore and
Multan, a national NPB, users with roles (second factor passed), synthetic offenders."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from hifazat.accounts.models import User
from hifazat.accounts.roles import AgencyKind, Role, Scope
from hifazat.places.models import Facility
from hifazat.register.models import Offender, OffenderName
from hifazat.synthetic import PeopleGenerator
from tests.factories import give_role, make_agency, make_user

_serial = itertools.count(1)


def verified(user: User) -> User:
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


def facility(code, kind, district):
    return Facility.objects.create(code=code, kind=kind, name_en=code, name_ur=code,
                                   district=district)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Test users' passwords need no Argon2 cost; the hashing itself is tested in accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(places):
    lhr, mul = places["LHR"], places["MUL"]
    f = {
        "prison_lhr": facility("PRISON-LHR", "prison", lhr),
        "prison_mul": facility("PRISON-MUL", "prison", mul),
        "ps_lhr": places["ps_lhr"],
        "ps_mul": facility("PS-MUL", "police_station", mul),
        "ssoiu_lhr": facility("SSOIU-LHR", "ssoiu", lhr),
        "pros_lhr": facility("PROS-LHR", "prosecution_office", lhr),
        "pros_mul": facility("PROS-MUL", "prosecution_office", mul),
    }
    a = {
        "prison_lhr": make_agency(AgencyKind.PRISON, f["prison_lhr"]),
        "prison_mul": make_agency(AgencyKind.PRISON, f["prison_mul"]),
        "ps_lhr": make_agency(AgencyKind.POLICE_STATION, f["ps_lhr"]),
        "ps_mul": make_agency(AgencyKind.POLICE_STATION, f["ps_mul"]),
        "ssoiu_lhr": make_agency(AgencyKind.SSOIU, f["ssoiu_lhr"]),
        "pros_lhr": make_agency(AgencyKind.PROSECUTION, f["pros_lhr"]),
        "pros_mul": make_agency(AgencyKind.PROSECUTION, f["pros_mul"]),
        "npb": make_agency(AgencyKind.NPB, code="NPB"),
        "cell": make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"]),
        "committee": make_agency(AgencyKind.COMMITTEE, code="COMMITTEE"),
    }
    people = {}
    for key, agency, role, scope in [
        ("prison_officer", "prison_lhr", Role.PRISON_OFFICER, Scope.FACILITY),
        ("prison_officer_mul", "prison_mul", Role.PRISON_OFFICER, Scope.FACILITY),
        ("police_lhr", "ps_lhr", Role.POLICE_STATION_OFFICER, Scope.FACILITY),
        ("police_mul", "ps_mul", Role.POLICE_STATION_OFFICER, Scope.FACILITY),
        ("io_lhr", "ssoiu_lhr", Role.INVESTIGATING_OFFICER, Scope.DISTRICT),
        ("prosecutor", "pros_lhr", Role.PROSECUTOR, Scope.DISTRICT),
        ("registrar", "npb", Role.NPB_REGISTRAR, Scope.NATIONAL),
        ("supervisor", "npb", Role.NPB_SUPERVISOR, Scope.NATIONAL),
        ("doctor", "cell", Role.CELL_DOCTOR, Scope.FACILITY),
        ("analyst", "committee", Role.COMMITTEE_ANALYST, Scope.NATIONAL),
    ]:
        user = make_user(a[agency])
        give_role(user, role, scope=scope)
        people[key] = verified(user)
    return {"places": places, "facilities": f, "agencies": a, **people}


def make_offender(district, *, status=Offender.Status.IN_CUSTODY, seed=None) -> Offender:
    n = next(_serial)
    person = PeopleGenerator(seed=seed or 100 + n).offender()
    offender = Offender.objects.create(
        register_number=f"NSOR-2026-{n:07d}", sex="M", dob=person.dob,
        father_name=person.father_name, district=district, status=status,
        verified_at=timezone.now())
    OffenderName.objects.create(offender=offender, name=person.given_name,
                                surname=person.surname, is_primary=True, source="test")
    return offender


@pytest.fixture
def offender(world):
    return make_offender(world["places"]["LHR"])


def hold_at(offender, prison, *, by, on=None) -> None:
    """Arrange: the register records ``offender`` as admitted to ``prison`` (as after NPB
    confirmed the prison's custody request)."""
    from datetime import date

    from hifazat.register.whereabouts.models import CustodyEvent

    CustodyEvent.objects.create(offender=offender, kind="admitted", prison=prison,
                                occurred_on=on or date(2020, 1, 5), recorded_by=by)
