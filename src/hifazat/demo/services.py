"""Build the synthetic demo world, idempotently, in one transaction — through each
app's services and selectors only (accounts, places here; crisis cells, register and
whereabouts in their demo modules)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from hifazat.accounts import selectors as accounts_selectors
from hifazat.accounts import services as accounts
from hifazat.accounts.roles import AgencyKind, Role, Scope
from hifazat.demo.crisis_cells import load_demo_cases
from hifazat.demo.justice import load_justice_demo
from hifazat.demo.oversight_year import ensure_year_places, load_oversight_year
from hifazat.demo.register import DEMO_OFFENDERS as DEMO_REGISTER_COUNT
from hifazat.demo.register import load_register_demo
from hifazat.demo.roster import load_demo_roster, load_demo_training
from hifazat.demo.whereabouts import load_whereabouts_demo
from hifazat.oversight import periods, stocktake
from hifazat.oversight import services as oversight
from hifazat.places import selectors as places
from hifazat.places.selectors import FacilityKind
from hifazat.places.services import load_reference_places
from hifazat.synthetic import PeopleGenerator

# Printed by `make demo`; synthetic demo accounts, development only (the loader refuses
# production), so a fixed password is intended here.
DEMO_PASSWORD = "Hifazat-demo-2026"  # noqa: S105  # nosec B105
DEMO_SEED = 2021  # the year of the Act

# Agency per demo facility: facility kind -> agency kind.
_AGENCY_FOR_FACILITY = {
    FacilityKind.VAWC_CENTRE: AgencyKind.VAWC_CENTRE,
    FacilityKind.POLICE_STATION: AgencyKind.POLICE_STATION,
    FacilityKind.SSOIU: AgencyKind.SSOIU,
    FacilityKind.PROSECUTION_OFFICE: AgencyKind.PROSECUTION,
    FacilityKind.PRISON: AgencyKind.PRISON,
    FacilityKind.SPECIAL_COURT: AgencyKind.SPECIAL_COURT,
    FacilityKind.NPB_OFFICE: AgencyKind.NPB,
    FacilityKind.NADRA_OFFICE: AgencyKind.NADRA,
    FacilityKind.COMMITTEE_OFFICE: AgencyKind.COMMITTEE,
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    agency_kind: str
    city: str  # district code the agency is in ("" for national agencies)
    scope: str
    sex: str


DEMO_USERS: list[DemoUser] = [
    DemoUser("cell.doctor", Role.CELL_DOCTOR, AgencyKind.CRISIS_CELL, "PB-LHR", Scope.FACILITY,
             "F"),
    DemoUser("cell.wmlo", Role.WMLO, AgencyKind.CRISIS_CELL, "PB-LHR", Scope.FACILITY, "F"),
    DemoUser("cell.counsellor", Role.CELL_COUNSELLOR, AgencyKind.CRISIS_CELL, "PB-LHR",
             Scope.FACILITY, "F"),
    DemoUser("cell.legal", Role.CELL_LEGAL_ADVISER, AgencyKind.CRISIS_CELL, "PB-LHR",
             Scope.FACILITY, "F"),
    DemoUser("cell.incharge", Role.CELL_IN_CHARGE, AgencyKind.CRISIS_CELL, "PB-LHR",
             Scope.FACILITY, "F"),
    DemoUser("vawc.counsellor", Role.CELL_COUNSELLOR, AgencyKind.VAWC_CENTRE, "PB-MUL",
             Scope.FACILITY, "F"),
    DemoUser("police.station", Role.POLICE_STATION_OFFICER, AgencyKind.POLICE_STATION, "PB-LHR",
             Scope.FACILITY, "M"),
    DemoUser("io.ssoiu", Role.INVESTIGATING_OFFICER, AgencyKind.SSOIU, "PB-LHR", Scope.DISTRICT,
             "F"),
    DemoUser("prosecutor", Role.PROSECUTOR, AgencyKind.PROSECUTION, "PB-LHR", Scope.DISTRICT, "M"),
    DemoUser("prison.officer", Role.PRISON_OFFICER, AgencyKind.PRISON, "PB-LHR", Scope.FACILITY,
             "M"),
    DemoUser("npb.registrar", Role.NPB_REGISTRAR, AgencyKind.NPB, "", Scope.NATIONAL, "F"),
    DemoUser("npb.supervisor", Role.NPB_SUPERVISOR, AgencyKind.NPB, "", Scope.NATIONAL, "M"),
    DemoUser("committee.analyst", Role.COMMITTEE_ANALYST, AgencyKind.COMMITTEE, "",
             Scope.NATIONAL, "F"),
    DemoUser("cell.admin", Role.AGENCY_ADMIN, AgencyKind.CRISIS_CELL, "PB-LHR", Scope.FACILITY,
             "M"),
    DemoUser("sysadmin", Role.SYSTEM_ADMIN, AgencyKind.SYSTEM, "", Scope.NATIONAL, "M"),
    # The justice pipeline (added after the others, so their generated names stay the
    # same): the Lahore Special Court's clerk, a male Lahore investigating officer (the
    # female-officer flag shows on his cases), and a Multan chain for cross-district views.
    DemoUser("court.clerk", Role.COURT_STAFF, AgencyKind.SPECIAL_COURT, "PB-LHR",
             Scope.FACILITY, "M"),
    DemoUser("io.ssoiu2", Role.INVESTIGATING_OFFICER, AgencyKind.SSOIU, "PB-LHR",
             Scope.DISTRICT, "M"),
    DemoUser("police.multan", Role.POLICE_STATION_OFFICER, AgencyKind.POLICE_STATION,
             "PB-MUL", Scope.FACILITY, "M"),
    DemoUser("io.multan", Role.INVESTIGATING_OFFICER, AgencyKind.SSOIU, "PB-MUL",
             Scope.DISTRICT, "F"),
    DemoUser("prosecutor.multan", Role.PROSECUTOR, AgencyKind.PROSECUTION, "PB-MUL",
             Scope.DISTRICT, "F"),
    DemoUser("court.multan", Role.COURT_STAFF, AgencyKind.SPECIAL_COURT, "PB-MUL",
             Scope.FACILITY, "M"),
]


def _refuse_in_production() -> None:
    if getattr(settings, "IS_PRODUCTION", False):
        raise ImproperlyConfigured("the synthetic demo is never loaded in production")


def _ensure_agencies() -> dict:
    """One agency per demo facility (a crisis cell per crisis-cell hospital)."""
    agencies: dict = {}
    for facility in places.facilities().order_by("pk"):
        if facility.kind == FacilityKind.HOSPITAL:
            if not facility.has_crisis_cell:
                continue
            kind = AgencyKind.CRISIS_CELL
            code = f"ARCC-{facility.code}"
            name_en = f"Anti-Rape Crisis Cell, {facility.name_en}"
            name_ur = f"اینٹی ریپ کرائسس سیل، {facility.name_ur}"
        elif facility.kind in _AGENCY_FOR_FACILITY:
            kind = _AGENCY_FOR_FACILITY[facility.kind]
            code, name_en, name_ur = facility.code, facility.name_en, facility.name_ur
        else:
            continue
        agencies[code] = accounts.ensure_agency(
            code=code, kind=kind, name_en=name_en, name_ur=name_ur, facility=facility,
            district=facility.district, province=facility.district.province)
    system = accounts.ensure_agency(code="SYSTEM", kind=AgencyKind.SYSTEM,
                                    name_en="System administration", name_ur="سسٹم انتظامیہ")
    agencies[system.code] = system
    return agencies


def _agency_for(spec: DemoUser, agencies: dict):
    candidates = sorted(
        (a for a in agencies.values() if a.kind == spec.agency_kind
         and (not spec.city or (a.district and a.district.code == spec.city))),
        key=lambda a: a.code,
    )
    if not candidates:
        raise ImproperlyConfigured(f"no demo agency of kind {spec.agency_kind} in {spec.city}")
    return candidates[0]


def _scope_target(spec: DemoUser, agency) -> dict:
    if spec.scope == Scope.FACILITY:
        return {"facility": agency.facility}
    if spec.scope == Scope.DISTRICT:
        return {"district": agency.district}
    if spec.scope == Scope.PROVINCE:
        return {"province": agency.province}
    return {}


class _Steps:
    """Says what the loader is doing, one line per step with its time, so a minute-long
    load is not a silent one."""

    def __init__(self, say: Callable[[str], None] | None):
        self.say = say or (lambda _line: None)
        self.number = 0
        self.started = time.monotonic()

    def step(self, label: str) -> None:
        self.number += 1
        self.say(f"[{self.number}/{len(LOAD_STEPS)}] {label} …")

    def done(self) -> None:
        self.say(f"demo loaded in {time.monotonic() - self.started:.0f} s")


LOAD_STEPS = ("reference places (provinces, districts, facilities)",
              "agencies, one per demo facility",
              "demo users, one per role, with authenticators",
              "crisis-cell cases, duty roster and staff training",
              f"register: {DEMO_REGISTER_COUNT} verified offenders and waiting proposals",
              "whereabouts: custody, releases, reports and notices",
              "justice: FIRs, investigations, challans, trials, verdicts and appeals",
              "the committee's year: synthetic cases in every province, cell to verdict",
              "oversight: the committee's aggregate tables and stocktake rounds")


@transaction.atomic
def load_demo(*, progress: Callable[[str], None] | None = None, year_cases: int = 0
              ) -> list[tuple[DemoUser, object]]:
    """Reference places, demo agencies, one user per role with a confirmed TOTP device.
    Running it again changes nothing that exists (passwords and devices are kept).
    ``progress`` is called with one line as each step starts (the command prints them).
    ``year_cases``: the committee's year of synthetic cases (``demo.oversight_year``;
    ``manage.py load_demo`` loads ``YEAR_CASES``, tests that do not need it skip it);
    the oversight aggregates are refreshed at the end either way."""
    _refuse_in_production()
    steps = _Steps(progress)
    steps.step(LOAD_STEPS[0])
    load_reference_places()
    steps.step(LOAD_STEPS[1])
    agencies = _ensure_agencies()
    steps.step(LOAD_STEPS[2])
    people = PeopleGenerator(seed=DEMO_SEED)
    result = []
    for spec in DEMO_USERS:
        person = people.person(sex=spec.sex, min_age=28, max_age=55)
        agency = _agency_for(spec, agencies)
        user, _created = accounts.provision_user(
            username=spec.username, agency=agency,
            display_name=f"{person.given_name} {person.surname}".strip(),
            email=f"{spec.username}@demo.hifazat.invalid", password=DEMO_PASSWORD,
            role=spec.role, scope=spec.scope, confirmed_device=True, sex=spec.sex,
            **_scope_target(spec, agency))
        result.append((spec, user))
    steps.step(LOAD_STEPS[3])
    by_name = {spec.username: user for spec, user in result}
    load_demo_cases(by_name)
    load_demo_training(by_name)
    load_demo_roster(by_name)
    steps.step(LOAD_STEPS[4])
    load_register_demo(prosecutor=by_name["prosecutor"], registrar=by_name["npb.registrar"])
    steps.step(LOAD_STEPS[5])
    load_whereabouts_demo(prison_officer=by_name["prison.officer"],
                          police=by_name["police.station"],
                          readers=[user for _spec, user in result])
    steps.step(LOAD_STEPS[6])
    load_justice_demo(by_name)
    steps.step(LOAD_STEPS[7])
    if year_cases > 0:
        ensure_year_places()
        agencies = _ensure_agencies()  # an agency for each of the year's facilities
        load_oversight_year(agencies=agencies, users=by_name, cases=year_cases)
    steps.step(LOAD_STEPS[8])
    oversight.refresh(full=True)
    _take_stocktake_rounds()
    steps.done()
    return result


def _take_stocktake_rounds() -> None:
    """The committee's stocktake, as a committee would have taken it: the last quarter and
    the current one so far (two rounds, so the page has a history and a comparison).
    Once: a database that already holds rounds keeps them."""
    if stocktake.rounds(reach=None):
        return
    current = periods.current_quarter()
    year, quarter = current.start.year, (current.start.month - 1) // 3 + 1
    previous = f"{year}Q{quarter - 1}" if quarter > 1 else f"{year - 1}Q4"
    for label in (previous, current.label):
        stocktake.take_round(period=label)


# The demo authenticators' time step (django-otp's TOTP default: 30 s from the epoch).
_STEP_SECONDS = 30
# Leave this much of a step for the code to be typed and checked.
_MARGIN_SECONDS = 4
_handed_out: dict[str, tuple[int, str]] = {}


def current_code(username: str) -> str:
    """The one-time code a demo user's authenticator would show now (dev only). Like a
    person at the keyboard, it waits for a fresh code when the current one is about to
    expire or was already handed out (a used code is refused as a replay)."""
    _refuse_in_production()
    step, into = divmod(time.time(), _STEP_SECONDS)
    code = accounts_selectors.current_totp_code(username=username)
    if _STEP_SECONDS - into < _MARGIN_SECONDS or _handed_out.get(username) == (int(step), code):
        time.sleep(_STEP_SECONDS - into + 0.5)
        step = time.time() // _STEP_SECONDS
        code = accounts_selectors.current_totp_code(username=username)
    _handed_out[username] = (int(step), code)
    return code


