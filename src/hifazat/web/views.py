"""Home, language switch and the friendly error pages (English and Urdu)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hifazat.core import deadlines, permissions

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@permissions.permission_required("web.view_home")
def home(request):
    from hifazat.accounts.roles import Role

    # A committee analyst is pointed at the oversight tables (aggregates only).
    return render(request, "web/home.html", {
        "awaits_oversight": request.user.has_role(Role.COMMITTEE_ANALYST),
    })


@permissions.permission_required("web.view_deadlines")
def deadlines_page(request):
    """Every statutory or configured window (the deadline registry), with its value,
    whether it is the default, its legal source and who is told."""
    return render(request, "web/deadlines.html", {"deadlines": deadlines.all_deadlines()})


@require_POST
def set_language(request):
    """Switch the interface language. An unknown code is a clear 400, not a silent no-op."""
    code = request.POST.get("language", "")[:16]
    if code not in SUPPORTED_LANGUAGES or not check_for_language(code):
        return render(
            request, "web/error.html",
            {"status": 400, "title": _("Unknown language"),
             "message": _("Choose English or Urdu.")},
            status=400,
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code,
        max_age=365 * 24 * 3600, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


FAVICON = Path(__file__).parent / "static" / "hifazat" / "favicon.ico"


@cache
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


@require_GET
def favicon(request):
    """The vendored icon at the address every browser asks for (pages link the SVG),
    public like the sign-in page: it says nothing about anyone."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _error(request, status: int, title: str, message: str):
    return render(request, "web/error.html",
                  {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Something in the request was not right"),
                  _("Go back, check what you entered and try again."))


def permission_denied(request, exception=None):
    return _error(request, 403, _("You do not have access to this page"),
                  _("Your role does not allow this. If you need it for your work, ask your "
                    "agency administrator."))


def page_not_found(request, exception=None):
    return _error(request, 404, _("Page not found"),
                  _("Check the address, or go back to the home page."))


def server_error(request):
    # Kept minimal: no database access, no user data; the request id lets support find it.
    return render(request, "web/500.html",
                  {"request_id": getattr(request, "request_id", "")}, status=500)


def csrf_failure(request, reason=""):
    return _error(request, 403, _("This form has expired"),
                  _("For your security the form was refused. Go back, reload the page and "
                    "try again."))
