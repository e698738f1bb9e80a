"""Thin views of the whereabouts screens: parse the form, call a service or a selector,
render. Every view is behind the permission API and fetches a row only through
``access`` (missing and forbidden alike: the 404 page); a refused write re-renders the
form with a 400."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hifazat.audit import services as audit
from hifazat.core import clock, permissions
from hifazat.core.errors import DomainError, NotFound, show_on_form
from hifazat.core.pdf import render_pdf
from hifazat.register.whereabouts import access, deadlines, forms, selectors, services
from hifazat.register.whereabouts.models import ReportedChange
from hifazat.register.whereabouts.services import notify

OBJECT_TYPE = "register.offender"


def _apply_errors(form, error: DomainError) -> None:
    """Put a service's field errors next to the form's fields (others at the top)."""
    aliases = {"address": "destination_address"} if "destination_address" in form.fields else {}
    show_on_form(form, error, aliases=aliases)


def _render_form(request, template, context, form):
    return render(request, template, {**context, "form": form},
                  status=400 if form.errors else 200)


def _offender(request, offender_id, action):
    return access.access_offender(user=request.user, action=action, offender_id=offender_id)


def _audited_list(user, name: str, rows) -> list:
    """A list of offenders is a read of personal data: audit it with the ids shown."""
    rows = list(rows)
    with transaction.atomic():
        audit.record(action=f"whereabouts.{name}_listed", actor=user, object_type=OBJECT_TYPE,
                     purpose=access.purpose_of(user),
                     details={"returned": [row.offender_id for row in rows]})
    return rows


# --- Prison ----------------------------------------------------------------------------


@permissions.permission_required("whereabouts.view_releases")
def releases(request):
    return render(request, "whereabouts/releases.html", {
        "upcoming": selectors.with_acknowledgements(_audited_list(
            request.user, "releases", selectors.upcoming_releases(request.user))),
        "recent": _audited_list(request.user, "released",
                                selectors.recent_releases(request.user)),
        "takeovers": list(selectors.takeovers_of(request.user)),
        "release_form": forms.RecordReleaseForm(initial={"released_on": selectors.today()}),
    })


@permissions.permission_required("whereabouts.schedule_release")
@require_http_methods(["GET", "POST"])
def schedule_release(request):
    form = forms.ScheduleReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offender = access.access_offender(user=request.user,
                                              action="whereabouts.schedule_release",
                                              register_number=data["register_number"])
        except NotFound:
            form.add_error("register_number", _(
                "Your prison holds no custody of this register number on record. If the "
                "prisoner is with you, record the admission first (NPB confirms it), then "
                "schedule the release."))
        else:
            try:
                release = services.schedule_release(
                    offender=offender, actor=request.user, release_on=data["release_on"],
                    destination_address=data["destination_address"],
                    destination_district=data["destination_district"], note=data["note"])
            except DomainError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Release of %(number)s on %(date)s scheduled; the "
                                            "police, prosecution and NPB have been notified.")
                                 % {"number": offender.register_number,
                                    "date": release.release_on.isoformat()})
                return redirect("whereabouts:releases")
    return _render_form(request, "whereabouts/schedule_release.html", {}, form)


@permissions.permission_required("whereabouts.request_takeover")
@require_http_methods(["GET", "POST"])
def admit(request):
    """A prisoner arrives (admission or transfer) at the officer's own prison: when the
    register does not record the offender there, this is a request that NPB confirms."""
    form = forms.CustodyForm(request.POST or None)
    prison = services.prison_of(request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offender = access.access_offender(user=request.user,
                                              action="whereabouts.request_takeover",
                                              register_number=data["register_number"])
        except NotFound:
            form.add_error("register_number", _("No register record has this number."))
        else:
            try:
                services.request_takeover(offender=offender, actor=request.user,
                                          kind=data["kind"], occurred_on=data["occurred_on"],
                                          note=data["note"])
            except DomainError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Custody of %(number)s at your prison sent to NPB "
                                            "to confirm; until then the record stays closed "
                                            "to your prison.")
                                 % {"number": offender.register_number})
                return redirect("whereabouts:releases")
    return _render_form(request, "whereabouts/admit.html", {"prison": prison}, form)


@permissions.permission_required("whereabouts.record_release")
@require_POST
def record_release(request, release_id):
    release = access.access_release_notice(user=request.user, release_id=release_id,
                                           action="whereabouts.record_release")
    form = forms.RecordReleaseForm(request.POST)
    if form.is_valid():
        try:
            obligation = services.record_release(release_notice=release, actor=request.user,
                                                 released_on=form.cleaned_data["released_on"])
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Release of %(number)s recorded; the offender must "
                                        "report to police by %(date)s.")
                             % {"number": release.offender.register_number,
                                "date": obligation.due_on.isoformat()})
            return redirect("whereabouts:releases")
    return _render_form(request, "whereabouts/record_release.html", {"release": release}, form)


# --- NPB: custody requests -------------------------------------------------------------


@permissions.permission_required("whereabouts.decide_takeover")
def takeovers(request):
    """Prisons' custody requests awaiting NPB."""
    return render(request, "whereabouts/takeovers.html", {
        "requests": _audited_list(request.user, "custody_requests",
                                  selectors.open_takeovers(request.user)),
        "form": forms.TakeoverDecisionForm(),
    })


