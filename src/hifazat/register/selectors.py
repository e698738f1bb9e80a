"""Purpose-bound reads of the register. No retrieval happens without its audit event,
written in the same transaction as the read; a refused retrieval is audited too."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from hifazat.audit import selectors as audit_log
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import formats, permissions, validation
from hifazat.core.validation import Problems
from hifazat.identity.selectors import FieldError, find_candidates, split_name_box
from hifazat.places import selectors as places
from hifazat.register import access, policy
from hifazat.register.errors import InvalidEntry
from hifazat.register.models import (
    Conviction,
    EntryProposal,
    Offender,
    OffenderName,
    OffenderRequest,
    PpcSection,
    RetrievalFlag,
)
from hifazat.register.services import IDENTITY_SOURCE, offender_id_of
from hifazat.register.validation import birth_date

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

log = logging.getLogger(__name__)
# A suspect matching a registered offender with at least this probability alerts the
# investigating officer and the district's prosecution (identity probabilities are
# calibrated: 0.8 means four in five such pairs are the same person).
SUSPECT_ALERT_PROBABILITY = 0.8
# Candidates below this probability are not worth a registrar's time as duplicates.
DUPLICATE_MIN_PROBABILITY = 0.01
QUERY_FIELDS = ("cnic", "given", "surname", "father", "dob", "district")

MAX_REFERENCE = 100


@dataclass(frozen=True)
class SearchHit:
    """Minimal fields: enough to choose whom to open (a second, audited action)."""

    offender_id: int
    register_number: str
    name: str
    father_name: str
    birth_year: int | None
    district: str
    probability: float
    explanation: str
    district_name: str = ""  # in the active language, for screens


def _with_primary_name(offenders):
    """Offenders with their primary name read in one query (``primary_names``)."""
    return offenders.select_related("district").prefetch_related(Prefetch(
        "names", queryset=OffenderName.objects.filter(is_primary=True),
        to_attr="primary_names"))


def _hit(offender: Offender, probability: float, explanation: str) -> SearchHit:
    names = getattr(offender, "primary_names", None)
    name = names[0] if names else (None if names is not None else offender.primary_name)
    return SearchHit(offender.pk, offender.register_number, str(name) if name else "",
                     offender.father_name, offender.dob.year if offender.dob else None,
                     offender.district.code, probability, explanation,
                     offender.district.name)


def flag_retrieval(user, event, *, purpose: str, reference: str,
                   offender: Offender | None = None) -> RetrievalFlag | None:
    """Flag a retrieval for the NPB supervisor's review queue (thresholds: settings)."""
    reasons = []
    if not re.search(r"\d", reference or ""):
        reasons.append(RetrievalFlag.Reason.NO_REFERENCE)
    since = timezone.now() - timedelta(minutes=settings.REGISTER_FLAG_WINDOW_MINUTES)
    # Counted up to one past the threshold: a busy account's window is not read whole.
    recent = audit_log.count_recent(actor_id=user.pk, actions=RETRIEVAL_ACTIONS, since=since,
                                    cap=settings.REGISTER_FLAG_SEARCHES + 1)
    if recent > settings.REGISTER_FLAG_SEARCHES:
        reasons.append(RetrievalFlag.Reason.MANY_SEARCHES)
    if offender is not None and policy.is_outside_area(user, purpose, offender):
        reasons.append(RetrievalFlag.Reason.OUT_OF_JURISDICTION)
    if _is_out_of_hours(user):
        reasons.append(RetrievalFlag.Reason.OUT_OF_HOURS)
    if not reasons:
        return None
    return RetrievalFlag.objects.create(
        audit_seq=event.seq, action=event.action, actor=user, purpose=purpose,
        case_reference=reference[:MAX_REFERENCE], reasons=[str(r) for r in reasons],
        risk=RetrievalFlag.risk_of(reasons), offender=offender)


