"""What every page's shell needs: navigation, the signed-in user's roles, language."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_bidi

from hifazat.core.permissions import is_second_factor_satisfied
from hifazat.web.navigation import entries_for


def shell(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    verified = signed_in and is_second_factor_satisfied(user)
    return {
        "nav_items": entries_for(user, request.path) if verified else [],
        "shell_user": user if signed_in else None,
        "shell_roles": user.active_roles() if verified else [],
        "shell_is_verified": verified,
        "shell_rtl": get_language_bidi(),
        "idle_timeout_minutes": settings.IDLE_TIMEOUT_MINUTES,
    }
