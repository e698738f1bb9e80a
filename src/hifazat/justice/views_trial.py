"""The Special Court's forms (charge, hearings and their outcome, witnesses with summons
and attendance, the survivor's protection, the verdict) and appeals. Each form is its
own page (POST-redirect-GET); a domain error is shown next to its field."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hifazat.core import permissions
from hifazat.core.errors import NotFound
from hifazat.justice import access, services
from hifazat.justice.case_pages import case_form_page, get_case
from hifazat.justice.forms import (
    AppealDecisionForm,
    AppealForm,
    AttendanceForm,
    ChargeForm,
    HearingForm,
    HearingOutcomeForm,
    ProtectionForm,
    SummonsForm,
    VerdictForm,
    WitnessForm,
)
from hifazat.justice.models import Appeal, Hearing

TRIAL = "justice.conduct_trial"
APPEAL = "justice.record_appeal"


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def charge(request, case_id: int):
    case = get_case(request, case_id, TRIAL)
    form = ChargeForm(request.POST or None,
                      initial={"sections": [s.code for s in case.fir.sections.all()]})
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.frame_charge(user=request.user, case=case, **d),
        title=_("Frame the charge"), submit=_("Frame the charge"), anchor="trial",
        success=_("Charge framed. The trial period runs from today's date of charge."),
        intro=_("The FIR's sections are proposed; the charge may differ."))


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def hearing_new(request, case_id: int):
    case = get_case(request, case_id, TRIAL)
    form = HearingForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.schedule_hearing(user=request.user, case=case, **d),
        title=_("Schedule a hearing"), submit=_("Schedule"), anchor="hearings",
        success=_("Hearing scheduled. The cell is told the date."))


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def hearing_outcome(request, case_id: int, hearing_id: int):
    case = get_case(request, case_id, TRIAL)
    hearing = access.access_hearing(user=request.user, case=case, hearing_id=hearing_id)
    if hearing.outcome != Hearing.Outcome.SCHEDULED:
        raise NotFound
    form = HearingOutcomeForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_hearing(user=request.user, case=case,
                                                  hearing=hearing, **d),
        title=_("Record the hearing's outcome"), submit=_("Record"), anchor="hearings",
        success=_("Hearing recorded."),
        extra={"subject": f"{hearing.on.isoformat()} · {hearing.get_purpose_display()}"})


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def witness_new(request, case_id: int):
    case = get_case(request, case_id, TRIAL)
    form = WitnessForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.add_witness(user=request.user, case=case, **d),
        title=_("Add a witness"), submit=_("Add"), anchor="witnesses",
        success=_("Witness listed."))


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def summons(request, case_id: int, witness_id: int):
    case = get_case(request, case_id, TRIAL)
    witness = access.access_witness(user=request.user, case=case, witness_id=witness_id)
    hearings = case.hearings.filter(outcome=Hearing.Outcome.SCHEDULED).order_by("on")
    form = SummonsForm(request.POST or None, hearings=hearings)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.summon_witness(user=request.user, case=case,
                                                  witness=witness, hearing=form.chosen_hearing,
                                                  issued_on=d["issued_on"]),
        title=_("Summon a witness"), submit=_("Record the summons"), anchor="witnesses",
        success=_("Summons recorded."), extra={"subject": witness.label})


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def attendance(request, case_id: int, witness_id: int):
    case = get_case(request, case_id, TRIAL)
    witness = access.access_witness(user=request.user, case=case, witness_id=witness_id)
    form = AttendanceForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_attendance(user=request.user, case=case,
                                                     witness=witness, **d),
        title=_("Record the witness's attendance"), submit=_("Record"), anchor="witnesses",
        success=_("Attendance recorded."), extra={"subject": witness.label})


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def protection(request, case_id: int):
    case = get_case(request, case_id, TRIAL)
    form = ProtectionForm(request.POST or None, initial={
        n: getattr(case, n) for n in services.PROTECTIONS})
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.set_protection(user=request.user, case=case, **d),
        title=_("The survivor's protection at trial"), submit=_("Save"), anchor="trial",
        success=_("Protection measures saved."))


@permissions.permission_required(TRIAL)
@require_http_methods(["GET", "POST"])
def verdict(request, case_id: int):
    case = get_case(request, case_id, TRIAL)
    suspects = list(case.fir.suspects.order_by("pk"))
    form = VerdictForm(request.POST or None, suspects=suspects)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_verdict(
            user=request.user, case=case, outcome=d["outcome"],
            decided_on=d["decided_on"], sentences=form.sentences()),
        title=_("Record the verdict"), submit=_("Record the verdict"), anchor="verdict",
        success=_("Verdict recorded. Each conviction is proposed to the register and "
                  "awaits NPB verification."),
        intro=_("Tick each convicted accused and give the sections and the sentence; "
                "accused not ticked are acquitted."),
        template="justice/verdict_form.html")


@permissions.permission_required(APPEAL)
@require_http_methods(["GET", "POST"])
def appeal_new(request, case_id: int):
    case = get_case(request, case_id, APPEAL)
    form = AppealForm(request.POST or None, suspects=case.fir.suspects.order_by("pk"))
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.file_appeal(user=request.user, case=case,
                                               suspect=form.chosen, forum=d["forum"],
                                               filed_on=d["filed_on"]),
        title=_("File an appeal"), submit=_("Record the appeal"), anchor="appeals",
        success=_("Appeal recorded."))


@permissions.permission_required(APPEAL)
@require_http_methods(["GET", "POST"])
def appeal_decide(request, case_id: int, appeal_id: int):
    case = get_case(request, case_id, APPEAL)
    appeal = access.access_appeal(user=request.user, case=case, appeal_id=appeal_id)
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise NotFound
    form = AppealDecisionForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.decide_appeal(user=request.user, case=case,
                                                 appeal=appeal, **d),
        title=_("Record the appeal's decision"), submit=_("Record the decision"),
        anchor="appeals", success=_("Appeal decision recorded."),
        extra={"subject": appeal.forum})
