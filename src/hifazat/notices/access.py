"""Fetch-and-check of the notices rows a view acts on: the one way a view reads a notice
or a delivery contact by its id.

Built on ``core.access.fetch``: missing and not-yours both raise ``core`` ``NotFound``
(the same 404), so notice and contact ids cannot be probed. Who may see what is decided
in ``policy.py``.
"""

from __future__ import annotations

from hifazat.core import access
from hifazat.notices.models import ContactPoint, Notice


def access_notice(*, user, notice_id, action: str = "notices.view", purpose=None,
                  reference=None) -> Notice:
    """The notice ``notice_id`` if ``user`` may do ``action`` on it (``notices.view``:
    an addressee, its sender, or one it was escalated to; ``notices.acknowledge``: an
    addressee). Notices carry references, not identities: reading one is not audited."""
    return access.fetch(Notice.objects.select_related("sender", "escalation_of"),
                        user=user, action=action, pk=notice_id)


def access_contact_point(*, user, contact_id,
                         action: str = "notices.manage_contacts") -> ContactPoint:
    """An active delivery contact ``user`` may manage: their own, or their agency's
    when they administer it."""
    return access.fetch(ContactPoint.objects.select_related("user", "agency")
                        .filter(is_active=True), user=user, action=action, pk=contact_id)
