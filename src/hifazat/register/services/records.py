"""A register record's history and its identity index: every change keeps who, when,
why and what (``record_change``), and every name is findable by search
(``index_offender``)."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import validation
from hifazat.identity import services as identity
from hifazat.register.errors import RegisterError
from hifazat.register.models import Offender, OffenderChange

IDENTITY_SOURCE = "register.offender"
MAX_REASON = 500


def identity_source_id(offender_id: int, name_id: int | None = None) -> str:
    """The identity store's id for one of an offender's names: the primary name as the
    offender id, each alias as ``<offender id>:<name id>``."""
    return str(offender_id) if name_id is None else f"{offender_id}:{name_id}"


def offender_id_of(source_id: str) -> int:
    """The offender an identity-store id belongs to (see ``identity_source_id``)."""
    return int(str(source_id).split(":", 1)[0])


def _dob_text(offender: Offender) -> str:
    if offender.dob is None:
        return ""
    return str(offender.dob.year) if offender.dob_precision == "year" \
        else offender.dob.isoformat()


def index_offender(offender: Offender) -> None:
    """(Re)index every name of the offender (primary and aliases, either script) in the
    identity store, so search finds the offender by any of them. Call inside the
    transaction that changed the offender."""
    for name in offender.names.all():
        identity.index_person(
            source=IDENTITY_SOURCE,
            source_id=identity_source_id(offender.pk, None if name.is_primary else name.pk),
            person={"given": name.name, "surname": name.surname,
                    "father": offender.father_name, "dob": _dob_text(offender),
                    "cnic": offender.cnic, "district": offender.district.code})


def clean_reason(reason) -> str:
    """The reason of a change: required free text (bidi controls stripped)."""
    try:
        return validation.free_text(reason, max_length=MAX_REASON, required=True)
    except validation.Invalid:
        raise RegisterError(fields={"reason": _("Say why the record changes.")}) from None


def keep_history(*, offender: Offender, actor, reason: str, change: dict) -> OffenderChange:
    """The history row of a change whose audit event its caller writes (a status
    transition writes its own)."""
    change = json.loads(json.dumps(change, default=str))
    return OffenderChange.objects.create(offender=offender, changed_by=actor,
                                         reason=clean_reason(reason), change=change)


@transaction.atomic
def record_change(*, offender: Offender, actor, reason: str, change: dict,
                  action: str = "register.record_changed",
                  purpose: str = Purpose.COMPLIANCE) -> OffenderChange:
    """Keep the history of a change to a register record (who, when, why, what) and
    audit it in the same transaction. ``change`` holds the changed fields as
    ``{field: [old, new]}`` or a description of what was added."""
    entry = keep_history(offender=offender, actor=actor, reason=reason, change=change)
    audit.record(action=action, actor=actor, object_type="register.offender",
                 object_id=offender.pk, purpose=purpose, reason=entry.reason,
                 details={"fields": sorted(entry.change)})
    return entry
