"""Thin views: the inbox, one notice, and acknowledging it. Rules live in policy.py;
writes in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hifazat.core import permissions
from hifazat.core.errors import show_on_form
from hifazat.notices import selectors, services
from hifazat.notices.access import access_contact_point, access_notice
from hifazat.notices.errors import NoticesError
from hifazat.notices.forms import AcknowledgeForm, ContactForm, InboxFilterForm
from hifazat.notices.models import Notice

PAGE_SIZE = 50


@permissions.permission_required("notices.view_inbox")
@require_GET
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    notices = selectors.inbox_for(request.user)
    if form.is_valid() and form.cleaned_data.get("show") == "pending":
        notices = notices.filter(is_pending=True)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {
        "page": page, "form": form, "now": timezone.now(),
        "pending_count": selectors.unacknowledged_count(request.user),
    })


def _render_detail(request, notice: Notice, form: AcknowledgeForm, status: int = 200):
    mine = list(selectors.recipients_covering(notice, request.user))
    recipients = notice.recipients.select_related("agency", "user", "acknowledged_by")
    return render(request, "notices/detail.html", {
        "notice": notice, "form": form, "now": timezone.now(),
        "recipients": recipients,
        "is_pending_for_me": any(r.acknowledged_at is None for r in mine),
        "can_acknowledge": permissions.can(request.user, "notices.acknowledge", notice),
        "escalations": notice.escalations.all(),
        "deliveries": selectors.delivery_summary(notice),
    }, status=status)


@permissions.permission_required("notices.view_inbox")
@require_GET
def detail(request, pk: int):
    notice = access_notice(user=request.user, notice_id=pk)
    return _render_detail(request, notice, AcknowledgeForm())


@permissions.permission_required("notices.view_inbox")
@require_POST
def acknowledge(request, pk: int):
    notice = access_notice(user=request.user, notice_id=pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge(notice=notice, user=request.user,
                                 note=form.cleaned_data["note"])
        except NoticesError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Notice acknowledged."))
            return redirect("notices:detail", pk=notice.pk)
    return _render_detail(request, notice, form, status=400)


# --- Where my notices are delivered ----------------------------------------------------


@permissions.permission_required("notices.manage_contacts")
@require_http_methods(["GET", "POST"])
def contacts(request):
    user = request.user
    agency = user.agency
    can_manage_agency = agency is not None and permissions.can(
        user, "notices.manage_contacts", agency)
    form = ContactForm(request.POST or None, can_manage_agency=can_manage_agency)
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data.get("owner", "me")
        target = {"agency": agency} if owner == "agency" else {"user": user}
        try:
            services.add_contact_point(actor=user, channel=form.cleaned_data["channel"],
                                       address=form.cleaned_data["address"], **target)
        except NoticesError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect("notices:contacts")
    return render(request, "notices/contacts.html", {
        "form": form, "account_email": user.email,
        "mine": selectors.contacts_of(user=user),
        "agency_contacts": selectors.contacts_of(agency=agency) if can_manage_agency else None,
    }, status=400 if form.errors else 200)


@permissions.permission_required("notices.manage_contacts")
@require_POST
def remove_contact(request, pk: int):
    point = access_contact_point(user=request.user, contact_id=pk)
    services.remove_contact_point(actor=request.user, point=point)
    messages.success(request, _("Contact removed."))
    return redirect("notices:contacts")