def _is_out_of_hours(user) -> bool:
    """Outside office hours (settings.REGISTER_OFFICE_HOURS, Pakistan time) for a user
    whose agency keeps them; police stations, SSOIUs and crisis cells work around the
    clock (the agency's setting), so a night search there is not flagged for the hour."""
    agency = getattr(user, "agency", None)
    if agency is not None and agency.works_around_the_clock:
        return False
    start, end = settings.REGISTER_OFFICE_HOURS
    return not start <= timezone.localtime().hour < end


RETRIEVAL_ACTIONS = ("register.search", "register.view", "register.suspect_check",
                     "register.extract", "register.photo_viewed")


def _clean_query(query: dict) -> dict:
    """Only the searchable fields, bounded, through the validation kernel: a malformed
    CNIC, name or date is a field error."""
    problems = Problems()
    raw = {k: str(query.get(k) or "").strip()[:200] for k in QUERY_FIELDS}
    # "Imran s/o Ghulam Rasool" in the name box: the father's name, as identity reads it.
    box = split_name_box(raw["given"], raw["father"])
    raw["given"], raw["father"] = box.name, box.father
    out = dict(raw)
    out["cnic"] = problems.check("cnic", validation.cnic, raw["cnic"], default="")
    for key in ("given", "surname", "father"):
        out[key] = problems.check(key, validation.person_name, raw[key], default="")
    problems.check("dob", birth_date, raw["dob"], today=timezone.localdate())
    if not out["cnic"] and not out["given"]:
        problems.add("given", _("Give a CNIC, or at least a name."))
    elif not out["cnic"] and not (out["surname"] or out["father"] or out["dob"]):
        # A name alone matches thousands (Muhammad Ali): the identity engine needs a
        # second particular to block on.
        problems.add("father", _("Give the surname, the father's name or the year of "
                                 "birth as well."))
    problems.raise_if_any(InvalidEntry)
    return out


def search_offenders(*, user, purpose: str, reference: str, query: dict,
                     limit: int = 10) -> list[SearchHit]:
    """By CNIC (exact) or by name, father's name, date or year of birth and district
    through identity.find_candidates. Audited with the query and the ids returned; a
    refused search is audited as refused (committed even though the call raises). A
    retrieval that looks unusual is flagged for the supervisor. InvalidEntry names a
    malformed CNIC or date, or a query with neither CNIC nor name."""
    access.check_purpose(user=user, purpose=purpose, reference=reference,
                        action="register.search", query=query)
    query = _clean_query(query)
    with transaction.atomic():
        return _search(user, purpose, reference, query, limit)


def _search(user, purpose: str, reference: str, query: dict, limit: int,
            action: str = "register.search") -> list[SearchHit]:
    cnic = query.get("cnic", "")
    hits: list[SearchHit] = []
    withheld: set[int] = set()

    def in_reach(offender: Offender) -> bool:
        # The purpose's jurisdiction (policy.PURPOSE_RULES), as when opening a record:
        # an offender out of reach is not found.
        if policy.within_purpose(user, purpose, offender):
            return True
        withheld.add(offender.pk)
        return False

    if cnic:
        # Removed offenders are no longer on the register; they are not retrieved.
        found = Offender.objects.filter(cnic=cnic).exclude(status=Offender.Status.REMOVED)
        for offender in _with_primary_name(found)[:limit * 3]:
            if len(hits) < limit and in_reach(offender):
                hits.append(_hit(offender, 1.0, "CNIC: exact"))
    else:
        # An offender may be found by several names (aliases): keep the best hit each.
        candidates = find_candidates(query, limit=limit * 3, source=IDENTITY_SOURCE)
        by_id = {o.pk: o for o in _with_primary_name(Offender.objects.filter(
            pk__in=[offender_id_of(c.source_id) for c in candidates])
            .exclude(status=Offender.Status.REMOVED))}
        seen: set[int] = set()
        for c in candidates:
            oid = offender_id_of(c.source_id)
            if oid in by_id and oid not in seen and len(hits) < limit:
                seen.add(oid)
                if in_reach(by_id[oid]):
                    hits.append(_hit(by_id[oid], c.probability, c.summary))
    details = {"query": {k: str(v)[:200] for k, v in query.items() if v},
               "returned": [h.offender_id for h in hits]}
    if withheld:
        details["out_of_reach"] = sorted(withheld)
    event = audit.record(action=action, actor=user, purpose=purpose,
                         case_reference=reference.strip()[:MAX_REFERENCE],
                         object_type="register.offender", details=details)
    flag_retrieval(user, event, purpose=purpose, reference=reference.strip())
    return hits


