"""Screens that move a case: FIR referral (only with police-reporting consent) and the
FIR number recorded back, assignment, transfer to another cell (which must accept),
and closure with an outcome approved by the in-charge."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import AgencyKind
from hifazat.core import permissions
from hifazat.core.errors import NotFound
from hifazat.crisis_cells import access, selectors, services
from hifazat.crisis_cells.case_pages import case_form_page, get_case, run_form
from hifazat.crisis_cells.forms import (
    AssignForm,
    ClosureDecisionForm,
    ClosureForm,
    DecisionForm,
    FirReferralForm,
    ProsecutionShareForm,
    StationSearchForm,
    TransferForm,
)
from hifazat.crisis_cells.models import ConsentUse
from hifazat.crisis_cells.policy import CELL_KINDS, CELL_STAFF


@permissions.permission_required("crisis_cells.refer_fir")
@require_http_methods(["GET", "POST"])
def fir_referral(request, code):
    """The stations of the incident's district (else the cell's), narrowed by a search
    that works without JavaScript; the missing police-reporting consent is shown before
    anything is chosen, with the way to record it."""
    case = get_case(request, code, "crisis_cells.refer_fir")
    incident = getattr(case, "incident", None)
    district = incident.district if incident is not None else case.cell.district
    search = StationSearchForm(request.GET or None, auto_id="search_%s",
                               initial={"district": getattr(district, "pk", None)})
    form = FirReferralForm(request.POST or None,
                           stations=search.stations(default_district=district))
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.refer_for_fir(user=request.user, case=case, **d),
        title=_("Refer to police for an FIR"), submit=_("Refer"), anchor="fir",
        success=_("Referred. The police station sees only the case code."),
        intro=_("Only with the survivor's consent to report to police. The station is told "
                "the case code, never the survivor's name."),
        extra={"search": search,
               "has_police_consent": selectors.has_consent(case, ConsentUse.POLICE_REPORT)},
        template="crisis_cells/fir_referral.html",
    )


@permissions.permission_required("crisis_cells.share_with_prosecution")
@require_http_methods(["GET", "POST"])
def prosecution_share(request, code):
    """Tell a prosecution office the cell holds the report and evidence (code and FIR
    number only); needs the survivor's consent to sharing with prosecution."""
    case = get_case(request, code, "crisis_cells.share_with_prosecution")
    offices = accounts.agencies(kinds=[AgencyKind.PROSECUTION])
    form = ProsecutionShareForm(request.POST or None, offices=offices)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.share_with_prosecution(user=request.user, case=case, **d),
        title=_("Share with prosecution"), submit=_("Share"), anchor="fir",
        success=_("The prosecution office is told the case code and FIR number only."),
        intro=_("Only with the survivor's consent to sharing with prosecution. The office "
                "learns that this cell holds the medico-legal report and the evidence, "
                "never the survivor's name."),
    )


@permissions.permission_required("crisis_cells.assign")
@require_http_methods(["GET", "POST"])
def assign(request, code):
    case = get_case(request, code, "crisis_cells.assign")
    staff = accounts.staff_holding(agency_id=case.cell_id, roles=CELL_STAFF)
    form = AssignForm(request.POST or None, staff=staff,
                      initial={"assignee": case.assigned_to_id})
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.assign_case(user=request.user, case=case, **d),
        title=_("Assign the case"), submit=_("Assign"), anchor="manage",
        success=_("Case assigned."),
    )


@permissions.permission_required("crisis_cells.request_transfer")
@require_http_methods(["GET", "POST"])
def transfer(request, code):
    case = get_case(request, code, "crisis_cells.request_transfer")
    cells = accounts.agencies(kinds=CELL_KINDS).exclude(pk=case.cell_id)
    form = TransferForm(request.POST or None, cells=cells)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.request_transfer(user=request.user, case=case, **d),
        title=_("Transfer to another cell"), submit=_("Ask the cell to accept"),
        anchor="manage",
        success=_("Transfer requested. The case stays here until the other cell accepts."),
    )


@permissions.permission_required("crisis_cells.decide_transfer")
@require_http_methods(["GET", "POST"])
def transfer_decide(request, pk: int):
    transfer = access.access_transfer(user=request.user, transfer_id=pk)
    if transfer.state != "pending":
        raise NotFound
    form = DecisionForm(request.POST or None)

    def perform(d):
        if d["decision"] == "accept":
            return services.accept_transfer(user=request.user, transfer=transfer,
                                            note=d["note"])
        return services.decline_transfer(user=request.user, transfer=transfer,
                                          note=d["note"])

    def target(result):
        if isinstance(result, type(transfer)):  # declined: back to the dashboard
            return reverse("crisis_cells:dashboard")
        return reverse("crisis_cells:case", args=[result.code])

    return run_form(
        request, form=form, perform=perform, success=_("Decision recorded."),
        redirect_to=target, template="crisis_cells/transfer_decide.html",
        context={"transfer": transfer},
    )


@permissions.permission_required("crisis_cells.request_closure")
@require_http_methods(["GET", "POST"])
def closure(request, code):
    case = get_case(request, code, "crisis_cells.request_closure")
    form = ClosureForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.request_closure(user=request.user, case=case, **d),
        title=_("Propose closing the case"), submit=_("Send for approval"),
        anchor="manage", success=_("Closure sent to the in-charge for approval."),
    )


@permissions.permission_required("crisis_cells.approve_closure")
@require_http_methods(["GET", "POST"])
def closure_decide(request, code):
    case = get_case(request, code, "crisis_cells.approve_closure")
    try:
        pending = access.access_pending_closure(user=request.user, case=case)
    except NotFound:
        return redirect("crisis_cells:case", code=case.code)
    form = ClosureDecisionForm(request.POST or None)

    def perform(d):
        if d["decision"] == "approve":
            return services.approve_closure(user=request.user, request=pending,
                                            note=d["note"])
        return services.return_closure(user=request.user, request=pending, note=d["note"])

    return case_form_page(
        request, case, form=form, perform=perform,
        title=_("Decide on closing"), submit=_("Record the decision"), anchor="manage",
        success=_("Decision recorded."),
        intro=_("Proposed outcome: %(outcome)s. %(note)s") % {
            "outcome": pending.get_outcome_display(), "note": pending.note},
    )

