"""The crisis-cell stocktake pages: the rounds (newest first, "Take a round" for a
national analyst), one round's districts with problems first, its CSV. Counts and
institutions only: nothing here names or links to a person. Rules in policy.py, the
round and its table in stocktake.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hifazat.core import permissions
from hifazat.core.forms import DomainForm
from hifazat.oversight import stocktake
from hifazat.oversight.errors import BadInput
from hifazat.oversight.policy import analyst_provinces
from hifazat.places import selectors as places


class RoundForm(DomainForm):
    period = forms.CharField(
        label=gettext_lazy("Period"), max_length=32,
        help_text=gettext_lazy("A quarter (2026Q3), a month (2026-07), a year (2026) or a "
                               "range (2026-01-01..2026-03-31)."))


def _rounds_page(request, form, status=200):
    reach = analyst_provinces(request.user)
    rounds = stocktake.rounds(reach=reach)
    latest = next((r for r in rounds if r.status == r.Status.TAKEN), None)
    context = {"rounds": rounds, "latest": latest, "form": form,
               "can_take": permissions.can(request.user, stocktake.ACTION)}
    return render(request, "oversight/stocktake_rounds.html", context, status=status)


@require_GET
@permissions.permission_required("oversight.view")
def rounds(request):
    form = RoundForm(initial={"period": stocktake.default_period()})
    return _rounds_page(request, form)


@require_POST
@permissions.permission_required(stocktake.ACTION)
def take(request):
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            stocktake.request_round(period=form.cleaned_data["period"], by=request.user)
        except BadInput as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("The round was queued; it appears here when taken."))
            return redirect("oversight:stocktake")
    return _rounds_page(request, form, status=400)


def _sheet(request, pk):
    """The round (404 when there is no taken round ``pk``) and its sheet for the
    request's province and comparison; ``BadInput`` for a bad filter."""
    taken = stocktake.taken_round(pk)
    if taken is None:
        raise Http404
    reach = analyst_provinces(request.user)
    province = stocktake.province_filter(request.GET.get("province", ""), reach=reach)
    compared = stocktake.compare_round(request.GET.get("compare", ""), taken=taken)
    return taken, stocktake.sheet(taken, reach=reach, province=province, compared=compared)


@require_GET
@permissions.permission_required("oversight.view")
def detail(request, pk: int):
    reach = analyst_provinces(request.user)
    provinces = places.provinces()
    if reach is not None:
        provinces = provinces.filter(pk__in=reach)
    context = {"provinces": provinces, "chosen": request.GET.get("province", "")[:12],
               "chosen_compare": request.GET.get("compare", "")[:12],
               "roles": stocktake.role_headings(), "problem": "", "sheet": None,
               "others": [r for r in stocktake.rounds(reach=reach)
                          if r.status == r.Status.TAKEN and r.pk != pk]}
    try:
        taken, sheet = _sheet(request, pk)
    except BadInput as exc:
        context.update(problem=exc.message, round=stocktake.taken_round(pk))
        return render(request, "oversight/stocktake_round.html", context, status=400)
    context.update(round=taken, sheet=sheet, query=request.GET.urlencode())
    return render(request, "oversight/stocktake_round.html", context)


@require_GET
@permissions.permission_required("oversight.view")
def detail_csv(request, pk: int):
    try:
        taken, sheet = _sheet(request, pk)
    except BadInput as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain")
    response = HttpResponse(stocktake.to_csv(sheet), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="stocktake-{taken.label}-round-{taken.pk}.csv"')
    return response
