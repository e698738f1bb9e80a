"""Who may see the oversight aggregates: committee analysts only (the role sees no
person). A province-level analyst sees that province; a national one, every province."""

from __future__ import annotations

from hifazat.accounts.roles import Role, Scope
from hifazat.core import permissions


def analyst_provinces(user) -> set | None:
    """The province ids the analyst may see; ``None`` for national reach."""
    provinces = set()
    for a in user.active_roles():
        if a.role != Role.COMMITTEE_ANALYST:
            continue
        if a.scope == Scope.NATIONAL:
            return None
        if a.scope == Scope.PROVINCE and a.province_id:
            provinces.add(a.province_id)
    return provinces


@permissions.rule("oversight.view")
def view(user, province=None) -> bool:
    """The analyst page and its exports; with ``province`` (a Province), that province
    must be in the analyst's reach."""
    if not user.has_role(Role.COMMITTEE_ANALYST):
        return False
    reach = analyst_provinces(user)
    if province is None:
        return reach is None or bool(reach)
    return reach is None or province.pk in reach


@permissions.rule("oversight.refresh")
def refresh(user, obj=None) -> bool:
    """Ask for an on-demand refresh: any committee analyst."""
    return user.has_role(Role.COMMITTEE_ANALYST)


@permissions.rule("oversight.stocktake")
def stocktake(user, obj=None) -> bool:
    """Take a round of the crisis-cell stocktake: a NATIONAL committee analyst only. A
    round covers every district of the country and is the committee's record of it; a
    province-level analyst reads her province's part of each round (``oversight.view``)
    but does not start national rounds."""
    return user.has_role(Role.COMMITTEE_ANALYST) and analyst_provinces(user) is None
