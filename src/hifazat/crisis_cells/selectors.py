"""Every list and dashboard read of crisis-cell data that views and other apps need.

* One row by its key (a case, a transfer, a referral...) is fetched and checked by
  ``crisis_cells.access``; the lists here are scoped to the user's own cell.
* Nothing here returns identity except ``survivor_identity`` (with the guardian) and
  ``perpetrator_particulars`` (cell staff only; each call audited, purpose "care").
* The dashboard selectors filter on indexed columns (cell, status, dates) so a cell's
  dashboard stays fast with hundreds of thousands of cases in the table.
* ``oversight_case_counts`` is the only oversight-facing read: aggregates with
  small-cell suppression, no codes, no identity.
* ``find_returning`` finds a returning survivor's earlier cases by the keyed blind
  index of her (or her guardian's) CNIC or phone, decrypting nothing; audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.accounts import selectors as accounts
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import blind_index, clock, permissions, validation
from hifazat.crisis_cells import deadlines, errors
from hifazat.crisis_cells.models import (
    CaseActivity,
    CaseTransfer,
    ChainOfCustodyEntry,
    ClosureRequest,
    Consent,
    ConsentUse,
    DutyShift,
    EvidenceItem,
    FollowUp,
    Guardian,
    Incident,
    MedicoLegalExam,
    SurvivorCase,
    SurvivorIdentity,
)
from hifazat.justice import selectors as justice

SMALL_CELL_LIMIT = 5  # DESIGN: oversight counts 1–4 are shown as "<5"


# --- cases ---------------------------------------------------------------------------

def cases_for(user):
    """All cases the user may see (their own cell's), without identity."""
    return permissions.scoped(user, "crisis_cells.view_case", SurvivorCase.objects.all())


FULL_CODE_RE = re.compile(r"^(ARCC|VAWC)-[A-Z0-9]+-\d{4}-\d{6,}$")


def case_list(user, *, status: str | None = None, assigned_to=None, query: str = ""):
    """The cell's case list, newest arrival first (index cell, status, -arrived_at).

    A whole code, as the police or the survivor quote it, is one unique-index lookup,
    closed cases included. A fragment scans the narrow unique index of codes for the
    ids (a covering-index scan), not every row of the cell (5x faster at 200k cases),
    among the cases not closed unless ``status`` says otherwise."""
    code = (query or "").strip().upper()[:40]
    qs = cases_for(user)
    if FULL_CODE_RE.match(code):
        qs = qs.filter(code=code)
        if status:
            qs = qs.filter(status=status)
    else:
        qs = qs.filter(status=status) if status else _open(qs)
        if code:
            qs = qs.filter(pk__in=SurvivorCase.objects.filter(
                code__icontains=code).values("pk"))
    if assigned_to is not None:
        qs = qs.filter(assigned_to=assigned_to)
    return qs.select_related("assigned_to").order_by("-arrived_at")


def survivor_identity(*, user, case: SurvivorCase, purpose: str = Purpose.CARE,
                      reason: str = "") -> dict:
    """The decrypted identity (and guardian, if any) for that cell's staff only. Every
    call writes an audit event (purpose "care") naming the case code, not the person."""
    permissions.require(user, "crisis_cells.view_identity", case, hide=True)
    identity = SurvivorIdentity.objects.filter(case=case).first()
    guardian = Guardian.objects.filter(case=case).first()
    audit.record(action="crisis_cells.identity_viewed", actor=user,
                 object_type="crisis_cells.case", object_id=case.pk, purpose=purpose,
                 reason=reason, case_reference=case.code)
    out = {k: getattr(identity, k, "") for k in
           ("name", "father_or_husband_name", "cnic", "phone", "address")}
    out["guardian"] = None if guardian is None else {
        "name": guardian.name, "cnic": guardian.cnic, "phone": guardian.phone,
        "relationship": guardian.relationship}
    return out


def perpetrator_particulars(*, user, case: SurvivorCase) -> str:
    """The alleged perpetrator's particulars, for the FIR: cell staff only, audited."""
    permissions.require(user, "crisis_cells.view_identity", case, hide=True)
    incident = getattr(case, "incident", None)
    audit.record(action="crisis_cells.perpetrator_viewed", actor=user,
                 object_type="crisis_cells.case", object_id=case.pk, purpose=Purpose.CARE,
                 case_reference=case.code)
    return incident.perpetrator_particulars if incident else ""


# --- returning survivors --------------------------------------------------------------

FIND_RETURNING = "crisis_cells.find_returning"
RETURNING_SHOWN = 50  # earlier cases listed at most (newest first)


@dataclass(frozen=True)
class ReturningMatch:
    """One earlier case of the person searched for. ``case`` is set only at the user's
    own cell (its page is access-checked again when opened); at another cell the match
    is "a previous case at <cell>, <month year>": her history there is hers, and that
    cell's to share, so no code, status or identity crosses over."""

    cell_name: str
    arrived_at: datetime
    # "cnic", "phone" (the survivor's), "guardian_cnic", "guardian_phone"
    matched_on: tuple[str, ...]
    case: SurvivorCase | None = None

    @property
    def is_here(self) -> bool:
        return self.case is not None


def record_returning_refusal(user, action: str = FIND_RETURNING, *,
                             reason: str = "not_allowed") -> None:
    """Audit a refused "has she been here before?" search (``<action>_refused``, the
    reason only: never what was typed). Committed even when the caller then raises."""
    with transaction.atomic():
        audit.record(action=f"{action}_refused", actor=user, object_type="crisis_cells.case",
                     reason=reason, details={"reason": reason})


def _within_search_limit(user) -> bool:
    """Count this search against CELL_RETURNING_SEARCHES_PER_HOUR (per user, per clock
    hour, in Django's cache: per process unless CACHES names a shared one)."""
    key = f"crisis_cells:returning:{user.pk}:{clock.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        count = 1
    return count <= int(settings.CELL_RETURNING_SEARCHES_PER_HOUR)


def find_returning(user, *, cnic: str = "", phone: str = "") -> list[ReturningMatch]:
    """"Has she been here before?": the earlier cases, at every cell, of the survivor
    whose CNIC or phone is given (or of a child whose guardian's is), newest first, at
    most ``RETURNING_SHOWN``. Matched on the keyed blind indexes under every configured
    key (``core.blind_index.lookup_values``, so nothing is missed during a rotation);
    nothing is decrypted and nothing returned carries identity.

    Cell staff only (``crisis_cells.find_returning``): anyone else, and a search past
    CELL_RETURNING_SEARCHES_PER_HOUR, is refused and the refusal audited. A CNIC or
    phone that is not one raises ``InvalidInput`` naming the field. Every search is
    audited (``crisis_cells.returning_searched``: what was searched by, the number of
    matches here and elsewhere and the codes matched, never the CNIC or phone)."""
    if not permissions.can(user, FIND_RETURNING):
        record_returning_refusal(user)
        raise PermissionDenied
    p = validation.Problems()
    given = {
        "cnic": p.check("cnic", validation.cnic, cnic, default=""),
        "phone": p.check("phone", validation.phone_e164, phone, default=""),
    }
    if not p.fields and not any(given.values()):
        p.add("cnic", _("Give her CNIC or phone number (or both)."))
    p.raise_if_any(errors.InvalidInput)
    if not _within_search_limit(user):
        record_returning_refusal(user, reason="too_many_searches")
        raise errors.TooManySearches
    wanted = {kind: set(blind_index.lookup_values(kind, value))
              for kind, value in given.items() if value}
    matched: dict[int, set[str]] = {}
    for model, prefix in ((SurvivorIdentity, ""), (Guardian, "guardian_")):
        where = Q()
        for kind, digests in wanted.items():
            where |= Q(**{f"{kind}_bidx__in": digests})
        rows = model.objects.filter(where).values_list("case_id", "cnic_bidx", "phone_bidx")
        for case_id, cnic_bidx, phone_bidx in rows:
            on = matched.setdefault(case_id, set())
            on.update(prefix + kind for kind, value in (("cnic", cnic_bidx),
                                                        ("phone", phone_bidx))
                      if value in wanted.get(kind, ()))
    cases = list(SurvivorCase.objects.filter(pk__in=matched).select_related("cell")
                 .order_by("-arrived_at", "-pk")[:RETURNING_SHOWN])
    out = [ReturningMatch(cell_name=case.cell.name, arrived_at=case.arrived_at,
                          matched_on=tuple(sorted(matched[case.pk])),
                          case=case if case.cell_id == user.agency_id else None)
           for case in cases]
    here = [m.case.code for m in out if m.is_here]
    audit.record(action="crisis_cells.returning_searched", actor=user,
                 object_type="crisis_cells.case", purpose=Purpose.CARE, details={
                     "by": sorted(wanted), "matches": len(matched), "here": len(here),
                     "elsewhere": len(out) - len(here),
                     "cases": sorted(c.code for c in cases)})
    return out


# --- consent --------------------------------------------------------------------------

def has_consent(case: SurvivorCase, use: str) -> bool:
    """True when the current decision for ``use`` is a consent (checked at time of use)."""
    return case.consents.filter(use=use, withdrawn_at__isnull=True, is_given=True).exists()


def current_consents(case: SurvivorCase) -> dict[str, Consent | None]:
    """For every use, the current decision (or None if never asked)."""
    rows = {c.use: c for c in case.consents.filter(withdrawn_at__isnull=True)}
    return {use: rows.get(use) for use in ConsentUse.values}


def consent_history(case: SurvivorCase):
    return case.consents.select_related("recorded_by", "withdrawn_by").order_by(
        "decided_at", "pk")


# --- clinical windows -----------------------------------------------------------------

@dataclass(frozen=True)
class ClinicalWindow:
    code: str            # "pep" | "emergency_contraception"
    hours: int           # the window's length from the incident
    closes_at: datetime | None
    given_at: datetime | None
    time_left: timedelta | None  # None when the incident time is unknown
    is_passed: bool

    @property
    def is_running(self) -> bool:
        return self.given_at is None and self.closes_at is not None and not self.is_passed


def window_hours() -> dict[str, int]:
    """Each clinical window's length in hours, as declared in ``deadlines``."""
    return {"pep": deadlines.PEP.value(),
            "emergency_contraception": deadlines.EMERGENCY_CONTRACEPTION.value()}


def clinical_windows(case: SurvivorCase, now: datetime | None = None) -> list[ClinicalWindow]:
    """PEP (72 h) and emergency contraception (120 h) from the incident: when each closes,
    the time left (negative once passed) and whether care was given."""
    now = now or clock.now()
    out = []
    given = {"pep": case.pep_given_at, "emergency_contraception": case.ec_given_at}
    for code, hours in window_hours().items():
        closes = case.incident_at + timedelta(hours=hours) if case.incident_at else None
        left = (closes - now) if closes else None
        out.append(ClinicalWindow(code=code, hours=hours, closes_at=closes,
                                  given_at=given[code], time_left=left,
                                  is_passed=bool(closes and now > closes)))
    return out


# --- dashboard ------------------------------------------------------------------------

def _open(qs):
    return qs.exclude(status=SurvivorCase.Status.CLOSED)


def _cell_id(user):
    """The user's cell when they may see its dashboard, else None."""
    if not permissions.can(user, "crisis_cells.view_dashboard"):
        return None
    return user.agency_id


def running_clinical_windows(user, now: datetime | None = None):
    """Open cases whose PEP or emergency-contraception window is still open and not yet
    given, soonest to close first (index cell, incident_at)."""
    now = now or clock.now()
    pep_from = now - deadlines.PEP.delta()
    ec_from = now - deadlines.EMERGENCY_CONTRACEPTION.delta()
    # The outer bound lets the (cell, incident_at) index do a range scan.
    return _open(cases_for(user)).filter(incident_at__gt=min(pep_from, ec_from)).filter(
        Q(incident_at__gt=pep_from, pep_given_at__isnull=True)
        | Q(incident_at__gt=ec_from, ec_given_at__isnull=True)
    ).order_by("incident_at")


def _follow_ups(user):
    cell_id = _cell_id(user)
    if cell_id is None:
        return FollowUp.objects.none()
    # Index (cell, done_at, due_on); the case join only drops closed cases.
    return FollowUp.objects.filter(cell_id=cell_id, done_at__isnull=True).exclude(
        case__status=SurvivorCase.Status.CLOSED).select_related("case", "assigned_to")


def follow_ups_due_today(user, today=None):
    today = today or timezone.localdate()
    return _follow_ups(user).filter(due_on=today).order_by("due_on", "pk")


def overdue_follow_ups(user, today=None):
    today = today or timezone.localdate()
    return _follow_ups(user).filter(due_on__lt=today).order_by("due_on", "pk")


def overdue_follow_ups_of_case(case: SurvivorCase, today=None):
    """The case's follow-ups not done by their due date, oldest first (the case page
    shows them at the top)."""
    today = today or timezone.localdate()
    return case.follow_ups.filter(done_at__isnull=True, due_on__lt=today).select_related(
        "assigned_to").order_by("due_on", "pk")


def evidence_awaiting_dispatch(user):
    """Items collected or sealed or handed over but not yet sent to the laboratory
    (index cell, status, collected_at)."""
    cell_id = _cell_id(user)
    if cell_id is None:
        return EvidenceItem.objects.none()
    return EvidenceItem.objects.filter(
        cell_id=cell_id,
        status__in=[EvidenceItem.Status.COLLECTED, EvidenceItem.Status.SEALED,
                    EvidenceItem.Status.HANDED_OVER],
    ).select_related("case").order_by("collected_at", "pk")


def transfers_awaiting_me(user):
    """Transfers into the user's cell awaiting the in-charge (codes only)."""
    if not permissions.can(user, "crisis_cells.decide_transfer"):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(to_cell_id=user.agency_id,
                                       state=CaseTransfer.State.PENDING).select_related(
        "case", "from_cell")


def closures_awaiting_approval(user):
    if not permissions.can(user, "crisis_cells.approve_closure"):
        return ClosureRequest.objects.none()
    return ClosureRequest.objects.filter(case__in=cases_for(user),
                                         state=ClosureRequest.State.PENDING).select_related(
        "case", "requested_by")


def dashboard(user, *, now: datetime | None = None, limit: int = 10) -> dict:
    """What the cell's dashboard shows: counts and the first rows of each list."""
    permissions.require(user, "crisis_cells.view_dashboard")
    now = now or clock.now()
    today = timezone.localdate(now)
    open_cases = _open(cases_for(user))
    sections = {
        "open_cases": open_cases.order_by("-arrived_at"),
        "clinical_windows": running_clinical_windows(user, now),
        "due_today": follow_ups_due_today(user, today),
        "overdue_follow_ups": overdue_follow_ups(user, today),
        "evidence_awaiting_dispatch": evidence_awaiting_dispatch(user),
        "transfers_awaiting": transfers_awaiting_me(user),
        "closures_awaiting": closures_awaiting_approval(user),
    }
    return {name: {"count": qs.count(), "rows": list(qs[:limit])}
            for name, qs in sections.items()}


# --- duty roster ----------------------------------------------------------------------

SHIFTS = list(DutyShift.Shift)


@dataclass(frozen=True)
class RosterSlot:
    date: date
    shift: str
    label: str
    on_call: list           # DutyShift rows, by role then name
    lacks_trained_wmlo: bool


def week_of(day: date) -> date:
    """The Monday of ``day``'s week (the roster's weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def _wmlo_candidates(rows) -> list[DutyShift]:
    return [r for r in rows if r.role == DutyShift.OnCall.WMLO and r.user.sex == "F"]


def _wmlo_gaps(cell, rows, since: date, until: date, spans: dict | None = None
               ) -> set[tuple[date, str]]:
    """(date, shift) of every shift from ``since`` to ``until`` with no woman
    medico-legal officer on call who holds a WMLO certification in date that day
    (``spans``: ``accounts.trained_days`` of the candidates, when already read)."""
    candidates = _wmlo_candidates(rows)
    if spans is None:
        spans = accounts.trained_days(user_ids={r.user_id for r in candidates},
                                      course=accounts.Course.WMLO, since=since, until=until)
    covered = {(r.date, r.shift) for r in candidates
               if any(start <= r.date and (end is None or r.date < end)
                      for start, end in spans.get(r.user_id, []))}
    days = (since + timedelta(days=n) for n in range((until - since).days + 1))
    return {(d, s.value) for d in days for s in SHIFTS} - covered


def _duty_rows(cell, since: date, until: date) -> list[DutyShift]:
    return list(DutyShift.objects.filter(cell_id=getattr(cell, "pk", cell),
                                         date__range=(since, until))
                .select_related("user").order_by("date", "role", "user__display_name"))


def shifts_without_trained_wmlo(cell, since: date, until: date) -> list[tuple[date, str]]:
    """Every (date, shift) of ``cell`` from ``since`` to ``until`` (inclusive) with no
    woman medico-legal officer on call — role ``wmlo``, recorded sex female — who holds
    a WMLO certification in date on that day (``accounts.selectors``); an empty shift
    counts. In date order. Two queries whatever the range."""
    if until < since:
        return []
    gaps = _wmlo_gaps(cell, _duty_rows(cell, since, until), since, until)
    order = {s.value: n for n, s in enumerate(SHIFTS)}
    return sorted(gaps, key=lambda g: (g[0], order[g[1]]))


def roster(cell, week_start: date) -> list[tuple[date, list[RosterSlot]]]:
    """The week of ``cell``'s roster from the Monday of ``week_start``: for each day,
    each shift (morning, evening, night) with who is on call and whether it lacks a
    trained woman medico-legal officer."""
    since = week_of(week_start)
    until = since + timedelta(days=6)
    rows = _duty_rows(cell, since, until)
    gaps = _wmlo_gaps(cell, rows, since, until)
    by_slot: dict[tuple, list] = {}
    for row in rows:
        by_slot.setdefault((row.date, row.shift), []).append(row)
    week = []
    for n in range(7):
        day = since + timedelta(days=n)
        week.append((day, [RosterSlot(day, s.value, s.label, by_slot.get((day, s.value), []),
                                      (day, s.value) in gaps) for s in SHIFTS]))
    return week


# --- timeline -------------------------------------------------------------------------

def timeline(user, case: SurvivorCase):
    """Everything done on the case, oldest first (codes and counts only)."""
    permissions.require(user, "crisis_cells.view_case", case, hide=True)
    return CaseActivity.objects.filter(case=case).select_related("actor").order_by("at", "pk")


# --- medico-legal report --------------------------------------------------------------

def medico_legal_report(*, user, exam: MedicoLegalExam, include_identity: bool = False) -> dict:
    """Everything the bilingual medico-legal report needs. Identity only when asked for
    (and then audited through ``survivor_identity``); never the perpetrator."""
    case = exam.case
    permissions.require(user, "crisis_cells.view_case", case, hide=True)
    incident = getattr(case, "incident", None)
    cell = case.cell
    facility = cell.facility
    return {
        "case_code": case.code,
        "cell": {"code": cell.code, "name_en": cell.name_en, "name_ur": cell.name_ur},
        "facility": None if facility is None else {
            "code": facility.code, "name_en": facility.name_en, "name_ur": facility.name_ur,
            "district_en": facility.district.name_en, "district_ur": facility.district.name_ur},
        "survivor": {"age": case.age, "sex": case.sex, "is_child": case.is_child,
                     "has_disability": case.has_disability, "arrived_at": case.arrived_at,
                     "arrival_route": case.arrival_route},
        "identity": survivor_identity(user=user, case=case) if include_identity else None,
        "incident": None if incident is None else {
            "occurred_at": incident.occurred_at, "kind": incident.kind,
            "district_en": incident.district.name_en, "district_ur": incident.district.name_ur},
        "exam": {
            "examined_at": exam.examined_at,
            "examiner": exam.examiner.display_name or exam.examiner.get_username(),
            "chaperone_name": exam.chaperone_name, "chaperone_role": exam.chaperone_role,
            "general_findings": exam.general_findings,
            "injuries_findings": exam.injuries_findings, "opinion": exam.opinion,
        },
        "samples": [{"label_code": s.label_code, "kind": s.kind, "description": s.description,
                     "collected_at": s.collected_at, "status": s.status}
                    for s in exam.samples.order_by("pk")],
        "consents": {use: (c.is_given if c else None)
                     for use, c in current_consents(case).items()},
        "windows": clinical_windows(case),
    }


# --- evidence -------------------------------------------------------------------------

def custody_chain(item: EvidenceItem):
    return ChainOfCustodyEntry.objects.filter(item=item).select_related("by").order_by("seq")


def evidence_for_case(user, case: SurvivorCase):
    permissions.require(user, "crisis_cells.view_case", case, hide=True)
    return EvidenceItem.objects.filter(case=case).order_by("collected_at", "pk")


# --- what the justice case's prosecutor and investigating officer read ----------------
# Called only after access.access_shared_records (the justice role, the survivor's
# consent, the audited read). Never the identity, the perpetrator or the counselling.

#: Evidence the investigating officer follows: forensic samples and objects. Photographs
#: and digital evidence stay with the cell (and the prosecutor's list).
FORENSIC_KINDS = (EvidenceItem.Kind.SWAB, EvidenceItem.Kind.CLOTHING,
                  EvidenceItem.Kind.BLOOD, EvidenceItem.Kind.URINE, EvidenceItem.Kind.OTHER)


def records_for_prosecution(case: SurvivorCase) -> dict:
    """The medico-legal examinations (findings and opinion) and the evidence list."""
    return {
        "exams": list(case.medico_legal_exams.select_related("examiner")
                      .order_by("examined_at", "pk")),
        "evidence": list(EvidenceItem.objects.filter(case=case)
                         .order_by("collected_at", "pk")),
    }


def records_for_investigation(case: SurvivorCase) -> list[tuple]:
    """The forensic evidence items, each with its chain of custody, in collection order."""
    items = list(EvidenceItem.objects.filter(case=case, kind__in=FORENSIC_KINDS)
                 .order_by("collected_at", "pk"))
    return [(item, list(custody_chain(item))) for item in items]


# --- police ---------------------------------------------------------------------------

def fir_referrals_overdue(user, now: datetime | None = None):
    """Referrals from the user's cell still without an FIR once the station's
    acknowledgement window (``deadlines.FIR_REFERRAL_ACK``) has passed, oldest first."""
    cell_id = _cell_id(user)
    if cell_id is None:
        return []
    now = now or clock.now()
    return justice.unanswered_referrals(
        cell_id=cell_id, older_than=now - deadlines.FIR_REFERRAL_ACK.delta())


def justice_stages(case: SurvivorCase) -> list:
    """The case's referrals and, once an FIR is registered, its stage with the date of
    each step — all a cell may know of the justice case."""
    return justice.for_survivor_case(case.pk)


# --- oversight ------------------------------------------------------------------------

def _suppress(n: int):
    return "<5" if 0 < n < SMALL_CELL_LIMIT else n


def oversight_case_counts(*, since=None, until=None, district=None, province=None,
                          consenting_only: bool = False) -> dict:
    """Aggregates for the Special Committee: cases by incident type and status, cases
    with an FIR and the median hours from arrival to FIR, and how many survivors
    consented to anonymous statistics. Statutory counts include EVERY case (Act 2021
    reporting; ``docs/oversight.md``); ``consenting_only`` restricts to cases with a
    current consent to anonymous statistics (research use). Counts 1–4 shown as "<5";
    no codes, no identity, no perpetrator data."""
    consenting = Consent.objects.filter(use=ConsentUse.ANONYMOUS_STATISTICS, is_given=True,
                                        withdrawn_at__isnull=True).values("case_id")
    qs = SurvivorCase.objects.all()
    if consenting_only:
        qs = qs.filter(pk__in=consenting)
    if since:
        qs = qs.filter(arrived_at__gte=since)
    if until:
        qs = qs.filter(arrived_at__lt=until)
    if district is not None:
        qs = qs.filter(cell__district=district)
    if province is not None:
        qs = qs.filter(cell__province=province)
    by_type = {row["incident__kind"] or "unknown": _suppress(row["n"]) for row in
               qs.values("incident__kind").annotate(n=Count("pk")).order_by()}
    by_status = {row["status"]: _suppress(row["n"]) for row in
                 qs.values("status").annotate(n=Count("pk")).order_by()}
    durations = sorted(qs.filter(arrival_to_fir__isnull=False).values_list(
        "arrival_to_fir", flat=True))
    median = None
    if len(durations) >= SMALL_CELL_LIMIT:
        median = round(durations[len(durations) // 2].total_seconds() / 3600, 1)
    return {"total": _suppress(qs.count()), "by_incident_type": by_type,
            "by_status": by_status, "with_fir": _suppress(len(durations)),
            "consenting_to_statistics": _suppress(qs.filter(pk__in=consenting).count()),
            "median_hours_arrival_to_fir": median}


# --- oversight aggregates -----------------------------------------------------------
# Read-only facts for the oversight app's aggregate tables (hifazat.oversight): one row
# per case with no code, no identity, no free text. Statutory counting: every case.


def _local_day_bounds(day):
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return start, start + timedelta(days=1)


def oversight_consent_mark() -> int:
    """The newest consent row's id: a consent's ``decided_at`` may be back-dated, so new
    consents are found by id (``oversight_changed_buckets(consent_after=...)``)."""
    return Consent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def oversight_changed_buckets(since, *, case_ids=(), consent_after: int | None = None
                              ) -> set[tuple]:
    """(arrival day, cell district id) of every case created or changed at or after
    ``since`` (the case row's ``updated_at``, its incident's ``recorded_at``, a consent
    withdrawn, a consent recorded after id ``consent_after``), plus the cases named in
    ``case_ids`` (e.g. a new FIR)."""
    # One simple query per table (each its own scan or index range), not one OR across
    # joins: the joined OR reads every case with every consent.
    ids = set(case_ids)
    ids |= set(SurvivorCase.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    ids |= set(Incident.objects.filter(recorded_at__gte=since).values_list("case_id", flat=True))
    consents = Q(decided_at__gte=since) | Q(withdrawn_at__gte=since)
    if consent_after is not None:
        consents |= Q(pk__gt=consent_after)
    ids |= set(Consent.objects.filter(consents).values_list("case_id", flat=True))
    ids = sorted(ids)
    buckets = set()
    for i in range(0, len(ids), 900):  # under SQLite's bound-parameter limit
        rows = (SurvivorCase.objects.filter(pk__in=ids[i:i + 900])
                .values_list("arrived_at", "cell__district_id"))
        buckets |= {(timezone.localtime(at).date(), district) for at, district in rows}
    return buckets


def oversight_all_buckets() -> set[tuple]:
    """Every (arrival day, cell district id) that has a case (the full rebuild)."""
    rows = SurvivorCase.objects.values_list("arrived_at", "cell__district_id").distinct()
    return {(timezone.localtime(at).date(), district) for at, district in rows}


def oversight_case_facts(*, day, district_id) -> list[dict]:
    """The facts of each case that arrived on ``day`` at a cell of the district: incident
    kind and time, child or adult, sex, PEP/EC times, arrival-to-FIR, whether a current
    consent to anonymous statistics exists. ``id`` is the internal key only (to count
    FIRs through justice); nothing here names a survivor."""
    start, end = _local_day_bounds(day)
    return list(_oversight_facts(SurvivorCase.objects.filter(
        arrived_at__gte=start, arrived_at__lt=end, cell__district_id=district_id)))


def oversight_case_ranges() -> list[tuple]:
    """(cell district id, first arrival day, last arrival day) of every district with a
    case: the chunks of a full rebuild (one grouped query)."""
    rows = (SurvivorCase.objects.values("cell__district_id")
            .annotate(first=Min("arrived_at"), last=Max("arrived_at")).order_by())
    return [(r["cell__district_id"], timezone.localtime(r["first"]).date(),
             timezone.localtime(r["last"]).date()) for r in rows]


def oversight_case_facts_between(*, district_id, first_day, last_day) -> Iterator[dict]:
    """The facts of ``oversight_case_facts`` for every case that arrived at a cell of the
    district from ``first_day`` to ``last_day`` (inclusive), each with its arrival
    ``day``: a full rebuild reads the history in such chunks instead of day by day."""
    start, _ = _local_day_bounds(first_day)
    _, end = _local_day_bounds(last_day)
    for row in _oversight_facts(SurvivorCase.objects.filter(
            arrived_at__gte=start, arrived_at__lt=end, cell__district_id=district_id)):
        row["day"] = timezone.localtime(row["arrived_at"]).date()
        yield row


def _oversight_facts(cases) -> Iterator[dict]:
    consenting = Consent.objects.filter(use=ConsentUse.ANONYMOUS_STATISTICS, is_given=True,
                                        withdrawn_at__isnull=True).values("case_id")
    qs = (cases.annotate(consents_stats=Exists(consenting.filter(case_id=OuterRef("pk"))))
          .values("id", "arrived_at", "is_child", "sex", "incident__kind",
                  "incident__occurred_at", "incident_at", "pep_given_at", "ec_given_at",
                  "arrival_to_fir", "consents_stats", "cell__province_id"))
    for row in qs.iterator(chunk_size=5000):
        row["incident_at"] = row["incident__occurred_at"] or row["incident_at"]
        yield row


# --- oversight stocktake --------------------------------------------------------------
# The Special Committee's crisis-cell stocktake (hifazat.oversight.stocktake): per cell,
# counts of shifts and the cell's place; per district, counts of cases. No person, no
# user id, no case code.

STOCKTAKE_KINDS = ("crisis_cell", "vawc_centre")  # accounts.roles.AgencyKind values


def oversight_stocktake_cells(*, since: date, until: date) -> list[dict]:
    """Every active crisis cell and VAWC centre: its district and province ids, the
    facility it works in (English and Urdu name; the cell's own name when it has no
    facility), whether it is declared open around the clock, and from ``since`` to
    ``until`` (inclusive) the number of shifts, of shifts with nobody on call, and of
    shifts without a trained woman medico-legal officer (``shifts_without_trained_wmlo``'s
    rule). Three queries whatever the number of cells."""
    cells = [c for c in accounts.agencies(kinds=STOCKTAKE_KINDS)
             if c.district_id or c.facility_id]
    days = max(0, (until - since).days + 1)
    rows = list(DutyShift.objects.filter(cell_id__in=[c.pk for c in cells],
                                         date__range=(since, until)).select_related("user"))
    spans = accounts.trained_days(user_ids={r.user_id for r in _wmlo_candidates(rows)},
                                  course=accounts.Course.WMLO, since=since, until=until)
    by_cell: dict[int, list] = {}
    for row in rows:
        by_cell.setdefault(row.cell_id, []).append(row)
    out = []
    for cell in cells:
        mine = by_cell.get(cell.pk, [])
        district = cell.district if cell.district_id else cell.facility.district
        place = cell.facility or cell
        out.append({
            "cell_id": cell.pk, "district_id": district.pk,
            "province_id": district.province_id,
            "facility_en": place.name_en, "facility_ur": place.name_ur,
            "around_the_clock": cell.works_around_the_clock,
            "shifts": days * len(SHIFTS),
            "shifts_unstaffed": days * len(SHIFTS) - len({(r.date, r.shift) for r in mine}),
            "shifts_without_wmlo": len(_wmlo_gaps(cell, mine, since, until, spans))
            if days else 0,
        })
    return out


def oversight_cases_by_district(*, since: date, until: date) -> dict[int, int]:
    """How many cases arrived from the local day ``since`` to ``until`` (inclusive) at a
    cell of each district: every case (statutory count, ``docs/oversight.md``)."""
    start, _end = _local_day_bounds(since)
    _start, end = _local_day_bounds(until)
    rows = (SurvivorCase.objects.filter(arrived_at__gte=start, arrived_at__lt=end)
            .values("cell__district_id").annotate(n=Count("pk")).order_by())
    return {row["cell__district_id"]: row["n"] for row in rows}
