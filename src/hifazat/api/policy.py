"""Who may see, issue and revoke service tokens: the system administrator for any
agency, an agency administrator for their own agency only. Nobody else. A token waiting
for a second administrator is approved by one of them who did not issue it (four
eyes). Who may read the API's description in a staff session: administrators only (a
token needs the ``schema:read`` scope instead)."""

from __future__ import annotations

from hifazat.accounts.roles import Role
from hifazat.api.models import ServiceToken
from hifazat.api.principal import ROLE_FOR_AGENCY_KIND
from hifazat.core import permissions


def _admin_of(user, agency_id) -> bool:
    return (agency_id is not None and user.has_role(Role.AGENCY_ADMIN)
            and user.agency_id == agency_id)


@permissions.rule("api.manage_tokens")
def manage_tokens(user, target) -> bool:
    """``target``: the agency whose tokens are issued or revoked, or one of its tokens."""
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    if isinstance(target, ServiceToken):
        return _admin_of(user, target.agency_id)
    return target is not None and _admin_of(user, target.pk)


@permissions.rule("api.approve_token")
def approve_token(user, token) -> bool:
    """``token`` None: may this user approve tokens at all. Otherwise: it waits for
    approval and the user administers its agency and did not issue it."""
    if token is None:
        return user.has_role(Role.SYSTEM_ADMIN) or user.has_role(Role.AGENCY_ADMIN)
    return (token.status == ServiceToken.Status.PENDING
            and user.pk != token.created_by_id and manage_tokens(user, token))


@permissions.rule("api.list_tokens")
def list_tokens(user, obj) -> bool:
    """The screens: the system administrator, or an administrator of an agency whose
    kind can hold tokens (a crisis cell's administrator has nothing to manage here)."""
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    return (user.has_role(Role.AGENCY_ADMIN) and user.agency_id is not None
            and user.agency.kind in ROLE_FOR_AGENCY_KIND)


@permissions.scope("api.list_tokens")
def tokens_in_scope(user, queryset):
    """ServiceTokens (or Agencies, by ``pk``) the user administers."""
    if user.has_role(Role.SYSTEM_ADMIN):
        return queryset
    if user.has_role(Role.AGENCY_ADMIN) and user.agency_id is not None:
        field = "agency_id" if queryset.model.__name__ == "ServiceToken" else "pk"
        return queryset.filter(**{field: user.agency_id})
    return queryset.none()


@permissions.rule("api.read_schema")
def read_schema(user, obj) -> bool:
    """The OpenAPI description is for those who connect systems: the system
    administrator and agency administrators. A case worker's session has no use for it,
    and it maps every endpoint an attacker with a stolen session would try."""
    return user.has_role(Role.SYSTEM_ADMIN) or user.has_role(Role.AGENCY_ADMIN)
