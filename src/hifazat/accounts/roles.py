"""Roles as data: who each role is, which agencies may hold it, the jurisdiction it is
granted at, and whether it sees personal data (and so needs the second factor).

Adding a role means adding a row here; policies elsewhere ask about roles by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    CRISIS_CELL = "crisis_cell", _("Hospital crisis cell")
    VAWC_CENTRE = "vawc_centre", _("Violence Against Women Centre")
    POLICE_STATION = "police_station", _("Police station")
    SSOIU = "ssoiu", _("Special Sexual Offences Investigation Unit")
    PROSECUTION = "prosecution", _("Prosecution office")
    PRISON = "prison", _("Prison")
    SPECIAL_COURT = "special_court", _("Special Court")
    NPB = "npb", _("National Police Bureau")
    NADRA = "nadra", _("NADRA")
    COMMITTEE = "committee", _("Special Committee")
    SYSTEM = "system", _("System administration")


class Scope(models.TextChoices):
    FACILITY = "facility", _("Facility")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class Role(models.TextChoices):
    CELL_DOCTOR = "cell_doctor", _("Cell doctor")
    WMLO = "wmlo", _("Women medico-legal officer")
    CELL_COUNSELLOR = "cell_counsellor", _("Cell counsellor")
    CELL_LEGAL_ADVISER = "cell_legal_adviser", _("Cell legal adviser")
    CELL_IN_CHARGE = "cell_in_charge", _("Cell in-charge")
    POLICE_STATION_OFFICER = "police_station_officer", _("Police station officer")
    INVESTIGATING_OFFICER = "investigating_officer", _("Investigating officer (SSOIU)")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    COURT_STAFF = "court_staff", _("Court staff (Special Court)")
    PRISON_OFFICER = "prison_officer", _("Prison officer")
    NPB_REGISTRAR = "npb_registrar", _("NPB registrar")
    NPB_SUPERVISOR = "npb_supervisor", _("NPB supervisor")
    COMMITTEE_ANALYST = "committee_analyst", _("Committee analyst")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    agency_kinds: frozenset[str]
    scopes: frozenset[str]
    sees_personal_data: bool


_CELLS = frozenset({AgencyKind.CRISIS_CELL, AgencyKind.VAWC_CENTRE})
_F = Scope.FACILITY
_D = Scope.DISTRICT
_P = Scope.PROVINCE
_N = Scope.NATIONAL
_ALL_AGENCIES = frozenset(AgencyKind) - {AgencyKind.SYSTEM}

ROLE_SPECS: dict[str, RoleSpec] = {
    spec.role.value: spec
    for spec in [
        RoleSpec(Role.CELL_DOCTOR, _CELLS, frozenset({_F}), True),
        RoleSpec(Role.WMLO, _CELLS, frozenset({_F}), True),
        RoleSpec(Role.CELL_COUNSELLOR, _CELLS, frozenset({_F}), True),
        RoleSpec(Role.CELL_LEGAL_ADVISER, _CELLS, frozenset({_F}), True),
        RoleSpec(Role.CELL_IN_CHARGE, _CELLS, frozenset({_F}), True),
        RoleSpec(
            Role.POLICE_STATION_OFFICER, frozenset({AgencyKind.POLICE_STATION}),
            frozenset({_F, _D}), True,
        ),
        RoleSpec(
            Role.INVESTIGATING_OFFICER, frozenset({AgencyKind.SSOIU}), frozenset({_D, _P}), True
        ),
        RoleSpec(Role.PROSECUTOR, frozenset({AgencyKind.PROSECUTION}), frozenset({_D, _P}), True),
        # The clerk and reader of a Special Court: hearings, cause list, verdict.
        RoleSpec(Role.COURT_STAFF, frozenset({AgencyKind.SPECIAL_COURT}), frozenset({_F}),
                 True),
        RoleSpec(Role.PRISON_OFFICER, frozenset({AgencyKind.PRISON}), frozenset({_F}), True),
        RoleSpec(Role.NPB_REGISTRAR, frozenset({AgencyKind.NPB}), frozenset({_N}), True),
        RoleSpec(Role.NPB_SUPERVISOR, frozenset({AgencyKind.NPB}), frozenset({_N}), True),
        # Committee analysts see aggregates only, never a person (DESIGN: oversight).
        RoleSpec(
            Role.COMMITTEE_ANALYST, frozenset({AgencyKind.COMMITTEE}), frozenset({_P, _N}), False
        ),
        # Administrators manage accounts, which are personal data of staff: second factor.
        RoleSpec(Role.AGENCY_ADMIN, _ALL_AGENCIES, frozenset({_F, _D, _P, _N}), True),
        # The system administrator sees no case data, but holds the keys to every account.
        RoleSpec(Role.SYSTEM_ADMIN, frozenset({AgencyKind.SYSTEM}), frozenset({_N}), True),
    ]
}

CASE_DATA_ROLES = frozenset(
    {
        Role.CELL_DOCTOR, Role.WMLO, Role.CELL_COUNSELLOR, Role.CELL_LEGAL_ADVISER,
        Role.CELL_IN_CHARGE, Role.POLICE_STATION_OFFICER, Role.INVESTIGATING_OFFICER,
        Role.PROSECUTOR, Role.COURT_STAFF, Role.PRISON_OFFICER, Role.NPB_REGISTRAR,
        Role.NPB_SUPERVISOR,
    }
)


def spec(role: str) -> RoleSpec:
    return ROLE_SPECS[role]
