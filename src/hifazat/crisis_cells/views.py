"""Thin views of the cell's own screens: the dashboard, the case list, intake, the case
page and the survivor's identity behind an explicit, audited action. Rules live in
policy.py, writes in the services, reads in the selectors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hifazat.core import permissions
from hifazat.crisis_cells import policy, selectors, services
from hifazat.crisis_cells.case_display import clinical_windows, consent_rows, timeline_rows
from hifazat.crisis_cells.case_pages import VIEW, case_form_page, get_case, run_form
from hifazat.crisis_cells.errors import CellError
from hifazat.crisis_cells.forms import (
    CaseFilterForm,
    IdentityForm,
    IntakeForm,
    ReturningSearchForm,
)

PAGE_SIZE = 25
DASHBOARD_ROWS = 8


@permissions.permission_required("crisis_cells.view_dashboard")
def dashboard(request):
    board = selectors.dashboard(request.user, limit=DASHBOARD_ROWS)
    # Two queries for the newest cases' incident and assignee, not two per row.
    prefetch_related_objects(board["open_cases"]["rows"], "incident", "assigned_to")
    windows = [(case, clinical_windows(case)) for case in board["clinical_windows"]["rows"]]
    # The window closing soonest leads (an urgent PEP before an EC with days left).
    windows.sort(key=lambda row: min(
        (w.closes_at for w in row[1] if w.state == "running"), default=row[0].incident_at))
    return render(request, "crisis_cells/dashboard.html", {
        "board": board, "windows": windows,
    })


@permissions.permission_required(VIEW)
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    code = filters.get("q") or ""
    status = filters.get("status") or None
    mine = request.user if filters.get("mine") else None
    cases = selectors.case_list(request.user, status=status, assigned_to=mine, query=code)
    cases = cases.select_related("incident", "assigned_to")
    if filters.get("kind"):
        cases = cases.filter(incident__kind=filters["kind"])
    page = Paginator(cases, PAGE_SIZE, allow_empty_first_page=True).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "crisis_cells/case_list.html",
                  {"form": form, "page": page, "query": query.urlencode()},
                  status=400 if form.errors else 200)


@permissions.permission_required("crisis_cells.open_case")
@require_http_methods(["GET", "POST"])
def intake(request):
    form = IntakeForm(request.POST or None)

    def perform(data):
        return services.open_case(
            user=request.user, arrived_at=data["arrived_at"],
            arrival_route=data["arrival_route"], sex=data["sex"], age=data["age"],
            has_disability=data["has_disability"], disability_note=data["disability_note"],
            language=data["language"], guardian=form.guardian, **form.identity,
        )

    return run_form(
        request, form=form, perform=perform, success="",
        redirect_to=lambda case: reverse("crisis_cells:opened", args=[case.code]),
        template="crisis_cells/intake.html", context={},
    )


@permissions.permission_required(VIEW)
def opened(request, code):
    case = get_case(request, code)
    return render(request, "crisis_cells/opened.html", {"case": case})


@permissions.permission_required(VIEW)
def case_detail(request, code):
    case = get_case(request, code)
    return render(request, "crisis_cells/case_detail.html", {
        "case": case, "o": _overview(request.user, case), "windows": clinical_windows(case),
        "consent_rows": consent_rows(case), "timeline": timeline_rows(request.user, case),
        "can": _allowed(request.user, case),
    })


CASE_ACTIONS = (
    "view_identity", "update_case", "record_consent", "record_medical", "examine",
    "handle_evidence", "record_counselling", "record_legal", "record_mediation",
    "record_follow_up", "record_cyber", "refer_fir", "share_with_prosecution",
    "request_closure", "approve_closure", "assign", "request_transfer",
)


def _allowed(user, case) -> dict[str, bool]:
    """What the user may do on this case; on a closed case only reading is offered."""
    allowed = {a: permissions.can(user, f"crisis_cells.{a}", case) for a in CASE_ACTIONS}
    # Printing the report is reading: clinicians may print it on a closed case too.
    print_report = allowed["record_medical"]
    if case.is_closed:
        allowed = {a: (ok and a == "view_identity") for a, ok in allowed.items()}
    allowed["print_report"] = print_report
    # A doctor on a female survivor's case: point to who examines her, not a dead end.
    allowed["exam_needs_wmlo"] = (not case.is_closed
                                  and policy.examination_needs_wmlo(user, case))
    return allowed


def _overview(user, case) -> dict:
    """Everything the case page lists, without identity (that is behind its own action)."""
    return {
        "incident": getattr(case, "incident", None),
        "medical": case.medical_entries.select_related("recorded_by").order_by("given_at"),
        "exams": case.medico_legal_exams.select_related("examiner"),
        "evidence": selectors.evidence_for_case(user, case),
        "counselling": case.counselling_sessions.select_related("counsellor"),
        "legal": case.legal_guidance.select_related("adviser"),
        "shelter": case.shelter_referrals.order_by("referred_at"),
        "follow_ups": case.follow_ups.select_related("assigned_to"),
        "overdue_follow_ups": list(selectors.overdue_follow_ups_of_case(case)),
        "mediation": case.mediation_sessions.select_related("mediator"),
        "protection_orders": case.protection_orders.order_by("applied_on"),
        "cyber": getattr(case, "cyber_report", None),
        "justice": selectors.justice_stages(case),
        "pending_transfer": case.transfers.filter(state="pending").select_related(
            "to_cell").first(),
        "pending_closure": case.closure_requests.filter(state="pending").select_related(
            "requested_by").first(),
    }


@permissions.permission_required("crisis_cells.view_identity")
@require_http_methods(["GET", "POST"])
def identity(request, code):
    """Identity only on an explicit action (POST), read through the audited selector; a
    GET (bookmark, refresh) never shows it and goes back to the case."""
    case = get_case(request, code, "crisis_cells.view_identity")
    if request.method != "POST":
        return redirect("crisis_cells:case", code=case.code)
    try:
        identity = selectors.survivor_identity(user=request.user, case=case)
    except CellError as exc:
        return render(request, "web/error.html",
                      {"status": 400, "title": _("Identity not shown"), "message": exc.message},
                      status=400)
    response = render(request, "crisis_cells/identity.html",
                      {"case": case, "identity": identity, "title": _("Identity")})
    response["Cache-Control"] = "no-store"
    return response



@permissions.permission_required("crisis_cells.update_case")
@require_http_methods(["GET", "POST"])
def identity_edit(request, code):
    """Correct the identity (and a child's guardian). Opening the form reads the current
    identity through the audited selector, like "show identity"."""
    case = get_case(request, code, "crisis_cells.update_case")
    initial = {}
    if request.method == "GET":
        current = selectors.survivor_identity(user=request.user, case=case)
        initial = {k: v for k, v in current.items() if k != "guardian"}
        if current["guardian"]:
            initial.update({f"guardian_{k}": v for k, v in current["guardian"].items()})
    form = IdentityForm(request.POST or None, initial=initial, is_child=case.is_child)

    def perform(data):
        services.update_identity(user=request.user, case=case, **form.identity)
        if form.guardian:
            services.record_guardian(user=request.user, case=case, **form.guardian)
        return case

    response = case_form_page(
        request, case, form=form, perform=perform, title=_("Correct the identity"),
        submit=_("Save the identity"), anchor="about", success=_("Identity saved."),
        intro=_("Confidential: only this cell's staff may see this. Your viewing has been "
                "recorded. Do not copy it into messages or notes."),
    )
    response["Cache-Control"] = "no-store"
    return response


# What a match at the user's own cell was found by (elsewhere: nothing but the cell and
# the month, see selectors.ReturningMatch).
MATCHED_ON = {
    "cnic": gettext_lazy("her CNIC"),
    "phone": gettext_lazy("her phone"),
    "guardian_cnic": gettext_lazy("her guardian's CNIC"),
    "guardian_phone": gettext_lazy("her guardian's phone"),
}


@permissions.permission_required(selectors.FIND_RETURNING,
                                 on_refused=selectors.record_returning_refusal)
@require_http_methods(["GET", "POST"])
def find_returning(request):
    """"Has she been here before?": the CNIC or phone is posted (never in a URL) and
    matched through the audited selector; the answer is not cached. A bad CNIC or phone
    is a message next to its field (400), never a 500."""
    form = ReturningSearchForm(request.POST if request.method == "POST" else None)
    matches = None
    if form.is_bound and form.is_valid():
        try:
            matches = selectors.find_returning(request.user, cnic=form.cleaned_data["cnic"],
                                               phone=form.cleaned_data["phone"])
        except CellError as exc:
            form.apply_error(exc)
    rows = None if matches is None else [
        (m, [MATCHED_ON[k] for k in m.matched_on]) for m in matches]
    response = render(request, "crisis_cells/returning.html", {
        "form": form, "rows": rows,
        "here": [r for r in rows or () if r[0].is_here],
        "elsewhere": [r[0] for r in rows or () if not r[0].is_here],
    }, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"
    return response
