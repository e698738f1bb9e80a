"""Idle sign-out and the second-factor gate."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hifazat.core.permissions import is_second_factor_satisfied

# Paths a signed-in but unverified user may reach: the second-factor pages themselves,
# sign-out, the language switch and static files. The API is not redirected either: it
# refuses an unverified session itself, with its JSON 403 (api.access).
_OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon", "/api/")
_OPEN_NAMES = ("accounts:verify", "accounts:enrol", "accounts:logout", "accounts:login")
# The activation link is for someone not signed in (or signed in as another account).
_OPEN_PREFIXES_ACCOUNTS = ("/accounts/activate/",)


class IdleTimeoutMiddleware:
    """Signs a user out after IDLE_TIMEOUT_MINUTES without a request, and says so on the
    sign-in page.

    The session itself expires with the idle limit (``SESSION_COOKIE_AGE``), so by the
    time the user comes back there is usually no session left to tell us why. A small
    signed browser-session cookie (``SEEN_COOKIE``: the time of the last signed-in
    request, nothing else) outlives it: an anonymous request carrying one older than the
    limit was signed out for inactivity. Signing out deliberately deletes it."""

    SESSION_KEY = "hifazat_last_seen"
    SEEN_COOKIE = "hifazat_seen"
    SEEN_SALT = "hifazat.accounts.idle"

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _signed_out_message(request) -> None:
        messages.info(
            request,
            _("You were signed out after %(minutes)d minutes without activity.")
            % {"minutes": settings.IDLE_TIMEOUT_MINUTES},
        )

    def __call__(self, request):
        now = time.time()
        limit = settings.IDLE_TIMEOUT_MINUTES * 60
        if request.user.is_authenticated:
            last_seen = request.session.get(self.SESSION_KEY)
            if isinstance(last_seen, int | float) and now - last_seen > limit:
                logout(request)
                self._signed_out_message(request)
                response = redirect(f"{reverse('accounts:login')}?next={request.path}")
                response.delete_cookie(self.SEEN_COOKIE)
                return response
            request.session[self.SESSION_KEY] = now
            response = self.get_response(request)
            if request.user.is_authenticated:
                response.set_signed_cookie(
                    self.SEEN_COOKIE, str(int(now)), salt=self.SEEN_SALT,
                    secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
            else:  # signed out on purpose by this request: nothing to explain later
                response.delete_cookie(self.SEEN_COOKIE)
            return response
        seen = self._last_seen_cookie(request)
        if seen is None or request.path.startswith(("/static/", "/favicon")):
            return self.get_response(request)
        if seen is not False and now - seen > limit:
            self._signed_out_message(request)
        response = self.get_response(request)
        response.delete_cookie(self.SEEN_COOKIE)
        return response

    def _last_seen_cookie(self, request) -> float | bool | None:
        """None without the cookie; False when it is unreadable (tampered: forget it,
        say nothing); else the time of the last signed-in request."""
        if self.SEEN_COOKIE not in request.COOKIES:
            return None
        value = request.get_signed_cookie(self.SEEN_COOKIE, default=None, salt=self.SEEN_SALT)
        try:
            return float(value)
        except (TypeError, ValueError):
            return False


class SecondFactorRequiredMiddleware:
    """A user whose roles see personal data reaches nothing but the second-factor pages
    until they have entered a valid one-time code in this session. Under /api/ the
    API's own permission check answers instead (403 in its JSON shape, not a redirect
    to an HTML page a program cannot follow)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def _open(self) -> tuple[str, ...]:
        if self._open_paths is None:
            self._open_paths = tuple(reverse(name) for name in _OPEN_NAMES)
        return self._open_paths

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not is_second_factor_satisfied(user)
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith(_OPEN_PREFIXES_ACCOUNTS)
            and request.path not in self._open()
        ):
            from django_otp import devices_for_user

            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            target = "accounts:verify" if has_device else "accounts:enrol"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        if user.is_authenticated:
            # The first use of a grant a second administrator approved tells the
            # agency's supervisors (once per grant).
            from hifazat.accounts.services import note_first_use

            note_first_use(user)
        return self.get_response(request)
