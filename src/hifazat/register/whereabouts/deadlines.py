"""The windows of an offender's whereabouts, declared once in the deadline registry
(``core.deadlines``): release reporting, absconding, change reporting, foreign-travel
notice, the compliance interval and the release-notice acknowledgement.

The Sex Offenders Register Rules 2023 publish no schedule of days yet: each default is a
Hifazat default modelled on mature registers (UK Sexual Offences Act 2003 where cited),
pending that schedule. Each can be set by the Django setting or environment variable of
its name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core import deadlines

_SELECTORS = "hifazat.register.whereabouts.selectors"
_PENDING_RULES = _("Hifazat default pending the Sex Offenders Register Rules 2023 schedule")

RELEASE_REPORT = deadlines.declare(
    "whereabouts.release_report", setting="RELEASE_REPORT_DAYS", default=7,
    unit=deadlines.DAYS,
    label=_("Report in person to police after release"),
    source=_PENDING_RULES,
    told=_("The destination district's police (overdue list) and NPB"),
    overdue=f"{_SELECTORS}.overdue_in_district")

ABSCOND_AFTER = deadlines.declare(
    "whereabouts.abscond_after", setting="ABSCOND_AFTER_DAYS", default=14,
    unit=deadlines.DAYS,
    label=_("Overdue record becomes absconded (after the report-by date)"),
    source=_PENDING_RULES,
    told=_("The district police and NPB, by notice"),
    overdue=f"{_SELECTORS}.overdue_in_district")

CHANGE_REPORT = deadlines.declare(
    "whereabouts.change_report", setting="CHANGE_REPORT_DAYS", default=3,
    unit=deadlines.DAYS,
    label=_("Report a change of name, address, employment or vehicle"),
    source=_("UK Sexual Offences Act 2003 s.84 model; Hifazat default pending the Sex "
             "Offenders Register Rules 2023 schedule"),
    told=_("The police recording the change (recorded as late)"),
    overdue=f"{_SELECTORS}.late_reported_changes")

FOREIGN_TRAVEL_NOTICE = deadlines.declare(
    "whereabouts.foreign_travel_notice", setting="FOREIGN_TRAVEL_NOTICE_DAYS", default=7,
    unit=deadlines.DAYS,
    label=_("Notice before travelling abroad"),
    source=_("UK Sexual Offences Act 2003 s.86 regulations model; Hifazat default pending "
             "the Sex Offenders Register Rules 2023 schedule"),
    told=_("NPB and the agencies alerted to travel abroad"),
    overdue=f"{_SELECTORS}.late_reported_changes")

COMPLIANCE_INTERVAL = deadlines.declare(
    "whereabouts.compliance_interval", setting="COMPLIANCE_INTERVAL_DAYS", default=90,
    unit=deadlines.DAYS,
    label=_("Periodic in-person compliance verification"),
    source=_PENDING_RULES,
    told=_("The responsible district's police (compliance queue)"),
    overdue=f"{_SELECTORS}.compliance_queue")

RELEASE_NOTICE_ACK = deadlines.declare(
    "whereabouts.release_notice_ack", setting="RELEASE_NOTICE_ACK_HOURS", default=48,
    unit=deadlines.HOURS,
    label=_("Acknowledge a notice of release"),
    source=_PENDING_RULES,
    told=_("The destination district's police and prosecution and NPB; escalated to NPB "
           "supervisors"),
    overdue=f"{_SELECTORS}.unacknowledged_releases")

#: The windows printed in the notice of obligations, by setting name.
OBLIGATIONS = (RELEASE_REPORT, CHANGE_REPORT, FOREIGN_TRAVEL_NOTICE, COMPLIANCE_INTERVAL)