@permissions.permission_required("whereabouts.decide_takeover")
@require_POST
def decide_takeover(request, takeover_id):
    takeover = access.access_takeover(user=request.user, takeover_id=takeover_id,
                                      action="whereabouts.decide_takeover")
    form = forms.TakeoverDecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.decide_takeover(takeover=takeover, actor=request.user, accept=accept,
                                     note=form.cleaned_data["note"])
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Custody request for %(number)s decided.")
                             % {"number": takeover.offender.register_number})
            return redirect("whereabouts:takeovers")
    return _render_form(request, "whereabouts/takeovers.html", {
        "requests": list(selectors.open_takeovers(request.user)), "decided": takeover}, form)


# --- Police district lists -------------------------------------------------------------


@permissions.permission_required("whereabouts.view_district_lists")
def overdue(request):
    return render(request, "whereabouts/overdue.html", {
        "overdue": _audited_list(request.user, "overdue",
                                 selectors.overdue_in_district(request.user)),
        "awaiting": _audited_list(request.user, "awaiting_report",
                                  selectors.awaiting_report_in(request.user)),
        "abscond_days": deadlines.ABSCOND_AFTER.value(),
    })


@permissions.permission_required("whereabouts.view_district_lists")
def compliance(request):
    return render(request, "whereabouts/compliance.html", {
        "queue": _audited_list(request.user, "compliance_queue",
                               selectors.compliance_queue(request.user)),
        "interval": deadlines.COMPLIANCE_INTERVAL.value(),
    })


# --- One offender ----------------------------------------------------------------------


@permissions.permission_required("whereabouts.view")
def offender(request, offender_id):
    """The whereabouts page of one offender: a read of personal data, audited by the
    access."""
    record = _offender(request, offender_id, "whereabouts.view")
    panels = selectors.record_panels(record)
    return render(request, "whereabouts/offender.html", {
        "offender": record, "name": record.primary_name, "p": panels,
        "change_kinds": ReportedChange.Kind.choices,
        "open_verification": next((v for v in panels["verifications"] if not v.done_on), None),
    })


