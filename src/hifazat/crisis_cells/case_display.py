"""How the case page shows its parts: the clinical windows with the time left, consent
per use, and the timeline with a readable label per row (codes only, never
identity)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from hifazat.crisis_cells import selectors
from hifazat.crisis_cells.models import ConsentUse


@dataclass(frozen=True)
class WindowView:
    """A clinical window as a screen shows it: its name, state and the hours and
    minutes left (or since it closed)."""

    label: str
    hours: int
    state: str  # unknown | running | passed | given
    closes_at: object
    given_at: object
    h: int = 0
    m: int = 0
    short: str = ""
    is_urgent: bool = False  # running, and closes within URGENT_WITHIN


def _hm(delta: timedelta) -> tuple[int, int]:
    return divmod(max(int(delta.total_seconds() // 60), 0), 60)


WINDOW_LABELS = {"pep": _("Post-exposure prophylaxis (PEP)"),
                 "emergency_contraception": _("Emergency contraception")}
# The name in "Urgent: PEP — 1 h 59 min left".
WINDOW_SHORT = {"pep": _("PEP"), "emergency_contraception": _("Emergency contraception")}

# A window closing within six hours is urgent: the clinician must act this shift. Shown
# in its own colour *and* in words ("Urgent: …"), never by colour alone (WCAG 1.4.1).
URGENT_WITHIN = timedelta(hours=6)
_STATE_ORDER = {"running": 0, "unknown": 1, "passed": 2, "given": 3}


def clinical_windows(case, now=None) -> list[WindowView]:
    """PEP (72 h) and emergency contraception (120 h) from the incident, per the
    selector, with the labels and times the screens show; the running ones first (so
    an urgent window leads), then unknown, passed, given."""
    out = []
    for w in selectors.clinical_windows(case, now=now):
        if w.given_at is not None:
            state = "given"
        elif w.closes_at is None:
            state = "unknown"
        elif w.is_passed:
            state = "passed"
        else:
            state = "running"
        h, m = (0, 0)
        if state == "running":
            h, m = _hm(w.time_left)
        elif state == "passed":
            h, m = _hm(-w.time_left)
        out.append(WindowView(label=WINDOW_LABELS.get(w.code, w.code), hours=w.hours,
                              state=state, closes_at=w.closes_at, given_at=w.given_at,
                              h=h, m=m, short=WINDOW_SHORT.get(w.code, w.code),
                              is_urgent=state == "running" and w.time_left < URGENT_WITHIN))
    # Stable: within a state, the shorter window (PEP) stays first.
    out.sort(key=lambda v: _STATE_ORDER[v.state])
    return out


def consent_rows(case) -> list[dict]:
    """One row per use, in the Act's order, with the current decision (or None)."""
    current = selectors.current_consents(case)
    return [{"use": use, "label": ConsentUse(use).label, "consent": current.get(use)}
            for use in ConsentUse.values]


# What each timeline row says (CaseActivity.kind, written by the services).
TIMELINE_LABELS = {
    "case_opened": _("Case opened"),
    "identity_updated": _("Identity updated"),
    "guardian_recorded": _("Guardian recorded"),
    "incident_recorded": _("Incident recorded"),
    "incident_corrected": _("Incident corrected"),
    "consent_recorded": _("Consent decision recorded"),
    "consent_withdrawn": _("Consent withdrawn"),
    "medical_care_recorded": _("Medical care recorded"),
    "medico_legal_exam_recorded": _("Medico-legal examination recorded"),
    "lab_result_recorded": _("Laboratory result received"),
    "evidence_collected": _("Evidence collected"),
    "custody_recorded": _("Evidence handed on"),
    "counselling_recorded": _("Counselling session"),
    "legal_guidance_recorded": _("Legal guidance"),
    "shelter_referred": _("Shelter referral"),
    "follow_up_scheduled": _("Follow-up planned"),
    "follow_up_done": _("Follow-up done"),
    "mediation_recorded": _("Mediation session"),
    "protection_order_recorded": _("Protection order recorded"),
    "cyber_report_recorded": _("Cyber harassment recorded"),
    "cyber_evidence_attached": _("Cyber evidence file stored"),
    "fir_referred": _("Referred to police for an FIR"),
    "fir_recorded": _("FIR registered by the police station"),
    "justice_stage": _("The court case moved on"),
    "justice_hearing": _("A court hearing was listed"),
    "justice_verdict": _("The court decided"),
    "justice_offender": _("News of the convicted offender"),
    "cyber_report_referred": _("Cyber harassment referred"),
    "cyber_status_updated": _("Cyber harassment status updated"),
    "protection_order_updated": _("Protection order updated"),
    "shelter_referral_updated": _("Shelter referral updated"),
    "shared_with_prosecution": _("Records shared with prosecution"),
    "case_assigned": _("Case assigned"),
    "transfer_requested": _("Transfer requested"),
    "transfer_accepted": _("Transfer accepted"),
    "transfer_declined": _("Transfer declined"),
    "closure_requested": _("Closure requested"),
    "closure_returned": _("Closure returned to the team"),
    "case_closed": _("Case closed"),
}


def timeline_rows(user, case) -> list[dict]:
    """The case timeline with a readable label per row (codes only, never identity)."""
    rows = []
    for a in selectors.timeline(user, case):
        label = TIMELINE_LABELS.get(a.kind)
        if label is None:
            label = a.kind.replace("_", " ").capitalize()
        rows.append({"at": a.at, "label": label, "actor": a.actor,
                     "detail": _timeline_detail(a.details or {})})
    return rows


def _timeline_detail(details: dict) -> str:
    """The one code worth showing from a timeline row (a use, a step, a label)."""
    from hifazat.crisis_cells.models import CaseOutcome, CustodyStep, IncidentType

    for key, choices in (("use", ConsentUse), ("step", CustodyStep),
                         ("outcome", CaseOutcome)):
        value = details.get(key)
        if value in choices.values:
            label = str(choices(value).label)
            return f"{label} ({details['label']})" if "label" in details else label
    if details.get("kind") in IncidentType.values:
        return str(IncidentType(details["kind"]).label)
    return str(details.get("label", ""))
