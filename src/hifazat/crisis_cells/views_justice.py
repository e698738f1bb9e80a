"""What the cell shares with the court case its referral led to, read-only: the
prosecutor's page (the medico-legal report and the evidence list) and the investigating
officer's page (forensic evidence, chain of custody and laboratory results). Each is
allowed by ``policy`` (the justice role over the case, and the survivor's current
consent) and audited as a read by ``access.access_shared_records``; anyone else gets
the same 404 as for a missing code."""

from __future__ import annotations

from django.shortcuts import render

from hifazat.audit.purposes import Purpose
from hifazat.core import permissions
from hifazat.crisis_cells import access, selectors

FOR_PROSECUTION = "crisis_cells.view_records_for_prosecution"
FOR_INVESTIGATION = "crisis_cells.view_records_for_investigation"


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@permissions.permission_required(FOR_PROSECUTION)
def records_for_prosecution(request, code):
    case = access.access_shared_records(user=request.user, code=code,
                                        action=FOR_PROSECUTION, purpose=Purpose.PROSECUTION)
    return _no_store(render(request, "crisis_cells/records_for_prosecution.html", {
        "case": case, "r": selectors.records_for_prosecution(case),
        "justice": selectors.justice_stages(case)}))


@permissions.permission_required(FOR_INVESTIGATION)
def records_for_investigation(request, code):
    case = access.access_shared_records(user=request.user, code=code,
                                        action=FOR_INVESTIGATION,
                                        purpose=Purpose.INVESTIGATION)
    return _no_store(render(request, "crisis_cells/records_for_investigation.html", {
        "case": case, "items": selectors.records_for_investigation(case),
        "justice": selectors.justice_stages(case)}))
