"""Fetch-and-check of the rows an agency administrator manages: the one way a view reads
a managed user or one of their role assignments.

Built on ``core.access.fetch``: missing, another agency's and not-an-administrator all
raise ``core`` ``NotFound`` (the same 404), so user ids cannot be probed.
"""

from __future__ import annotations

from hifazat.accounts.models import RoleAssignment, User
from hifazat.audit import services as audit
from hifazat.core import access
from hifazat.core.errors import NotFound

MANAGE = "accounts.manage_user"


def access_managed_user(*, user, user_id, action: str = MANAGE, purpose=None,
                        reference=None) -> User:
    """The account ``user_id`` if ``user`` may do ``action`` on it (an agency
    administrator: their own agency's accounts; the system administrator: any).
    With a ``purpose``, the read is audited as ``accounts.user_viewed``: staff account
    details are personal data too."""
    target = access.fetch(User.objects.select_related("agency"), user=user, action=action,
                          pk=user_id)
    if purpose:
        audit.record(action="accounts.user_viewed", actor=user, object_type="user",
                     object_id=target.pk, purpose=purpose,
                     case_reference=str(reference or "")[:100])
    return target


def access_role_assignment(*, user, assignment_id, holder_id,
                           action: str = MANAGE) -> RoleAssignment:
    """One role assignment of the account ``holder_id``, if ``user`` may do ``action``
    on that account; ``NotFound`` otherwise (also for another account's assignment)."""
    holder = access_managed_user(user=user, user_id=holder_id, action=action)
    assignment = RoleAssignment.objects.filter(user=holder).filter(
        pk=assignment_id if str(assignment_id).isdigit() else 0).first()
    if assignment is None:
        raise NotFound
    return assignment


def access_pending_grant(*, user, assignment_id) -> RoleAssignment:
    """A grant awaiting its second administrator, if ``user`` may decide it (authority
    over the account's agency, neither its granter nor its holder); ``NotFound``
    otherwise."""
    return access.fetch(RoleAssignment.objects.select_related("user__agency", "granted_by"),
                        user=user, action="accounts.approve_grant",
                        pk=assignment_id if str(assignment_id).isdigit() else 0)


def access_training_record(*, user, record_id, holder_id):
    """One training record of the account ``holder_id`` that ``user`` may manage
    (``accounts.manage_training``); ``NotFound`` otherwise, also for a record of
    another account or one already withdrawn."""
    from hifazat.accounts.models import TrainingRecord

    holder = access_managed_user(user=user, user_id=holder_id,
                                 action="accounts.manage_training")
    return access.fetch(TrainingRecord.objects.select_related("user"), user=user,
                        action="accounts.manage_training", user_id=holder.pk,
                        withdrawn_at__isnull=True,
                        pk=record_id if str(record_id).isdigit() else 0)
