"""The demo's year for the Special Committee (issue 14): about a year of synthetic
crisis-cell cases ending today, in cells of every province, and the justice pipeline of
their FIRs (and of direct complaints at the police), so that the committee analyst's
dashboard tells a story close to the seeds' proportions:

* ``YEAR_CASES`` = 1,500 cases a year (the seeds: 437 survivors at six ARCCs in 2024,
  1,495 cases in ten months at one VAWC; the year has more cells than 2024 had). About
  60 % at Violence Against Women Centres (domestic violence 61 %, family disputes 11 %,
  harassment 7 %, criminal offences 5 %, as the Multan VAWC counted) and 40 % at
  Anti-Rape Crisis Cells (about half of them children, some of them boys).
* Punjab about 95 % of cases and of FIRs (``CELLS``, ``DIRECT_FIRS``: cases per
  thousand); districts outside Punjab with a handful of cases (their quarters show
  "<5"), and three districts with FIRs but no cell at all (Okara, Kasur, Larkana).
* FIRs for most sexual-violence cases (fewer outside Punjab, where reporting lags);
  investigation, interim report, challan, scrutiny (some returned), trial with
  adjournments, verdicts with conviction under 4 % of reported cases
  (``CONVICTION_SHARE``), a few appeals; each conviction proposed to the register and
  verified (through the register's own services). Cases at every stage, some overdue.

Why bulk rows: going through every service (audit, notices, clinical checks) for
thousands of cases would take many minutes, so the rows are written straight into the
crisis-cell and justice tables (``bulk_create``; the import contract in
``pyproject.toml`` allows this module alone to do so). Encrypted columns stay encrypted
at rest: ``bulk_create`` passes every value through the field's ``get_prep_value``,
which is where ``core.crypto.EncryptedTextField`` encrypts. No audit event is written
for these rows: they are the history of a year before the demo starts, not accesses or
changes anyone makes in it (the audit chain records what happens from now on; the
register entries below, made through the register's services, are audited as usual).
The rows name the demo's own staff as the recording users (the year's cells and
stations have no accounts of their own; nobody can open those cases, so only the
aggregates show them).

Deterministic (``YEAR_SEED``) and idempotent: nothing is added once the year's cells
have cases. Every person comes from ``hifazat.synthetic.PeopleGenerator``; none is real.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hifazat.core import clock
from hifazat.crisis_cells import deadlines as cell_deadlines
from hifazat.crisis_cells import models as cells
from hifazat.crisis_cells import services as cell_services
from hifazat.demo.past import as_of
from hifazat.justice import models as justice
from hifazat.justice import services as justice_services
from hifazat.places import selectors as places
from hifazat.places.services import ensure_facility
from hifazat.register import selectors as register_selectors
from hifazat.register import services as register_services
from hifazat.synthetic import PeopleGenerator

YEAR_SEED = 2024_437  # the seeds' year and its survivors at six ARCCs
YEAR_CASES = 1500  # crisis-cell cases in the year (``make demo``)
DAYS = 365
CONVICTION_SHARE = 0.028  # of FIRs; the seeds: under 4 % in Punjab
MIN_PUBLISHED = 5  # oversight shows 1–4 as "<5" (docs/oversight.md, suppression)
VERIFIED_WITHIN_DAYS = 25  # from the proposal to the registrar's verification
BATCH = 500

ARCC, VAWC = "arcc", "vawc"

# (district, kind, cases per thousand, facility code). The facilities that the demo's
# reference file has are reused (their cells have no demo user: the demo's own cells
# keep their hand-told cases only); the others are created (``ensure_year_places``).
CELLS = [
    ("PB-LHR", VAWC, 200, "VAWC-LHR-CTR"), ("PB-FSD", VAWC, 150, "VAWC-FSD-CTR"),
    ("PB-RWP", VAWC, 140, "VAWC-RWP-CTR"), ("PB-BWP", VAWC, 110, "VAWC-BWP-CTR"),
    ("PB-LHR", ARCC, 110, "HOSP-LHR-SERV"), ("PB-MUL", ARCC, 70, "HOSP-MUL-NISH"),
    ("PB-RWP", ARCC, 55, "HOSP-RWP-BBH"), ("PB-FSD", ARCC, 45, "HOSP-FSD-DHQ"),
    ("PB-GRW", ARCC, 30, "HOSP-GRW-DHQ"), ("PB-SGD", ARCC, 15, "HOSP-SGD-DHQ"),
    ("PB-SKT", ARCC, 10, "HOSP-SKT-DHQ"), ("PB-DGK", ARCC, 8, "HOSP-DGK-DHQ"),
    ("PB-RJP", ARCC, 3, "HOSP-RJP-DHQ"),
    ("SD-KHS", ARCC, 18, "HOSP-KHI-JPMC"), ("SD-HYD", ARCC, 6, "HOSP-HYD-DHQ"),
    ("IS-ISB", ARCC, 10, "HOSP-ISB-PIMS"), ("KP-PEW", ARCC, 7, "HOSP-PEW-DHQ"),
    ("KP-MRD", ARCC, 2, "HOSP-MRD-DHQ"), ("BA-QTA", ARCC, 3, "HOSP-QTA-DHQ"),
    ("GB-GLT", ARCC, 2, "HOSP-GLT-DHQ"), ("JK-MZD", ARCC, 2, "HOSP-MZD-DHQ"),
]
# FIRs on direct complaints at the police (per thousand cell cases): most rape FIRs
# never pass through a cell. Okara, Kasur and Larkana have no cell at all.
DIRECT_FIRS = [("PB-LHR", 40), ("PB-FSD", 25), ("PB-MUL", 15), ("PB-GRW", 15),
               ("PB-OKR", 15), ("PB-KSR", 15), ("PB-RWP", 10), ("SD-LRK", 2)]
# Districts whose justice agencies the demo's reference file has: (station, SSOIU,
# prosecution, court). The year's FIRs go to the station without a demo user.
EXISTING_CHAIN = {
    "PB-LHR": ("PS-LHR-RACE", "SSOIU-LHR-CITY", "PROS-LHR-CITY", "COURT-LHR-CITY"),
    "PB-MUL": ("PS-MUL-NMUL", "SSOIU-MUL-CITY", "PROS-MUL-CITY", "COURT-MUL-CITY"),
    "PB-RWP": ("PS-RWP-WEST", "SSOIU-RWP-CITY", "PROS-RWP-CITY", "COURT-RWP-CITY"),
    "SD-KHS": ("PS-KHI-CLFT", "SSOIU-KHI-SOUTH", "PROS-KHI-SOUTH", "COURT-KHI-SOUTH"),
    "IS-ISB": ("PS-ISB-SECR", "SSOIU-ISB-ICT", "PROS-ISB-ICT", "COURT-ISB-ICT"),
}
# Who recorded the rows (see the module docstring): the demo's Lahore chain, or
# Multan's in Multan; a case's own officer is named only in those two districts.
CHAIN_USERS = {"PB-MUL": ("police.multan", "io.multan", "prosecutor.multan",
                          "court.multan")}
LAHORE_CHAIN = ("police.station", "io.ssoiu", "prosecutor", "court.clerk")

SEXUAL = {"rape", "gang_rape", "sexual_assault", "child_sexual_abuse"}
# Incident types: VAWC after the Multan centre's categories (criminal offences split
# between rape and sexual assault); ARCC after the cells' sexual-violence mandate.
VAWC_TYPES = [("domestic_violence", 61), ("family_dispute", 11), ("harassment", 7),
              ("cyber_harassment", 5), ("rape", 2), ("sexual_assault", 3), ("other", 11)]
ARCC_ADULT_TYPES = [("rape", 52), ("gang_rape", 9), ("sexual_assault", 27),
                    ("harassment", 5), ("domestic_violence", 4), ("other", 3)]
ARCC_CHILD_TYPES = [("child_sexual_abuse", 55), ("rape", 30), ("sexual_assault", 15)]
RELATIONSHIPS = {"domestic_violence": ["spouse", "spouse", "family"],
                 "family_dispute": ["family", "spouse"],
                 "harassment": ["employer", "acquaintance", "stranger", "neighbour"],
                 "cyber_harassment": ["online"],
                 "child_sexual_abuse": ["neighbour", "family", "teacher", "acquaintance"]}
SEXUAL_RELATIONSHIPS = ["acquaintance", "stranger", "neighbour", "family", "unknown"]
SECTIONS = {"rape": "376", "gang_rape": "376", "child_sexual_abuse": "377-B",
            "sexual_assault": "354"}
ADJOURNMENT_REASONS = ["defence_counsel_absent", "witness_absent", "strike",
                       "accused_not_produced", "report_awaited", "prosecutor_absent",
                       "judge_on_leave"]
OUTCOMES = ["care_completed", "care_completed", "care_completed", "referred_onward",
            "fir_registered", "survivor_withdrew", "lost_contact"]
SENTENCES = ["Imprisonment for life and fine", "14 years rigorous imprisonment",
             "10 years rigorous imprisonment and fine"]


def _short(district_code: str) -> str:
    return district_code.split("-", 1)[1]


def ensure_year_places() -> None:
    """The facilities the year needs and the reference file lacks: a hospital with a
    crisis cell or a VAWC centre per ``CELLS`` row, and a police station, SSOIU,
    prosecution office and Special Court in every district with FIRs. Idempotent (the
    demo then makes one agency per facility)."""
    for code, kind, _weight, facility_code in CELLS:
        if places.facility_by_code(facility_code) is not None:
            continue
        district = places.district_by_code(code)
        if kind == VAWC:
            ensure_facility(code=facility_code, kind=places.FacilityKind.VAWC_CENTRE,
                            name_en=f"Violence Against Women Centre, {district.name_en}",
                            name_ur=f"وائلنس اگینسٹ ویمن سینٹر، {district.name_ur}",
                            district=district)
        else:
            ensure_facility(code=facility_code, kind=places.FacilityKind.HOSPITAL,
                            name_en=f"District Headquarters Hospital, {district.name_en}",
                            name_ur=f"ڈسٹرکٹ ہیڈکوارٹرز ہسپتال، {district.name_ur}",
                            district=district, has_crisis_cell=True)
    for code in _justice_districts():
        if code in EXISTING_CHAIN:
            continue
        district = places.district_by_code(code)
        en, ur, short = district.name_en, district.name_ur, _short(code)
        for facility_code, kind, name_en, name_ur in (
                (f"PS-{short}-CITY", places.FacilityKind.POLICE_STATION,
                 f"Police Station City, {en}", f"تھانہ سٹی، {ur}"),
                (f"SSOIU-{short}-CITY", places.FacilityKind.SSOIU,
                 f"Special Sexual Offences Investigation Unit, {en}",
                 f"خصوصی جنسی جرائم تفتیشی یونٹ، {ur}"),
                (f"PROS-{short}-CITY", places.FacilityKind.PROSECUTION_OFFICE,
                 f"Office of the District Public Prosecutor, {en}",
                 f"دفتر ڈسٹرکٹ پبلک پراسیکیوٹر، {ur}"),
                (f"COURT-{short}-CITY", places.FacilityKind.SPECIAL_COURT,
                 f"Special Court (Anti-Rape), {en}", f"خصوصی عدالت (انسدادِ زیادتی)، {ur}")):
            ensure_facility(code=facility_code, kind=kind, name_en=name_en, name_ur=name_ur,
                            district=district)


def _justice_districts() -> list[str]:
    return sorted({code for code, *_rest in CELLS} | {code for code, _n in DIRECT_FIRS})


def _chain_codes(district_code: str) -> tuple[str, str, str, str]:
    if district_code in EXISTING_CHAIN:
        return EXISTING_CHAIN[district_code]
    short = _short(district_code)
    return (f"PS-{short}-CITY", f"SSOIU-{short}-CITY", f"PROS-{short}-CITY",
            f"COURT-{short}-CITY")


def cell_agency_code(kind: str, facility_code: str) -> str:
    """The agency code the demo gives the facility (``services._ensure_agencies``)."""
    return f"ARCC-{facility_code}" if kind == ARCC else facility_code


def quotas(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder), at least one
    each (so a little more than ``total`` when it is not much above ``len(weights)``):
    the shares hold at any scale, so a scaled-down year keeps the proportions."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    out = [max(1, int(r)) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[:max(0, total - sum(out))]:
        out[i] += 1
    return out


def _pick(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _w in table], weights=[w for _k, w in table])[0]


@dataclass
class _Fir:
    """One FIR of the year and how far its case goes (dates; None: not reached)."""

    district: str
    registered_at: datetime
    kind: str  # incident type (for the PPC section)
    female: bool = True
    survivor_case: object = None
    referral: object = None
    suspects: int = 1
    assigned_on: date | None = None
    interim_on: date | None = None
    final_on: date | None = None
    returned_on: date | None = None
    resubmitted_on: date | None = None
    accepted_on: date | None = None
    charged_on: date | None = None
    decided_on: date | None = None
    convicted: bool = False
    appeal_on: date | None = None
    hearings: list = field(default_factory=list)  # (date, outcome, reason)


class _Year:
    def __init__(self, *, agencies: dict, users: dict, cases: int, now: datetime):
        self.agencies, self.users, self.total = agencies, users, cases
        self.now, self.today = now, timezone.localdate(now)
        self.rng = random.Random(YEAR_SEED)  # noqa: S311  # nosec B311 — synthetic data, not security
        self.pep_hours = cell_deadlines.PEP.value()
        self.ec_hours = cell_deadlines.EMERGENCY_CONTRACEPTION.value()
        self.firs: list[_Fir] = []
        self.rows: dict[str, list] = defaultdict(list)
        self.facilities: dict = {}

    def facility(self, code: str):
        if code not in self.facilities:
            self.facilities[code] = places.facility_by_code(code)
        return self.facilities[code]

    # --- crisis-cell cases ------------------------------------------------------------
    def cases(self) -> None:
        counts = quotas(self.total, [w for _c, _k, w, _f in CELLS])
        serials: dict = defaultdict(int)
        for (district_code, kind, _w, facility_code), n in zip(CELLS, counts, strict=True):
            agency = self.agencies[cell_agency_code(kind, facility_code)]
            district = places.district_by_code(district_code)
            people = PeopleGenerator(seed=f"{YEAR_SEED}-{facility_code}", districts=[(
                district_code, district_code.split("-")[0], district.name_en)])
            prefix = str(cell_services.cell_code(agency))
            actor = self.users["cell.incharge" if kind == ARCC else "vawc.counsellor"]
            for _i in range(n):
                arrived = self.now - timedelta(seconds=self.rng.uniform(600, DAYS * 86400))
                serials[(agency.pk, arrived.year)] += 1
                code = f"{prefix}-{arrived.year}-{serials[(agency.pk, arrived.year)]:06d}"
                self._case(code, agency, district, kind, arrived, people, actor)
        for (agency_id, year), last in serials.items():
            cells.CaseSequence.objects.update_or_create(
                agency_id=agency_id, year=year, defaults={"last_serial": last})

    def _case(self, code, agency, district, kind, arrived, people, actor) -> None:
        rng = self.rng
        child = rng.random() < (0.5 if kind == ARCC else 0.05)
        sex = "F"
        if child and kind == ARCC and rng.random() < 0.3:
            sex = "M"  # boys: mostly children at the cells
        elif not child and kind == ARCC and rng.random() < 0.02:
            sex = rng.choice(["M", "X"])
        age = rng.randint(4, 17) if child else rng.randint(18, 55)
        incident_kind = _pick(rng, ARCC_CHILD_TYPES if child else ARCC_ADULT_TYPES) \
            if kind == ARCC else _pick(rng, VAWC_TYPES)
        if incident_kind in SEXUAL:
            # Within a day for most, within 72 h for some, near the end of the PEP window
            # for a few, days or weeks later for the rest.
            delay = rng.choice([rng.uniform(2, 24)] * 3 + [
                rng.uniform(24, 72), rng.uniform(60, 100), rng.uniform(72, 24 * 30)])
        else:
            delay = rng.uniform(12, 24 * 20)
        incident_at = arrived - timedelta(hours=delay)
        person = people.person(sex="M" if sex == "M" else "F", min_age=age, max_age=age)
        case = cells.SurvivorCase(
            code=code, cell=agency, arrived_at=arrived, age=age, is_child=child, sex=sex,
            arrival_route=rng.choice(["walk_in", "police", "referral", "helpline"]),
            incident_at=incident_at, created_by=actor, language=rng.choice(["Urdu",
                                                                            "Punjabi", ""]))
        self.rows["case"].append(case)
        self.rows["identity"].append(cells.SurvivorIdentity(
            case=case, name=person.full_name(honorific=False),
            father_or_husband_name=person.relation_name(), cnic="" if child else person.cnic,
            phone=person.phone, address=person.address))
        if child:
            g = people.person(sex="F", min_age=30, max_age=50)
            self.rows["guardian"].append(cells.Guardian(
                case=case, name=g.full_name(honorific=False), cnic=g.cnic, phone=g.phone,
                relationship=rng.choice(["Mother", "Father", "Aunt"])))
        self.rows["incident"].append(cells.Incident(
            case=case, occurred_at=incident_at, district=district, kind=incident_kind,
            relationship=rng.choice(RELATIONSHIPS.get(incident_kind, SEXUAL_RELATIONSHIPS)),
            perpetrator_count=rng.randint(2, 4) if incident_kind == "gang_rape" else 1,
            recorded_by=actor))
        self._consents(case, child, incident_kind, actor)
        if incident_kind in SEXUAL and kind == ARCC:
            self._clinical(case, sex, age, actor)
        self._fir_from_cell(case, district, incident_kind, agency, actor)
        self._closure(case)

    def _consent(self, case, use, given, child, actor, **extra) -> None:
        self.rows["consent"].append(cells.Consent(
            case=case, use=use, is_given=given, given_by="guardian" if child else "survivor",
            decided_at=case.arrived_at + timedelta(minutes=30), recorded_by=actor, **extra))

    def _consents(self, case, child, incident_kind, actor) -> None:
        rng = self.rng
        if incident_kind in SEXUAL:
            self._consent(case, "medical_examination", rng.random() < 0.95, child, actor)
        roll = rng.random()
        if roll < 0.85:  # most consent to anonymous statistics; a few withdraw later
            withdrawn = case.arrived_at + timedelta(days=rng.randint(2, 60)) \
                if rng.random() < 0.02 else None
            self._consent(case, "anonymous_statistics", True, child, actor,
                          withdrawn_at=withdrawn if withdrawn and withdrawn < self.now
                          else None, withdrawn_by=actor if withdrawn and withdrawn < self.now
                          else None)
        elif roll < 0.95:
            self._consent(case, "anonymous_statistics", False, child, actor)
        # else: never asked (the case still counts in the statutory aggregates)

    def _clinical(self, case, sex, age, actor) -> None:
        """PEP (and emergency contraception for girls and women of child-bearing age):
        given within the window for most who come in time, late for some, not at all
        for those who come after it."""
        rng = self.rng
        since = (case.arrived_at - case.incident_at).total_seconds() / 3600
        if since < self.pep_hours + 24 and rng.random() < 0.9:
            given = case.arrived_at + timedelta(hours=rng.uniform(0.5, 4))
            if given > self.now:
                return
            case.pep_given_at = given
            late = (given - case.incident_at).total_seconds() / 3600 > self.pep_hours
            self.rows["medical"].append(cells.MedicalEntry(
                case=case, kind="pep", description="PEP starter pack, 3 days",
                given_at=given, recorded_by=actor,
                late_reason="Arrived near the end of the window" if late else ""))
            if sex == "F" and 12 <= age <= 49 and since < self.ec_hours and rng.random() < 0.85:
                case.ec_given_at = given
                late = (given - case.incident_at).total_seconds() / 3600 > self.ec_hours
                self.rows["medical"].append(cells.MedicalEntry(
                    case=case, kind="emergency_contraception",
                    description="Levonorgestrel 1.5 mg", given_at=given, recorded_by=actor,
                    late_reason="Arrived near the end of the window" if late else ""))

    def _fir_from_cell(self, case, district, incident_kind, agency, actor) -> None:
        rng = self.rng
        if incident_kind not in SEXUAL:
            return
        reports = 0.8 if district.code.startswith("PB-") else 0.45
        if rng.random() >= reports:
            return
        self._consent(case, "police_report", True, case.is_child, actor)
        referred = case.arrived_at + timedelta(hours=rng.uniform(1, 6))
        if referred > self.now:
            return
        station = self.facility(_chain_codes(district.code)[0])
        referral = justice.FirReferral(
            survivor_case=case, case_code=case.code, cell=agency, police_station=station,
            referred_at=referred, referred_by=actor)
        self.rows["referral"].append(referral)
        # Arrival to FIR: most within a day or two, some after days of follow-up; some
        # referrals still wait (unanswered in the station's inbox).
        if rng.random() < 0.06:
            return
        hours = rng.lognormvariate(3.0, 0.9)  # median about 20 h
        registered = case.arrived_at + timedelta(hours=max(hours, 2))
        if registered > self.now:
            return
        referral.status = "fir_registered"
        referral.fir_recorded_at = registered
        referral.fir_date = timezone.localdate(registered)
        case.arrival_to_fir = registered - case.arrived_at
        case.fir_date = referral.fir_date
        fir = _Fir(district=district.code, registered_at=registered, kind=incident_kind,
                   female=case.sex != "M", survivor_case=case, referral=referral,
                   suspects=2 if incident_kind == "gang_rape" else 1)
        self.firs.append(fir)

    def _closure(self, case) -> None:
        age_days = (self.now - case.arrived_at).days
        rng = self.rng
        if age_days > rng.randint(20, 90) and rng.random() < 0.93:
            case.status = "closed"
            case.closed_at = case.arrived_at + timedelta(days=rng.randint(5, min(age_days,
                                                                                 80)))
            case.outcome = "fir_registered" if case.arrival_to_fir else rng.choice(OUTCOMES)

    # --- the justice pipeline -------------------------------------------------------
    def direct_firs(self) -> None:
        counts = quotas(round(self.total * sum(n for _d, n in DIRECT_FIRS) / 1000),
                        [n for _d, n in DIRECT_FIRS])
        for (district_code, _n), count in zip(DIRECT_FIRS, counts, strict=True):
            for _i in range(count):
                at = self.now - timedelta(seconds=self.rng.uniform(3600, DAYS * 86400))
                kind = _pick(self.rng, [("rape", 55), ("child_sexual_abuse", 25),
                                        ("gang_rape", 8), ("sexual_assault", 12)])
                self.firs.append(_Fir(district=district_code, registered_at=at, kind=kind,
                                      female=self.rng.random() < 0.85,
                                      suspects=2 if kind == "gang_rape" else 1))

    def pipeline(self) -> None:
        """How far each FIR's case has gone by today."""
        rng, today = self.rng, self.today
        for f in self.firs:
            start = timezone.localdate(f.registered_at)

            def day(n: int, start=start) -> date:
                return start + timedelta(days=n)

            def reached(d: date | None) -> date | None:
                return d if d is not None and d <= today else None

            if rng.random() < 0.03:
                continue  # no officer assigned yet: overdue on every count
            f.assigned_on = reached(day(rng.randint(1, 3)))
            if f.assigned_on is None:
                continue
            roll = rng.random()
            f.interim_on = reached(day(rng.randint(7, 14) if roll < 0.7 else
                                       rng.randint(15, 40))) if roll < 0.85 else None
            roll = rng.random()
            if roll >= 0.92:
                continue  # never completed: the investigation runs on, overdue
            final = day(rng.randint(25, 60) if roll < 0.55 else rng.randint(61, 160))
            f.final_on = reached(final)
            if f.final_on is None:
                continue
            scrutiny = final + timedelta(days=rng.randint(1, 4))
            if rng.random() < 0.15:  # returned with defects, then submitted again
                f.returned_on = reached(scrutiny)
                if f.returned_on is None:
                    continue
                f.resubmitted_on = reached(scrutiny + timedelta(days=rng.randint(8, 25)))
                if f.resubmitted_on is None:
                    continue
                scrutiny = f.resubmitted_on + timedelta(days=rng.randint(1, 3))
            f.accepted_on = reached(scrutiny)
            if f.accepted_on is None:
                continue
            f.charged_on = reached(f.accepted_on + timedelta(days=rng.randint(7, 25)))
            if f.charged_on is None:
                continue
            length = rng.randint(60, 120) if rng.random() < 0.35 else rng.randint(121, 300)
            f.decided_on = reached(f.charged_on + timedelta(days=length))
            self._hearings(f)
            if f.decided_on is not None and rng.random() < 0.25:
                f.appeal_on = reached(f.decided_on + timedelta(days=rng.randint(10, 30)))
        self._convict()

    def _convict(self) -> None:
        """``CONVICTION_SHARE`` of the FIRs end in a conviction, in chunks of at least
        ``MIN_PUBLISHED`` per district (the busiest first): a district with one to four
        would be shown as "<5" and, by secondary suppression, hide the province's and the
        country's conviction rate with it."""
        by_district: dict = defaultdict(list)
        for f in self.firs:
            if f.decided_on:
                by_district[f.district].append(f)
        # The share is of every FIR on record: the demo's own stories have some too.
        remaining = int((len(self.firs) + justice.Fir.objects.count()) * CONVICTION_SHARE) \
            - justice.Verdict.objects.filter(outcome="convicted").count()
        for district in sorted(by_district, key=lambda d: (-len(by_district[d]), d)):
            if remaining <= 0:
                break
            decided = by_district[district]
            share = round(remaining * 0.4)
            n = min(len(decided), remaining if remaining < 2 * MIN_PUBLISHED else
                    max(MIN_PUBLISHED, share))
            for f in self.rng.sample(decided, n):
                f.convicted = True
            remaining -= n

    def _hearings(self, f: _Fir) -> None:
        rng, today = self.rng, self.today
        on = f.charged_on + timedelta(days=14)
        end = f.decided_on or today
        while on < end:
            reason = rng.choice(ADJOURNMENT_REASONS) if rng.random() < 0.45 else ""
            f.hearings.append((on, "adjourned" if reason else "held", reason))
            on += timedelta(days=rng.randint(14, 28))
        if f.decided_on:
            f.hearings.append((f.decided_on, "held", ""))
        else:
            f.hearings.append((on, "scheduled", ""))  # the next date, still to come

    def write_justice(self) -> list:
        """The FIRs' rows (numbered per station and year, in date order); returns the
        convicted ``(fir, case, first suspect)`` for the register."""
        sections = {s.code: s for s in register_selectors.ppc_sections(
            set(SECTIONS.values()))}
        numbers: dict = defaultdict(int)
        people = PeopleGenerator(seed=f"{YEAR_SEED}-accused")
        made = []
        self.firs.sort(key=lambda f: f.registered_at)
        for f in self.firs:
            police, io, prosecutor, clerk = (self.users[n] for n in
                                             CHAIN_USERS.get(f.district, LAHORE_CHAIN))
            station_code, ssoiu, prosecution, court = _chain_codes(f.district)
            station = self.facility(station_code)
            numbers[(station.pk, f.registered_at.year)] += 1
            fir = justice.Fir(
                station=station, district=station.district,
                number=str(numbers[(station.pk, f.registered_at.year)]),
                year=f.registered_at.year, registered_at=f.registered_at,
                act_sections=["3"], registered_by=police, complainant_female=f.female,
                source="cell_referral" if f.referral else "direct", referral=f.referral,
                complainant_case_code=f.survivor_case.code if f.survivor_case else "")
            if f.survivor_case is not None:
                f.survivor_case.fir_number = f"{fir.number}/{fir.year}"
                f.referral.fir_number = f.survivor_case.fir_number
            officers = f.district in ("PB-LHR", "PB-MUL")  # see CHAIN_USERS
            case = justice.JusticeCase(
                fir=fir, district=station.district, stage=self._stage(f),
                ssoiu=self.agencies[ssoiu] if f.assigned_on else None,
                investigating_officer=io if f.assigned_on and officers else None,
                investigation_started_on=f.assigned_on,
                prosecution_office=self.agencies[prosecution] if f.final_on else None,
                prosecutor=prosecutor if f.accepted_on and officers else None,
                court=self.agencies[court] if f.accepted_on else None,
                charged_on=f.charged_on, decided_on=f.decided_on,
                adjournments=sum(1 for h in f.hearings if h[1] == "adjourned"),
                stage_changed_at=self._stage_changed(f))
            self.rows["fir"].append(fir)
            self.rows["jcase"].append(case)
            self.rows["sections"].append((fir, sections.get(SECTIONS[f.kind])))
            suspects = []
            for i in range(f.suspects):
                p = people.offender()
                suspect = justice.Suspect(
                    fir=fir, name=p.given_name, surname=p.surname, father=p.father_name,
                    dob=str(p.dob.year), cnic=p.cnic if i % 3 else "",
                    district=station.district, custody_status=self._custody(f))
                suspects.append(suspect)
                self.rows["suspect"].append(suspect)
            self._reports(f, case, io, prosecutor)
            for on, outcome, reason in f.hearings:
                self.rows["hearing"].append(justice.Hearing(
                    case=case, court=self.agencies[court], on=on, recorded_by=clerk,
                    purpose="judgment" if on == f.decided_on else "prosecution_evidence",
                    outcome=outcome, adjournment_reason=reason))
            if f.decided_on:
                verdict = justice.Verdict(case=case, decided_on=f.decided_on,
                                          outcome="convicted" if f.convicted else "acquitted",
                                          recorded_by=clerk)
                self.rows["verdict"].append(verdict)
                if f.convicted:
                    self.rows["sentence"].append(justice.Sentence(
                        verdict=verdict, suspect=suspects[0],
                        sentence=self.rng.choice(SENTENCES)))
                    made.append((f, case, suspects[0]))
                if f.appeal_on:
                    self.rows["appeal"].append(justice.Appeal(
                        verdict=verdict, suspect=suspects[0], filed_on=f.appeal_on,
                        forum="High Court", recorded_by=clerk if f.convicted else prosecutor))
        return made

    @staticmethod
    def _stage(f: _Fir) -> str:
        S = justice.Stage
        if f.appeal_on:
            return S.APPEAL
        if f.decided_on:
            return S.DECIDED
        if f.accepted_on:
            return S.IN_TRIAL
        if f.final_on and not (f.returned_on and not f.resubmitted_on):
            return S.CHALLAN_SUBMITTED
        if f.assigned_on:
            return S.UNDER_INVESTIGATION
        return S.FIR_REGISTERED

    @staticmethod
    def _stage_changed(f: _Fir) -> datetime:
        last = max(d for d in (f.assigned_on, f.final_on, f.resubmitted_on, f.accepted_on,
                               f.decided_on, f.appeal_on, timezone.localdate(f.registered_at))
                   if d is not None)
        return timezone.make_aware(datetime.combine(last, time(12)))

    @staticmethod
    def _custody(f: _Fir) -> str:
        if f.decided_on:
            return "convicted" if f.convicted else "discharged"
        return "on_bail" if f.charged_on else "arrested" if f.assigned_on else "at_large"

    def _reports(self, f: _Fir, case, io, prosecutor) -> None:
        R = justice.PoliceReport
        if f.interim_on and not (f.final_on and f.final_on <= f.interim_on):
            self.rows["report"].append(R(case=case, kind="interim", submitted_on=f.interim_on,
                                         submitted_by=io))
        if f.final_on is None:
            return
        if f.returned_on:
            self.rows["report"].append(R(
                case=case, kind="final", submitted_on=f.final_on, submitted_by=io,
                scrutiny="returned", defects="Forensic report not on the file.",
                scrutinised_by=prosecutor, scrutinised_on=f.returned_on))
            if f.resubmitted_on is None:
                return
        self.rows["report"].append(R(
            case=case, kind="final", submitted_on=f.resubmitted_on or f.final_on,
            submitted_by=io, scrutiny="accepted" if f.accepted_on else "pending",
            scrutinised_by=prosecutor if f.accepted_on else None,
            scrutinised_on=f.accepted_on))

    # --- writing ---------------------------------------------------------------------
    def save(self) -> None:
        """Every row, parents first (``bulk_create`` returns the keys, and Django fills a
        child's foreign key from its saved parent)."""
        r = self.rows
        for model, rows in ((cells.SurvivorCase, r["case"]),
                            (cells.SurvivorIdentity, r["identity"]),
                            (cells.Guardian, r["guardian"]), (cells.Incident, r["incident"]),
                            (cells.Consent, r["consent"]), (cells.MedicalEntry, r["medical"]),
                            (justice.FirReferral, r["referral"]), (justice.Fir, r["fir"]),
                            (justice.JusticeCase, r["jcase"]), (justice.Suspect, r["suspect"]),
                            (justice.PoliceReport, r["report"]),
                            (justice.Hearing, r["hearing"]), (justice.Verdict, r["verdict"]),
                            (justice.Sentence, r["sentence"]), (justice.Appeal, r["appeal"])):
            model.objects.bulk_create(rows, batch_size=BATCH)
        justice.Fir.sections.through.objects.bulk_create(
            [justice.Fir.sections.through(fir_id=fir.pk, ppcsection_id=s.pk)
             for fir, s in r["sections"] if s is not None], batch_size=BATCH)
        # Each case's next statutory deadline, by the pipeline's own rule.
        for case in (justice.JusticeCase.objects.filter(pk__in=[c.pk for c in r["jcase"]])
                     .select_related("fir").prefetch_related("reports")):
            justice_services.refresh_due(case)


