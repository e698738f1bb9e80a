"""Register screens, thin: parse a form, call a service or selector, render. Every view
is behind the permission API; personal data is read only through the audited,
purpose-bound selectors; a domain error is a form error (400), never a 500."""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions
from hifazat.core.errors import NotFound, show_on_form
from hifazat.register import access, selectors, services
from hifazat.register.errors import RegisterError
from hifazat.register.extracts import register_extract
from hifazat.register.forms import (
    CorrectionForm,
    DecisionForm,
    NoteForm,
    OffenderRequestForm,
    PhotoForm,
    ProposalForm,
    PurposeForm,
    RemovalForm,
    RequestDecisionForm,
    SearchForm,
    SuspectCheckForm,
)
from hifazat.register.models import EntryProposal

# An opened record stays open in this session for this long (then the purpose must be
# stated again): the photo and the extract use the purpose given when opening.
OPEN_SECONDS = 15 * 60
_OPEN_KEY = "register_open"


def _status(form) -> int:
    return 400 if form.errors else 200


def _grant(request, offender_id: int, purpose: str, reference: str) -> None:
    grants = {k: v for k, v in request.session.get(_OPEN_KEY, {}).items()
              if v["until"] > time.time()}
    grants[str(offender_id)] = {"purpose": purpose, "reference": reference,
                                "until": time.time() + OPEN_SECONDS}
    request.session[_OPEN_KEY] = grants


def _granted(request, offender_id: int) -> dict | None:
    grant = request.session.get(_OPEN_KEY, {}).get(str(offender_id))
    return grant if grant and grant["until"] > time.time() else None


def _refuse_if_no_purpose(request, form, action: str, *, query=None, object_id="") -> None:
    """A search or open refused on the form itself (no purpose or reference, or a
    purpose the role may not state) is audited like one refused by the selector."""
    if "purpose" in form.errors or "reference" in form.errors:
        access.record_input_refusal(
            user=request.user, action=action, purpose=request.POST.get("purpose", ""),
            reference=request.POST.get("reference", ""), query=query, object_id=object_id)


# --- Search, open, record, photo, extract ----------------------------------------------


@permissions.permission_required("register.search")
@require_http_methods(["GET", "POST"])
def search(request):
    """Purpose and reference first, then CNIC or name/father/birth/district. POST, so
    the query never sits in a URL or a server log."""
    form = SearchForm(request.POST or None, user=request.user)
    hits = None
    if request.method == "POST" and not form.is_valid():
        _refuse_if_no_purpose(request, form, "register.search", query=request.POST)
    elif request.method == "POST":
        try:
            hits = selectors.search_offenders(
                user=request.user, purpose=form.cleaned_data["purpose"],
                reference=form.cleaned_data["reference"], query=form.query())
        except NotFound:
            form.add_error("purpose", _("You may not search the register for this purpose."))
        except RegisterError as exc:
            show_on_form(form, exc)
    return render(request, "register/search.html", {"form": form, "hits": hits},
                  status=_status(form))


@permissions.permission_required("register.search")
@require_http_methods(["GET", "POST"])
def open_record(request, pk: int):
    """The second, separate step: confirm the purpose for opening this one record."""
    initial = {k: request.GET.get(k, "")[:100] for k in ("purpose", "reference")}
    form = PurposeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and not form.is_valid():
        _refuse_if_no_purpose(request, form, "register.view", object_id=pk)
    elif request.method == "POST":
        # The purpose is one the role may state (the form offers no other); whether the
        # record lies within its reach is decided when it is opened (access_offender).
        _grant(request, pk, form.cleaned_data["purpose"], form.cleaned_data["reference"])
        return redirect("register:record", pk=pk)
    return render(request, "register/open.html", {"form": form, "pk": pk},
                  status=_status(form))


@permissions.permission_required("register.search")
def record(request, pk: int):
    """The full record. Each display is an audited retrieval with the purpose stated
    when it was opened; without it, the user is asked for the purpose first."""
    grant = _granted(request, pk)
    if grant is None:
        return redirect("register:open", pk=pk)
    offender = access.access_offender(user=request.user, offender_id=pk,
                                      purpose=grant["purpose"], reference=grant["reference"])
    context = {"offender": offender, "grant": grant, **selectors.record_details(offender),
               "purpose_label": dict(Purpose.choices).get(grant["purpose"], ""),
               "photo_form": PhotoForm()}
    return render(request, "register/record.html", context)


@permissions.permission_required("register.search")
def photo(request, pk: int):
    """The photograph, only for a record opened with a purpose, never cached; audited."""
    grant = _granted(request, pk)
    if grant is None:
        raise NotFound
    offender = access.access_offender(user=request.user, offender_id=pk,
                                      purpose=grant["purpose"], reference=grant["reference"],
                                      action="register.photo_viewed")
    if not offender.photo:
        raise NotFound
    with offender.photo.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    return response


