"""Support around the case: counselling, legal guidance, shelter (Dar-ul-Aman),
follow-ups and their daily reminder, and — at Violence Against Women Centres —
mediation and protection orders. Shelter referrals and protection orders change status
only as their declared lifecycles allow (``lifecycles.SHELTER_REFERRAL``,
``PROTECTION_ORDER``). Cyber harassment is in ``services.cyber``."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.crisis_cells import errors, lifecycles
from hifazat.crisis_cells.models import (
    CounsellingSession,
    FollowUp,
    LegalGuidance,
    MediationSession,
    ProtectionOrder,
    ShelterReferral,
    SurvivorCase,
)
from hifazat.crisis_cells.services import cases


def _vawc_only(case: SurvivorCase) -> None:
    if not case.is_vawc:
        raise errors.NotVawcCentre


# --- counselling, legal guidance, shelter ----------------------------------------------

@transaction.atomic
def record_counselling_session(*, user, case: SurvivorCase, held_at=None,
                               duration_minutes: int = 0, notes: str = "",
                               next_session_on=None) -> CounsellingSession:
    """A psychosocial counselling session; ``next_session_on`` schedules a follow-up.
    Audited (notes are not)."""
    cases.require(user, "crisis_cells.record_counselling", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    held_at = p.check("held_at", validation.datetime, held_at or cases.now(),
                      required=True)
    p.check("held_at", validation.not_future, held_at)
    try:
        duration_minutes = int(duration_minutes)
    except (TypeError, ValueError):
        duration_minutes = 0
    if not 1 <= duration_minutes <= 600:
        p.add("duration_minutes", _("Give the length in minutes (1 to 600)."))
    notes = p.check("notes", validation.free_text, notes, max_length=10000, default="")
    next_on = p.check("next_session_on", validation.date, next_session_on)
    p.raise_if_any(errors.InvalidInput)
    session = CounsellingSession.objects.create(case=case, counsellor=user, held_at=held_at,
                                                duration_minutes=duration_minutes,
                                                notes=notes)
    if next_on:
        FollowUp.objects.create(case=case, cell_id=case.cell_id,
                                kind=FollowUp.Kind.COUNSELLING, due_on=next_on,
                                # No stored words: the kind's label, in the reader's
                                # language, says what it is.
                                description="",
                                assigned_to=user, created_by=user)
    cases.record(action="counselling_recorded", user=user, case=case,
                 object_type="crisis_cells.counselling", object_id=session.pk,
                 details={"minutes": duration_minutes, "next_session_on": str(next_on or "")})
    return session


@transaction.atomic
def record_legal_guidance(*, user, case: SurvivorCase, rights_explained: bool,
                          legal_aid_referred: bool = False, legal_aid_provider: str = "",
                          notes: str = "", given_at=None) -> LegalGuidance:
    """Legal guidance: rights explained, referral to legal aid (with the provider).
    Audited."""
    cases.require(user, "crisis_cells.record_legal", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    given_at = p.check("given_at", validation.datetime, given_at or cases.now(),
                       required=True)
    p.check("given_at", validation.not_future, given_at)
    provider = p.check("legal_aid_provider", validation.free_text, legal_aid_provider,
                       max_length=200, required=bool(legal_aid_referred), default="")
    notes = p.check("notes", validation.free_text, notes, max_length=10000, default="")
    p.raise_if_any(errors.InvalidInput)
    guidance = LegalGuidance.objects.create(
        case=case, adviser=user, given_at=given_at, rights_explained=bool(rights_explained),
        legal_aid_referred=bool(legal_aid_referred), legal_aid_provider=provider, notes=notes)
    cases.record(action="legal_guidance_recorded", user=user, case=case,
                 object_type="crisis_cells.legal", object_id=guidance.pk,
                 details={"rights_explained": bool(rights_explained),
                          "legal_aid_referred": bool(legal_aid_referred)})
    return guidance


@transaction.atomic
def refer_to_shelter(*, user, case: SurvivorCase, shelter: str,
                     referred_at=None) -> ShelterReferral:
    """Refer the survivor to a shelter (Dar-ul-Aman). Audited."""
    cases.require(user, "crisis_cells.update_case", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    shelter = p.check("shelter", validation.free_text, shelter, max_length=200,
                      required=True)
    referred_at = p.check("referred_at", validation.datetime, referred_at or cases.now(),
                          required=True)
    p.check("referred_at", validation.not_future, referred_at)
    p.raise_if_any(errors.InvalidInput)
    referral = ShelterReferral.objects.create(case=case, shelter=shelter,
                                              referred_at=referred_at, referred_by=user)
    cases.record(action="shelter_referred", user=user, case=case,
                 object_type="crisis_cells.shelter", object_id=referral.pk)
    return referral


@transaction.atomic
def update_shelter_referral(*, user, referral: ShelterReferral, status: str) -> ShelterReferral:
    """Admitted or declined, once (``IllegalTransition`` for any other change). Audited."""
    cases.require(user, "crisis_cells.update_case", referral.case)
    cases.writable(referral.case)
    p = validation.Problems()
    status = p.check("status", validation.choice, status, ShelterReferral.Status)
    p.raise_if_any(errors.InvalidInput)
    return cases.move(referral, lifecycle=lifecycles.SHELTER_REFERRAL, to=status,
                      action="shelter_referral_updated", user=user, case=referral.case,
                      object_type="crisis_cells.shelter", details={"status": status})


# --- follow-ups -----------------------------------------------------------------------

@transaction.atomic
def schedule_follow_up(*, user, case: SurvivorCase, kind: str, due_on, description: str,
                       assigned_to=None) -> FollowUp:
    """A follow-up due on a date (shown on the dashboard when due or overdue). Audited."""
    cases.require(user, "crisis_cells.record_follow_up", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    kind = p.check("kind", validation.choice, kind, FollowUp.Kind)
    due_on = p.check("due_on", validation.date, due_on, required=True)
    description = p.check("description", validation.free_text, description, max_length=300,
                          required=True)
    if assigned_to is not None and assigned_to.agency_id != case.cell_id:
        p.add("assigned_to", _("Choose a member of this cell's staff."))
    p.raise_if_any(errors.InvalidInput)
    follow_up = FollowUp.objects.create(case=case, cell_id=case.cell_id, kind=kind,
                                        due_on=due_on,
                                        description=description, assigned_to=assigned_to,
                                        created_by=user)
    cases.record(action="follow_up_scheduled", user=user, case=case,
                 object_type="crisis_cells.follow_up", object_id=follow_up.pk,
                 details={"kind": kind, "due_on": str(due_on)})
    return follow_up


@transaction.atomic
def complete_follow_up(*, user, follow_up: FollowUp, outcome_note: str = "") -> FollowUp:
    cases.require(user, "crisis_cells.record_follow_up", follow_up.case)
    follow_up = FollowUp.objects.select_for_update().select_related("case").get(
        pk=follow_up.pk)
    if follow_up.done_at is not None:
        raise errors.InvalidInput(fields={"follow_up": _("This follow-up is already done.")})
    p = validation.Problems()
    outcome_note = p.check("outcome_note", validation.free_text, outcome_note,
                           max_length=300, default="")
    p.raise_if_any(errors.InvalidInput)
    follow_up.done_at, follow_up.done_by, follow_up.outcome_note = (cases.now(), user,
                                                                   outcome_note)
    follow_up.save(update_fields=["done_at", "done_by", "outcome_note"])
    cases.record(action="follow_up_done", user=user, case=follow_up.case,
                 object_type="crisis_cells.follow_up", object_id=follow_up.pk)
    return follow_up


# --- VAWC: mediation and protection orders --------------------------------------------

@transaction.atomic
def record_mediation_session(*, user, case: SurvivorCase, parties_present: str,
                             outcome: str = "", held_at=None) -> MediationSession:
    """A mediation session (VAWC-type centres only, ``NotVawcCentre`` elsewhere). Not for
    rape or sexual-assault cases: those are criminal and are never mediated."""
    cases.require(user, "crisis_cells.record_mediation", case)
    case = cases.lock_case(case)
    cases.writable(case)
    _vawc_only(case)
    incident = getattr(case, "incident", None)
    if incident is not None and incident.kind in {"rape", "gang_rape", "sexual_assault",
                                                  "child_sexual_abuse"}:
        raise errors.InvalidInput(fields={"case": _(
            "Sexual offences are crimes and are not mediated; refer them to police.")})
    p = validation.Problems()
    held_at = p.check("held_at", validation.datetime, held_at or cases.now(),
                      required=True)
    p.check("held_at", validation.not_future, held_at)
    parties = p.check("parties_present", validation.free_text, parties_present,
                      max_length=300, required=True)
    outcome = p.check("outcome", validation.free_text, outcome, max_length=5000, default="")
    p.raise_if_any(errors.InvalidInput)
    session = MediationSession.objects.create(case=case, mediator=user, held_at=held_at,
                                              parties_present=parties, outcome=outcome)
    cases.record(action="mediation_recorded", user=user, case=case,
                 object_type="crisis_cells.mediation", object_id=session.pk)
    return session


def _clean_order(p, *, court, applied_on, status, granted_on, expires_on):
    court = p.check("court", validation.free_text, court, max_length=200, required=True)
    applied_on = p.check("applied_on", validation.date, applied_on, required=True)
    status = p.check("status", validation.choice, status, ProtectionOrder.Status)
    granted_on = p.check("granted_on", validation.date, granted_on,
                         required=status == ProtectionOrder.Status.GRANTED)
    expires_on = p.check("expires_on", validation.date, expires_on)
    if applied_on and granted_on and granted_on < applied_on:
        p.add("granted_on", _("An order cannot be granted before it was applied for."))
    if granted_on and expires_on and expires_on < granted_on:
        p.add("expires_on", _("An order cannot expire before it was granted."))
    return {"court": court, "applied_on": applied_on, "status": status,
            "granted_on": granted_on, "expires_on": expires_on}


@transaction.atomic
def record_protection_order(*, user, case: SurvivorCase, court: str, applied_on,
                            status: str = ProtectionOrder.Status.APPLIED, granted_on=None,
                            expires_on=None) -> ProtectionOrder:
    """A protection order applied for or granted (VAWC-type centres only). Audited."""
    cases.require(user, "crisis_cells.record_mediation", case)
    case = cases.lock_case(case)
    cases.writable(case)
    _vawc_only(case)
    p = validation.Problems()
    values = _clean_order(p, court=court, applied_on=applied_on, status=status,
                          granted_on=granted_on, expires_on=expires_on)
    p.raise_if_any(errors.InvalidInput)
    order = ProtectionOrder.objects.create(case=case, recorded_by=user, **values)
    cases.record(action="protection_order_recorded", user=user, case=case,
                 object_type="crisis_cells.protection_order", object_id=order.pk,
                 details={"status": values["status"]})
    return order


@transaction.atomic
def update_protection_order(*, user, order: ProtectionOrder, status: str, granted_on=None,
                            expires_on=None) -> ProtectionOrder:
    """A new status as the order's lifecycle allows (applied -> granted or refused,
    granted -> expired; ``IllegalTransition`` otherwise), with its dates; the same
    status only corrects the dates. Audited."""
    cases.require(user, "crisis_cells.record_mediation", order.case)
    cases.writable(order.case)
    p = validation.Problems()
    values = _clean_order(p, court=order.court, applied_on=order.applied_on, status=status,
                          granted_on=granted_on or order.granted_on,
                          expires_on=expires_on or order.expires_on)
    p.raise_if_any(errors.InvalidInput)
    dates = {"granted_on": values["granted_on"], "expires_on": values["expires_on"]}
    if values["status"] != order.status:
        return cases.move(order, lifecycle=lifecycles.PROTECTION_ORDER, to=values["status"],
                          action="protection_order_updated", user=user, case=order.case,
                          object_type="crisis_cells.protection_order",
                          details={"status": values["status"]}, extra=dates)
    for key, value in dates.items():
        setattr(order, key, value)
    order.save(update_fields=list(dates))
    cases.record(action="protection_order_updated", user=user, case=order.case,
                  object_type="crisis_cells.protection_order", object_id=order.pk,
                  details={"status": values["status"]})
    return order


# --- names the screens use ------------------------------------------------------------

record_counselling = record_counselling_session
plan_follow_up = schedule_follow_up
record_mediation = record_mediation_session


# --- reminders (periodic) -------------------------------------------------------------

FOLLOW_UP_REMINDER_KIND = "crisis_cells.follow_ups_overdue"
REMINDER_MAX_CODES = 20


def remind_overdue_follow_ups(*, today=None) -> int:
    """Once a day: each cell with overdue follow-ups on open cases gets one notice in its
    inbox listing how many and the case codes (at most 20) — codes only, never identity.
    Each cell's notice is its own transaction. Returns the number of notices sent."""
    from django.utils import timezone

    from hifazat.accounts import selectors as accounts
    from hifazat.notices import services as notices

    today = today or timezone.localdate()
    overdue = FollowUp.objects.filter(done_at__isnull=True, due_on__lt=today).exclude(
        case__status=SurvivorCase.Status.CLOSED)
    sent = 0
    for cell_id in overdue.values_list("cell_id", flat=True).distinct().order_by("cell_id"):
        cell = accounts.agency_by(pk=cell_id)
        if cell is None or not cell.is_active:
            continue
        codes = sorted(set(overdue.filter(cell_id=cell_id).values_list("case__code",
                                                                         flat=True)))
        shown = ", ".join(codes[:REMINDER_MAX_CODES])
        if len(codes) > REMINDER_MAX_CODES:
            shown += " …"
        with transaction.atomic():
            notices.send_notice(
                kind=FOLLOW_UP_REMINDER_KIND,
                params={"n": len(codes), "codes": shown},
                to_agencies=[cell], reference=str(today),
                object_type="crisis_cells.follow_ups", object_id=str(today))
        sent += 1
    return sent