def proposals_awaiting(user):
    """Proposals a registrar may decide (not their own)."""
    if not permissions.can(user, "register.verify"):
        return EntryProposal.objects.none()
    return EntryProposal.objects.filter(state=EntryProposal.State.PROPOSED).exclude(
        proposed_by=user).order_by("proposed_at")


def proposals_of(user):
    """A prosecutor's own proposals, newest first, with their state and returned reason."""
    if not permissions.can(user, "register.propose"):
        return EntryProposal.objects.none()
    return EntryProposal.objects.filter(proposed_by=user).select_related("offender") \
        .order_by("-proposed_at")


@dataclass(frozen=True)
class DuplicateCandidate:
    offender: Offender
    name: str
    probability: float
    explanation: str


def duplicate_candidates(*, user, proposal: EntryProposal, limit: int = 5
                         ) -> list[DuplicateCandidate]:
    """Registered offenders who may be the proposed person (identity engine scores and
    explanations), so the registrar merges instead of creating a duplicate. Audited as
    a retrieval for the prosecution purpose with the ids returned."""
    if not permissions.can(user, "register.verify", proposal) or \
            proposal.kind != EntryProposal.Kind.NEW:
        return []
    p = proposal.payload
    probe = {"given": p.get("name", ""), "surname": p.get("surname", ""),
             "father": p.get("father_name", ""), "dob": p.get("dob", ""),
             "cnic": p.get("cnic", ""), "district": p.get("district", "")}
    try:
        candidates = find_candidates(probe, limit=limit * 3, source=IDENTITY_SOURCE,
                                     min_probability=DUPLICATE_MIN_PROBABILITY)
    except FieldError:
        candidates = []
    with transaction.atomic():
        by_id = {o.pk: o for o in Offender.objects.filter(
            pk__in=[offender_id_of(c.source_id) for c in candidates]).select_related(
            "district")}
        out, seen = [], set()
        for c in candidates:
            oid = offender_id_of(c.source_id)
            if oid in by_id and oid not in seen and len(out) < limit:
                seen.add(oid)
                name = by_id[oid].primary_name
                out.append(DuplicateCandidate(by_id[oid], str(name) if name else "",
                                              c.probability, c.summary))
        audit.record(action="register.duplicate_check", actor=user,
                     purpose=Purpose.PROSECUTION, case_reference=str(p.get("case_number", "")),
                     object_type="register.proposal", object_id=proposal.pk,
                     details={"returned": [d.offender.pk for d in out]})
    return out


def check_suspect(*, user, particulars: dict, reference: str, limit: int = 5,
                  alert_district=None) -> list[SearchHit]:
    """Act s.24, reoffence: is this suspect already a registered offender? Returns likely
    registered offenders with scores and explanations, audited as an investigation
    retrieval (with the query and ids returned); a likely match alerts the
    investigating officer and the prosecution of the district through notices.
    ``particulars``: given, surname, father, dob, cnic, district (any may be empty).
    ``alert_district`` (a district) is where the case is investigated, when known: its
    SSOIU and prosecution are told (else the suspect's district, else the user's)."""
    permissions.require(user, "register.check_suspect")
    purpose = Purpose.INVESTIGATION
    access.check_purpose(user=user, purpose=purpose, reference=reference,
                        action="register.suspect_check", query=particulars)
    query = _clean_query(particulars)
    with transaction.atomic():
        hits = _search(user, purpose, reference, query, limit, action="register.suspect_check")
        likely = [h for h in hits if h.probability >= SUSPECT_ALERT_PROBABILITY]
        if likely:
            _alert_suspect_match(user, likely, reference.strip(),
                                 getattr(alert_district, "code", None)
                                 or query.get("district", ""))
    return hits


SUSPECT_MATCH_KIND = "register.suspect_match"


