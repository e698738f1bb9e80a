"""How a request proves who calls: a service token (``Authorization: Bearer hzt_...``)
or a staff member's session (with the second factor passed, checked by
``access.IsVerifiedPrincipal``)."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from hifazat.api import selectors, services
from hifazat.api.principal import act_as_token

_TOKEN_RE = re.compile(r"^hzt_([0-9a-f]{8})_[A-Za-z0-9_-]{20,100}$")


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``. A valid token authenticates as its service
    account acting for its agency (see ``hifazat.api.principal``); ``request.auth`` is
    the ServiceToken. Each use is audited; a refused known token is audited too."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            if parts and parts[0].lower() == self.keyword.lower():
                raise exceptions.AuthenticationFailed(
                    _("Send the token as: Authorization: Bearer <token>."))
            return None  # another scheme: not ours
        raw = parts[1]
        match = _TOKEN_RE.match(raw)
        if not match:
            raise exceptions.AuthenticationFailed(_("The token is malformed."))
        token = selectors.token_by_prefix(match.group(1))
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        why = ""
        if not selectors.secret_matches(token, services.hash_secret(raw)):
            why = "wrong secret"
        elif token.revoked_at is not None:
            why = "revoked"
        elif token.expires_at <= timezone.now():
            why = "expired"
        elif not token.agency.is_active or not token.principal.is_active:
            why = "agency or service account inactive"
        if why:
            services.record_token_refused(token=token, why=why)
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, has expired or was revoked."))
        user = act_as_token(token)
        services.record_token_use(token=token, principal=user, method=request.method,
                                  path=request.get_full_path())
        return user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="hifazat"'


class StaffSessionAuthentication(authentication.SessionAuthentication):
    """A signed-in staff member's session (CSRF enforced on writes, as DRF does)."""
