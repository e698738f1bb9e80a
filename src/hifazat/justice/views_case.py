"""The case page and the forms of the FIR, investigation and prosecution: suspects and
their custody, the investigating officer, the case diary, reports to court, the
prosecutor, scrutiny and disclosure. Each form is its own page (POST-redirect-GET);
a domain error is shown next to its field."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hifazat.core import permissions
from hifazat.core.errors import NotFound
from hifazat.justice import access, selectors, services
from hifazat.justice.case_pages import VIEW, case_form_page, get_case
from hifazat.justice.forms import (
    CustodyEventForm,
    DiaryForm,
    DisclosureForm,
    PersonChoiceForm,
    ReportForm,
    ScrutinyForm,
    SuspectForm,
)
from hifazat.justice.models import PoliceReport, Stage


@permissions.permission_required(VIEW)
def case_detail(request, case_id: int):
    case = get_case(request, case_id)
    referral = case.fir.referral if case.fir.referral_id else None
    overview = selectors.case_overview(case)
    # The stages at which each form's service accepts a step: a button shows only there.
    return render(request, "justice/case_detail.html", {
        "case": case, "o": overview,
        "deadlines": selectors.deadlines_of(case), "referral": referral,
        "reference": access.reference_of(case),
        "has_matches": any(s.register_matches for s in overview["suspects"]),
        "open_stages": (Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION,
                        Stage.CHALLAN_SUBMITTED, Stage.IN_TRIAL),
        "diary_stages": (Stage.UNDER_INVESTIGATION, Stage.CHALLAN_SUBMITTED,
                         Stage.IN_TRIAL),
        "disclosure_stages": (Stage.IN_TRIAL, Stage.DECIDED, Stage.APPEAL),
        "appeal_stages": (Stage.DECIDED, Stage.APPEAL),
    })


# --- suspects and custody ----------------------------------------------------------------

@permissions.permission_required("justice.edit_suspects")
@require_http_methods(["GET", "POST"])
def suspect_new(request, case_id: int):
    case = get_case(request, case_id, "justice.edit_suspects")
    form = SuspectForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.add_suspect(user=request.user, case=case, particulars=d),
        title=_("Add a suspect"), submit=_("Add the suspect"), anchor="suspects",
        success=_("Suspect added and checked against the register."),
        intro=_("Each suspect is checked against the register at once; a likely match "
                "alerts the SSOIU and the district prosecution."))


@permissions.permission_required("justice.edit_suspects")
@require_http_methods(["GET", "POST"])
def suspect_edit(request, case_id: int, suspect_id: int):
    case = get_case(request, case_id, "justice.edit_suspects")
    suspect = access.access_suspect(user=request.user, case=case, suspect_id=suspect_id)
    form = SuspectForm(request.POST or None, initial=SuspectForm.initial_of(suspect))
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.edit_suspect(user=request.user, case=case,
                                                suspect=suspect, particulars=d),
        title=_("Correct the suspect's particulars"), submit=_("Save"),
        anchor="suspects", success=_("Suspect saved and checked against the register again."))


@permissions.permission_required("justice.record_custody")
@require_http_methods(["GET", "POST"])
def custody(request, case_id: int, suspect_id: int):
    case = get_case(request, case_id, "justice.record_custody")
    suspect = access.access_suspect(user=request.user, case=case, suspect_id=suspect_id)
    form = CustodyEventForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_custody(user=request.user, case=case,
                                                  suspect=suspect, **d),
        title=_("Record arrest, remand or bail"), submit=_("Record"), anchor="suspects",
        success=_("Custody recorded."),
        extra={"subject": " ".join(x for x in (suspect.name, suspect.surname) if x)})


# --- investigation -----------------------------------------------------------------------

@permissions.permission_required("justice.investigate")
@require_http_methods(["GET", "POST"])
def assign_officer(request, case_id: int):
    case = get_case(request, case_id, "justice.investigate")
    form = PersonChoiceForm(request.POST or None,
                            people=selectors.investigating_officers_for(case),
                            label=_("Investigating officer"),
                            initial={"person": case.investigating_officer_id})
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.assign_investigation(user=request.user, case=case,
                                                        officer=form.chosen_person),
        title=_("Assign the investigating officer"), submit=_("Assign"),
        anchor="investigation", success=_("Investigating officer assigned."),
        intro=_("Officers of the SSOIUs covering this district. A female complainant's "
                "case needs a woman investigating officer."))


@permissions.permission_required("justice.investigate")
@require_http_methods(["GET", "POST"])
def diary(request, case_id: int):
    case = get_case(request, case_id, "justice.investigate")
    form = DiaryForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.add_diary_entry(user=request.user, case=case, **d),
        title=_("Add a case-diary entry"), submit=_("Save the entry"), anchor="diary",
        success=_("Diary entry saved."))


@permissions.permission_required("justice.investigate")
@require_http_methods(["GET", "POST"])
def report_new(request, case_id: int):
    case = get_case(request, case_id, "justice.investigate")
    form = ReportForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.submit_report(user=request.user, case=case, **d),
        title=_("Submit a report to court"), submit=_("Submit"), anchor="reports",
        success=_("Report submitted."),
        intro=_("An interim report while the investigation goes on; the final report "
                "(challan) goes to the prosecutor's scrutiny first."))


# --- prosecution -------------------------------------------------------------------------

@permissions.permission_required("justice.prosecute")
@require_http_methods(["GET", "POST"])
def assign_prosecutor(request, case_id: int):
    case = get_case(request, case_id, "justice.prosecute")
    form = PersonChoiceForm(request.POST or None, people=selectors.prosecutors_for(case),
                            label=_("Prosecutor"), initial={"person": case.prosecutor_id})
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.assign_prosecutor(user=request.user, case=case,
                                                     prosecutor=form.chosen_person),
        title=_("Assign the prosecutor"), submit=_("Assign"), anchor="prosecution",
        success=_("Prosecutor assigned."))


@permissions.permission_required("justice.prosecute")
@require_http_methods(["GET", "POST"])
def scrutiny(request, case_id: int, report_id: int):
    case = get_case(request, case_id, "justice.prosecute")
    report = access.access_report(user=request.user, case=case, report_id=report_id)
    if report.kind != PoliceReport.Kind.FINAL or \
            report.scrutiny != PoliceReport.Scrutiny.PENDING:
        raise NotFound
    form = ScrutinyForm(request.POST or None, courts=selectors.special_courts(),
                        default_court=selectors.district_court(case))

    def perform(d):
        return services.scrutinise(user=request.user, case=case, report=report,
                                   decision=d["decision"], on=d["on"], defects=d["defects"],
                                   court=form.chosen_court)

    return case_form_page(
        request, case, form=form, perform=perform,
        title=_("Scrutiny of the final report"), submit=_("Record the decision"),
        anchor="reports", success=_("Scrutiny recorded."),
        intro=_("Accept it and the case goes to the Special Court; return it with its "
                "defects and the investigation resumes."))


@permissions.permission_required("justice.prosecute")
@require_http_methods(["GET", "POST"])
def disclosure(request, case_id: int):
    case = get_case(request, case_id, "justice.prosecute")
    form = DisclosureForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_disclosure(user=request.user, case=case, **d),
        title=_("Record a disclosure to the defence"), submit=_("Record"),
        anchor="prosecution", success=_("Disclosure recorded."))