def _alert_suspect_match(user, hits: list[SearchHit], reference: str, district_code: str):
    """Notify the investigating officer and the district's prosecution. Notices carry
    register numbers and the reference only, never a CNIC or a name."""
    try:
        from hifazat.notices import selectors as notice_selectors
        from hifazat.notices import services as notices
    except ImportError:  # the notices app is optional until it is installed
        log.warning("notices unavailable: suspect match on %s not notified", reference)
        return
    district = places.district_by_code(district_code) or getattr(
        getattr(user, "agency", None), "district", None)
    # Act s.24: the investigating unit (SSOIU) and the district's prosecution are told.
    agencies = list(notice_selectors.agencies_for(kinds=["prosecution", "ssoiu"],
                                                  district=district)) \
        if district is not None else []
    numbers = ", ".join(h.register_number for h in hits)
    notices.send_notice(
        kind=SUSPECT_MATCH_KIND,
        params={"reference": reference[:100], "numbers": numbers},
        to_agencies=agencies, to_users=[user], reference=reference[:100],
        object_type="register.offender", object_id=hits[0].offender_id, sender=user)


def verdict_references(offender_id: int) -> list[str]:
    """The verdict references of an offender's convictions that stand (for justice to
    find the cases that convicted him; no personal data)."""
    return [r for r in Conviction.objects.filter(
        offender_id=offender_id, quashed_on__isnull=True).values_list(
        "verdict_reference", flat=True) if r]


def ppc_sections(codes) -> list:
    """The reference list's PPC sections with these codes (unknown codes are absent)."""
    wanted = {str(c).strip().upper() for c in codes}
    return [s for s in PpcSection.objects.all() if s.code.upper() in wanted]


def ppc_section_list() -> list:
    """Every PPC section on the reference list, by code (for forms that offer them)."""
    return sorted(PpcSection.objects.all(), key=lambda s: (len(s.code), s.code))


def removal_due(user, *, today: date | None = None):
    """Offenders whose registration period has ended and who are still registered."""
    if not permissions.can(user, "register.review_removal"):
        return Offender.objects.none()
    today = today or timezone.localdate()
    return Offender.objects.filter(registration_ends__lte=today).exclude(
        status=Offender.Status.REMOVED).select_related("district").order_by(
        "registration_ends")


def flagged_retrievals(user, *, include_reviewed: bool = False):
    """The NPB supervisor's queue of flagged retrievals, riskiest first (the weight of
    their reasons, RetrievalFlag.WEIGHTS), then oldest first."""
    if not permissions.can(user, "register.review_flags"):
        return RetrievalFlag.objects.none()
    rows = RetrievalFlag.objects.select_related("actor", "offender", "reviewed_by")
    if not include_reviewed:
        rows = rows.filter(reviewed_at__isnull=True)
    return rows.order_by("-risk", "flagged_at")


def pending_requests(user):
    if not permissions.can(user, "register.manage_requests"):
        return OffenderRequest.objects.none()
    return OffenderRequest.objects.filter(outcome=OffenderRequest.Outcome.PENDING) \
        .select_related("offender").order_by("received_on")


def record_details(offender: Offender) -> dict:
    """Everything the full record page shows, for an offender already opened through
    ``access_offender`` (that call is the audited retrieval)."""
    names = list(offender.names.order_by("-is_primary", "pk"))
    convictions = list(offender.convictions.select_related("court").prefetch_related(
        "sections").order_by("convicted_on"))
    panels = {}
    try:
        from hifazat.register.whereabouts import selectors as whereabouts
    except ImportError:
        whereabouts = None
    if whereabouts is not None and hasattr(whereabouts, "record_panels"):
        try:
            panels = whereabouts.record_panels(offender)
        except Exception:  # a panel must never take the whole record page down
            log.exception("whereabouts panels failed for offender %s", offender.pk)
    history = list(offender.changes.select_related("changed_by").order_by("-changed_at")[:50])
    for entry in history:
        entry.readable = readable_change(entry.change)
    return {
        "names": names, "convictions": convictions, "history": history,
        "requests": list(offender.requests.order_by("-received_on")),
        "reviews": list(offender.reviews.order_by("-decided_at")),
        "whereabouts": panels,
    }


