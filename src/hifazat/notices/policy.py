"""Who may do what with notices. The only place that decides.

* every signed-in user holding any role has an inbox (their own notices and their
  agency's);
* a notice is seen by its addressees — the users it names and every active user of the
  agencies it names — by its sender, and by those it was escalated to;
* only an addressee acknowledges, and one acknowledgement by anyone in an addressed
  agency acknowledges for the whole agency;
* a user manages their own delivery contacts; an agency's administrator (or the system
  administrator) manages the agency's.
"""

from __future__ import annotations

from hifazat.core import permissions
from hifazat.notices import selectors


def _has_role(user) -> bool:
    return bool(user.role_names())


@permissions.rule("notices.view_inbox")
def view_inbox(user, obj) -> bool:
    return _has_role(user)


@permissions.rule("notices.view")
def view_notice(user, notice) -> bool:
    if notice is None or not _has_role(user):
        return False
    return (notice.sender_id == user.pk or selectors.is_addressee(user, notice)
            or selectors.received_escalation_of(user, notice))


@permissions.scope("notices.view")
def notices_visible_to(user, queryset):
    return selectors.visible_to(user, queryset)


@permissions.rule("notices.acknowledge")
def acknowledge(user, notice) -> bool:
    return notice is not None and _has_role(user) and selectors.is_addressee(user, notice)


@permissions.rule("notices.manage_contacts")
def manage_contacts(user, target) -> bool:
    """``target``: None (the contacts page), a User, an Agency, or a ContactPoint
    (decided as its owner)."""
    if not _has_role(user):
        return False
    if target is None:
        return True
    if target.__class__.__name__ == "ContactPoint":
        target = target.user or target.agency
    if target.__class__.__name__ == "Agency":
        return permissions.can(user, "accounts.manage_user", target)
    return target.pk == user.pk
