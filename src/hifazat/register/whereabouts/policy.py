"""Who may do what with an offender's whereabouts. Deny by default.

* prison officers schedule and record the release of their own facility's prisoners;
* police station officers and investigating officers of the offender's responsible
  district record report-ins, reported changes, verifications, the signed notice of
  obligations, risk level and review notes;
* prison officers ask to be recorded as holding an offender not held at their prison on
  record; NPB registrars and supervisors accept or refuse that request;
* NPB registrars and supervisors see every district; registrars transfer management and
  both write review notes; supervisors set the risk level too;
* everyone else (cells, prosecutors, analysts, administrators) is denied.
"""

from __future__ import annotations

from hifazat.accounts.roles import Role
from hifazat.core import permissions

POLICE = frozenset({Role.POLICE_STATION_OFFICER, Role.INVESTIGATING_OFFICER})
NPB = frozenset({Role.NPB_REGISTRAR, Role.NPB_SUPERVISOR})
PRISON = frozenset({Role.PRISON_OFFICER})


def covers_district(user, roles, district) -> bool:
    """Does the user hold one of ``roles`` over ``district`` (a District or its id)?"""
    for assignment in user.active_roles():
        if assignment.role not in roles:
            continue
        if district is None:
            return True
        if hasattr(district, "province_id"):
            if assignment.covers_district(district):
                return True
        elif _covers_district_id(assignment, district):
            return True
    return False


def _covers_district_id(assignment, district_id) -> bool:
    from hifazat.places import selectors as places

    district = places.district_by_id(district_id)
    return district is not None and assignment.covers_district(district)


def districts_of(user, roles) -> set[int] | None:
    """District ids the user covers through ``roles``; None means every district."""
    from hifazat.places import selectors as places

    ids: set[int] = set()
    for a in user.active_roles():
        if a.role not in roles:
            continue
        if a.scope == "national":
            return None
        if a.scope == "province":
            ids |= places.district_ids_in_province(a.province_id)
        elif a.scope == "district":
            ids.add(a.district_id)
        elif a.facility is not None:
            ids.add(a.facility.district_id)
    return ids


def covers_prison(user, prison) -> bool:
    return prison is not None and any(
        a.role in PRISON and a.covers_facility(prison) for a in user.active_roles())


def _offender_district(obj):
    district = getattr(obj, "district", None)
    return district if district is not None else getattr(obj, "district_id", None)


def _police_or_npb(user, offender) -> bool:
    if user.has_role(*NPB):
        return True
    if offender is None:
        return user.has_role(*POLICE)
    return covers_district(user, POLICE, _offender_district(offender))


def _police_of(user, offender) -> bool:
    if offender is None:
        return user.has_role(*POLICE)
    return covers_district(user, POLICE, _offender_district(offender))


@permissions.rule("whereabouts.schedule_release")
def schedule_release(user, offender) -> bool:
    """``offender``: a register Offender, or None to ask "may schedule releases at all".
    Allowed only for the prison officer of the offender's current prison on record. A
    prison with no custody on record asks for it first (``request_takeover``) and NPB
    confirms: otherwise any prison could claim the prisoner and lock the real one out."""
    if not user.has_role(*PRISON):
        return False
    if offender is None:
        return True
    from hifazat.register.whereabouts.selectors import current_prison

    return covers_prison(user, current_prison(offender))


@permissions.rule("whereabouts.request_takeover")
def request_takeover(user, offender) -> bool:
    """A prison officer asks to be recorded as holding an offender who is not held at
    their prison on record (NPB confirms). The request grants no access by itself."""
    if not user.has_role(*PRISON):
        return False
    if offender is None:
        return True
    if offender.status in ("deceased", "removed"):
        return False
    from hifazat.register.whereabouts.selectors import current_prison

    return not covers_prison(user, current_prison(offender))


@permissions.rule("whereabouts.decide_takeover")
def decide_takeover(user, takeover) -> bool:
    """NPB registrars and supervisors accept or refuse a prison's custody request."""
    return user.has_role(*NPB)


@permissions.rule("whereabouts.record_release")
def record_release(user, release_notice) -> bool:
    if release_notice is None:
        return user.has_role(*PRISON)
    return covers_prison(user, release_notice.prison)


@permissions.rule("whereabouts.view_releases")
def view_releases(user, obj) -> bool:
    return user.has_role(*PRISON) or user.has_role(*NPB)


@permissions.scope("whereabouts.view_releases")
def releases_in_scope(user, queryset):
    if user.has_role(*NPB):
        return queryset
    prisons = [a.facility_id for a in user.active_roles() if a.role in PRISON and a.facility_id]
    return queryset.filter(prison_id__in=prisons)


@permissions.rule("whereabouts.view_district_lists")
def view_district_lists(user, district) -> bool:
    """The overdue list and the compliance queue of a district (or None: any)."""
    return user.has_role(*NPB) or covers_district(user, POLICE, district)


@permissions.scope("whereabouts.view_district_lists")
def district_rows_in_scope(user, queryset):
    """Rows with a ``district`` the user covers (police of the district; NPB all)."""
    if user.has_role(*NPB):
        return queryset
    ids = districts_of(user, POLICE)
    return queryset if ids is None else queryset.filter(district_id__in=ids)


@permissions.rule("whereabouts.view")
def view(user, offender) -> bool:
    """See an offender's whereabouts page: police of the district, NPB, or the prison
    officer of the offender's current prison."""
    if _police_or_npb(user, offender):
        return True
    if offender is None:
        return user.has_role(*PRISON)
    from hifazat.register.whereabouts.selectors import current_prison, pending_release

    pending = pending_release(offender)
    return covers_prison(user, current_prison(offender)) or bool(
        pending and covers_prison(user, pending.prison))


# Police of the responsible district: what the offender reports, and the checks on it.
for _action in ("whereabouts.record_report_in", "whereabouts.report_change",
                "whereabouts.record_verification"):
    permissions.rule(_action)(_police_of)


@permissions.rule("whereabouts.record_acknowledgement")
def record_acknowledgement(user, offender) -> bool:
    """The notice of obligations is given at release (prison) or at the police station."""
    if _police_of(user, offender):
        return True
    if offender is None:
        return user.has_role(*PRISON)
    from hifazat.register.whereabouts.selectors import current_prison

    return covers_prison(user, current_prison(offender))


@permissions.rule("whereabouts.set_risk_level")
def set_risk_level(user, offender) -> bool:
    return user.has_role(Role.NPB_SUPERVISOR) or _police_of(user, offender)


@permissions.rule("whereabouts.add_review_note")
def add_review_note(user, offender) -> bool:
    return _police_or_npb(user, offender)


@permissions.rule("whereabouts.transfer_management")
def transfer_management(user, offender) -> bool:
    return user.has_role(Role.NPB_REGISTRAR) or _police_of(user, offender)
