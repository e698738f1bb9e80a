"""Who is acting on accounts, and whether they may: the checks every account write
makes first (the rules themselves are in ``accounts.policy``)."""

from __future__ import annotations

from hifazat.accounts.errors import OutsideOwnAgency, RoleNotAllowed
from hifazat.accounts.models import Agency
from hifazat.accounts.roles import ROLE_SPECS, Scope
from hifazat.core import permissions


def require_manage(actor, target) -> None:
    if not permissions.can(actor, "accounts.manage_user", target):
        raise OutsideOwnAgency


def acting_role(actor) -> str:
    names = actor.role_names() if actor is not None else set()
    for candidate in ("system_admin", "agency_admin"):
        if candidate in names:
            return candidate
    return ""


def check_role(*, agency: Agency, role: str, scope: str, facility, district, province) -> None:
    spec = ROLE_SPECS.get(role)
    if spec is None or agency.kind not in spec.agency_kinds or scope not in spec.scopes:
        raise RoleNotAllowed
    targets = {Scope.FACILITY: facility, Scope.DISTRICT: district, Scope.PROVINCE: province}
    for level, target in targets.items():
        if (level == scope) != (target is not None):
            raise RoleNotAllowed
