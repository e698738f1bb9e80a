"""Who manages an offender and where they live: the locked read every write starts
from, the scheduler's own account, the current address, and moving the responsibility
to another district (on release, on a reported move, or by transfer)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.audit import services as audit
from hifazat.core import permissions
from hifazat.core import validation as v
from hifazat.register import services as register
from hifazat.register.models import Offender
from hifazat.register.whereabouts import selectors
from hifazat.register.whereabouts import validation as checks
from hifazat.register.whereabouts.errors import InvalidWhereabouts
from hifazat.register.whereabouts.models import (
    Address,
    ComplianceVerification,
    ReportingObligation,
)
from hifazat.register.whereabouts.services import notify

S = Offender.Status
SYSTEM_USERNAME = "system.register"
CLOSED_STATUSES = (S.DECEASED, S.REMOVED)
# Statuses of an offender living in the community, who is verified periodically.
IN_COMMUNITY = (S.RELEASED_REPORTING, S.COMPLIANT, S.OVERDUE)


def system_actor():
    """The account the periodic jobs act as (history needs a who). It cannot sign in:
    inactive, with no usable password."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "display_name": "Register scheduler"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit.record(action="whereabouts.system_actor_created", object_type="user",
                     object_id=user.pk)
    return user


def locked(offender) -> Offender:
    return Offender.objects.select_for_update().select_related("district").get(pk=offender.pk)


def require(actor, action, obj) -> None:
    """The service's own check (missing and forbidden alike: core NotFound)."""
    permissions.require(actor, action, obj, hide=True)


def set_address(*, offender, actor, line: str, district, valid_from, source: str) -> Address:
    """Close the current address the day before ``valid_from`` and open a new one."""
    current = selectors.current_address(offender)
    if current is not None:
        current.valid_until = max(current.valid_from, valid_from - timedelta(days=1))
        current.save(update_fields=["valid_until"])
    return Address.objects.create(offender=offender, line=line, district=district,
                                  valid_from=valid_from, source=source, recorded_by=actor)


def move_responsibility(*, offender, actor, district, reason: str) -> Offender:
    """Make ``district`` responsible for the offender: open reporting obligations and
    verifications move with it, the names are re-indexed, and the new district's
    police are notified. No-op when it already is. Call inside a transaction."""
    offender = locked(offender)
    old = offender.district
    if old.pk == district.pk:
        return offender
    offender.district = district
    offender.save(update_fields=["district"])
    register.record_change(offender=offender, actor=actor, reason=reason,
                           change={"district": [old.code, district.code]},
                           action="whereabouts.management_transferred")
    register.index_offender(offender)
    ReportingObligation.objects.filter(offender=offender, reported_on__isnull=True) \
        .update(district=district)
    ComplianceVerification.objects.filter(offender=offender, done_on__isnull=True) \
        .update(district=district)
    notify.send(
        kind=notify.MANAGEMENT_TRANSFERRED, offender=offender, sender=actor,
        params={"number": offender.register_number, "district": notify.name(district),
                "old": notify.name(old), "new": notify.name(district)},
        to_agencies=notify.agencies(district=district, kinds_in_district=notify.DISTRICT_POLICE),
    )
    return offender


@transaction.atomic
def transfer_management(*, offender, actor, district, reason: str) -> Offender:
    """Move the responsibility for the offender to another district (its police are
    notified); refuses an unknown or the same district and a missing reason."""
    require(actor, "whereabouts.transfer_management", offender)
    problems = v.Problems()
    district = problems.check("district", checks.district, district)
    reason = problems.check("reason", v.free_text, reason, max_length=checks.MAX_TEXT["reason"],
                            required=True)
    if district is not None and district.pk == offender.district_id:
        problems.add("district", _("The offender is already managed by this district."))
    problems.raise_if_any(InvalidWhereabouts)
    return move_responsibility(offender=offender, actor=actor, district=district,
                               reason=reason)
