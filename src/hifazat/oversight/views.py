"""The analyst page and its downloads. Aggregates only: nothing here links to, or
reads, a person-level record. Rules in policy.py, tables in indicators.py."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hifazat.core import permissions
from hifazat.oversight import charts, exports, gbvims, indicators, ranking, services
from hifazat.oversight.errors import BadInput
from hifazat.oversight.policy import analyst_provinces
from hifazat.places import selectors as places

FILTER_KEYS = ("period", "province", "district", "incident_type", "age_group")
RANK_KEY = "rank_by"


def _filters(request):
    reach = analyst_provinces(request.user)
    return reach, indicators.parse_filters(request.GET, reach=reach)


@require_GET
@permissions.permission_required("oversight.view")
def index(request):
    reach = analyst_provinces(request.user)
    provinces = places.provinces()
    districts = places.districts()
    if reach is not None:
        provinces = provinces.filter(pk__in=reach)
        districts = districts.filter(province_id__in=reach)
    context = {"provinces": provinces, "districts": districts,
               "gbv_types": gbvims.GBV_TYPES, "age_groups": indicators.AGE_GROUPS,
               "chosen": {k: request.GET.get(k, "") for k in FILTER_KEYS},
               "rank_by": request.GET.get(RANK_KEY, ""), "indicators": ranking.INDICATORS,
               "composite_min": ranking.COMPOSITE_MIN_PARTS,
               "filters": None, "tables": [], "charts": [], "ranking": None,
               "ranking_chart": None, "query": "", "problem": "",
               "last_run": services.last_run(),
               "can_refresh": permissions.can(request.user, "oversight.refresh")}
    status = 200
    try:
        filters = indicators.parse_filters(request.GET, reach=reach)
        indicator = ranking.parse_indicator(request.GET.get(RANK_KEY))
    except BadInput as exc:
        context["problem"] = exc.message
        status = 400
    else:
        tables = indicators.build(filters, reach=reach)
        ranked = ranking.rank(tables, indicator)
        drawn = charts.build(tables, filters, ranking=ranked)
        context.update(filters=filters, tables=tables, query=_query(filters), ranking=ranked,
                       charts=[c for c in drawn if c.name != "ranking"],
                       ranking_chart=next((c for c in drawn if c.name == "ranking"), None),
                       rank_by=indicator.slug)
        context["chosen"]["period"] = context["chosen"]["period"] or filters.period.label
    return render(request, "oversight/index.html", context, status=status)


def _query(filters) -> str:
    from urllib.parse import urlencode

    return urlencode(filters.query())


@require_GET
@permissions.permission_required("oversight.view")
def export(request, fmt: str):
    try:
        reach, filters = _filters(request)
        tables = indicators.build(filters, reach=reach)
        if request.GET.get("table"):
            tables = [indicators.table_named(tables, request.GET["table"])]
    except BadInput as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain")
    name = f"oversight-{filters.period.label}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(tables, filters),
                                content_type="text/csv; charset=utf-8")
        suffix = "csv"
    elif fmt == "pdf":
        response = HttpResponse(exports.to_pdf(tables, filters),
                                content_type="application/pdf")
        suffix = "pdf"
    else:
        payload, _warnings = exports.to_dhis2(tables, filters)
        response = HttpResponse(json.dumps(payload), content_type="application/json")
        suffix = "json"
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response


@require_POST
@permissions.permission_required("oversight.refresh")
def refresh(request):
    services.request_refresh()
    messages.success(request, _("A refresh of the figures was queued."))
    return redirect("oversight:index")
