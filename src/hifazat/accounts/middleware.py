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
    """Signs a user out after IDLE_TIMEOUT_MINUTES without a request, with a message."""

    SESSION_KEY = "hifazat_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(self.SESSION_KEY)
            limit = settings.IDLE_TIMEOUT_MINUTES * 60
            if isinstance(last_seen, int | float) and now - last_seen > limit:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.IDLE_TIMEOUT_MINUTES},
                )
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            request.session[self.SESSION_KEY] = now
        return self.get_response(request)


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
