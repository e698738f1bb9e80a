"""Who may do what with the register (Act s.24: no public access; retrieval for
investigation and prosecution, and by prisons and NPB for their duties)."""

from __future__ import annotations

from dataclasses import dataclass

from hifazat.accounts.roles import Role, Scope
from hifazat.audit.purposes import Purpose
from hifazat.core import permissions

# A prosecutor proposes by hand; a Special Court's verdict (justice) proposes for the
# court staff who record it. NPB verifies either way.
PROPOSERS = {Role.PROSECUTOR, Role.COURT_STAFF}
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


@permissions.rule("register.merge_into")
def merge_into(user, offender) -> bool:
    """The registered offender a registrar merges a proposal into."""
    return user.has_role(*VERIFIERS)


# --- Purpose has a jurisdiction -----------------------------------------------------------
# Rules 2023: a retrieval is for its stated purpose only, so each purpose reaches only
# the offenders that purpose concerns. Search and open (web and API) both apply these
# rules through ``within_purpose``; a record out of rule is answered like a missing one.

MANAGING_DISTRICT = "managing_district"  # the offender's responsible district's own
PRISON = "prison"                        # the prison holding, or receiving, the offender
NATIONAL = "national"                    # anywhere in Pakistan


@dataclass(frozen=True)
class PurposeRule:
    reach: str
    # Flag for the supervisor when the record lies outside the user's own area.
    flag_outside_area: bool


PURPOSE_RULES: dict[str, PurposeRule] = {
    # Compliance checks (and management) are the managing district's duty.
    Purpose.COMPLIANCE: PurposeRule(MANAGING_DISTRICT, flag_outside_area=False),
    # A prison retrieves for the release of its own prisoners only.
    Purpose.PRISON_RELEASE: PurposeRule(PRISON, flag_outside_area=False),
    # Act s.24: investigation and prosecution may reach any record, flagged when outside
    # the officer's own area so that a supervisor looks at it.
    Purpose.INVESTIGATION: PurposeRule(NATIONAL, flag_outside_area=True),
    Purpose.PROSECUTION: PurposeRule(NATIONAL, flag_outside_area=True),
    Purpose.AUDIT: PurposeRule(NATIONAL, flag_outside_area=True),
}


def _is_national(user) -> bool:
    return any(a.scope == Scope.NATIONAL for a in user.active_roles())


def _prisons_of(offender) -> list:
    """The prison holding the offender and the prison releasing it (pending notice),
    as whereabouts records them."""
    from hifazat.register.whereabouts import selectors as whereabouts

    prisons = [whereabouts.current_prison(offender)]
    pending = whereabouts.pending_release(offender)
    if pending is not None:
        prisons.append(pending.prison)
    return [p for p in prisons if p is not None]


def within_purpose(user, purpose: str, offender) -> bool:
    """Whether ``offender`` lies within the reach of ``purpose`` for ``user``."""
    rule = PURPOSE_RULES.get(str(purpose))
    if rule is None:
        return False
    if rule.reach == NATIONAL:
        return True
    if rule.reach == MANAGING_DISTRICT:
        return covers_district(user, offender.district)
    if _is_national(user):
        return True
    return any(a.covers_facility(prison) for prison in _prisons_of(offender)
               for a in user.active_roles())


def is_outside_area(user, purpose: str, offender) -> bool:
    """A retrieval within its purpose's reach that the supervisor should still see:
    a record outside the user's own area, for a purpose that reaches further."""
    rule = PURPOSE_RULES.get(str(purpose))
    return bool(rule and rule.flag_outside_area and
                not covers_district(user, offender.district))
