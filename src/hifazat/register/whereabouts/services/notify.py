"""Notices this app sends, through hifazat.notices. A notice carries the register number,
dates and districts only — never a CNIC, phone number or address: the recipient opens
the register record (audited) for the rest."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit import services as audit
from hifazat.notices import kinds, periodic
from hifazat.notices import selectors as notice_selectors
from hifazat.notices import services as notices

RELEASE_SCHEDULED = "register.release_scheduled"
REPORTING_OVERDUE = "register.reporting_overdue"
ABSCONDED = "register.absconded"
MANAGEMENT_TRANSFERRED = "register.management_transferred"
TRAVEL_DOMESTIC = "register.travel_domestic"
TRAVEL_ABROAD = "register.travel_abroad"
TAKEOVER_REQUESTED = "register.custody_takeover_requested"

KIND_LABELS = {
    RELEASE_SCHEDULED: _("Register: release scheduled"),
    REPORTING_OVERDUE: _("Register: offender has not reported after release"),
    ABSCONDED: _("Register: offender absconded"),
    MANAGEMENT_TRANSFERRED: _("Register: offender moved to your district"),
    TRAVEL_DOMESTIC: _("Register: offender travelling to your district"),
    TRAVEL_ABROAD: _("Register: offender travelling abroad"),
    TAKEOVER_REQUESTED: _("Register: a prison asks to be recorded as holding an offender"),
}

DISTRICT_POLICE = (AgencyKind.POLICE_STATION, AgencyKind.SSOIU)
OBJECT_TYPE = "register.offender"


def register_kinds() -> None:
    for code, label in KIND_LABELS.items():
        kinds.register(code, label)


def register_periodic_jobs() -> None:
    from hifazat.register.whereabouts import tasks

    periodic.register("register.whereabouts.check_overdue", tasks.check_overdue,
                      every=datetime.timedelta(hours=1))
    periodic.register("register.whereabouts.schedule_verifications",
                      tasks.schedule_verifications, every=datetime.timedelta(hours=6))


def foreign_travel_agency_kinds() -> list[str]:
    """Agencies alerted to travel abroad (setting FOREIGN_TRAVEL_NOTIFY_AGENCY_KINDS:
    NPB; an FIA-equivalent agency kind when the accounts app gains one). A list of
    agencies, not a window, so it stays a setting rather than a deadline."""
    return list(getattr(settings, "FOREIGN_TRAVEL_NOTIFY_AGENCY_KINDS", ["npb"]))


def agencies(*, district=None, kinds_in_district=(), national_kinds=()) -> list:
    """Agencies of ``kinds_in_district`` covering ``district`` plus every agency of
    ``national_kinds``, without duplicates."""
    found = {}
    if district is not None and kinds_in_district:
        for agency in notice_selectors.agencies_for(kinds=kinds_in_district, district=district):
            found[agency.pk] = agency
    if national_kinds:
        for agency in notice_selectors.agencies_for(kinds=national_kinds):
            found[agency.pk] = agency
    return sorted(found.values(), key=lambda a: a.pk)


def send(*, kind: str, offender, subject: str, body: str, to_agencies, sender=None,
         ack_within: datetime.timedelta | None = None, escalate: bool = False):
    """Send one notice about ``offender``; when no agency covers it, audit that the
    notice could not be routed instead of failing the change that triggered it."""
    if not to_agencies:
        audit.record(action="whereabouts.notice_unrouted", actor=sender,
                     object_type=OBJECT_TYPE, object_id=offender.pk,
                     details={"kind": kind})
        return None
    return notices.send_notice(
        kind=kind, subject=str(subject), body=str(body), to_agencies=to_agencies,
        reference=offender.register_number, object_type=OBJECT_TYPE, object_id=offender.pk,
        ack_within=ack_within,
        escalate_to_roles=(Role.NPB_SUPERVISOR,) if escalate and ack_within else (),
        sender=sender if getattr(sender, "is_active", False) else None,
    )
