"""Thin views: sign-in, one-time code, activation (the holder's own password and
authenticator), sign-out, the agency administrator's user pages and the grants
awaiting a second administrator. Rules live in policy.py; writes in services."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts import selectors, services
from hifazat.accounts.access import (
    access_managed_user,
    access_pending_grant,
    access_role_assignment,
    access_training_record,
)
from hifazat.accounts.errors import AccountsError, ActivationInvalid, InvalidAccountDetails
from hifazat.accounts.forms import (
    ActivationForm,
    CreateUserForm,
    GrantRoleForm,
    OneTimeCodeForm,
    SexForm,
    SignInForm,
    TrainingRecordForm,
)
from hifazat.accounts.models import Agency, RoleAssignment, User
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import clock, permissions
from hifazat.core.errors import DomainError, show_on_form


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _signed_in(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    return None


@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for the one-time code of an enrolled device; throttled by django-otp."""
    if (resp := _signed_in(request)) is not None:
        return resp
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:enrol")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                form.add_error(
                    "code", _("Too many wrong codes. Wait a minute, then try the newest code.")
                )
                break
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                # A new session key once both factors passed: a key planted or seen
                # before this point (fixation) is dead.
                request.session.cycle_key()
                audit.record(action="auth.second_factor_passed", actor=request.user,
                             object_type="user", object_id=request.user.pk)
                return redirect(_safe_next(request, reverse("web:home")))
        else:
            audit.record(action="auth.second_factor_failed", actor=request.user,
                         object_type="user", object_id=request.user.pk)
            form.add_error("code", _("That code is not right or has expired. Try the newest code."))
    return render(request, "accounts/verify.html",
                  {"form": form, "next": _safe_next(request, "")},
                  status=400 if form.errors else 200)


@require_http_methods(["GET"])
def enrol(request):
    """A signed-in account that needs a second factor but has none. The authenticator
    is enrolled only on the holder's activation link, never here (whoever is signed in
    with the password alone must not be shown a secret): ask for a new link."""
    if (resp := _signed_in(request)) is not None:
        return resp
    if any(True for _ in devices_for_user(request.user, confirmed=True)):
        return redirect("accounts:verify")
    return render(request, "accounts/no_authenticator.html")


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def activate(request, token: str):
    """The account holder's one-time link: choose a password, scan the authenticator's
    QR code and confirm its first code. Spent on success; then sign in as usual."""
    try:
        device = services.activation_device(token=token)
    except ActivationInvalid as exc:
        return _no_store(render(request, "accounts/activation_invalid.html",
                                {"message": exc.message}, status=404))
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_activation(
                token=token, password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
                code=form.cleaned_data["code"])
        except ActivationInvalid as exc:
            return _no_store(render(request, "accounts/activation_invalid.html",
                                    {"message": exc.message}, status=404))
        except InvalidAccountDetails as exc:
            show_on_form(form, exc)
        else:
            if request.user.is_authenticated:
                logout(request)
            messages.success(request, _("Your account is ready. Sign in with your password "
                                        "and a code from your authenticator app."))
            return redirect("accounts:login")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111111")
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return _no_store(render(
        request, "accounts/activate.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "holder": device.user},
        status=400 if form.errors else 200))


