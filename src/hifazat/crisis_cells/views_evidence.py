"""Screens of forensic evidence: collecting an item, its printable label (code and QR),
and each hand-over of the chain of custody with its tamper-evident hash."""

from __future__ import annotations

import segno
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hifazat.core import permissions
from hifazat.crisis_cells import access, selectors, services
from hifazat.crisis_cells.case_pages import VIEW, case_form_page, get_case, run_form
from hifazat.crisis_cells.forms import CustodyForm, EvidenceForm
from hifazat.crisis_cells.models import CustodyStep, EvidenceItem

# The order of the chain; the form proposes the step after the item's last one.
STEP_ORDER = [s for s, _label in CustodyStep.choices]


def _item(request, case, label: str) -> EvidenceItem:
    return access.access_evidence_item(user=request.user, case=case, label=label)


def _record_step(user, item, data):
    """The laboratory's result is its own service (it attaches the result to the case)."""
    if data["step"] == CustodyStep.RESULT:
        return services.record_lab_result(user=user, item=item, result=data["result"],
                                          at=data["at"])
    return services.record_custody(
        user=user, item=item, step=data["step"], at=data["at"],
        handed_to=data["handed_to"], seal_intact=data["seal_intact"], note=data["note"])


@permissions.permission_required("crisis_cells.handle_evidence")
@require_http_methods(["GET", "POST"])
def evidence_new(request, code):
    case = get_case(request, code, "crisis_cells.handle_evidence")
    form = EvidenceForm(request.POST or None)
    return case_form_page(
        request, case, form=form,
        perform=lambda d: services.collect_evidence(user=request.user, case=case, **d),
        title=_("Add an evidence item"), submit=_("Save and make the label"),
        anchor="evidence", success=_("Evidence item saved. Print its label now."),
        intro=_("Each item gets its own label code. Forensic samples and photographs need "
                "the survivor's consent."),
        redirect_to=lambda item: reverse("crisis_cells:evidence_label",
                                         args=[case.code, item.label_code]),
    )


@permissions.permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def evidence_item(request, code, label):
    case = get_case(request, code)
    item = _item(request, case, label)
    chain = list(selectors.custody_chain(item))
    may_handle = permissions.can(request.user, "crisis_cells.handle_evidence", case)
    if request.method == "POST" and not may_handle:
        permissions.require(request.user, "crisis_cells.handle_evidence", case)
    last = STEP_ORDER.index(item.status) if item.status in STEP_ORDER else 0
    next_step = STEP_ORDER[last + 1] if last + 1 < len(STEP_ORDER) else None
    form = CustodyForm(request.POST or None, next_step=next_step)
    return run_form(
        request, form=form,
        perform=lambda d: _record_step(request.user, item, d),
        success=_("Hand-over recorded."),
        redirect_to=reverse("crisis_cells:evidence_item", args=[case.code, item.label_code]),
        template="crisis_cells/evidence_item.html",
        context={"case": case, "item": item, "chain": chain, "may_handle": may_handle,
                 "next_step": next_step, "title": item.label_code},
    )


@permissions.permission_required(VIEW)
def evidence_label(request, code, label):
    """A printable label: the item's code as text and as a QR code (inline SVG)."""
    case = get_case(request, code)
    item = _item(request, case, label)
    qr_svg = segno.make(item.label_code, error="m").svg_inline(scale=4, dark="#000000")
    return render(request, "crisis_cells/evidence_label.html",
                  {"case": case, "item": item, "qr_svg": qr_svg,
                   "title": _("Evidence label")})
