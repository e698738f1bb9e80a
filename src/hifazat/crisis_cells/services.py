"""Every write in a crisis cell. Each service is keyword-only, atomic, checks the policy,
validates its input (``InvalidInput`` names each bad field), and records its audit
event (purpose "care", the case code as reference, never identity) and a timeline row
in the same transaction.

This module holds intake, incident and consent; the rest live by sub-concept in
``services_manage`` (assignment, transfer, closure), ``services_medical`` (medical care,
medico-legal examination), ``services_evidence`` (chain of custody), ``services_support``
(counselling, legal, shelter, follow-ups, mediation, protection orders),
``services_cyber`` (cyber harassment) and ``services_fir`` (FIR referral and sharing
with prosecution), all re-exported here so callers use
``crisis_cells.services.<verb>``.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.models import Agency
from hifazat.crisis_cells import errors
from hifazat.crisis_cells import services_base as base
from hifazat.crisis_cells.models import (
    ArrivalRoute,
    CaseSequence,
    CellCode,
    Consent,
    ConsentGiver,
    ConsentUse,
    Guardian,
    Incident,
    IncidentType,
    Relationship,
    Sex,
    SurvivorCase,
    SurvivorIdentity,
)
from hifazat.crisis_cells.policy import cell_of, cell_roles
from hifazat.places.models import District

CHILD_AGE = 18  # Under 18 is a child (Act; Juvenile Justice System Act 2018)


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

def _clean_guardian(guardian: dict | None, problems: base.Problems) -> dict | None:
    if not guardian:
        return None
    return {
        "name": base.text(guardian.get("name"), "guardian_name", problems, max_length=200,
                          required=True, message=_("Give the guardian's name.")),
        "relationship": base.text(guardian.get("relationship"), "guardian_relationship",
                                  problems, max_length=60, required=True,
                                  message=_("Say how the guardian is related to the child.")),
        "cnic": base.cnic(guardian.get("cnic"), "guardian_cnic", problems),
        "phone": base.phone(guardian.get("phone"), "guardian_phone", problems),
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
    base.require(user, "crisis_cells.open_case")
    p = base.Problems()
    arrived_at = base.as_aware(arrived_at or base.now(), "arrived_at", p)
    base.not_future(arrived_at, "arrived_at", p)
    arrival_route = base.choice(arrival_route, ArrivalRoute, "arrival_route", p)
    sex = base.choice(sex, Sex, "sex", p)
    if age in ("", None):
        age = None
    else:
        try:
            age = int(age)
        except (TypeError, ValueError):
            age = -1
        if not 0 <= age <= 120:
            p.add("age", _("Give the age in years (0 to 120)."))
    identity = {
        "name": base.text(name, "name", p, max_length=200),
        "father_or_husband_name": base.text(father_or_husband_name, "father_or_husband_name",
                                            p, max_length=200),
        "cnic": base.cnic(cnic, "cnic", p),
        "phone": base.phone(phone, "phone", p),
        "address": base.text(address, "address", p, max_length=500),
    }
    disability_note = base.text(disability_note, "disability_note", p, max_length=200)
    language = base.text(language, "language", p, max_length=40)
    guardian_values = _clean_guardian(guardian, p)
    p.raise_if_any()
    is_child = age is not None and age < CHILD_AGE
    if is_child and guardian_values is None:
        # Act/issue: a child survivor needs a guardian record before anything else.
        raise errors.GuardianRequired(fields={"guardian_name": _(
            "The survivor is under 18: give the guardian's name and relationship.")})
    local_year = timezone.localtime(base.now()).year
    case = SurvivorCase.objects.create(
        code=_next_case_code(agency, local_year), cell=agency, arrived_at=arrived_at,
        arrival_route=arrival_route, age=age, is_child=is_child, sex=sex,
        has_disability=bool(has_disability), disability_note=disability_note,
        language=language, created_by=user, assigned_to=user,
    )
    SurvivorIdentity.objects.create(case=case, **identity)
    if guardian_values:
        Guardian.objects.create(case=case, **guardian_values)
    base.record(action="case_opened", user=user, case=case, details={
        "arrival_route": arrival_route, "is_child": is_child,
        "has_guardian": guardian_values is not None})
    return case


@transaction.atomic
def update_identity(*, user, case: SurvivorCase, name: str = "",
                    father_or_husband_name: str = "", cnic: str = "", phone: str = "",
                    address: str = "") -> SurvivorIdentity:
    """Replace the survivor's identity (cell staff). Audited: which fields changed, not
    their values."""
    base.require(user, "crisis_cells.update_case", case)
    case = base.lock_case(case)
    base.writable(case)
    p = base.Problems()
    values = {
        "name": base.text(name, "name", p, max_length=200),
        "father_or_husband_name": base.text(father_or_husband_name, "father_or_husband_name",
                                            p, max_length=200),
        "cnic": base.cnic(cnic, "cnic", p), "phone": base.phone(phone, "phone", p),
        "address": base.text(address, "address", p, max_length=500),
    }
    p.raise_if_any()
    identity, _created = SurvivorIdentity.objects.get_or_create(case=case)
    changed = sorted(k for k, v in values.items() if getattr(identity, k) != v)
    for key, value in values.items():
        setattr(identity, key, value)
    identity.save()
    base.record(action="identity_updated", user=user, case=case,
                details={"fields": changed})
    return identity


@transaction.atomic
def record_guardian(*, user, case: SurvivorCase, name: str, relationship: str,
                    cnic: str = "", phone: str = "") -> Guardian:
    """Record or replace a child survivor's guardian (encrypted). Audited."""
    base.require(user, "crisis_cells.update_case", case)
    case = base.lock_case(case)
    base.writable(case)
    p = base.Problems()
    values = _clean_guardian({"name": name, "relationship": relationship, "cnic": cnic,
                              "phone": phone}, p)
    p.raise_if_any()
    guardian, _created = Guardian.objects.update_or_create(case=case, defaults=values)
    base.record(action="guardian_recorded", user=user, case=case)
    return guardian


