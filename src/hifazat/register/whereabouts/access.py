"""Fetch-and-check for every sensitive kind of whereabouts, each built on
``core.access.fetch``: one ``access_<kind>`` per kind, raising core ``NotFound`` for
missing and forbidden alike (ids and register numbers cannot be probed), and writing the
audited read where the kind is a read of personal data. No view or form fetches these
rows any other way."""

from __future__ import annotations

from django.db import transaction

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core.access import fetch
from hifazat.core.errors import NotFound
from hifazat.register.models import Offender
from hifazat.register.whereabouts.models import (
    ComplianceVerification,
    CustodyTakeover,
    ReleaseNotice,
)

OBJECT_TYPE = "register.offender"
# Actions whose access is a read of the offender's whereabouts: audited as such.
AUDITED_READS = {"whereabouts.view": "whereabouts.viewed"}


def purpose_of(user) -> str:
    """The purpose a whereabouts read is recorded under: a prison officer's is the
    release; everyone else's (police, NPB) is compliance."""
    return Purpose.PRISON_RELEASE if user.has_role("prison_officer") else Purpose.COMPLIANCE


def _audit_read(*, user, name: str, offender_id, purpose, reference, details=None) -> None:
    with transaction.atomic():
        audit.record(action=name, actor=user, object_type=OBJECT_TYPE, object_id=offender_id,
                     purpose=purpose or purpose_of(user), case_reference=reference or "",
                     details=details)


def access_offender(*, user, action: str, offender_id=None, register_number: str = "",
                    purpose=None, reference=None) -> Offender:
    """The managed offender, by id or register number (any case, spaces ignored), if
    ``user`` may do ``action`` on them. ``whereabouts.view`` is an audited read
    (``whereabouts.viewed``)."""
    if offender_id is not None:
        lookup = {"pk": offender_id}
    elif (register_number or "").strip():
        lookup = {"register_number": register_number.strip().upper()}
    else:
        raise NotFound
    offender = fetch(Offender.objects.select_related("district"), user=user, action=action,
                     **lookup)
    if action in AUDITED_READS:
        _audit_read(user=user, name=AUDITED_READS[action], offender_id=offender.pk,
                    purpose=purpose, reference=reference)
    return offender


def access_release_notice(*, user, release_id, action: str, purpose=None,
                          reference=None) -> ReleaseNotice:
    """A prison's release notice, if ``user`` may do ``action`` on it (its prison's
    officers record the release)."""
    return fetch(ReleaseNotice.objects.select_related("prison", "offender"), user=user,
                 action=action, pk=release_id)


def access_verification(*, user, verification_id, action: str, purpose=None,
                        reference=None) -> ComplianceVerification:
    """A compliance verification (without its photograph), if ``user`` may do
    ``action`` on its offender (the police of the responsible district)."""
    item = ComplianceVerification.objects.filter(pk=verification_id).defer("photo") \
        .select_related("offender").first() if str(verification_id).isdigit() else None
    if item is None:
        raise NotFound
    fetch(Offender.objects.all(), user=user, action=action, pk=item.offender_id)
    return item


def access_verification_photo(*, user, verification_id, action: str = "whereabouts.view",
                              purpose=None, reference=None) -> ComplianceVerification:
    """A verification's photograph, to those who may see the offender's whereabouts;
    each access is an audited read (``whereabouts.photo_viewed``)."""
    item = ComplianceVerification.objects.filter(pk=verification_id, photo_type__gt="") \
        .first() if str(verification_id).isdigit() else None
    if item is None:
        raise NotFound
    fetch(Offender.objects.all(), user=user, action=action, pk=item.offender_id)
    _audit_read(user=user, name="whereabouts.photo_viewed", offender_id=item.offender_id,
                purpose=purpose, reference=reference, details={"verification": item.pk})
    return item


def access_takeover(*, user, takeover_id, action: str = "whereabouts.decide_takeover",
                    purpose=None, reference=None) -> CustodyTakeover:
    """A prison's custody request, to the NPB registrars and supervisors who decide it."""
    return fetch(CustodyTakeover.objects.select_related("offender", "prison", "requested_by"),
                 user=user, action=action, pk=takeover_id)
