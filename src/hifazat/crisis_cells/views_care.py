"""Screens of the survivor's care: the incident, consent per use, medical care with the
clinical windows, the medico-legal examination and its printable bilingual report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hifazat.accounts import selectors as accounts
from hifazat.core import formats, permissions
from hifazat.core.pdf import render_pdf
from hifazat.crisis_cells import access, policy, selectors, services
from hifazat.crisis_cells.case_display import clinical_windows, consent_rows
from hifazat.crisis_cells.case_pages import case_form_page, case_url, get_case
from hifazat.crisis_cells.forms import (
    ConsentForm,
    ExamForm,
    IncidentForm,
    MedicalForm,
    WithdrawConsentForm,
)
from hifazat.crisis_cells.models import (
    ArrivalRoute,
    ConsentUse,
    EvidenceItem,
    IncidentType,
    Sex,
)
from hifazat.notices import kinds as notice_kinds


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


# What stops from now on when a consent is withdrawn: the services that require it
# (``require_consent``). What was already done or shared stays recorded.
WHAT_STOPS = {
    ConsentUse.MEDICAL_EXAMINATION: [gettext_lazy("Recording a medico-legal examination")],
    ConsentUse.FORENSIC_SAMPLES: [gettext_lazy("Collecting forensic samples as evidence")],
    ConsentUse.PHOTOGRAPHS: [gettext_lazy("Taking photographs as evidence")],
    ConsentUse.POLICE_REPORT: [
        gettext_lazy("Referring the case to a police station for an FIR"),
        gettext_lazy("Referring cyber harassment to the cyber-crime agency"),
        gettext_lazy("The investigating officer reading the forensic results")],
    ConsentUse.PROSECUTION_SHARING: [
        gettext_lazy("Telling a prosecution office that this cell holds the report and "
                     "evidence"),
        gettext_lazy("The case's prosecutor reading the medico-legal report and the "
                     "evidence list")],
    ConsentUse.CASE_UPDATES: [
        gettext_lazy("Passing on hearing dates, the verdict and the offender's release "
                     "to the survivor")],
    ConsentUse.ANONYMOUS_STATISTICS: [
        gettext_lazy("Counting the case in the anonymous statistics for oversight")],
}


@permissions.permission_required("crisis_cells.record_consent")
@require_http_methods(["GET", "POST"])
def withdraw_consent(request, code):
    """Withdrawing a consent is confirmed on its own page, with a reason, after reading
    what stops; a GET shows that page."""
    case = get_case(request, code, "crisis_cells.record_consent")
    use = (request.POST.get("use") or request.GET.get("use") or "")[:30]
    given = [row for row in consent_rows(case)
             if row["consent"] is not None and row["consent"].is_given]
    if not given:
        messages.info(request, _("No consent is given on this case: there is nothing to "
                                 "withdraw."))
        return redirect(case_url(case, "consent"))
    # From a row's "Withdraw" link: that use only; otherwise every use given.
    offered = [row for row in given if row["use"] == use] or given
    form = WithdrawConsentForm(request.POST or None, initial={"use": use},
                               uses=[(row["use"], row["label"]) for row in offered])
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.withdraw_consent(user=request.user, case=case,
                                                    use=d["use"], note=d["reason"]),
        title=_("Withdraw consent"), submit=_("Withdraw the consent"), anchor="consent",
        success=_("Consent withdrawn. Nothing more is done or shared for this use from now "
                  "on."),
        intro=_("The survivor (or her guardian) may withdraw a consent at any time. What was "
                "already done or shared stays recorded; from now on it stops."),
        extra={"what_stops": [(row["label"], WHAT_STOPS.get(row["use"], []))
                              for row in offered]},
        template="crisis_cells/consent_withdraw.html",
    )


@permissions.permission_required("crisis_cells.record_medical")
@require_http_methods(["GET", "POST"])
def medical(request, code):
    case = get_case(request, code, "crisis_cells.record_medical")
    initial = {"kind": request.GET.get("kind", "")[:30]}
    form = MedicalForm(request.POST or None, initial=initial)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_medical_care(user=request.user, case=case, **d),
        title=_("Medical care"), submit=_("Save"), anchor="medical",
        success=_("Medical care recorded."),
        extra={"windows": clinical_windows(case), "show_windows": True},
    )


@permissions.permission_required("crisis_cells.examine")
@require_http_methods(["GET", "POST"])
def exam(request, code):
    case = get_case(request, code)
    if policy.examination_needs_wmlo(request.user, case):
        # Act: a female survivor is examined by a women medico-legal officer. Say so,
        # name who can, and offer the hand-over (403: nothing was done).
        return render(request, "crisis_cells/exam_needs_wmlo.html", {
            "case": case, "title": _("A woman medico-legal officer must examine her"),
            "officers": accounts.staff_holding(agency_id=case.cell_id, roles=[policy.WMLO]),
        }, status=403)
    permissions.require(request.user, "crisis_cells.examine", case)
    form = ExamForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.record_medico_legal_exam(
            user=request.user, case=case, samples=form.sample_list, **form.exam_fields),
        title=_("Medico-legal examination"), submit=_("Save the examination"),
        anchor="exam", success=_("Examination recorded. The report can be printed now."),
        intro=_("Examined with consent, by a women medico-legal officer where the survivor "
                "is female, with a chaperone present. The two-finger (virginity) test is "
                "prohibited by the Anti-Rape (Investigation and Trial) Act 2021 and has no "
                "place here."),
    )


@permissions.permission_required("crisis_cells.view_case")
def exam_report(request, code, exam_id: int):
    """The bilingual medico-legal report as a PDF for the cell's clinicians, watermarked
    with who printed it and when. Without identity unless asked for (``?identity=1``,
    then audited)."""
    case = get_case(request, code, "crisis_cells.record_medical")
    exam_row = access.access_exam(user=request.user, case=case, exam_id=exam_id,
                                  action="crisis_cells.record_medical")
    with_identity = request.GET.get("identity") == "1" and permissions.can(
        request.user, "crisis_cells.view_identity", case)
    report = selectors.medico_legal_report(user=request.user, exam=exam_row,
                                           include_identity=with_identity)
    stamp = _("Printed by %(user)s, %(when)s, for survivor care") % {
        "user": request.user.get_username(),
        "when": formats.when(timezone.now())}
    pdf = render_pdf("crisis_cells/report_pdf.html", {"r": report, **_report_labels(report)},
                     watermark=stamp)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="medico-legal-{case.code}-{exam_id}.pdf"')
    response["Cache-Control"] = "no-store"
    return response


def _both(label) -> dict:
    """A label in English and in Urdu, whatever the reader's language."""
    return notice_kinds.bilingual_label(label)