def _offender_form(request, offender_id, *, action, form_class, title, call, done,
                   form_kwargs=None, context=None, template="whereabouts/form_page.html"):
    record = _offender(request, offender_id, action)
    form = form_class(request.POST or None, request.FILES or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        managed_by = record.district_id
        try:
            call(record, form)
        except DomainError as error:
            _apply_errors(form, error)
        else:
            record.refresh_from_db(fields=["district"])
            if record.district_id != managed_by:
                return _handed_over(request, record, done)
            messages.success(request, done)
            return redirect("whereabouts:offender", offender_id=record.pk)
    return _render_form(request, template,
                        {"offender": record, "title": title, **(context or {})}, form)


def _handed_over(request, record, done: str):
    """A change that moved the offender to another district (a reported move, a
    transfer): the officer may no longer manage — or even see — the record, so confirm
    the hand-over (the new district, who was told) and return to the district's list
    instead of a page that is now a 404."""
    told = notify.agencies(district=record.district, kinds_in_district=notify.DISTRICT_POLICE)
    messages.success(request, _(
        "%(done)s %(number)s is now managed by %(district)s. Notified: %(agencies)s.")
        % {"done": done, "number": record.register_number, "district": record.district.name,
           "agencies": ", ".join(a.name for a in told) or _("no police agency covers that "
                                                            "district yet")})
    if permissions.can(request.user, "whereabouts.view_district_lists"):
        return redirect("whereabouts:compliance")
    return redirect("register:home")


@permissions.permission_required("whereabouts.record_report_in")
@require_http_methods(["GET", "POST"])
def report_in(request, offender_id):
    return _offender_form(
        request, offender_id, action="whereabouts.record_report_in",
        form_class=forms.ReportInForm, title=_("Record a report-in"),
        done=_("Report-in recorded."),
        call=lambda o, f: services.record_report_in(
            offender=o, actor=request.user, reported_on=f.cleaned_data["reported_on"],
            note=f.cleaned_data["note"]))


@permissions.permission_required("whereabouts.report_change")
@require_http_methods(["GET", "POST"])
def report_change(request, offender_id, kind):
    if kind not in ReportedChange.Kind.values:
        raise NotFound
    return _offender_form(
        request, offender_id, action="whereabouts.report_change",
        form_class=forms.ReportChangeForm, form_kwargs={"kind": kind},
        title=_("Record a reported change: %(kind)s")
        % {"kind": ReportedChange.Kind(kind).label},
        done=_("Reported change recorded."),
        call=lambda o, f: services.report_change(
            offender=o, actor=request.user, kind=kind, details=f.details(),
            reported_on=f.cleaned_data["reported_on"]))


@permissions.permission_required("whereabouts.record_verification")
@require_http_methods(["GET", "POST"])
def verification(request, verification_id):
    item = access.access_verification(user=request.user, verification_id=verification_id,
                                      action="whereabouts.record_verification")
    return _offender_form(
        request, item.offender_id, action="whereabouts.record_verification",
        form_class=forms.VerificationForm, title=_("Record a compliance verification"),
        context={"verification": item}, done=_("Verification recorded."),
        call=lambda o, f: services.record_verification(
            verification=item, actor=request.user, outcome=f.cleaned_data["outcome"],
            done_on=f.cleaned_data["done_on"], note=f.cleaned_data["note"],
            photo=f.cleaned_data.get("photo")))


@permissions.permission_required("whereabouts.record_acknowledgement")
@require_http_methods(["GET", "POST"])
def acknowledgement(request, offender_id):
    return _offender_form(
        request, offender_id, action="whereabouts.record_acknowledgement",
        form_class=forms.AcknowledgementForm,
        title=_("Record the signed notice of obligations"),
        context={"pdf": True},
        done=_("Signed acknowledgement recorded."),
        call=lambda o, f: services.record_obligations_acknowledgement(
            offender=o, actor=request.user, **f.cleaned_data))


@permissions.permission_required("whereabouts.set_risk_level")
@require_http_methods(["GET", "POST"])
def risk(request, offender_id):
    return _offender_form(
        request, offender_id, action="whereabouts.set_risk_level", form_class=forms.RiskForm,
        title=_("Set the risk level"),
        done=_("Risk level recorded."),
        call=lambda o, f: services.set_risk_level(offender=o, actor=request.user,
                                                  **f.cleaned_data))


@permissions.permission_required("whereabouts.add_review_note")
@require_http_methods(["GET", "POST"])
def review_note(request, offender_id):
    return _offender_form(
        request, offender_id, action="whereabouts.add_review_note",
        form_class=forms.ReviewNoteForm, title=_("Add a review note"), done=_("Review note added."),
        call=lambda o, f: services.add_review_note(offender=o, actor=request.user,
                                                   text=f.cleaned_data["text"]))


@permissions.permission_required("whereabouts.transfer_management")
@require_http_methods(["GET", "POST"])
def transfer(request, offender_id):
    return _offender_form(
        request, offender_id, action="whereabouts.transfer_management",
        form_class=forms.TransferForm, title=_("Transfer management to another district"),
        done=_("Management transferred; the new district has been notified."),
        call=lambda o, f: services.transfer_management(offender=o, actor=request.user,
                                                       **f.cleaned_data))


@permissions.permission_required("whereabouts.record_acknowledgement")
def obligations_pdf(request, offender_id):
    """The printable bilingual notice of obligations, watermarked and audited."""
    record = _offender(request, offender_id, "whereabouts.record_acknowledgement")
    now = clock.now()
    user = request.user
    with transaction.atomic():
        audit.record(action="whereabouts.obligations_printed", actor=user,
                     object_type=OBJECT_TYPE, object_id=record.pk, purpose=access.purpose_of(user))
        context = {"offender": record, "name": record.primary_name,
                   "address": selectors.current_address(record), "printed_at": now,
                   "days": {d.setting: d.value() for d in deadlines.OBLIGATIONS}}
    watermark = f"{user.get_username()} · {record.register_number} · {now:%Y-%m-%d %H:%M} UTC"
    pdf = render_pdf("whereabouts/obligations_pdf.html", context, watermark=watermark)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = \
        f'inline; filename="obligations-{record.register_number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@permissions.permission_required("whereabouts.view")
def verification_photo(request, verification_id):
    """The photograph taken at a verification: private (never a static URL), only to
    those who may see the offender's whereabouts, each view audited."""
    item = access.access_verification_photo(user=request.user,
                                            verification_id=verification_id)
    response = HttpResponse(bytes(item.photo), content_type=item.photo_type)
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = "inline"
    return response
