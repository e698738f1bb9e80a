"""How a request proves who calls: a service token (``Authorization: Bearer hzt_...``)
or a staff member's session (with the second factor passed, checked by
``access.IsVerifiedPrincipal``)."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from hifazat.api import selectors, services, throttling
from hifazat.api.principal import act_as_token

_TOKEN_RE = re.compile(r"^hzt_([0-9a-f]{8})_[A-Za-z0-9_-]{20,100}$")
_PREFIX_RE = re.compile(r"^hzt_([0-9a-f]{8})_")


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``. A valid token authenticates as its service
    account acting for its agency (see ``hifazat.api.principal``); ``request.auth`` is
    the ServiceToken. Each use is audited; a refused known token is audited too (one
    event per window, ``services.record_token_refused``). Refusals are counted per
    client address and token prefix; past the ceiling the call is answered 429 before
    its secret is looked at (``throttling``). A token still waiting for a second
    administrator's approval is refused 401 ``token_pending`` with a message saying
    so (audited like any refusal)."""

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
        named = _PREFIX_RE.match(raw)
        prefix = named.group(1) if named else None
        throttling.check_token_refusals(request, prefix)
        match = _TOKEN_RE.match(raw)
        if not match:
            throttling.note_token_refusal(request, prefix)
            raise exceptions.AuthenticationFailed(_("The token is malformed."))
        token = selectors.token_by_prefix(match.group(1))
        if token is None:
            throttling.note_token_refusal(request, prefix)
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        why = ""
        if not selectors.secret_matches(token, services.hash_secret(raw)):
            why = "wrong secret"
        elif token.status == token.Status.REVOKED:
            why = "revoked"
        elif token.expires_at <= timezone.now():
            why = "expired"
        elif not token.agency.is_active or not token.principal.is_active:
            why = "agency or service account inactive"
        if why:
            throttling.note_token_refusal(request, prefix)
            services.record_token_refused(token=token, why=why,
                                          client=throttling.client_address(request))
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, has expired or was revoked."))
        if token.status != token.Status.APPROVED:
            # The secret is right, so this is not guessing: audited, not throttled.
            services.record_token_refused(token=token, why="awaiting approval",
                                          client=throttling.client_address(request))
            raise exceptions.AuthenticationFailed(
                _("This token is waiting for a second administrator's approval and "
                  "cannot be used yet."), code="token_pending")
        user = act_as_token(token)
        services.record_token_use(token=token, principal=user, method=request.method,
                                  path=request.get_full_path())
        return user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="hifazat"'


class StaffSessionAuthentication(authentication.SessionAuthentication):
    """A signed-in staff member's session (CSRF enforced on writes, as DRF does)."""
