"""Who may issue and revoke service tokens: the system administrator for any agency,
an agency administrator for their own agency only."""

from __future__ import annotations

from hifazat.accounts.roles import Role
from hifazat.core import permissions


@permissions.rule("api.manage_tokens")
def manage_tokens(user, agency) -> bool:
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    return (agency is not None and user.has_role(Role.AGENCY_ADMIN)
            and user.agency_id == agency.pk)
