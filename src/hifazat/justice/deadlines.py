"""The statutory windows of the justice pipeline, declared once in the deadline registry
(``core.deadlines``). Each can be set by the Django setting or environment variable of
its name; ``docs/justice.md`` gives the reasoning.

``services.deadlines.next_due`` turns them into a case's next due date, kept on the case
(``JusticeCase.next_due_on``) so that every overdue list is one indexed range scan.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core import deadlines

_SELECTORS = "hifazat.justice.selectors"

INVESTIGATION = deadlines.declare(
    "justice.investigation", setting="JUSTICE_INVESTIGATION_DAYS", default=60,
    unit=deadlines.DAYS,
    label=_("Investigation completed (from the FIR)"),
    source=_("Anti-Rape (Investigation and Trial) Act 2021: investigation by the SSOIU "
             "without delay; Hifazat default of two months pending the notified rules"),
    told=_("The investigating officer and the SSOIU; the district prosecution"),
    overdue=f"{_SELECTORS}.overdue")

CHALLAN = deadlines.declare(
    "justice.challan", setting="JUSTICE_CHALLAN_DAYS", default=14,
    unit=deadlines.DAYS,
    label=_("Interim report to the court (from the FIR), when the investigation is not "
            "complete"),
    source=_("Code of Criminal Procedure s.173(1): an interim report to the court within "
             "14 days of the FIR if the investigation is not complete"),
    told=_("The investigating officer, the SSOIU and the district prosecution"),
    overdue=f"{_SELECTORS}.overdue")

SCRUTINY = deadlines.declare(
    "justice.scrutiny", setting="JUSTICE_SCRUTINY_DAYS", default=3,
    unit=deadlines.DAYS,
    label=_("Prosecutor's scrutiny of a submitted report"),
    source=_("Punjab Criminal Prosecution Service (Constitution, Functions and Powers) "
             "Act 2006 s.9: scrutiny of the report before it goes to court; Hifazat "
             "default of 3 days"),
    told=_("The prosecution office"),
    overdue=f"{_SELECTORS}.overdue")

TRIAL = deadlines.declare(
    "justice.trial", setting="JUSTICE_TRIAL_DAYS", default=120,
    unit=deadlines.DAYS,
    label=_("Trial decided (from the charge; until it is framed, from receipt in court)"),
    source=_("Anti-Rape (Investigation and Trial) Act 2021: the Special Court decides the "
             "case within four months"),
    told=_("The Special Court and the prosecutor"),
    overdue=f"{_SELECTORS}.overdue")

WARN_BEFORE = deadlines.declare(
    "justice.warn_before", setting="JUSTICE_WARN_BEFORE_DAYS", default=7,
    unit=deadlines.DAYS,
    label=_("Warning before a justice deadline"),
    source=_("Hifazat default: a week's notice before each statutory deadline"),
    told=_("Whoever the deadline's notice goes to"),
    overdue=f"{_SELECTORS}.overdue")
