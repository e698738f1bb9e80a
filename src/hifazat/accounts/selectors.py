"""Reads of accounts that other apps need: agencies, the active users of an agency, the
holders of roles, staff trained or certified in a course, and (the demo only) an
authenticator's current code. Other apps read accounts here, never through
``accounts.models`` (a foreign key in ``models.py`` aside).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts.models import Agency, RoleAssignment, TrainingRecord, User
from hifazat.accounts.models import Course as _Course
from hifazat.core import clock


def agency_by(*, code: str | None = None, pk=None) -> Agency | None:
    """The agency with ``code`` or ``pk``, or None (also for a malformed pk)."""
    try:
        lookup = {"code": code} if code is not None else {"pk": pk}
        return Agency.objects.filter(**lookup).first()
    except (TypeError, ValueError):
        return None


def agencies(*, kinds: Iterable[str] | None = None, active_only: bool = True,
             facility=None) -> QuerySet[Agency]:
    """Agencies of ``kinds`` (all kinds when None), active ones only by default, at
    ``facility`` when given; by English name."""
    queryset = Agency.objects.select_related("facility", "district__province", "province")
    if active_only:
        queryset = queryset.filter(is_active=True)
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    if facility is not None:
        queryset = queryset.filter(facility=facility)
    return queryset.order_by("name_en")


def is_agency(obj) -> bool:
    return isinstance(obj, Agency)


def is_user(obj) -> bool:
    return isinstance(obj, User)


def users_by_ids(ids: Iterable) -> list[User]:
    return list(User.objects.filter(pk__in=list(ids)))


def active_users_of(agency_id) -> QuerySet[User]:
    return User.objects.filter(agency_id=agency_id, is_active=True)


def staff_holding(*, agency_id, roles: Iterable[str]) -> QuerySet[User]:
    """Active users of the agency who hold one of ``roles`` in force now (a pending or
    revoked grant does not count), by name."""
    holders = role_assignments_in_force(roles=roles).filter(
        user__agency_id=agency_id).values("user_id")
    return User.objects.filter(pk__in=holders, agency_id=agency_id, is_active=True) \
        .order_by("display_name", "username")


def role_assignments_in_force(*, roles: Iterable[str]) -> QuerySet[RoleAssignment]:
    """Assignments of ``roles`` in force, held by active users."""
    return (RoleAssignment.objects.in_force()
            .filter(role__in=list(roles), user__is_active=True)
            .select_related("user", "facility", "district", "province"))


def current_totp_code(*, username: str) -> str:
    """The code a user's confirmed authenticator shows now (the demo's ``demo_otp``);
    raises ``TOTPDevice.DoesNotExist`` when there is none."""
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def active_user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def assignment_in_memory(*, user, role: str, scope: str, facility=None, district=None,
                         province=None) -> RoleAssignment:
    """An unsaved role assignment (a service token's implied role, held for one request
    only; never stored)."""
    return RoleAssignment(user=user, role=role, scope=scope, facility=facility,
                          district=district, province=province)


def supervisors_for(*, agency, exclude=()) -> list[User]:
    """Who supervises grants in ``agency``: its agency administrators and, for a crisis
    cell or VAWC centre, its cell in-charge — active accounts, with the role in force,
    other than those in ``exclude`` (the person acting and the person concerned). With
    none of them, the system administrators (again other than ``exclude``)."""
    from hifazat.accounts.roles import AgencyKind, Role

    excluded = {pk for pk in exclude if pk is not None}
    roles = [Role.AGENCY_ADMIN]
    if agency is not None and agency.kind in (AgencyKind.CRISIS_CELL, AgencyKind.VAWC_CENTRE):
        roles.append(Role.CELL_IN_CHARGE)
    found: dict[int, User] = {}
    if agency is not None:
        for assignment in role_assignments_in_force(roles=roles).filter(
                user__agency_id=agency.pk):
            if assignment.user_id not in excluded:
                found.setdefault(assignment.user_id, assignment.user)
    if not found:
        for assignment in role_assignments_in_force(roles=[Role.SYSTEM_ADMIN]):
            if assignment.user_id not in excluded:
                found.setdefault(assignment.user_id, assignment.user)
    return sorted(found.values(), key=lambda u: u.pk)


def grants_to_decide(*, user) -> QuerySet[RoleAssignment]:
    """The pending grants ``user`` may approve or refuse (``accounts.approve_grant``)."""
    from hifazat.core import permissions

    return (permissions.scoped(user, "accounts.approve_grant", RoleAssignment.objects.all())
            .select_related("user__agency", "granted_by", "facility", "district", "province")
            .order_by("valid_from"))


# --- training and certification -------------------------------------------------------

Course = _Course  # the course codes and labels, for other apps (e.g. ``Course.WMLO``)


def training_of(user) -> QuerySet[TrainingRecord]:
    """``user``'s training records in force (not withdrawn), by course then newest
    certification first. Each answers ``in_date_on(date)``."""
    return (TrainingRecord.objects.filter(user=user, withdrawn_at__isnull=True)
            .select_related("recorded_by").order_by("course", "-certified_on", "-pk"))


def _in_date(on) -> Q:
    return Q(withdrawn_at__isnull=True, certified_on__lte=on) & (
        Q(expires_on__isnull=True) | Q(expires_on__gt=on))


def trained_staff(*, agency=None, course: str, on=None) -> QuerySet[User]:
    """Active users (of ``agency`` when given) holding an in-date certificate of
    ``course`` on the day ``on`` (today when None): certified by then and not expired
    (``expires_on`` is the first day it no longer counts); withdrawn records never
    count. By name."""
    on = on or timezone.localdate(clock.now())
    holders = TrainingRecord.objects.filter(_in_date(on), course=course).values("user_id")
    users = User.objects.filter(pk__in=holders, is_active=True)
    if agency is not None:
        users = users.filter(agency_id=getattr(agency, "pk", agency))
    return users.order_by("display_name", "username")


def trained_days(*, user_ids: Iterable, course: str, since, until) -> dict[int, list]:
    """For each of ``user_ids``, the (certified_on, expires_on) spans of their records
    of ``course`` in force that overlap ``since``..``until`` (one query; for a range of
    days where ``trained_staff`` would cost one query a day)."""
    rows = (TrainingRecord.objects
            .filter(user_id__in=list(user_ids), course=course, withdrawn_at__isnull=True,
                    certified_on__lte=until)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=since))
            .values_list("user_id", "certified_on", "expires_on"))
    spans: dict[int, list] = {}
    for user_id, certified_on, expires_on in rows:
        spans.setdefault(user_id, []).append((certified_on, expires_on))
    return spans


# --- oversight stocktake --------------------------------------------------------------
# Counts only, for the Special Committee's crisis-cell stocktake (hifazat.oversight): no
# name, no user id leaves this section.

def staff_counts(*, agency_ids: Iterable, role_courses: dict[str, str], on
                 ) -> dict[int, dict[str, tuple[int, int]]]:
    """For each agency of ``agency_ids`` and each role of ``role_courses``: how many
    active users of the agency hold the role in force on the day ``on`` (its end, or now
    if earlier), and how many of them hold an in-date certificate of that role's course
    on ``on`` (``trained_staff``'s rule). ``{agency_id: {role: (total, trained)}}``;
    two queries whatever the number of agencies."""
    from datetime import datetime, time

    end_of_day = datetime.combine(on, time.max, tzinfo=timezone.get_current_timezone())
    at = min(clock.now(), end_of_day)
    holders = set(RoleAssignment.objects.in_force(at)
                  .filter(role__in=list(role_courses), user__is_active=True,
                          user__agency_id__in=list(agency_ids))
                  .values_list("user__agency_id", "role", "user_id"))
    trained = set(TrainingRecord.objects
                  .filter(_in_date(on), course__in=set(role_courses.values()),
                          user_id__in={user_id for _a, _r, user_id in holders})
                  .values_list("user_id", "course"))
    counts: dict[int, dict[str, list[int]]] = {}
    for agency_id, role, user_id in holders:
        pair = counts.setdefault(agency_id, {}).setdefault(role, [0, 0])
        pair[0] += 1
        pair[1] += (user_id, role_courses[role]) in trained
    return {agency: {role: (total, done) for role, (total, done) in roles.items()}
            for agency, roles in counts.items()}
