"""Screens of the survivor's support: counselling, legal guidance, shelter, follow-ups,
and at Violence Against Women Centres mediation and protection orders; cyber
harassment with private evidence files (encrypted on disk, hash shown, downloaded only
by who the policy allows, audited, as an attachment)."""

from __future__ import annotations

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from hifazat.core import permissions
from hifazat.core.errors import DomainError, NotFound
from hifazat.crisis_cells import access, services
from hifazat.crisis_cells.case_pages import case_form_page, get_case, run_form
from hifazat.crisis_cells.forms import (
    CounsellingForm,
    CyberFileForm,
    CyberForm,
    CyberStatusForm,
    FollowUpDoneForm,
    FollowUpForm,
    LegalForm,
    MediationForm,
    ProtectionOrderForm,
    ProtectionOrderStatusForm,
    ShelterForm,
    ShelterStatusForm,
)


def _simple(request, code, *, action, form_class, service, title, submit, anchor, success,
            intro=""):
    case = get_case(request, code, action)
    form = form_class(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: service(user=request.user, case=case, **d),
        title=title, submit=submit, anchor=anchor, success=success, intro=intro,
    )


@permissions.permission_required("crisis_cells.record_counselling")
@require_http_methods(["GET", "POST"])
def counselling(request, code):
    return _simple(request, code, action="crisis_cells.record_counselling",
                   form_class=CounsellingForm, service=services.record_counselling,
                   title=_("Counselling session"), submit=_("Save the session"),
                   anchor="support", success=_("Counselling session recorded."))


@permissions.permission_required("crisis_cells.record_legal")
@require_http_methods(["GET", "POST"])
def legal(request, code):
    return _simple(request, code, action="crisis_cells.record_legal", form_class=LegalForm,
                   service=services.record_legal_guidance, title=_("Legal guidance"),
                   submit=_("Save"), anchor="support", success=_("Legal guidance recorded."))


@permissions.permission_required("crisis_cells.record_follow_up")
@require_http_methods(["GET", "POST"])
def shelter(request, code):
    return _simple(request, code, action="crisis_cells.record_follow_up",
                   form_class=ShelterForm, service=services.refer_to_shelter,
                   title=_("Shelter referral"), submit=_("Refer"), anchor="support",
                   success=_("Shelter referral recorded."))


@permissions.permission_required("crisis_cells.record_follow_up")
@require_http_methods(["GET", "POST"])
def follow_up(request, code):
    return _simple(request, code, action="crisis_cells.record_follow_up",
                   form_class=FollowUpForm, service=services.plan_follow_up,
                   title=_("Plan a follow-up"), submit=_("Plan"), anchor="follow-ups",
                   success=_("Follow-up planned."))


@permissions.permission_required("crisis_cells.record_follow_up")
@require_http_methods(["GET", "POST"])
def follow_up_done(request, code, pk: int):
    case = get_case(request, code, "crisis_cells.record_follow_up")
    item = access.access_follow_up(user=request.user, case=case, follow_up_id=pk)
    form = FollowUpDoneForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.complete_follow_up(user=request.user, follow_up=item,
                                                      **d),
        title=_("Follow-up done"), submit=_("Mark done"), anchor="follow-ups",
        success=_("Follow-up marked done."), intro=f"{item.get_kind_display()}: "
                                                    f"{item.description}",
    )


@permissions.permission_required("crisis_cells.record_mediation")
@require_http_methods(["GET", "POST"])
def mediation(request, code):
    return _simple(request, code, action="crisis_cells.record_mediation",
                   form_class=MediationForm, service=services.record_mediation,
                   title=_("Mediation session"), submit=_("Save the session"),
                   anchor="support", success=_("Mediation session recorded."))


@permissions.permission_required("crisis_cells.record_mediation")
@require_http_methods(["GET", "POST"])
def protection_order(request, code):
    return _simple(request, code, action="crisis_cells.record_mediation",
                   form_class=ProtectionOrderForm, service=services.record_protection_order,
                   title=_("Protection order"), submit=_("Save"), anchor="support",
                   success=_("Protection order recorded."))