def has_cases_numbered(prefix: str) -> bool:
    """Whether any conviction's case number starts with ``prefix`` (the demo loader's
    "already loaded" check)."""
    return Conviction.objects.filter(case_number__startswith=prefix).exists()


def in_custody_in(district, *, limit: int) -> list[Offender]:
    """Offenders managed in ``district`` and in custody, by register number (the demo's
    prison takes custody of some). Not audited: ids for a loader, not a retrieval."""
    return list(Offender.objects.filter(district=district, status=Offender.Status.IN_CUSTODY)
                .order_by("register_number")[:limit])


# --- Codes as words: what a proposal or a change holds, in the reader's language --------

_FIELD_LABELS = {
    "name": _l("Name"), "surname": _l("Surname"), "father_name": _l("Father's name"),
    "sex": _l("Sex"), "dob": _l("Date of birth"), "cnic": _l("CNIC"),
    "district": _l("Responsible district"), "court": _l("Court"), "status": _l("Status"),
    "physical_description": _l("Physical description"), "alias": _l("Alias"),
    "alias_added": _l("Alias"), "registration_ends": _l("Registration ends"),
    "photo": _l("Photograph"), "reported_change": _l("Reported change"),
    "happened_on": _l("Date of the change"), "is_late": _l("Late"),
}


def word_for(key: str, value) -> str:
    """One stored value as its reader says it: a sex, status, district or court code
    becomes its label or name in the active language, a date reads "3 Dec 2026"."""
    if isinstance(value, (list, tuple)):
        return " → ".join(word_for(key, v) or "—" for v in value)
    if value in (None, ""):
        return ""
    if key == "sex":
        return str(dict(Offender.Sex.choices).get(value, value))
    if key == "status":
        return str(dict(Offender.Status.choices).get(value, value))
    if key == "district":
        district = places.district_by_code(value)
        return district.name if district else str(value)
    if key == "court":
        court = places.facility_by_code(str(value))
        return court.name if court else str(value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        day = value if isinstance(value, date) else date.fromisoformat(value)
        return formats.day(day)
    return str(value)


def readable_change(change: dict) -> list[tuple[str, str]]:
    """A correction's or history entry's fields as (label, value) pairs in words."""
    return [(str(_FIELD_LABELS.get(k, k.replace("_", " "))), word_for(k, v))
            for k, v in (change or {}).items()]


def readable_proposal(payload: dict) -> dict:
    """The coded fields of a proposed entry in words (sex, district, court, dates)."""
    return {k: word_for(k, payload.get(k)) for k in
            ("sex", "district", "court", "dob", "convicted_on", "set_aside_on")}


# --- oversight aggregates -----------------------------------------------------------
# Read-only counts for the oversight app (hifazat.oversight): by district, no person.


def oversight_register_by_district() -> list[dict]:
    """Per responsible district: offenders on the register (not removed or deceased),
    compliant, overdue, absconded, and the days from conviction to the verified entry
    (one value per offender: his earliest conviction to ``verified_at``)."""
    from django.db.models import Min

    from hifazat.register.models import Offender

    S = Offender.Status
    out: dict = {}
    rows = (Offender.objects.exclude(status__in=[S.REMOVED, S.DECEASED])
            .annotate(first_conviction=Min("convictions__convicted_on"))
            .values_list("district_id", "district__province_id", "status", "first_conviction",
                         "verified_at"))
    for district_id, province_id, status, convicted_on, verified_at in rows:
        row = out.setdefault(district_id, {"district_id": district_id,
                                           "province_id": province_id, "size": 0,
                                           "compliant": 0, "overdue": 0, "absconded": 0,
                                           "days_to_entry": []})
        row["size"] += 1
        if status in (S.COMPLIANT, S.OVERDUE, S.ABSCONDED):
            row[status] += 1
        if convicted_on and verified_at:
            row["days_to_entry"].append(
                max(0, (timezone.localtime(verified_at).date() - convicted_on).days))
    return list(out.values())