# --- incident -------------------------------------------------------------------------

@transaction.atomic
def record_incident(*, user, case: SurvivorCase, occurred_at, district, kind: str,
                    relationship: str, perpetrator_count: int = 1,
                    perpetrator_particulars: str = "") -> Incident:
    """Record (or correct) the incident: when, where (district), type and relationship.
    The alleged perpetrator's particulars are kept encrypted for the FIR and never leave
    the cell. The incident time starts the clinical windows. Audited."""
    base.require(user, "crisis_cells.update_case", case)
    case = base.lock_case(case)
    base.writable(case)
    p = base.Problems()
    occurred_at = base.as_aware(occurred_at, "occurred_at", p)
    base.not_future(occurred_at, "occurred_at", p)
    if occurred_at and occurred_at > case.arrived_at + base.CLOCK_SKEW:
        p.add("occurred_at", _("The incident cannot be after the survivor arrived."))
    if isinstance(district, str):
        district = District.objects.filter(code=district).first() if district else None
    if not isinstance(district, District):
        p.add("district", _("Choose the district where it happened."))
    kind = base.choice(kind, IncidentType, "kind", p)
    relationship = base.choice(relationship, Relationship, "relationship", p)
    try:
        perpetrator_count = int(perpetrator_count)
    except (TypeError, ValueError):
        perpetrator_count = 0
    if not 1 <= perpetrator_count <= 50:
        p.add("perpetrator_count", _("Give a number from 1 to 50."))
    particulars = base.text(perpetrator_particulars, "perpetrator_particulars", p,
                            max_length=2000)
    p.raise_if_any()
    incident, created = Incident.objects.update_or_create(case=case, defaults={
        "occurred_at": occurred_at, "district": district, "kind": kind,
        "relationship": relationship, "perpetrator_count": perpetrator_count,
        "perpetrator_particulars": particulars, "recorded_by": user,
    })
    case.incident_at = occurred_at
    case.save(update_fields=["incident_at", "updated_at"])
    base.record(action="incident_recorded" if created else "incident_corrected", user=user,
                case=case, details={"kind": kind, "district": district.code})
    return incident


# --- consent --------------------------------------------------------------------------

