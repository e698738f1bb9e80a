"""Purpose-bound reads of the register. No retrieval happens without its audit event,
written in the same transaction as the read; a refused retrieval is audited too."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from hifazat.audit import services as audit
from hifazat.core import permissions
from hifazat.identity.selectors import find_candidates
from hifazat.register.errors import NotFound, PurposeRequired
from hifazat.register.models import EntryProposal, Offender
from hifazat.register.services import IDENTITY_SOURCE, offender_id_of

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


def _check_purpose(user, purpose: str, reference: str, action: str) -> None:
    reference = (reference or "").strip()
    if not purpose or not reference or len(reference) > MAX_REFERENCE:
        with transaction.atomic():
            audit.record(action=f"{action}_refused", actor=user, purpose="",
                         reason="no purpose or reference")
        raise PurposeRequired
    if not permissions.can(user, "register.retrieve", purpose):
        with transaction.atomic():
            audit.record(action=f"{action}_refused", actor=user, purpose=purpose,
                         case_reference=reference[:MAX_REFERENCE], reason="not allowed")
        raise NotFound


def _hit(offender: Offender, probability: float, explanation: str) -> SearchHit:
    name = offender.primary_name
    return SearchHit(offender.pk, offender.register_number, str(name) if name else "",
                     offender.father_name, offender.dob.year if offender.dob else None,
                     offender.district.code, probability, explanation)


def search_offenders(*, user, purpose: str, reference: str, query: dict,
                     limit: int = 10) -> list[SearchHit]:
    """By CNIC (exact) or by name, father's name, date or year of birth and district
    through identity.find_candidates. Audited with the query and the ids returned; a
    refused search is audited as refused (committed even though the call raises)."""
    _check_purpose(user, purpose, reference, "register.search")
    with transaction.atomic():
        return _search(user, purpose, reference, query, limit)


def _search(user, purpose: str, reference: str, query: dict, limit: int) -> list[SearchHit]:
    cnic = str(query.get("cnic") or "").replace("-", "").strip()
    hits: list[SearchHit] = []
    if cnic:
        for offender in Offender.objects.filter(cnic=cnic).select_related("district")[:limit]:
            hits.append(_hit(offender, 1.0, "CNIC: exact"))
    else:
        # An offender may be found by several names (aliases): keep the best hit each.
        candidates = find_candidates(query, limit=limit * 3, source=IDENTITY_SOURCE)
        by_id = {o.pk: o for o in Offender.objects.filter(
            pk__in=[offender_id_of(c.source_id) for c in candidates])
            .select_related("district")}
        seen: set[int] = set()
        for c in candidates:
            oid = offender_id_of(c.source_id)
            if oid in by_id and oid not in seen and len(hits) < limit:
                seen.add(oid)
                hits.append(_hit(by_id[oid], c.probability, c.summary))
    audit.record(action="register.search", actor=user, purpose=purpose,
                 case_reference=reference.strip()[:MAX_REFERENCE],
                 object_type="register.offender",
                 details={"query": {k: str(v)[:200] for k, v in query.items() if v},
                          "returned": [h.offender_id for h in hits]})
    return hits


def access_offender(*, user, offender_id: int, purpose: str, reference: str) -> Offender:
    """Open one full record: a second, audited action with its own purpose. Missing and
    forbidden give the same NotFound, so ids cannot be probed."""
    _check_purpose(user, purpose, reference, "register.view")
    with transaction.atomic():
        offender = Offender.objects.filter(pk=offender_id).select_related("district").first()
        if offender is None:
            raise NotFound
        audit.record(action="register.view", actor=user, purpose=purpose,
                     case_reference=reference.strip()[:MAX_REFERENCE],
                     object_type="register.offender", object_id=offender.pk)
        return offender


def proposals_awaiting(user):
    """Proposals a registrar may decide (not their own)."""
    if not permissions.can(user, "register.verify"):
        return EntryProposal.objects.none()
    return EntryProposal.objects.filter(state=EntryProposal.State.PROPOSED).exclude(
        proposed_by=user).order_by("proposed_at")
