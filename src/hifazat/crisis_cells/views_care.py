"""Screens of the survivor's care: the incident, consent per use, medical care with the
clinical windows, the medico-legal examination and its printable bilingual report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hifazat.core import permissions
from hifazat.core.pdf import render_pdf
from hifazat.crisis_cells import selectors, services
from hifazat.crisis_cells.errors import CellError
from hifazat.crisis_cells.forms import (
    ConsentForm,
    ExamForm,
    IncidentForm,
    MedicalForm,
    WithdrawConsentForm,
)
from hifazat.crisis_cells.models import ConsentUse
from hifazat.crisis_cells.views_common import (
    case_form_page,
    case_url,
    clinical_windows,
    consent_rows,
    get_case,
)


@permissions.permission_required("crisis_cells.update_case")
@require_http_methods(["GET", "POST"])
def incident(request, code):
    case = get_case(request, code, "crisis_cells.update_case")
    existing = getattr(case, "incident", None)
    initial = {}
    if existing is not None:
        initial = {"occurred_at": timezone.localtime(existing.occurred_at),
                   "kind": existing.kind, "district": existing.district_id,
                   "relationship": existing.relationship,
                   "perpetrator_count": existing.perpetrator_count,
                   "perpetrator_particulars": existing.perpetrator_particulars}
    elif case.cell.district_id:
        initial = {"district": case.cell.district_id}
    form = IncidentForm(request.POST or None, initial=initial)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_incident(user=request.user, case=case, **d),
        title=_("Incident"), submit=_("Save the incident"), anchor="incident",
        success=_("Incident saved. The clinical windows are counted from its time."),
        intro=_("When and where it happened, and who is alleged. The particulars of the "
                "alleged perpetrator are kept for the FIR and never leave the cell."),
    )


@permissions.permission_required("crisis_cells.record_consent")
@require_http_methods(["GET", "POST"])
def consent(request, code):
    case = get_case(request, code, "crisis_cells.record_consent")
    initial = {"use": request.GET.get("use", "")[:30],
               "given_by": "guardian" if case.is_child else "survivor"}
    form = ConsentForm(request.POST or None, initial=initial)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_consent(user=request.user, case=case, **d),
        title=_("Consent"), submit=_("Record the decision"), anchor="consent",
        success=_("Decision recorded."),
        intro=_("Ask about each use separately. A decision can be changed or withdrawn at "
                "any time; a withdrawal stops future sharing from then on."),
        extra={"consent_rows": consent_rows(case), "show_consents": True,
               "can": {"record_consent": True}},
    )


@permissions.permission_required("crisis_cells.record_consent")
@require_POST
def withdraw_consent(request, code):
    case = get_case(request, code, "crisis_cells.record_consent")
    form = WithdrawConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which consent to withdraw."))
        return redirect(case_url(case, "consent"))
    try:
        services.withdraw_consent(user=request.user, case=case, **form.cleaned_data)
    except CellError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Consent withdrawn: %(use)s. Nothing more is shared for "
                                    "this use from now on.")
                         % {"use": ConsentUse(form.cleaned_data["use"]).label})
    return redirect(case_url(case, "consent"))


@permissions.permission_required("crisis_cells.record_medical")
@require_http_methods(["GET", "POST"])
def medical(request, code):
    case = get_case(request, code, "crisis_cells.record_medical")
    initial = {"kind": request.GET.get("kind", "")[:30]}
    form = MedicalForm(request.POST or None, initial=initial)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_medical_entry(user=request.user, case=case, **d),
        title=_("Medical care"), submit=_("Save"), anchor="medical",
        success=_("Medical care recorded."),
        extra={"windows": clinical_windows(case), "show_windows": True},
    )


@permissions.permission_required("crisis_cells.examine")
@require_http_methods(["GET", "POST"])
def exam(request, code):
    case = get_case(request, code, "crisis_cells.examine")
    form = ExamForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_medico_legal_exam(user=request.user, case=case,
                                                            **d),
        title=_("Medico-legal examination"), submit=_("Save the examination"),
        anchor="exam", success=_("Examination recorded. The report can be printed now."),
        intro=_("Examined with consent, by a women medico-legal officer where the survivor "
                "is female, with a chaperone present. The two-finger (virginity) test is "
                "prohibited by the Anti-Rape (Investigation and Trial) Act 2021 and has no "
                "place here."),
    )


@permissions.permission_required("crisis_cells.examine")
def exam_report(request, code, exam_id: int):
    """The bilingual medico-legal report as a PDF, watermarked with who printed it."""
    case = get_case(request, code)
    report = selectors.medico_legal_report(user=request.user, case=case, exam_id=exam_id)
    stamp = _("Printed by %(user)s, %(when)s, for survivor care") % {
        "user": request.user.get_username(),
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    pdf = render_pdf("crisis_cells/report_pdf.html", {"case": case, **report},
                     watermark=stamp)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="medico-legal-{case.code}-{exam_id}.pdf"')
    response["Cache-Control"] = "no-store"
    return response
