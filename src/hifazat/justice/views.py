"""Thin views of the justice pipeline's lists: the station's referral inbox and the FIR
form (from a referral or a direct complaint), my cases, the overdue lists and a
court's cause list. Rules live in policy.py, writes in the services, reads in the
selectors; the case page and its forms are in ``views_case`` and ``views_trial``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hifazat.core import permissions
from hifazat.core.errors import NotFound
from hifazat.justice import access, selectors, services
from hifazat.justice.case_pages import VIEW, run_form
from hifazat.justice.forms import CaseFilterForm, CauseListForm, FirForm
from hifazat.justice.models import FirReferral


@permissions.permission_required("justice.station_inbox")
def inbox(request):
    """Cell referrals awaiting an FIR at the user's stations: the case code, the cell and
    when it was referred (nothing else reaches the station)."""
    return render(request, "justice/inbox.html", {
        "referrals": selectors.referral_inbox(request.user),
        "stations": selectors.stations_of(request.user),
    })


def _matches_alert(request, case) -> None:
    """Tell the officer which suspects may be registered offenders (how many matches
    only; the register's details stay behind its own audited search)."""
    for n, suspect in enumerate(case.fir.suspects.order_by("pk"), start=1):
        if suspect.register_matches:
            messages.warning(request, _(
                "Suspect %(n)s may be a registered offender: the SSOIU and the district "
                "prosecution have been told; open the register search with purpose "
                "investigation and this FIR as reference.") % {"n": n})


def _fir_page(request, *, form, referral=None):
    def perform(data):
        return services.register_fir(
            user=request.user, station=form.chosen_station, number=data["number"],
            registered_at=data["registered_at"], sections=data["sections"],
            act_sections=data["act_sections"], suspects=form.suspects(),
            referral=referral, complainant_female=data["complainant_female"])

    def done(case):
        _matches_alert(request, case)
        return reverse("justice:case", args=[case.pk])

    return run_form(
        request, form=form, perform=perform, success=_("FIR registered."),
        redirect_to=done, template="justice/fir_form.html",
        context={"referral": referral,
                 "title": _("Register the FIR") if referral else
                 _("Register an FIR (direct complaint)")})


@permissions.permission_required("justice.view_referral")
@require_http_methods(["GET", "POST"])
def fir_from_referral(request, referral_id: int):
    """The FIR for a cell's referral: the station is the referral's, the complainant is
    the cell's case (its code only)."""
    referral = access.access_referral(user=request.user, referral_id=referral_id)
    if referral.status != FirReferral.Status.REFERRED:
        raise NotFound
    form = FirForm(request.POST or None, stations=[referral.police_station])
    return _fir_page(request, form=form, referral=referral)


@permissions.permission_required("justice.station_inbox")
@require_http_methods(["GET", "POST"])
def fir_direct(request):
    """An FIR on a complaint made at the station itself."""
    form = FirForm(request.POST or None, stations=selectors.stations_of(request.user))
    return _fir_page(request, form=form)


@permissions.permission_required(VIEW)
def my_cases(request):
    form = CaseFilterForm(request.GET or None)
    stage = form.cleaned_data.get("stage", "") if form.is_valid() else ""
    return render(request, "justice/case_list.html", {
        "form": form, "cases": selectors.my_cases(request.user, stage=stage),
    })


@permissions.permission_required("justice.view_overdue")
def overdue(request):
    """One section per list the user's roles give (district, SSOIU, prosecution office,
    court), each with its count and its oldest overdue cases."""
    return render(request, "justice/overdue.html",
                  {"lists": selectors.overdue(request.user)})


@permissions.permission_required("justice.cause_list")
def cause_list(request):
    """A court's hearings on one day (today by default); the user's own court(s) only."""
    courts = selectors.courts_of(request.user)
    form = CauseListForm(request.GET or None, courts=courts)
    data = form.cleaned_data if form.is_valid() else {}
    court = form.courts.get(data.get("court") or "") or (courts[0] if courts else None)
    day = data.get("day") or timezone.localdate()
    if court is not None:
        permissions.require(request.user, "justice.cause_list", court, hide=True)
    hearings = selectors.cause_list(court, day) if court is not None else []
    if not form.is_bound:
        form = CauseListForm(initial={"court": getattr(court, "pk", ""),
                                      "day": day.isoformat()}, courts=courts)
    return render(request, "justice/cause_list.html",
                  {"form": form, "court": court, "day": day, "hearings": hearings},
                  status=400 if form.errors else 200)
