"""How a service token maps onto the one permission API.

A token acts through its service account: a user of the token's agency with no stored
roles and no usable password. At each authenticated request the account is given, in
memory only, the role its agency's kind implies, over the agency's own jurisdiction
(a prison's token acts as a prison officer of that prison, a police station's as a
police station officer of that station, a Special Court's as court staff of that
court). ``hifazat.core.permissions`` rules then decide exactly as for a person holding
that role. The token itself stands in for the second
factor (a 256-bit secret held by a system, not a password typed by a person).

Agencies whose kind implies no role here cannot hold tokens."""

from __future__ import annotations

from hifazat.accounts import selectors as accounts
from hifazat.accounts.roles import AgencyKind, Role, Scope

# kind -> (role, jurisdiction levels to try in order: the first the agency has wins)
ROLE_FOR_AGENCY_KIND: dict[str, tuple[str, tuple[str, ...]]] = {
    AgencyKind.PRISON: (Role.PRISON_OFFICER, (Scope.FACILITY,)),
    AgencyKind.POLICE_STATION: (Role.POLICE_STATION_OFFICER, (Scope.FACILITY, Scope.DISTRICT)),
    AgencyKind.SSOIU: (Role.INVESTIGATING_OFFICER, (Scope.DISTRICT, Scope.PROVINCE)),
    AgencyKind.PROSECUTION: (Role.PROSECUTOR, (Scope.DISTRICT, Scope.PROVINCE)),
    AgencyKind.NPB: (Role.NPB_REGISTRAR, (Scope.NATIONAL,)),
    AgencyKind.SPECIAL_COURT: (Role.COURT_STAFF, (Scope.FACILITY,)),
}


def implied_assignment(agency, user=None):
    """The (unsaved) role assignment a token of ``agency`` acts with, or None."""
    entry = ROLE_FOR_AGENCY_KIND.get(agency.kind)
    if entry is None:
        return None
    role, levels = entry
    targets = {Scope.FACILITY: agency.facility, Scope.DISTRICT: agency.district,
               Scope.PROVINCE: agency.province}
    for level in levels:
        if level == Scope.NATIONAL:
            return accounts.assignment_in_memory(user=user, role=role, scope=level)
        target = targets[level]
        if target is not None:
            return accounts.assignment_in_memory(user=user, role=role, scope=level,
                                                 **{level: target})
    return None


def act_as_token(token):
    """The token's service account, ready to be the request's user: roles implied by
    the agency, second factor satisfied by the token, the token attached."""
    user = token.principal
    assignment = implied_assignment(token.agency, user)
    user._active_roles_cache = [assignment] if assignment is not None else []
    user.is_verified = lambda: True
    user.api_token = token
    return user
