"""Fixtures of the justice tests: a Lahore and a Multan justice chain (police station,
SSOIU, prosecution office, Special Court, each with its staff), a Lahore crisis cell
with a consenting survivor's case, and a register that holds one offender."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import clock
from hifazat.places.models import Facility
from tests.crisis_cells.helpers import staff
from tests.factories import make_agency


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _chain(places, district_key: str, tag: str) -> dict:
    district = places[district_key]
    station = places["ps_lhr"] if tag == "LHR" else Facility.objects.create(
        code=f"PS-{tag}", kind="police_station", name_en=f"Station {tag}",
        name_ur=f"تھانہ {tag}", district=district)
    court_facility = Facility.objects.create(
        code=f"COURT-{tag}", kind="special_court", name_en=f"Special Court {tag}",
        name_ur=f"خصوصی عدالت {tag}", district=district)
    ssoiu_facility = Facility.objects.create(
        code=f"SSOIU-{tag}", kind="ssoiu", name_en=f"SSOIU {tag}", name_ur=f"یونٹ {tag}",
        district=district)
    pros_facility = Facility.objects.create(
        code=f"PROS-{tag}", kind="prosecution_office", name_en=f"Prosecution {tag}",
        name_ur=f"استغاثہ {tag}", district=district)
    ps = make_agency(AgencyKind.POLICE_STATION, station)
    ssoiu = make_agency(AgencyKind.SSOIU, ssoiu_facility)
    pros = make_agency(AgencyKind.PROSECUTION, pros_facility)
    court = make_agency(AgencyKind.SPECIAL_COURT, court_facility)
    io = staff(ssoiu, Role.INVESTIGATING_OFFICER)
    io.sex = "F"
    io.save(update_fields=["sex"])
    return {
        "district": district, "station": station, "court_facility": court_facility,
        "ps": ps, "ssoiu": ssoiu, "prosecution": pros, "court": court,
        "police": staff(ps, Role.POLICE_STATION_OFFICER),
        "io": io, "male_io": staff(ssoiu, Role.INVESTIGATING_OFFICER),
        "prosecutor": staff(pros, Role.PROSECUTOR),
        "clerk": staff(court, Role.COURT_STAFF),
    }


@pytest.fixture
def justice(places):
    from hifazat.register import services as register

    register.load_ppc_sections()
    lhr, mul = _chain(places, "LHR", "LHR"), _chain(places, "MUL", "MUL")
    cell = make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"])
    npb = make_agency(AgencyKind.NPB, places["npb"])
    return {"lhr": lhr, "mul": mul, "places": places, "cell": cell,
            "doctor": staff(cell, Role.CELL_DOCTOR), "legal": staff(cell, Role.CELL_LEGAL_ADVISER),
            "registrar": staff(npb, Role.NPB_REGISTRAR),
            "registrar2": staff(npb, Role.NPB_REGISTRAR)}


@pytest.fixture
def referred(justice, people):
    """A survivor's case at the Lahore cell, with consent to police, prosecution and
    case updates, referred to the Lahore station."""
    from hifazat.crisis_cells import services as cells

    survivor = people.person("F", min_age=20, max_age=40)
    doctor = justice["doctor"]
    case = cells.open_case(user=doctor, arrival_route="walk_in", sex="F", age=24,
                           name=survivor.full_name(), cnic=survivor.cnic,
                           phone=survivor.phone, address=survivor.address)
    cells.record_incident(user=doctor, case=case,
                          occurred_at=clock.now() - timedelta(hours=10),
                          district=justice["places"]["LHR"], kind="rape",
                          relationship="stranger", perpetrator_particulars="not recorded")
    for use in ("police_report", "prosecution_sharing", "case_updates"):
        cells.record_consent(user=doctor, case=case, use=use, is_given=True,
                             given_by="survivor")
    referral = cells.refer_for_fir(user=justice["legal"], case=case,
                                   police_station=justice["lhr"]["station"])
    case.refresh_from_db()
    return {"case": case, "referral": referral}


@pytest.fixture
def offender(justice):
    """One verified register entry (a convicted offender, a synthetic person) that
    suspects can match: proposed by the Lahore prosecutor, verified by NPB."""
    from hifazat.register import services as register
    from hifazat.synthetic import PeopleGenerator
    from tests.register.helpers import payload

    person = PeopleGenerator(seed=41).offender()
    proposal = register.propose_entry(
        proposer=justice["lhr"]["prosecutor"],
        payload=payload(person, case_number="SC-OLD-1/2019", convicted_on="2019-03-01"))
    register.verify_entry(proposal=proposal, verifier=justice["registrar"])
    return person