@transaction.atomic
def record_consent(*, user, case: SurvivorCase, use: str, is_given: bool, given_by: str,
                   decided_at=None, note: str = "") -> Consent:
    """Record the survivor's (or, for a child, the guardian's) decision on one use. A new
    decision supersedes the current one. Audited."""
    base.require(user, "crisis_cells.record_consent", case)
    case = base.lock_case(case)
    base.writable(case)
    p = base.Problems()
    use = base.choice(use, ConsentUse, "use", p)
    given_by = base.choice(given_by, ConsentGiver, "given_by", p)
    decided_at = base.as_aware(decided_at or base.now(), "decided_at", p)
    base.not_future(decided_at, "decided_at", p)
    note = base.text(note, "note", p, max_length=300)
    if given_by == ConsentGiver.GUARDIAN and not Guardian.objects.filter(case=case).exists():
        p.add("given_by", _("Record the guardian before recording their consent."))
    if case.is_child and given_by == ConsentGiver.SURVIVOR:
        p.add("given_by", _("For a child, the guardian gives consent."))
    p.raise_if_any()
    now = base.now()
    Consent.objects.filter(case=case, use=use, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=user)
    consent = Consent.objects.create(case=case, use=use, is_given=bool(is_given),
                                     given_by=given_by, decided_at=decided_at,
                                     recorded_by=user, note=note)
    base.record(action="consent_recorded", user=user, case=case, object_id=case.pk,
                details={"use": use, "is_given": bool(is_given), "given_by": given_by})
    return consent


@transaction.atomic
def withdraw_consent(*, user, case: SurvivorCase, use: str, note: str = "") -> Consent:
    """Withdraw a current consent. From now on every service that needs it refuses
    (``ConsentRequired``); what was already shared stays recorded. Audited."""
    base.require(user, "crisis_cells.record_consent", case)
    case = base.lock_case(case)
    base.writable(case)
    consent = Consent.objects.select_for_update().filter(
        case=case, use=use, withdrawn_at__isnull=True, is_given=True).first()
    if consent is None:
        raise errors.ConsentNotGiven(fields={"use": errors.ConsentNotGiven.message})
    consent.withdrawn_at, consent.withdrawn_by = base.now(), user
    if note:
        consent.note = note.strip()[:300]
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "note"])
    base.record(action="consent_withdrawn", user=user, case=case, details={"use": use})
    return consent


# The rest of the app's services, by sub-concept (one import path for callers).
from hifazat.crisis_cells.services_cyber import (  # noqa: E402
    add_cyber_evidence,
    attach_cyber_evidence,
    record_cyber_harassment,
    record_cyber_report,
    refer_cyber_report,
    update_cyber_status,
    verify_cyber_evidence,
)
from hifazat.crisis_cells.services_evidence import (  # noqa: E402
    collect_evidence,
    record_custody,
    record_lab_result,
    verify_custody,
)
from hifazat.crisis_cells.services_fir import (  # noqa: E402
    record_fir,
    refer_for_fir,
    share_with_prosecution,
)
from hifazat.crisis_cells.services_manage import (  # noqa: E402
    accept_transfer,
    approve_closure,
    assign_case,
    decline_transfer,
    request_closure,
    request_transfer,
    return_closure,
)
from hifazat.crisis_cells.services_medical import (  # noqa: E402
    record_medical_care,
    record_medico_legal_exam,
)
from hifazat.crisis_cells.services_support import (  # noqa: E402
    complete_follow_up,
    plan_follow_up,
    record_counselling,
    record_counselling_session,
    record_legal_guidance,
    record_mediation,
    record_mediation_session,
    record_protection_order,
    refer_to_shelter,
    remind_overdue_follow_ups,
    schedule_follow_up,
    update_protection_order,
    update_shelter_referral,
)

__all__ = [
    "accept_transfer",
    "add_cyber_evidence",
    "approve_closure",
    "assign_case",
    "attach_cyber_evidence",
    "cell_code",
    "collect_evidence",
    "complete_follow_up",
    "decline_transfer",
    "open_case",
    "plan_follow_up",
    "record_consent",
    "record_counselling",
    "record_counselling_session",
    "record_custody",
    "record_cyber_harassment",
    "record_cyber_report",
    "record_fir",
    "record_guardian",
    "record_incident",
    "record_lab_result",
    "record_legal_guidance",
    "record_mediation",
    "record_mediation_session",
    "record_medical_care",
    "record_medico_legal_exam",
    "record_protection_order",
    "refer_cyber_report",
    "refer_for_fir",
    "refer_to_shelter",
    "remind_overdue_follow_ups",
    "request_closure",
    "request_transfer",
    "return_closure",
    "schedule_follow_up",
    "share_with_prosecution",
    "update_cyber_status",
    "update_identity",
    "update_protection_order",
    "update_shelter_referral",
    "verify_custody",
    "verify_cyber_evidence",
    "withdraw_consent",
]