@permissions.permission_required("crisis_cells.record_cyber")
@require_http_methods(["GET", "POST"])
def cyber(request, code):
    """The cyber-harassment report (PECA 2016) and, once it exists, its evidence files."""
    case = get_case(request, code, "crisis_cells.record_cyber")
    try:
        report = access.access_cyber_report(user=request.user, case=case)
    except NotFound:
        report = None  # not recorded yet: the form records it
    if report is not None:
        initial = {"platform": report.platform, "platform_other": report.platform_other,
                   "account_identifiers": report.account_identifiers,
                   "referred_to": report.referred_to,
                   "referral_reference": report.referral_reference}
    else:
        initial = {}
    form = CyberForm(request.POST or None, initial=initial, prefix="report")
    return run_form(
        request, form=form,
        perform=lambda d: services.record_cyber_report(user=request.user, case=case, **d),
        success=_("Cyber-harassment report saved."),
        redirect_to=reverse("crisis_cells:cyber", args=[case.code]),
        template="crisis_cells/cyber.html",
        context={"case": case, "report": report, "title": _("Cyber harassment"),
                 "file_form": CyberFileForm(prefix="file"),
                 "status_form": CyberStatusForm(
                     prefix="status", initial={"status": report.status if report else ""}),
                 "files": report.files.order_by("uploaded_at") if report else [],
                 "may_download": _may_download(request.user, case)},
    )


def _may_download(user, case) -> bool:
    return permissions.can(user, access.DOWNLOAD_EVIDENCE, case)


@permissions.permission_required(access.DOWNLOAD_EVIDENCE)
@require_GET
@never_cache
def cyber_file_download(request, code, file_id: int):
    """One evidence file as an attachment, decrypted while it streams; only for who the
    policy allows (``NotFound`` otherwise, also for another cell's case); audited
    (``crisis_cells.evidence_downloaded``) by ``access.access_cyber_evidence``."""
    case = get_case(request, code)
    evidence = access.access_cyber_evidence(user=request.user, case=case, file_id=file_id)
    chunks = services.cyber_evidence_chunks(evidence)
    first = next(chunks, b"")  # a key or framing error is a 500 here, not a cut download
    response = StreamingHttpResponse(
        _stream(first, chunks),
        content_type=evidence.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        True, services.download_name(evidence))
    response["Content-Length"] = str(evidence.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _stream(first: bytes, rest):
    try:
        yield first
        yield from rest
    finally:
        rest.close()


@permissions.permission_required("crisis_cells.record_cyber")
@require_http_methods(["POST"])
def cyber_file(request, code):
    """Upload one evidence file: stored privately under a random name, hash shown."""
    case = get_case(request, code, "crisis_cells.record_cyber")
    report = access.access_cyber_report(user=request.user, case=case)
    form = CyberFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        try:
            services.add_cyber_evidence(user=request.user, report=report,
                                        upload=form.cleaned_data["file"],
                                        description=form.cleaned_data["description"])
        except DomainError as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("File stored privately. Its SHA-256 hash is listed "
                                        "below."))
            return redirect(reverse("crisis_cells:cyber", args=[case.code]) + "#files")
    return render(request, "crisis_cells/cyber.html", {
        "case": case, "report": report, "title": _("Cyber harassment"),
        "form": CyberForm(prefix="report", initial={"platform": report.platform}),
        "file_form": form, "files": report.files.order_by("uploaded_at"),
        "may_download": _may_download(request.user, case),
        "status_form": CyberStatusForm(prefix="status", initial={"status": report.status})},
        status=400)


@permissions.permission_required("crisis_cells.update_case")
@require_http_methods(["GET", "POST"])
def shelter_status(request, code, pk: int):
    case = get_case(request, code, "crisis_cells.update_case")
    referral = access.access_shelter_referral(user=request.user, case=case, referral_id=pk)
    form = ShelterStatusForm(request.POST or None, initial={"status": referral.status})
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.update_shelter_referral(user=request.user,
                                                           referral=referral, **d),
        title=_("Shelter referral"), submit=_("Save"), anchor="support",
        success=_("Shelter referral updated."), intro=referral.shelter,
    )


@permissions.permission_required("crisis_cells.record_mediation")
@require_http_methods(["GET", "POST"])
def protection_order_status(request, code, pk: int):
    case = get_case(request, code, "crisis_cells.record_mediation")
    order = access.access_protection_order(user=request.user, case=case, order_id=pk)
    form = ProtectionOrderStatusForm(request.POST or None, initial={
        "status": order.status, "granted_on": order.granted_on,
        "expires_on": order.expires_on})
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.update_protection_order(user=request.user, order=order,
                                                           **d),
        title=_("Protection order"), submit=_("Save"), anchor="support",
        success=_("Protection order updated."), intro=order.court,
    )


@permissions.permission_required("crisis_cells.record_cyber")
@require_http_methods(["POST"])
def cyber_status(request, code):
    case = get_case(request, code, "crisis_cells.record_cyber")
    report = access.access_cyber_report(user=request.user, case=case)
    form = CyberStatusForm(request.POST, prefix="status")
    if form.is_valid():
        try:
            services.update_cyber_status(user=request.user, report=report,
                                         status=form.cleaned_data["status"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Status updated."))
    else:
        messages.error(request, _("Choose one of the listed options."))
    return redirect(reverse("crisis_cells:cyber", args=[case.code]))
