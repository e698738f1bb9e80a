"""Intake: the cell's case codes, opening a case (identity encrypted in its own row,
a child's guardian), correcting the identity, and the incident that starts the
clinical windows. Atomic and audited without identity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.crisis_cells import errors
from hifazat.crisis_cells.models import (
    ArrivalRoute,
    CaseSequence,
    CellCode,
    Guardian,
    Incident,
    IncidentType,
    Relationship,
    Sex,
    SurvivorCase,
    SurvivorIdentity,
)
from hifazat.crisis_cells.policy import cell_of, cell_roles
from hifazat.crisis_cells.services import cases
from hifazat.places import selectors as places

CHILD_AGE = 18  # Under 18 is a child (Act; Juvenile Justice System Act 2018)

if TYPE_CHECKING:  # annotations only: other apps are read through their selectors
    from hifazat.accounts.models import Agency


# --- case codes -----------------------------------------------------------------------

def cell_code(agency: Agency) -> CellCode:
    """The cell's code (``ARCC-LHR1``/``VAWC-MUL1``), created on first use from its
    district (the number counts the cells already coded in that district)."""
    prefix = "VAWC" if agency.kind == "vawc_centre" else "ARCC"
    district = agency.district or (agency.facility.district if agency.facility else None)
    base_code = (district.code.rsplit("-", 1)[-1] if district else agency.code[:4]).upper()
    base_code = "".join(ch for ch in base_code if ch.isalnum())[:8] or "CELL"
    for _attempt in range(5):
        existing = CellCode.objects.filter(agency=agency).first()
        if existing:
            return existing
        n = CellCode.objects.filter(prefix=prefix, short_code__startswith=base_code).count() + 1
        while CellCode.objects.filter(prefix=prefix, short_code=f"{base_code}{n}").exists():
            n += 1
        try:
            with transaction.atomic():
                return CellCode.objects.create(agency=agency, prefix=prefix,
                                               short_code=f"{base_code}{n}")
        except IntegrityError:
            continue  # another intake coded this cell (or took the number) first
    raise errors.CellError


def _next_case_code(agency: Agency, year: int) -> str:
    code = cell_code(agency)
    seq, _created = CaseSequence.objects.select_for_update().get_or_create(
        agency=agency, year=year)
    seq.last_serial += 1
    seq.save(update_fields=["last_serial"])
    return f"{code}-{year}-{seq.last_serial:06d}"


# --- intake ---------------------------------------------------------------------------

def _clean_identity(p: validation.Problems, *, name, father_or_husband_name, cnic, phone,
                    address) -> dict:
    return {
        "name": p.check("name", validation.person_name, name, max_length=200,
                        default=""),
        "father_or_husband_name": p.check("father_or_husband_name", validation.person_name,
                                          father_or_husband_name, max_length=200,
                                          default=""),
        "cnic": p.check("cnic", validation.cnic, cnic, default=""),
        "phone": p.check("phone", validation.phone, phone, default=""),
        "address": p.check("address", validation.free_text, address, max_length=500,
                           default=""),
    }


def _clean_guardian(guardian: dict | None, p: validation.Problems) -> dict | None:
    if not guardian:
        return None
    return {
        "name": p.check("guardian_name", validation.person_name, guardian.get("name"),
                        max_length=200, required=True, default=""),
        "relationship": p.check("guardian_relationship", validation.free_text,
                                guardian.get("relationship"), max_length=60, required=True,
                                default=""),
        "cnic": p.check("guardian_cnic", validation.cnic, guardian.get("cnic"), default=""),
        "phone": p.check("guardian_phone", validation.phone, guardian.get("phone"),
                         default=""),
    }


@transaction.atomic
def open_case(*, user, arrival_route: str, sex: str, age: int | None = None,
              arrived_at=None, has_disability: bool = False, disability_note: str = "",
              language: str = "", name: str = "", father_or_husband_name: str = "",
              cnic: str = "", phone: str = "", address: str = "",
              guardian: dict | None = None) -> SurvivorCase:
    """Intake: a new case at the user's own cell under a fresh pseudonymous code
    (``ARCC-LHR1-2026-000123``). Identity is stored encrypted in its own row. A child
    (under 18) needs a guardian record (``GuardianRequired``). Audited without
    identity."""
    agency = cell_of(user)
    if agency is None or not cell_roles(user):
        raise errors.NotACell
    cases.require(user, "crisis_cells.open_case")
    p = validation.Problems()
    arrived_at = p.check("arrived_at", validation.datetime, arrived_at or cases.now(),
                         required=True)
    p.check("arrived_at", validation.not_future, arrived_at)
    arrival_route = p.check("arrival_route", validation.choice, arrival_route, ArrivalRoute)
    sex = p.check("sex", validation.choice, sex, Sex)
    if age in ("", None):
        age = None
    else:
        try:
            age = int(age)
        except (TypeError, ValueError):
            age = -1
        if not 0 <= age <= 120:
            p.add("age", _("Give the age in years (0 to 120)."))
    identity = _clean_identity(p, name=name, father_or_husband_name=father_or_husband_name,
                               cnic=cnic, phone=phone, address=address)
    disability_note = p.check("disability_note", validation.free_text, disability_note,
                              max_length=200, default="")
    language = p.check("language", validation.free_text, language, max_length=40,
                       default="")
    guardian_values = _clean_guardian(guardian, p)
    p.raise_if_any(errors.InvalidInput)
    is_child = age is not None and age < CHILD_AGE
    if is_child and guardian_values is None:
        # Act/issue: a child survivor needs a guardian record before anything else.
        raise errors.GuardianRequired(fields={"guardian_name": _(
            "The survivor is under 18: give the guardian's name and relationship.")})
    local_year = timezone.localtime(cases.now()).year
    case = SurvivorCase.objects.create(
        code=_next_case_code(agency, local_year), cell=agency, arrived_at=arrived_at,
        arrival_route=arrival_route, age=age, is_child=is_child, sex=sex,
        has_disability=bool(has_disability), disability_note=disability_note,
        language=language, created_by=user, assigned_to=user,
    )
    SurvivorIdentity.objects.create(case=case, **identity)
    if guardian_values:
        Guardian.objects.create(case=case, **guardian_values)
    cases.record(action="case_opened", user=user, case=case, details={
        "arrival_route": arrival_route, "is_child": is_child,
        "has_guardian": guardian_values is not None})
    return case


@transaction.atomic
def update_identity(*, user, case: SurvivorCase, name: str = "",
                    father_or_husband_name: str = "", cnic: str = "", phone: str = "",
                    address: str = "") -> SurvivorIdentity:
    """Replace the survivor's identity (cell staff). Audited: which fields changed, not
    their values."""
    cases.require(user, "crisis_cells.update_case", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    values = _clean_identity(p, name=name, father_or_husband_name=father_or_husband_name,
                             cnic=cnic, phone=phone, address=address)
    p.raise_if_any(errors.InvalidInput)
    identity, _created = SurvivorIdentity.objects.get_or_create(case=case)
    changed = sorted(k for k, v in values.items() if getattr(identity, k) != v)
    for key, value in values.items():
        setattr(identity, key, value)
    identity.save()
    cases.record(action="identity_updated", user=user, case=case,
                 details={"fields": changed})
    return identity


@transaction.atomic
def record_guardian(*, user, case: SurvivorCase, name: str, relationship: str,
                    cnic: str = "", phone: str = "") -> Guardian:
    """Record or replace a child survivor's guardian (encrypted). Audited."""
    cases.require(user, "crisis_cells.update_case", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    values = _clean_guardian({"name": name, "relationship": relationship, "cnic": cnic,
                              "phone": phone}, p)
    p.raise_if_any(errors.InvalidInput)
    guardian, _created = Guardian.objects.update_or_create(case=case, defaults=values)
    cases.record(action="guardian_recorded", user=user, case=case)
    return guardian


# --- incident -------------------------------------------------------------------------

@transaction.atomic
def record_incident(*, user, case: SurvivorCase, occurred_at, district, kind: str,
                    relationship: str, perpetrator_count: int = 1,
                    perpetrator_particulars: str = "") -> Incident:
    """Record (or correct) the incident: when, where (district), type and relationship.
    The alleged perpetrator's particulars are kept encrypted for the FIR and never leave
    the cell. The incident time starts the clinical windows. Audited."""
    cases.require(user, "crisis_cells.update_case", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    occurred_at = p.check("occurred_at", validation.datetime, occurred_at, required=True)
    p.check("occurred_at", validation.not_future, occurred_at)
    if occurred_at and occurred_at > case.arrived_at + validation.CLOCK_SKEW:
        p.add("occurred_at", _("The incident cannot be after the survivor arrived."))
    if isinstance(district, str):
        district = places.district_by_code(district)
    if not places.is_district(district):
        p.add("district", _("Choose the district where it happened."))
    kind = p.check("kind", validation.choice, kind, IncidentType)
    relationship = p.check("relationship", validation.choice, relationship, Relationship)
    try:
        perpetrator_count = int(perpetrator_count)
    except (TypeError, ValueError):
        perpetrator_count = 0
    if not 1 <= perpetrator_count <= 50:
        p.add("perpetrator_count", _("Give a number from 1 to 50."))
    particulars = p.check("perpetrator_particulars", validation.free_text,
                          perpetrator_particulars, max_length=2000, default="")
    p.raise_if_any(errors.InvalidInput)
    incident, created = Incident.objects.update_or_create(case=case, defaults={
        "occurred_at": occurred_at, "district": district, "kind": kind,
        "relationship": relationship, "perpetrator_count": perpetrator_count,
        "perpetrator_particulars": particulars, "recorded_by": user,
    })
    case.incident_at = occurred_at
    case.save(update_fields=["incident_at", "updated_at"])
    cases.record(action="incident_recorded" if created else "incident_corrected", user=user,
                 case=case, details={"kind": kind, "district": district.code})
    return incident