def _on(day: date):
    """``as_of`` that day at noon, or a minute ago when that day is today."""
    now = timezone.localtime(clock.now())
    if day >= now.date():
        return as_of(now.date(), (now - timedelta(minutes=1)).time())
    return as_of(day)


def _register(made: list, users: dict, today: date) -> int:
    """Each conviction proposed to the register (as the verdict would) and verified by
    the registrar a week or a few weeks later (the latest ones today) — through the
    register's services, audited. None is left waiting: the registrar's queue keeps the
    demo's own proposals only."""
    prosecutor, registrar = users["prosecutor"], users["npb.registrar"]
    for user in (prosecutor, registrar):
        user.is_verified = lambda: True  # the demo's own signed-in users (dev only)
    for f, case, suspect in made:
        court = places.facility_by_code(_chain_codes(f.district)[3])
        payload = {"name": suspect.name, "surname": suspect.surname,
                   "father_name": suspect.father, "sex": "M", "dob": suspect.dob,
                   "cnic": suspect.cnic, "district": f.district, "court": court.code,
                   "case_number": f"YEAR-SC-{case.pk:05d}/{f.decided_on.year}",
                   "sections": [SECTIONS[f.kind]], "convicted_on": f.decided_on.isoformat(),
                   "sentence": "Imprisonment for life and fine"}
        proposed = min(f.decided_on + timedelta(days=2), today)
        with _on(proposed):
            proposal = register_services.propose_entry(proposer=prosecutor, payload=payload)
        justice.Suspect.objects.filter(pk=suspect.pk).update(register_proposal=proposal)
        with _on(min(proposed + timedelta(days=5 + case.pk % VERIFIED_WITHIN_DAYS), today)):
            register_services.verify_entry(proposal=proposal, verifier=registrar,
                                           note="demo year")
    return len(made)


def load_oversight_year(*, agencies: dict, users: dict, cases: int = YEAR_CASES) -> int:
    """The year (once): ``cases`` crisis-cell cases and the FIRs, investigations,
    trials and verdicts that followed. ``agencies`` maps agency code -> Agency (the
    demo's, after ``ensure_year_places``), ``users`` demo username -> User. Returns how
    many cases were added (0 when already loaded)."""
    if cases <= 0:
        return 0
    codes = [cell_agency_code(kind, f) for _d, kind, _w, f in CELLS]
    if cells.SurvivorCase.objects.filter(cell__code__in=codes).exists():
        return 0
    year = _Year(agencies=agencies, users=users, cases=cases, now=clock.now())
    year.cases()
    year.direct_firs()
    year.pipeline()
    made = year.write_justice()
    year.save()
    _register(made, users, year.today)
    return len(year.rows["case"])