# Every heading of the medico-legal report, printed in English and Urdu together.
REPORT_LABELS = {
    "title": gettext_lazy("Medico-legal report"),
    "confidential": gettext_lazy(
        "Confidential. For the survivor's care, the police investigation and "
        "the court only."),
    "case_code": gettext_lazy("Case code"),
    "cell": gettext_lazy("Crisis cell"),
    "hospital": gettext_lazy("Hospital"),
    "survivor": gettext_lazy("Survivor"),
    "name": gettext_lazy("Name"),
    "cnic": gettext_lazy("CNIC"),
    "age": gettext_lazy("Age (years)"),
    "sex": gettext_lazy("Sex"),
    "child": gettext_lazy("Child (under 18)"),
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "not_known": gettext_lazy("Not known"),
    "arrived": gettext_lazy("Arrived at"),
    "route": gettext_lazy("How the survivor arrived"),
    "incident": gettext_lazy("Incident"),
    "incident_at": gettext_lazy("Date and time of the incident"),
    "type": gettext_lazy("Type"),
    "district": gettext_lazy("District"),
    "exam": gettext_lazy("Examination"),
    "examined_at": gettext_lazy("Examined at"),
    "examiner": gettext_lazy("Examiner"),
    "chaperone": gettext_lazy("Chaperone"),
    "general": gettext_lazy("General examination findings"),
    "injuries": gettext_lazy("Injuries"),
    "opinion": gettext_lazy("Medico-legal opinion"),
    "samples": gettext_lazy("Samples collected"),
    "label": gettext_lazy("Label"),
    "kind": gettext_lazy("Kind"),
    "collected": gettext_lazy("Collected at"),
    "none": gettext_lazy("None"),
    "consent": gettext_lazy("Consent"),
    "given": gettext_lazy("Given"),
    "refused": gettext_lazy("Refused"),
    "not_asked": gettext_lazy("Not asked"),
    "act": gettext_lazy(
        "No two-finger (virginity) test was performed: it is prohibited by the "
        "Anti-Rape (Investigation and Trial) Act 2021."),
    "signature": gettext_lazy("Signature of the examiner"),
    "chaperone_signature": gettext_lazy("Signature of the chaperone"),
    "stamp": gettext_lazy("Stamp of the hospital"),
}


def _report_labels(report: dict) -> dict:
    """The report's headings and coded values (type, sex, sample kind...) in both
    languages."""
    incident = report.get("incident") or {}
    return {
        "L": {key: _both(label) for key, label in REPORT_LABELS.items()},
        "kind": _both(IncidentType(incident["kind"]).label) if incident else None,
        "sex": _both(Sex(report["survivor"]["sex"]).label),
        "route": _both(ArrivalRoute(report["survivor"]["arrival_route"]).label),
        "samples": [{**s, "kind_label": _both(EvidenceItem.Kind(s["kind"]).label)}
                    for s in report["samples"]],
        "consent_rows": [
            {"label": _both(ConsentUse(use).label), "is_given": given}
            for use, given in report["consents"].items()],
    }
