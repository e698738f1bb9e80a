"""SSOIU investigation: the unit and the investigating officer, custody of the accused,
the case diary (dated entries; statements counted, not transcribed) and the reports to
court (interim; final, the challan)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import validation
from hifazat.justice import errors, lifecycles
from hifazat.justice.models import (
    CustodyEvent,
    DiaryEntry,
    JusticeCase,
    PoliceReport,
    Stage,
    Suspect,
)
from hifazat.justice.services import common

MAX_REMAND_DAYS = 15  # CrPC s.167(2): physical remand of at most fifteen days in the whole


@transaction.atomic
def assign_investigation(*, user, case: JusticeCase, officer) -> JusticeCase:
    """Assign the SSOIU investigating officer (an officer of a unit covering the case's
    district); the first assignment starts the investigation. Audited."""
    common.require(user, "justice.investigate", case)
    case = common.lock(case)
    common.at_stage(case, *common.BEFORE_VERDICT)
    if not common.may_be_assigned(officer, case, agency_kind=AgencyKind.SSOIU,
                                  role=Role.INVESTIGATING_OFFICER):
        raise errors.InvalidInput(fields={"officer": _(
            "Choose an investigating officer of an SSOIU covering this district.")})
    case.investigating_officer, case.ssoiu = officer, officer.agency
    case.save(update_fields=["investigating_officer", "ssoiu"])
    common.record(action="officer_assigned", user=user, case=case,
                  details={"officer": officer.pk, "ssoiu": officer.agency.code,
                           "female_officer": officer.sex == "F"})
    if case.stage == Stage.FIR_REGISTERED:
        case = common.set_stage(case, to=Stage.UNDER_INVESTIGATION, user=user,
                                action="investigation_started",
                                extra={"investigation_started_on": common.today()})
    return case


@transaction.atomic
def record_custody(*, user, case: JusticeCase, suspect: Suspect, kind: str, on,
                   until=None) -> CustodyEvent:
    """An arrest, remand or bail decision for a suspect, with its date (and the end of a
    remand). Events are in date order; the custody status moves as its lifecycle
    allows (``lifecycles.CUSTODY``). Audited."""
    common.require(user, "justice.record_custody", case)
    case = common.lock(case)
    common.at_stage(case, *common.BEFORE_VERDICT)
    common.of_case(case, suspect)
    p = validation.Problems()
    kind = p.check("kind", validation.choice, kind, CustodyEvent.Kind, default="")
    day = common.case_date(p, "on", on, case)
    end = p.check("until", validation.date, until)
    last = suspect.custody_events.order_by("-on", "-pk").first()
    if day and last and day < last.on:
        p.add("on", _("This is before the last custody event (%(day)s).")
              % {"day": last.on.isoformat()})
    if kind == CustodyEvent.Kind.POLICE_REMAND:
        if end is None:
            p.add("until", _("Give the last day of the remand."))
        elif day and not (day <= end <= day + timezone.timedelta(days=MAX_REMAND_DAYS)):
            p.add("until", _("A physical remand lasts at most %(n)s days from its grant.")
                  % {"n": MAX_REMAND_DAYS})
    elif end is not None:
        p.add("until", _("Only a physical remand has an end date."))
    p.raise_if_any(errors.InvalidInput)
    target = lifecycles.CUSTODY_EVENT_TARGET[kind]
    if kind == CustodyEvent.Kind.BAIL_REFUSED and suspect.custody_status not in \
            lifecycles.HELD:
        raise errors.InvalidInput(fields={"kind": _("Bail is refused only to an accused "
                                                    "in custody.")})
    if target is not None and target != suspect.custody_status:
        common.move(suspect, lifecycle=lifecycles.CUSTODY, to=target,
                    action="custody_changed", user=user, case=case,
                    object_type="justice.suspect", details={"event": kind})
    event = CustodyEvent.objects.create(suspect=suspect, kind=kind, on=day, until=end,
                                        recorded_by=user)
    common.record(action="custody_event", user=user, case=case,
                  object_type="justice.suspect", object_id=suspect.pk,
                  details={"event": kind, "on": str(day)})
    return event


@transaction.atomic
def add_diary_entry(*, user, case: JusticeCase, on, text: str,
                    statements: int = 0) -> DiaryEntry:
    """A dated case-diary entry (CrPC s.172; kept encrypted) and the number of
    statements recorded that day (s.161; counted, not transcribed). Audited without the
    text."""
    common.require(user, "justice.investigate", case)
    case = common.lock(case)
    common.at_stage(case, Stage.UNDER_INVESTIGATION, Stage.CHALLAN_SUBMITTED,
                    Stage.IN_TRIAL)
    p = validation.Problems()
    day = common.case_date(p, "on", on, case)
    text = p.check("text", validation.free_text, text, max_length=4000, required=True,
                   default="")
    try:
        statements = int(statements or 0)
    except (TypeError, ValueError):
        statements = -1
    if not 0 <= statements <= 100:
        p.add("statements", _("Give a number of statements from 0 to 100."))
    p.raise_if_any(errors.InvalidInput)
    entry = DiaryEntry.objects.create(case=case, on=day, text=text, statements=statements,
                                      written_by=user)
    if statements:
        JusticeCase.objects.filter(pk=case.pk).update(
            statements_recorded=case.statements_recorded + statements)
    common.record(action="diary_entry", user=user, case=case,
                  object_type="justice.diary_entry", object_id=entry.pk,
                  details={"on": str(day), "statements": statements})
    return entry


@transaction.atomic
def submit_report(*, user, case: JusticeCase, kind: str, submitted_on) -> PoliceReport:
    """The investigating officer's report to court: interim (the investigation goes on)
    or final, the challan (to the prosecutor's scrutiny first). One final report awaits
    scrutiny at a time. Audited."""
    common.require(user, "justice.investigate", case)
    case = common.lock(case)
    common.at_stage(case, Stage.UNDER_INVESTIGATION)
    p = validation.Problems()
    kind = p.check("kind", validation.choice, kind, PoliceReport.Kind, default="")
    day = common.case_date(p, "submitted_on", submitted_on, case)
    last = case.reports.order_by("-submitted_on", "-pk").first()
    if day and last and day < last.submitted_on:
        p.add("submitted_on", _("This is before the last report (%(day)s).")
              % {"day": last.submitted_on.isoformat()})
    p.raise_if_any(errors.InvalidInput)
    report = PoliceReport.objects.create(case=case, kind=kind, submitted_on=day,
                                         submitted_by=user)
    common.record(action="report_submitted", user=user, case=case,
                  object_type="justice.report", object_id=report.pk,
                  details={"kind": kind, "on": str(day)})
    if kind == PoliceReport.Kind.FINAL:
        return_case = common.set_stage(case, to=Stage.CHALLAN_SUBMITTED, user=user,
                                       action="challan_submitted",
                                       details={"report": report.pk})
        del return_case
    else:
        common.refresh_due(case)
    return report
