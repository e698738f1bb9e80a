"""Who may do what with accounts. The only place that decides.

* agency administrators manage users of their own agency, and no one else;
* the system administrator manages agencies and every agency's users, but holds no
  case-data role (see ``roles.CASE_DATA_ROLES``) and so sees no case data anywhere;
* everyone may enrol and verify their own second factor before being verified;
* a grant that waits for a second administrator is approved (or refused) by an
  administrator with authority over the agency who neither made it nor receives it.
"""

from __future__ import annotations

from hifazat.accounts.roles import Role
from hifazat.core import permissions


def _is_system_admin(user) -> bool:
    return user.has_role(Role.SYSTEM_ADMIN)


def _is_admin_of(user, agency_id) -> bool:
    return user.has_role(Role.AGENCY_ADMIN) and user.agency_id is not None and (
        user.agency_id == agency_id
    )


@permissions.rule("accounts.enrol_second_factor", allow_unverified=True)
def enrol_second_factor(user, obj) -> bool:
    return obj is None or obj == user


@permissions.rule("accounts.list_users")
def list_users(user, obj) -> bool:
    return _is_system_admin(user) or user.has_role(Role.AGENCY_ADMIN)


@permissions.scope("accounts.list_users")
def users_in_scope(user, queryset):
    if _is_system_admin(user):
        return queryset
    if user.has_role(Role.AGENCY_ADMIN) and user.agency_id:
        return queryset.filter(agency_id=user.agency_id)
    return queryset.none()


@permissions.rule("accounts.manage_user")
def manage_user(user, target) -> bool:
    """``target`` is a User, or an Agency when creating a user in it."""
    if target is None:
        return False
    agency_id = getattr(target, "agency_id", None)
    if agency_id is None and target.__class__.__name__ == "Agency":
        agency_id = target.pk
    if _is_system_admin(user):
        return True
    return agency_id is not None and _is_admin_of(user, agency_id)


@permissions.rule("accounts.manage_agencies")
def manage_agencies(user, obj) -> bool:
    return _is_system_admin(user)


@permissions.rule("accounts.approve_grant")
def approve_grant(user, assignment) -> bool:
    """``assignment`` None: may this user approve grants at all (the screen's link)."""
    if assignment is None:
        return _is_system_admin(user) or user.has_role(Role.AGENCY_ADMIN)
    return (assignment.status == "pending"
            and user.pk not in (assignment.granted_by_id, assignment.user_id)
            and manage_user(user, assignment.user))


@permissions.scope("accounts.approve_grant")
def grants_to_decide(user, queryset):
    """Pending grants of accounts the user manages, other than those they made or
    that are for them."""
    queryset = queryset.filter(status="pending").exclude(granted_by=user).exclude(user=user)
    if _is_system_admin(user):
        return queryset
    if user.has_role(Role.AGENCY_ADMIN) and user.agency_id:
        return queryset.filter(user__agency_id=user.agency_id)
    return queryset.none()


@permissions.rule("accounts.manage_training")
def manage_training(user, target) -> bool:
    """Record or withdraw a member of staff's training: the administrators of that
    person's agency and the system administrator. ``target`` is the User or one of
    their TrainingRecords; None: may this user manage training at all."""
    if target is None:
        return _is_system_admin(user) or user.has_role(Role.AGENCY_ADMIN)
    holder = getattr(target, "user", None) if not hasattr(target, "agency_id") else target
    return holder is not None and manage_user(user, holder)
