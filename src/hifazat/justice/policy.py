"""Who may do what in the justice pipeline. The only place that decides.

Each case belongs to a district, a police station (its FIR), and in time to an SSOIU,
a prosecution office and a Special Court. A person acts on a case only through a role
held over it: the station's officers over its FIRs (their station, or the district
for a district-level role), investigating officers and prosecutors over their
district (or province), court staff over the cases before their own court. Another
district's officer, another court's clerk, a cell, NPB, a committee analyst or an
administrator sees nothing here (a case they may not act on is "not found").

``ACTIONS`` is the table: action -> the roles that may do it over a case they cover.
"""

from __future__ import annotations

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import permissions

STATION = Role.POLICE_STATION_OFFICER
IO = Role.INVESTIGATING_OFFICER
PROSECUTOR = Role.PROSECUTOR
COURT = Role.COURT_STAFF
JUSTICE_ROLES = frozenset({STATION, IO, PROSECUTOR, COURT})

ACTIONS: dict[str, frozenset[str]] = {
    # The case page (stage, suspects, diary, reports, hearings): whoever works it.
    "justice.view_case": JUSTICE_ROLES,
    "justice.view_overdue": JUSTICE_ROLES,
    # FIR and suspects: the station; the investigating officer adds what they find.
    "justice.register_fir": frozenset({STATION}),
    "justice.edit_suspects": frozenset({STATION, IO}),
    "justice.record_custody": frozenset({STATION, IO}),
    # SSOIU: assignment, case diary, reports to court.
    "justice.investigate": frozenset({IO}),
    # The diary's text (CrPC s.172: the police diary is the investigation's own record;
    # the prosecutor reads it). Station officers and court staff see dates and counts.
    "justice.read_diary": frozenset({IO, PROSECUTOR}),
    # Prosecution: assignment, scrutiny of the report, disclosure, the cell's records.
    "justice.prosecute": frozenset({PROSECUTOR}),
    # Special Court: charge, hearings, witnesses, protection, verdict.
    "justice.conduct_trial": frozenset({COURT}),
    # An appeal's filing and outcome are recorded by the trial court or the prosecutor.
    "justice.record_appeal": frozenset({COURT, PROSECUTOR}),
}


def _covers(user, role: str, *, district=None, facility=None) -> bool:
    for a in user.active_roles():
        if a.role != role:
            continue
        if facility is not None and a.covers_facility(facility):
            return True
        # A facility-level station officer covers only their station (above).
        if district is not None and role != COURT and a.covers_district(district) \
                and not (role == STATION and a.scope == "facility"):
            return True
    return False


def covers_case(user, role: str, case) -> bool:
    """Whether ``user`` holds ``role`` over ``case`` (a JusticeCase)."""
    if role == STATION:
        return _covers(user, role, district=case.district, facility=case.fir.station)
    if role == COURT:
        return case.court is not None and _covers(user, role, facility=case.court.facility)
    return _covers(user, role, district=case.district)


def allowed(user, action: str, case) -> bool:
    roles = ACTIONS[action]
    if case is None:  # "may this user do this at all" (menus, list pages)
        return user.has_role(*roles)
    return any(covers_case(user, role, case) for role in roles)


def _register(action: str):
    permissions.rule(action)(lambda user, obj, _a=action: allowed(user, _a, obj))


for _action in ACTIONS:
    _register(_action)


@permissions.rule("justice.station_inbox")
def station_inbox(user, station) -> bool:
    """A station's referral inbox and FIR form: its own officers (station- or
    district-level). ``station`` is a places Facility, or None."""
    if station is None:
        return user.has_role(STATION)
    return _covers(user, STATION, district=station.district, facility=station)


@permissions.rule("justice.view_referral")
def view_referral(user, referral) -> bool:
    """A cell referral is seen by the referred station's officers."""
    if referral is None:
        return user.has_role(STATION)
    return station_inbox(user, referral.police_station)


@permissions.rule("justice.cause_list")
def cause_list(user, court) -> bool:
    """A court's cause list: its own staff. ``court`` is an Agency (a Special Court)."""
    if court is None:
        return user.has_role(COURT)
    return (court.kind == AgencyKind.SPECIAL_COURT
            and _covers(user, COURT, facility=court.facility))