def sign_out(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes lockout response: a clear, bilingual page, status 429."""
    return render(request, "accounts/locked_out.html", status=429)


# --- Agency administration -----------------------------------------------------------------


@permissions.permission_required("accounts.list_users")
def user_list(request):
    users = (
        permissions.scoped(request.user, "accounts.list_users", User.objects.all())
        .select_related("agency").order_by("agency__name_en", "username")
    )
    return render(request, "accounts/user_list.html", {
        "users": users[:500],
        "can_approve": permissions.can(request.user, "accounts.approve_grant")})


def _agencies_administered(request):
    """Agencies the actor may create users in: every active one for the system
    administrator, their own for an agency administrator."""
    candidates = Agency.objects.filter(is_active=True).order_by("name_en")
    if permissions.can(request.user, "accounts.manage_agencies"):
        return candidates
    own = request.user.agency
    if own is not None and permissions.can(request.user, "accounts.manage_user", own):
        return candidates.filter(pk=own.pk)
    return candidates.none()


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _activation_issued(request, activation, *, created: bool):
    """The link, shown this once (never stored, never audited), unless it was
    e-mailed to the account's address."""
    link = "" if activation.emailed else request.build_absolute_uri(activation.path)
    return _no_store(render(request, "accounts/activation_issued.html", {
        "target": activation.user, "link": link, "emailed": activation.emailed,
        "expires_at": activation.expires_at, "created": created}))


@permissions.permission_required("accounts.list_users")
@require_http_methods(["GET", "POST"])
def user_create(request):
    agencies = _agencies_administered(request)
    if not agencies.exists():
        messages.error(request, _("You can only create users in an agency you administer."))
        return redirect("accounts:users")
    form = CreateUserForm(request.POST or None, agencies=agencies)
    agency = agencies.first() if "agency" not in form.fields else None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = data.pop("agency", None) or agency
        try:
            activation = services.create_user(actor=request.user, agency=agency,
                                              base_url=_base_url(request), **data)
        except AccountsError as exc:
            show_on_form(form, exc)
        else:
            return _activation_issued(request, activation, created=True)
    return render(request, "accounts/user_create.html", {"form": form, "agency": agency},
                  status=400 if form.errors else 200)


def _detail_page(request, target, *, form=None, training_form=None, sex_form=None,
                 status: int = 200):
    """The user detail page: roles, training and certification, sex, with whichever
    form was just posted carrying its errors."""
    assignments = RoleAssignment.objects.filter(user=target).select_related(
        "facility", "district", "province"
    ).order_by("-valid_from")
    has_device = TOTPDevice.objects.filter(user=target, confirmed=True).exists()
    may_train = permissions.can(request.user, "accounts.manage_training", target)
    today = timezone.localdate(clock.now())
    training = [(record, not record.in_date_on(today) and record.certified_on <= today)
                for record in selectors.training_of(target)]
    return render(
        request, "accounts/user_detail.html",
        {"target": target, "form": form or GrantRoleForm(agency=target.agency),
         "assignments": assignments, "has_device": has_device, "training": training,
         "may_train": may_train,
         "training_form": training_form or (TrainingRecordForm() if may_train else None),
         "sex_form": sex_form or SexForm(initial={"sex": target.sex})},
        status=status,
    )


@permissions.permission_required("accounts.list_users")
@require_http_methods(["GET", "POST"])
def user_detail(request, pk: int):
    # Staff account details are personal data too: every view (GET) is audited.
    target = access_managed_user(
        user=request.user, user_id=pk,
        purpose=Purpose.ADMINISTRATION if request.method == "GET" else None)
    form = GrantRoleForm(request.POST or None, agency=target.agency)
    if request.method == "POST" and form.is_valid():
        try:
            granted = services.grant_role(actor=request.user, user=target,
                                          **form.cleaned_data)
        except AccountsError as exc:
            show_on_form(form, exc)
        else:
            if granted.status == granted.Status.PENDING:
                messages.success(request, _("Role requested. It is not in force until a "
                                            "second administrator approves it."))
            else:
                messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", pk=target.pk)
    return _detail_page(request, target, form=form, status=400 if form.errors else 200)


@permissions.permission_required("accounts.manage_training")
@require_POST
def user_training(request, pk: int):
    """Record a course the member of staff passed (administrators of their agency)."""
    target = access_managed_user(user=request.user, user_id=pk,
                                 action="accounts.manage_training")
    form = TrainingRecordForm(request.POST)
    if form.is_valid():
        try:
            services.record_training(actor=request.user, user=target, **form.cleaned_data)
        except AccountsError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Training recorded."))
            return redirect(reverse("accounts:user_detail", args=[target.pk]) + "#training")
    return _detail_page(request, target, training_form=form, status=400)


@permissions.permission_required("accounts.manage_training")
@require_POST
def user_training_withdraw(request, pk: int, record_id: int):
    record = access_training_record(user=request.user, record_id=record_id, holder_id=pk)
    try:
        services.withdraw_training(actor=request.user, record=record)
        messages.success(request, _("Training record withdrawn."))
    except AccountsError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("accounts:user_detail", args=[pk]) + "#training")


@permissions.permission_required("accounts.list_users")
@require_POST
def user_sex(request, pk: int):
    """Record or correct the member of staff's sex (administrators of their agency)."""
    target = access_managed_user(user=request.user, user_id=pk)
    form = SexForm(request.POST)
    if form.is_valid():
        try:
            services.set_sex(actor=request.user, user=target, sex=form.cleaned_data["sex"])
        except AccountsError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:user_detail", pk=target.pk)
    return _detail_page(request, target, sex_form=form, status=400)


@permissions.permission_required("accounts.list_users")
@require_POST
def user_action(request, pk: int, action: str):
    target = access_managed_user(user=request.user, user_id=pk)
    try:
        if action == "deactivate":
            services.set_active(actor=request.user, user=target, is_active=False)
            messages.success(request, _("Account switched off."))
        elif action == "activate":
            services.set_active(actor=request.user, user=target, is_active=True)
            messages.success(request, _("Account switched on."))
        elif action == "reset-access":
            activation = services.reset_access(actor=request.user, user=target,
                                               base_url=_base_url(request))
            return _activation_issued(request, activation, created=False)
        elif action == "revoke-role":
            assignment = access_role_assignment(
                user=request.user, assignment_id=request.POST.get("assignment", ""),
                holder_id=target.pk)
            services.revoke_role(actor=request.user, assignment=assignment)
            messages.success(request, _("Role revoked."))
        else:
            messages.error(request, _("Unknown action."))
    except AccountsError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:user_detail", pk=target.pk)


@permissions.permission_required("accounts.approve_grant")
def grant_list(request):
    """Grants awaiting a second administrator that this administrator may decide."""
    return render(request, "accounts/grant_list.html",
                  {"grants": selectors.grants_to_decide(user=request.user)[:500]})


@permissions.permission_required("accounts.approve_grant")
@require_POST
def grant_decide(request, pk: int, decision: str):
    assignment = access_pending_grant(user=request.user, assignment_id=pk)
    try:
        if decision == "approve":
            services.approve_grant(actor=request.user, assignment=assignment)
            messages.success(request, _("Grant approved: the role is in force."))
        elif decision == "refuse":
            services.refuse_grant(actor=request.user, assignment=assignment)
            messages.success(request, _("Grant refused."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:grants")
