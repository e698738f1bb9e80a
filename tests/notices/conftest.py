"""A small world for notices: a Lahore police station with two officers, a Lahore
prosecution office, a Karachi police station, the NPB with a registrar and a
supervisor, and a provincial (Punjab) agency."""

from __future__ import annotations

import pytest

from hifazat.accounts.models import User
from hifazat.accounts.roles import AgencyKind, Role, Scope
from hifazat.notices.channels import LocmemSmsBackend
from hifazat.places.models import Facility
from tests.factories import give_role, make_agency, make_user


def verified(user: User) -> User:
    """A fresh copy of ``user`` that has passed the second factor (as in a request)."""
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is deliberately slow; these tests never check a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.NOTICES_SMS_BACKEND = "hifazat.notices.channels.LocmemSmsBackend"
    LocmemSmsBackend.outbox = []
    yield LocmemSmsBackend.outbox


@pytest.fixture
def world(places):
    ps_khi = Facility.objects.create(code="PS-KHI", kind="police_station", name_en="PS Karachi",
                                     name_ur="تھانہ کراچی", district=places["KHI"])
    pros = Facility.objects.create(code="DPP-LHR", kind="prosecution_office",
                                   name_en="DPP Lahore", name_ur="استغاثہ لاہور",
                                   district=places["LHR"])
    w = {
        "ps_lhr": make_agency(AgencyKind.POLICE_STATION, places["ps_lhr"]),
        "ps_khi": make_agency(AgencyKind.POLICE_STATION, ps_khi),
        "pros_lhr": make_agency(AgencyKind.PROSECUTION, pros),
        "npb": make_agency(AgencyKind.NPB, code="NPB-HQ"),
        "cell": make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"]),
    }
    w["npb"].district = None
    w["npb"].province = None
    w["npb"].facility = None
    w["npb"].save()
    w["ps_punjab"] = make_agency(AgencyKind.POLICE_STATION, code="PUNJAB-POLICE")
    w["ps_punjab"].province = places["PB"]
    w["ps_punjab"].save()

    def person(key, agency, role, **kw):
        user = make_user(agency)
        give_role(user, role, **kw)
        w[key] = verified(user)

    person("officer1", w["ps_lhr"], Role.POLICE_STATION_OFFICER)
    person("officer2", w["ps_lhr"], Role.POLICE_STATION_OFFICER)
    person("officer_khi", w["ps_khi"], Role.POLICE_STATION_OFFICER)
    person("prosecutor", w["pros_lhr"], Role.PROSECUTOR)
    person("registrar", w["npb"], Role.NPB_REGISTRAR, scope=Scope.NATIONAL)
    person("supervisor", w["npb"], Role.NPB_SUPERVISOR, scope=Scope.NATIONAL)
    person("doctor", w["cell"], Role.CELL_DOCTOR)
    # A signed-in user of the police station with no role at all.
    w["no_role"] = verified(make_user(w["ps_lhr"]))
    return w