@permissions.permission_required("register.search")
@require_POST
def extract(request, pk: int):
    """The PDF extract for the purpose the record was opened with (audited)."""
    grant = _granted(request, pk)
    if grant is None:
        return redirect("register:open", pk=pk)
    offender, pdf = register_extract(user=request.user, offender_id=pk,
                                     purpose=grant["purpose"], reference=grant["reference"])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = \
        f'attachment; filename="extract-{offender.register_number}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


@permissions.permission_required("register.search")
@require_POST
def upload_photo(request, pk: int):
    if _granted(request, pk) is None:
        return redirect("register:open", pk=pk)
    offender = access.access_offender(user=request.user, offender_id=pk,
                                      action="register.set_photo")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_photo(offender=offender, actor=request.user,
                               data=form.cleaned_data["photo"].read(),
                               reason=form.cleaned_data["reason"])
        except RegisterError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Photograph saved."))
            return redirect("register:record", pk=pk)
    for error in [e for errs in form.errors.values() for e in errs]:
        messages.error(request, error)
    return redirect("register:record", pk=pk)


@permissions.permission_required("register.check_suspect")
@require_http_methods(["GET", "POST"])
def suspect_check(request):
    """Reoffence check: is the suspect a registered offender? Alerts on a likely match."""
    form = SuspectCheckForm(request.POST or None, user=request.user)
    hits = None
    if request.method == "POST" and not form.is_valid():
        _refuse_if_no_purpose(request, form, "register.suspect_check", query=request.POST)
    elif request.method == "POST":
        try:
            hits = selectors.check_suspect(user=request.user, particulars=form.query(),
                                           reference=form.cleaned_data["reference"])
        except RegisterError as exc:
            show_on_form(form, exc)
    return render(request, "register/suspect_check.html",
                  {"form": form, "hits": hits, "threshold": selectors.SUSPECT_ALERT_PROBABILITY},
                  status=_status(form))


def _by_number(request, form, action: str):
    """The record a form names by register number, or None with the field's error."""
    try:
        return access.access_offender_by_number(
            user=request.user, register_number=form.cleaned_data["register_number"],
            action=action)
    except NotFound:
        form.add_error("register_number", _("No record has this register number."))
        return None


# --- Maker: the prosecutor's proposals --------------------------------------------------


@permissions.permission_required("register.propose")
def my_proposals(request):
    return render(request, "register/my_proposals.html",
                  {"proposals": selectors.proposals_of(request.user)[:200]})


@permissions.permission_required("register.propose")
@require_http_methods(["GET", "POST"])
def propose(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose_entry(proposer=request.user,
                                              payload=dict(form.cleaned_data))
        except RegisterError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Proposal sent for verification."))
            return redirect("register:proposal", pk=proposal.pk)
    return render(request, "register/propose.html", {"form": form}, status=_status(form))


@permissions.permission_required("register.propose")
@require_http_methods(["GET", "POST"])
def propose_correction(request):
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offender = _by_number(request, form, "register.propose")
        if offender is not None:
            try:
                proposal = services.propose_correction(
                    proposer=request.user, offender=offender, changes=form.changes(),
                    reason=form.cleaned_data["reason"])
            except RegisterError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("Correction sent for verification."))
                return redirect("register:proposal", pk=proposal.pk)
    return render(request, "register/correct.html", {"form": form}, status=_status(form))


# --- Checker: the registrar's queue and decision ---------------------------------------


@permissions.permission_required("register.verify")
def queue(request):
    return render(request, "register/queue.html",
                  {"proposals": selectors.proposals_awaiting(request.user)[:200]})


@permissions.permission_required("register.view_proposals")
@require_http_methods(["GET", "POST"])
def proposal(request, pk: int):
    """A proposal: its owner sees its state and any returned reason; a registrar who did
    not propose it sees likely existing offenders and verifies, returns or merges."""
    item = access.access_proposal(user=request.user, proposal_id=pk)
    can_decide = item.state == EntryProposal.State.PROPOSED and \
        permissions.can(request.user, "register.verify", item)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            raise NotFound
        if form.is_valid():
            done = _decide(request, item, form)
            if done is not None:
                return done
    candidates = selectors.duplicate_candidates(user=request.user, proposal=item) \
        if can_decide else []
    if request.method == "GET" and can_decide:
        audit.record(action="register.proposal_viewed", actor=request.user,
                     object_type="register.proposal", object_id=item.pk,
                     purpose=Purpose.PROSECUTION)
    return render(request, "register/proposal.html",
                  {"proposal": item, "form": form, "can_decide": can_decide,
                   "candidates": candidates, "payload": item.payload,
                   "words": selectors.readable_proposal(item.payload),
                   "changes": selectors.readable_change(item.payload.get("changes") or {})},
                  status=_status(form))


