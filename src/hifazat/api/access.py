"""Permission classes of the API (deny by default), and the fetch-and-check of its one
sensitive row, a service token (``access_token``: core ``NotFound`` for missing and
another agency's alike).

* ``IsVerifiedPrincipal``: an authenticated, active principal who has passed the
  second factor (a token counts as one). Anyone else: 401 (no credentials) or 403.
* ``HasRequiredAction``: a view may declare ``required_action``, a permission action
  asked "at all" (no object) before the body is read, so a caller without the duty
  gets 403, never a 400 about a body it may not send.
* ``HasRequiredScope``: a token may call a view only if it holds the scope the view
  declares in ``required_scope`` (a tuple: any one of them); a view declaring none is
  closed to tokens. Staff
  sessions are not scoped: the permission rules decide for them, as on the web.
* ``CanReadSchema``: the API description in a staff session only for administrators
  (``api.read_schema``); a token is decided by its ``schema:read`` scope alone.
Object-level decisions stay with ``hifazat.core.permissions`` in the services and
selectors the views call.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import permissions as drf

from hifazat.api.models import ServiceToken
from hifazat.api.scopes import scopes_of
from hifazat.core import access, permissions
from hifazat.core.permissions import is_second_factor_satisfied


class IsVerifiedPrincipal(drf.BasePermission):
    message = _("Sign in with your second factor, or call with a valid service token.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user is not None and user.is_authenticated and user.is_active
                    and is_second_factor_satisfied(user))


class HasRequiredScope(drf.BasePermission):
    message = _("This token does not have the scope this endpoint needs.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ServiceToken):
            return True
        return any(token.has_scope(s)
                   for s in scopes_of(getattr(view, "required_scope", None)))


class HasRequiredAction(drf.BasePermission):
    message = _("Your role may not use this endpoint.")

    def has_permission(self, request, view) -> bool:
        action = getattr(view, "required_action", None)
        return action is None or permissions.can(request.user, action)


class CanReadSchema(drf.BasePermission):
    message = _("Only administrators, or a token with the schema:read scope, may read "
                "the API description.")

    def has_permission(self, request, view) -> bool:
        if isinstance(request.auth, ServiceToken):
            return True
        return permissions.can(request.user, "api.read_schema")


def access_token(*, user, token_id, action: str = "api.manage_tokens", purpose=None,
                 reference=None) -> ServiceToken:
    """The service token ``token_id`` if ``user`` may do ``action`` on it (its agency's
    administrator, or the system administrator); ``NotFound`` otherwise."""
    return access.fetch(ServiceToken.objects.select_related("agency", "created_by",
                                                            "revoked_by"),
                        user=user, action=action, pk=token_id)
