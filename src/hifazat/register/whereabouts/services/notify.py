"""Notices this app sends, through hifazat.notices. A notice carries the register number,
dates and districts only — never a CNIC, phone number or address: the recipient opens
the register record (audited) for the rest."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit import services as audit
from hifazat.notices import kinds, periodic
from hifazat.notices import selectors as notice_selectors
from hifazat.notices import services as notices
from hifazat.register import events

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
# The whereabouts notices that are news for the survivor of the convicting case
# (``register.events``; passed on by justice to her cell).
_NEWS = {RELEASE_SCHEDULED: events.RELEASE, MANAGEMENT_TRANSFERRED: events.MOVE,
         TRAVEL_DOMESTIC: events.MOVE, ABSCONDED: events.ABSCONDED}


# Each notice is stored as its kind and parameters and read in the reader's language
# (e-mail and SMS carry English and Urdu); the parameters are codes, dates and names.
TEXTS = {
    RELEASE_SCHEDULED: (
        _("%(number)s to be released on %(date)s to %(district)s"),
        _("Register record %(number)s will be released from %(prison)s on %(date)s and "
          "must report to the police of %(district)s within %(days)d days of release. "
          "Open the register record for the destination address.")),
    REPORTING_OVERDUE: (
        _("%(number)s has not reported after release"),
        _("Register record %(number)s was due to report to police by %(date)s and has not. "
          "It is on the district overdue list.")),
    ABSCONDED: (
        _("%(number)s has absconded"),
        _("Register record %(number)s has not reported to police since release (due by "
          "%(date)s) and is now recorded as absconded.")),
    MANAGEMENT_TRANSFERRED: (
        _("%(number)s: now managed by %(district)s"),
        _("Responsibility for register record %(number)s moved from %(old)s to "
          "%(new)s. Open the record for the address.")),
    TRAVEL_DOMESTIC: (
        _("%(number)s visiting %(district)s %(start)s to %(end)s"),
        _("Register record %(number)s gave notice of travel to %(district)s from "
          "%(start)s to %(end)s.")),
    TRAVEL_ABROAD: (
        _("%(number)s travelling abroad %(start)s to %(end)s"),
        _("Register record %(number)s gave notice of travel to %(country)s from "
          "%(start)s to %(end)s (%(days)d days of notice).")),
    TAKEOVER_REQUESTED: (
        _("%(number)s: %(prison)s asks to be recorded as holding the offender"),
        _("%(prison)s reports register record %(number)s arrived on %(date)s. The "
          "prison has no access to the record until NPB accepts: open the custody "
          "requests to accept or refuse.")),
}


def register_kinds() -> None:
    for code, label in KIND_LABELS.items():
        subject, body = TEXTS[code]
        kinds.register(code, label, subject=subject, body=body)


def name(place) -> dict:
    """A district, prison or agency as a notice parameter, in both languages."""
    return kinds.bilingual(place.name_en, place.name_ur)


def day(value) -> dict:
    return kinds.day(value)


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


def send(*, kind: str, offender, params: dict, to_agencies, sender=None,
         ack_within: datetime.timedelta | None = None, escalate: bool = False):
    """Send one notice about ``offender``; when no agency covers it, audit that the
    notice could not be routed instead of failing the change that triggered it."""
    news = _NEWS.get(kind)
    if news is not None:
        events.offender_news.send(sender=OBJECT_TYPE, offender_id=offender.pk, news=news,
                                  on=timezone.localdate())
    if not to_agencies:
        audit.record(action="whereabouts.notice_unrouted", actor=sender,
                     object_type=OBJECT_TYPE, object_id=offender.pk,
                     details={"kind": kind})
        return None
    return notices.send_notice(
        kind=kind, params=params, to_agencies=to_agencies,
        reference=offender.register_number, object_type=OBJECT_TYPE, object_id=offender.pk,
        ack_within=ack_within,
        escalate_to_roles=(Role.NPB_SUPERVISOR,) if escalate and ack_within else (),
        sender=sender if getattr(sender, "is_active", False) else None,
    )
