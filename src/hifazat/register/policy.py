"""Who may do what with the register (Act s.24: no public access; retrieval for
investigation and prosecution, and by prisons and NPB for their duties)."""

from __future__ import annotations

from hifazat.accounts.roles import Role
from hifazat.audit.models import Purpose
from hifazat.core import permissions

PROPOSERS = {Role.PROSECUTOR}
VERIFIERS = {Role.NPB_REGISTRAR}
RETRIEVERS = {Role.POLICE_STATION_OFFICER, Role.INVESTIGATING_OFFICER, Role.PROSECUTOR,
              Role.PRISON_OFFICER, Role.NPB_REGISTRAR, Role.NPB_SUPERVISOR}
# Purposes each role may state when retrieving (Rules 2023: purpose-bound retrieval).
PURPOSES_BY_ROLE = {
    Role.POLICE_STATION_OFFICER: {Purpose.INVESTIGATION, Purpose.COMPLIANCE},
    Role.INVESTIGATING_OFFICER: {Purpose.INVESTIGATION, Purpose.COMPLIANCE},
    Role.PROSECUTOR: {Purpose.PROSECUTION},
    Role.PRISON_OFFICER: {Purpose.PRISON_RELEASE},
    Role.NPB_REGISTRAR: {Purpose.INVESTIGATION, Purpose.PROSECUTION, Purpose.PRISON_RELEASE,
                         Purpose.COMPLIANCE, Purpose.AUDIT},
    Role.NPB_SUPERVISOR: {Purpose.AUDIT, Purpose.COMPLIANCE},
}


def allowed_purposes(user) -> set[str]:
    out: set[str] = set()
    for role in user.role_names():
        out |= {str(p) for p in PURPOSES_BY_ROLE.get(role, set())}
    return out


@permissions.rule("register.propose")
def propose(user, obj) -> bool:
    return user.has_role(*PROPOSERS)


@permissions.rule("register.verify")
def verify(user, proposal) -> bool:
    if not user.has_role(*VERIFIERS):
        return False
    return proposal is None or proposal.proposed_by_id != user.pk


@permissions.rule("register.retrieve")
def retrieve(user, purpose) -> bool:
    """``purpose`` is the stated purpose code (or None to ask "may retrieve at all")."""
    if not user.has_role(*RETRIEVERS):
        return False
    return purpose is None or purpose in allowed_purposes(user)


SUPERVISORS = {Role.NPB_SUPERVISOR}
# Who takes a new photograph: NPB, and the police at an in-person verification.
PHOTOGRAPHERS = {Role.NPB_REGISTRAR, Role.POLICE_STATION_OFFICER, Role.INVESTIGATING_OFFICER}
# Act s.24: retrieval when a convicted offender reoffends is for the investigation.
SUSPECT_CHECKERS = {Role.INVESTIGATING_OFFICER, Role.POLICE_STATION_OFFICER,
                    Role.NPB_REGISTRAR}


@permissions.rule("register.view_proposals")
def view_proposals(user, proposal) -> bool:
    """Prosecutors see their own proposals; registrars see every proposal."""
    if user.has_role(*VERIFIERS):
        return True
    if not user.has_role(*PROPOSERS):
        return False
    return proposal is None or proposal.proposed_by_id == user.pk


@permissions.rule("register.search")
def search(user, obj) -> bool:
    """May open the search page at all (each search then states its purpose)."""
    return user.has_role(*RETRIEVERS)


@permissions.rule("register.review_flags")
def review_flags(user, obj) -> bool:
    return user.has_role(*SUPERVISORS)


@permissions.rule("register.manage_requests")
def manage_requests(user, obj) -> bool:
    return user.has_role(*VERIFIERS)


@permissions.rule("register.review_removal")
def review_removal(user, obj) -> bool:
    return user.has_role(*VERIFIERS)


@permissions.rule("register.set_photo")
def set_photo(user, offender) -> bool:
    return user.has_role(*PHOTOGRAPHERS)


@permissions.rule("register.check_suspect")
def check_suspect(user, obj) -> bool:
    return user.has_role(*SUSPECT_CHECKERS)


def covers_district(user, district) -> bool:
    """Whether one of the user's roles in force covers the district (jurisdiction)."""
    return any(a.covers_district(district) for a in user.active_roles())