def _decide(request, item: EntryProposal, form: DecisionForm):
    action, note = request.POST.get("action", ""), form.cleaned_data["note"]
    try:
        if action == "verify":
            offender = services.verify_entry(proposal=item, verifier=request.user, note=note)
            if item.kind == EntryProposal.Kind.QUASH:
                messages.success(request, _("Verified: the conviction is set aside on "
                                            "%(number)s.")
                                 % {"number": offender.register_number})
            else:
                messages.success(request, _("Verified: %(number)s is on the register.")
                                 % {"number": offender.register_number})
        elif action == "return":
            services.return_entry(proposal=item, verifier=request.user, reason=note)
            messages.success(request, _("Returned to the proposer."))
        elif action == "merge":
            raw = request.POST.get("offender", "")
            try:
                target = access.access_merge_target(user=request.user, offender_id=raw)
            except NotFound:
                form.add_error(None, _("Choose the existing offender to merge into."))
                return None
            offender = services.merge_entry(proposal=item, verifier=request.user,
                                            offender=target, note=note)
            messages.success(request, _("Merged into %(number)s.")
                             % {"number": offender.register_number})
        else:
            form.add_error(None, _("Choose verify, return or merge."))
            return None
    except RegisterError as exc:
        show_on_form(form, exc)
        if "reason" in (exc.fields or {}):
            form.add_error("note", str(exc.fields["reason"]))
        return None
    return redirect("register:queue")


# --- Supervision: flagged retrievals ---------------------------------------------------


@permissions.permission_required("register.review_flags")
def flags(request):
    return render(request, "register/flags.html",
                  {"flags": selectors.flagged_retrievals(request.user)[:200],
                   "form": NoteForm()})


@permissions.permission_required("register.review_flags")
@require_POST
def review_flag(request, pk: int):
    flag = access.access_retrieval_flag(user=request.user, flag_id=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.clear_flag(flag=flag, reviewer=request.user,
                                note=form.cleaned_data["note"])
        except RegisterError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Marked as reviewed."))
            return redirect("register:flags")
    return render(request, "register/flags.html",
                  {"flags": selectors.flagged_retrievals(request.user)[:200],
                   "form": form, "error_flag": flag.pk}, status=400)


# --- Removal review, offender requests --------------------------------------------------


def _audit_list(request, action: str, ids: list[int]) -> None:
    audit.record(action=action, actor=request.user, object_type="register.offender",
                 purpose=Purpose.AUDIT, details={"returned": ids})


@permissions.permission_required("register.review_removal")
def removals(request):
    due = list(selectors.removal_due(request.user)[:200])
    _audit_list(request, "register.removal_list_viewed", [o.pk for o in due])
    return render(request, "register/removals.html", {"due": due, "form": RemovalForm()})


@permissions.permission_required("register.review_removal")
@require_POST
def decide_removal(request, pk: int):
    offender = access.access_offender(user=request.user, offender_id=pk,
                                      action="register.review_removal")
    form = RemovalForm(request.POST)
    if form.is_valid():
        try:
            services.decide_removal(offender=offender, actor=request.user,
                                    decision=form.cleaned_data["decision"],
                                    reason=form.cleaned_data["reason"],
                                    extend_years=form.cleaned_data["extend_years"])
        except RegisterError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Decision recorded for %(number)s.")
                             % {"number": offender.register_number})
            return redirect("register:removals")
    due = list(selectors.removal_due(request.user)[:200])
    return render(request, "register/removals.html",
                  {"due": due, "form": form, "error_offender": offender.pk}, status=400)


@permissions.permission_required("register.manage_requests")
@require_http_methods(["GET", "POST"])
def requests(request):
    form = OffenderRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        offender = _by_number(request, form, "register.manage_requests")
        if offender is not None:
            try:
                services.record_offender_request(
                    offender=offender, actor=request.user, kind=form.cleaned_data["kind"],
                    received_on=form.cleaned_data["received_on"],
                    details=form.cleaned_data["details"])
            except RegisterError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("Request recorded."))
                return redirect("register:requests")
    pending = list(selectors.pending_requests(request.user)[:200])
    return render(request, "register/requests.html",
                  {"form": form, "pending": pending, "decision_form": RequestDecisionForm()},
                  status=_status(form))


@permissions.permission_required("register.manage_requests")
@require_POST
def decide_request(request, pk: int):
    item = access.access_offender_request(user=request.user, request_id=pk)
    form = RequestDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_offender_request(request=item, actor=request.user,
                                             outcome=form.cleaned_data["outcome"],
                                             note=form.cleaned_data["note"])
        except RegisterError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("register:requests")
    pending = list(selectors.pending_requests(request.user)[:200])
    return render(request, "register/requests.html",
                  {"form": OffenderRequestForm(), "pending": pending, "decision_form": form,
                   "error_request": item.pk}, status=400)


def home(request):
    """/register/: the first register page this user may use."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    for action, name in (("register.verify", "register:queue"),
                         ("register.propose", "register:my_proposals"),
                         ("register.review_flags", "register:flags"),
                         ("register.search", "register:search")):
        if permissions.can(request.user, action):
            return redirect(reverse(name))
    permissions.require(request.user, "register.search")
    return None
