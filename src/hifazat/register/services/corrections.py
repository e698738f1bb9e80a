"""Corrections of a registered record: a prosecutor proposes, a registrar who did not
propose it verifies (``entries.verify_entry`` applies it here, with its history); and
another name the offender is known by (an alias), recorded at once."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions, validation
from hifazat.register.errors import RegisterError
from hifazat.register.models import EntryProposal, Offender, OffenderName
from hifazat.register.services.records import index_offender, record_change
from hifazat.register.validation import clean_correction, script_of


@transaction.atomic
def propose_correction(*, proposer, offender: Offender, changes: dict,
                       reason: str) -> EntryProposal:
    """A prosecutor proposes a correction of a registered record (fields to change and
    why). Validated now and again at verification; applied only when a registrar who is
    not the proposer verifies it. Audited."""
    permissions.require(proposer, "register.propose")
    fix = clean_correction(changes, reason=reason, today=timezone.localdate())
    payload = json.loads(json.dumps(
        {"register_number": offender.register_number, "changes": changes,
         "reason": fix.reason}, default=str))
    proposal = EntryProposal.objects.create(payload=payload, proposed_by=proposer,
                                            kind=EntryProposal.Kind.CORRECTION,
                                            offender=offender)
    audit.record(action="register.correction_proposed", actor=proposer, role="prosecutor",
                 object_type="register.offender", object_id=offender.pk,
                 purpose=Purpose.PROSECUTION, reason=fix.reason,
                 details={"proposal": proposal.pk, "fields": sorted(changes)})
    return proposal


def apply_correction(proposal: EntryProposal, verifier) -> Offender:
    """Apply a verified correction (re-validated now) with its history; call inside the
    verification's transaction."""
    offender = Offender.objects.select_for_update().get(pk=proposal.offender_id)
    fix = clean_correction(proposal.payload.get("changes") or {},
                           reason=proposal.payload.get("reason", ""),
                           today=timezone.localdate())
    diff: dict = {}
    for field in ("father_name", "sex", "cnic", "district", "physical_description"):
        if field in fix.values:
            old, new = getattr(offender, field), fix.values[field]
            if old != new:
                diff[field] = [str(old), str(new)]
                setattr(offender, field, new)
    if fix.dob is not None and (offender.dob, offender.dob_precision) != \
            (fix.dob.value, fix.dob.precision):
        diff["dob"] = [str(offender.dob), str(fix.dob.value)]
        offender.dob, offender.dob_precision = fix.dob.value, fix.dob.precision
    offender.save()
    primary = offender.names.filter(is_primary=True).first()
    if primary is not None and ("name" in fix.values or "surname" in fix.values):
        old = str(primary)
        primary.name = fix.values.get("name", primary.name)
        primary.surname = fix.values.get("surname", primary.surname)
        primary.script = script_of(primary.name)
        primary.save()
        diff["name"] = [old, str(primary)]
    if fix.values.get("alias"):
        alias = fix.values["alias"]
        OffenderName.objects.create(offender=offender, name=alias, script=script_of(alias),
                                    source="correction", valid_from=timezone.localdate())
        diff["alias_added"] = alias
    record_change(offender=offender, actor=verifier, reason=fix.reason,
                  change=diff or {"no_change": True}, action="register.record_corrected",
                  purpose=Purpose.PROSECUTION)
    index_offender(offender)
    return offender


@transaction.atomic
def add_alias(*, offender: Offender, actor, name: str, surname: str = "",
              source: str, reason: str, valid_from=None) -> OffenderName:
    """Record another name the offender is known by (a reported change of name, a name
    found in another record), in either script; indexed for search at once. The name
    passes the kernel's name check (``core.validation.person_name``)."""
    problems = validation.Problems()
    name = problems.check("name", validation.person_name, name, max_length=200,
                          required=True, default="")
    surname = problems.check("surname", validation.person_name, surname, max_length=100,
                             default="")
    if problems:
        raise RegisterError(_("The name has problems; see each field."),
                            fields=problems.fields)
    alias = OffenderName.objects.create(offender=offender, name=name, surname=surname,
                                        is_primary=False, script=script_of(name),
                                        source=str(source or "")[:100],
                                        valid_from=valid_from)
    record_change(offender=offender, actor=actor, reason=reason,
                  change={"alias_added": f"{name} {surname}".strip()},
                  action="register.alias_added")
    index_offender(offender)
    return alias
