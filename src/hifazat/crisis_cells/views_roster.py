"""The duty roster: a week of the cell's shifts (days × morning, evening, night), who is
on call in each, and the shifts without a trained woman medico-legal officer flagged in
words. Every member of the cell's staff sees it; the in-charge puts people on and takes
them off. Rules live in policy.py, writes in the services, the read in access."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hifazat.accounts import selectors as accounts
from hifazat.core import clock, permissions, validation
from hifazat.crisis_cells import access, selectors, services
from hifazat.crisis_cells.errors import CellError
from hifazat.crisis_cells.forms import WEEKDAYS, DutyShiftForm
from hifazat.crisis_cells.models import DutyShift
from hifazat.crisis_cells.policy import cell_of

MANAGE = "crisis_cells.manage_roster"
# Weeks further than this from today are not shown (a typed ?week=9999-01-01).
ROSTER_REACH = timedelta(days=366 * 2)


def _week_start(request):
    """The Monday of the week asked for (``?week=YYYY-MM-DD``), this week's otherwise
    (also for a malformed or absurd date: the roster is always shown)."""
    today = timezone.localdate(clock.now())
    try:
        asked = validation.date(request.GET.get("week", "")[:10]) or today
    except validation.Invalid:
        asked = today
    if abs(asked - today) > ROSTER_REACH:
        asked = today
    return selectors.week_of(asked)


def _week_url(monday) -> str:
    return f"{reverse('crisis_cells:roster')}?week={monday.isoformat()}"


@permissions.permission_required("crisis_cells.view_roster")
@require_http_methods(["GET", "POST"])
def roster(request):
    monday = _week_start(request)
    cell = cell_of(request.user)
    may_edit = permissions.can(request.user, MANAGE, cell)
    form = None
    if may_edit:
        staff = accounts.staff_holding(agency_id=cell.pk, roles=DutyShift.OnCall.values)
        days = [monday + timedelta(days=n) for n in range(7)]
        form = DutyShiftForm(request.POST or None, days=days, staff=staff)
    elif request.method == "POST":
        permissions.require(request.user, MANAGE, cell)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            duty = services.put_on_shift(user=request.user, cell=cell, date=data["date"],
                                         shift=data["shift"], person=data["person"],
                                         role=data["role"])
        except CellError as exc:
            form.apply_error(exc)
        else:
            messages.success(request, _("%(name)s is on call.") % {"name": duty.user})
            return redirect(_week_url(selectors.week_of(duty.date)) + "#roster")
    cell, week = access.access_roster(user=request.user, week_start=monday)
    gaps = sum(slot.lacks_trained_wmlo for _day, slots in week for slot in slots)
    return render(request, "crisis_cells/roster.html", {
        "cell": cell, "week": [(day, WEEKDAYS[day.weekday()], slots) for day, slots in week],
        "shifts": DutyShift.Shift.choices, "gaps": gaps, "form": form, "may_edit": may_edit,
        "monday": monday, "sunday": monday + timedelta(days=6),
        "previous_url": _week_url(monday - timedelta(days=7)),
        "next_url": _week_url(monday + timedelta(days=7)),
        "this_week_url": _week_url(selectors.week_of(timezone.localdate(clock.now()))),
    }, status=400 if form is not None and form.errors else 200)


@permissions.permission_required(MANAGE)
@require_POST
def roster_remove(request, pk: int):
    duty = access.access_duty_shift(user=request.user, duty_id=pk)
    services.remove_from_shift(user=request.user, duty=duty)
    messages.success(request, _("%(name)s is no longer on call on that shift.")
                     % {"name": duty.user})
    return redirect(_week_url(selectors.week_of(duty.date)) + "#roster")
