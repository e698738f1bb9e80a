"""The statutory windows of this app, read from settings with their documented defaults
(see config/settings.py and docs/register-whereabouts.md). The Sex Offenders Register
Rules 2023 do not publish a schedule of days yet: every default here is a Hifazat
default, modelled on mature registers, pending that schedule."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Days after release within which the offender reports in person to police.
    "RELEASE_REPORT_DAYS": 7,
    # Further days after the report-by date before an overdue record becomes absconded.
    "ABSCOND_AFTER_DAYS": 14,
    # Days within which a change (name, address, employment, vehicle, domestic travel)
    # must be reported (UK Sexual Offences Act 2003 s.84 model: 3 days).
    "CHANGE_REPORT_DAYS": 3,
    # Days of notice before travel abroad (UK SOA 2003 s.86 regulations model: 7 days).
    "FOREIGN_TRAVEL_NOTICE_DAYS": 7,
    # Days between periodic in-person compliance verifications.
    "COMPLIANCE_INTERVAL_DAYS": 90,
    # Hours the recipients of a release notice have to acknowledge it.
    "RELEASE_NOTICE_ACK_HOURS": 48,
}


def value(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


days = value


def foreign_travel_agency_kinds() -> list[str]:
    """Agencies alerted to travel abroad (NPB; an FIA-equivalent agency kind when the
    accounts app gains one)."""
    return list(getattr(settings, "FOREIGN_TRAVEL_NOTIFY_AGENCY_KINDS", ["npb"]))
