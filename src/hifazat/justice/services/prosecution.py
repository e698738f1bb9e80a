"""Prosecution: the assigned prosecutor, scrutiny of the challan (returned with its
defects, or accepted and sent to the Special Court) and a log of what was disclosed
to the defence and when. The cell's medico-legal report and evidence list are opened by
the prosecutor on the cell's own read-only page (``crisis_cells``), with the survivor's
consent to sharing with prosecution, checked there against ``selectors.prosecutor_of``."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import validation
from hifazat.justice import errors, lifecycles
from hifazat.justice.models import Disclosure, JusticeCase, PoliceReport, Stage
from hifazat.justice.services import common


@transaction.atomic
def assign_prosecutor(*, user, case: JusticeCase, prosecutor) -> JusticeCase:
    """Assign the case's prosecutor (of a prosecution office covering the district).
    Audited."""
    common.require(user, "justice.prosecute", case)
    case = common.lock(case)
    common.at_stage(case, Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION,
                    Stage.CHALLAN_SUBMITTED, Stage.IN_TRIAL, Stage.DECIDED, Stage.APPEAL)
    if not common.may_be_assigned(prosecutor, case, agency_kind=AgencyKind.PROSECUTION,
                                  role=Role.PROSECUTOR):
        raise errors.InvalidInput(fields={"prosecutor": _(
            "Choose a prosecutor of an office covering this district.")})
    case.prosecutor, case.prosecution_office = prosecutor, prosecutor.agency
    case.save(update_fields=["prosecutor", "prosecution_office"])
    common.record(action="prosecutor_assigned", user=user, case=case,
                  details={"prosecutor": prosecutor.pk, "office": prosecutor.agency.code})
    return case


def _court_for(court, case: JusticeCase, p: validation.Problems):
    if court is None:
        from hifazat.accounts import selectors as accounts

        court = accounts.agencies(kinds=[AgencyKind.SPECIAL_COURT]).filter(
            district=case.district).order_by("pk").first()
    if court is None or getattr(court, "kind", None) != AgencyKind.SPECIAL_COURT \
            or not court.is_active:
        p.add("court", _("Choose the Special Court."))
        return None
    return court


@transaction.atomic
def scrutinise(*, user, case: JusticeCase, report: PoliceReport, decision: str,
               on, defects: str = "", court=None) -> PoliceReport:
    """Scrutiny of the final report: ``return`` with its defects (the investigation
    resumes) or ``accept`` (the case goes to the Special Court: ``court``, by default
    the district's). Audited."""
    common.require(user, "justice.prosecute", case)
    case = common.lock(case)
    common.at_stage(case, Stage.CHALLAN_SUBMITTED)
    if report.case_id != case.pk or report.kind != PoliceReport.Kind.FINAL:
        raise errors.InvalidInput(fields={"report": _("Choose the final report of this "
                                                      "case.")})
    p = validation.Problems()
    decision = p.check("decision", validation.choice, decision, ("accept", "return"),
                       default="")
    day = common.case_date(p, "on", on, case)
    if day and day < report.submitted_on:
        p.add("on", _("Scrutiny cannot come before the report was submitted."))
    defects = p.check("defects", validation.free_text, defects, max_length=2000,
                      default="")
    if decision == "return" and not defects:
        p.add("defects", _("Say what is defective."))
    if decision == "accept":
        court = _court_for(court, case, p)
    p.raise_if_any(errors.InvalidInput)
    if decision == "return":
        report = common.move(report, lifecycle=lifecycles.REPORT_SCRUTINY,
                             to=PoliceReport.Scrutiny.RETURNED, action="report_returned",
                             user=user, case=case, object_type="justice.report",
                             extra={"defects": defects, "scrutinised_by": user,
                                    "scrutinised_on": day})
        common.set_stage(case, to=Stage.UNDER_INVESTIGATION, user=user,
                         action="investigation_resumed", details={"report": report.pk})
        return report
    report = common.move(report, lifecycle=lifecycles.REPORT_SCRUTINY,
                         to=PoliceReport.Scrutiny.ACCEPTED, action="report_accepted",
                         user=user, case=case, object_type="justice.report",
                         extra={"scrutinised_by": user, "scrutinised_on": day})
    case.court = court
    # The sessions-trial number the court gives the case (ST <case>/<year>).
    case.trial_number = f"ST {case.pk}/{day.year}"
    case.save(update_fields=["court", "trial_number"])
    common.set_stage(case, to=Stage.IN_TRIAL, user=user, action="sent_to_court",
                     details={"court": court.code})
    return report


@transaction.atomic
def record_disclosure(*, user, case: JusticeCase, on, items: str) -> Disclosure:
    """What was disclosed to the defence (documents, reports, statements) and when.
    Audited."""
    common.require(user, "justice.prosecute", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL, Stage.DECIDED, Stage.APPEAL)
    p = validation.Problems()
    day = common.case_date(p, "on", on, case)
    items = p.check("items", validation.free_text, items, max_length=500, required=True,
                    default="")
    p.raise_if_any(errors.InvalidInput)
    row = Disclosure.objects.create(case=case, on=day, items=items, by=user)
    common.record(action="disclosed_to_defence", user=user, case=case,
                  object_type="justice.disclosure", object_id=row.pk,
                  details={"on": str(day)})
    return row
