"""Web screens for administrators: the agency's API tokens, issuing one (the secret is
shown once, never stored), approving one a second administrator must approve, and
revoking one. Thin: services decide and audit."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hifazat.accounts import selectors as accounts
from hifazat.api import services
from hifazat.api.access import access_token
from hifazat.api.errors import TokenRefused
from hifazat.api.forms import IssueTokenForm, RevokeTokenForm
from hifazat.api.models import ServiceToken
from hifazat.api.principal import ROLE_FOR_AGENCY_KIND
from hifazat.core import permissions

_FORM_FIELD = {"agency": "agency", "name": "name", "scopes": "scopes",
               "expires_at": "days"}


def _tokens(user):
    return permissions.scoped(user, "api.list_tokens", ServiceToken.objects.select_related(
        "agency", "created_by", "revoked_by"))


def _agencies(user):
    return permissions.scoped(user, "api.list_tokens", accounts.agencies(
        kinds=ROLE_FOR_AGENCY_KIND)).order_by("name_en")


@permissions.permission_required("api.list_tokens")
def token_list(request):
    tokens = _tokens(request.user).order_by("agency__name_en", "name")
    return render(request, "api/token_list.html",
                  {"tokens": tokens, "now": timezone.now(),
                   "can_issue": _agencies(request.user).exists()})


@permissions.permission_required("api.list_tokens")
@require_http_methods(["GET", "POST"])
def token_issue(request):
    agencies = _agencies(request.user)
    form = IssueTokenForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.issue_token(
                actor=request.user, agency=data["agency"], name=data["name"],
                scopes=data["scopes"],
                expires_at=timezone.now() + timedelta(days=data["days"]))
        except TokenRefused as exc:
            for field, message in exc.fields.items():
                form.add_error(_FORM_FIELD.get(field), message)
        else:
            response = render(request, "api/token_issued.html",
                              {"token": token, "secret": secret})
            # The secret is on this page only: no cache may keep it.
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_issue.html", {"form": form},
                  status=400 if form.errors else 200)


@permissions.permission_required("api.list_tokens")
@require_http_methods(["GET", "POST"])
def token_detail(request, pk: int):
    token = access_token(user=request.user, token_id=pk)
    form = RevokeTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_token(actor=request.user, token=token,
                                  reason=form.cleaned_data["reason"])
        except TokenRefused as exc:
            for field, message in exc.fields.items():
                form.add_error("reason" if field == "reason" else None, message)
        else:
            messages.success(request, _("The token is revoked. Calls with it are refused "
                                        "from now on."))
            return redirect("api_tokens:list")
    return render(request, "api/token_detail.html",
                  {"token": token, "form": form, "now": timezone.now()},
                  status=400 if form.errors else 200)


@permissions.permission_required("api.approve_token")
@require_http_methods(["POST"])
def token_approve(request, pk: int):
    """A second administrator approves a token that waits for it (the button is shown
    only to those ``api.approve_token`` allows; the service refuses anyone else)."""
    token = access_token(user=request.user, token_id=pk)
    try:
        services.approve_token(actor=request.user, token=token)
    except TokenRefused as exc:  # also NotAnApprover: the issuer
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The token is approved. Calls with it are accepted "
                                    "from now on."))
    return redirect("api_tokens:detail", pk=token.pk)
