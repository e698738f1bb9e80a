"""The one fetch-and-check every app's ``access_<kind>`` is built on.

``fetch(queryset, user=..., action=..., **lookup)`` reads one row and asks the permission
API whether ``user`` may do ``action`` on it; missing and forbidden both raise
``core.errors.NotFound`` (the same 404, byte for byte, on the web and in the API), so
ids cannot be probed. Each app's ``access.py`` wraps it per sensitive kind and adds
what that kind needs: the audited read, the purpose and its jurisdiction rule, the
audit of a refusal. No view, form or API module fetches a sensitive row any other way.
"""

from __future__ import annotations

from hifazat.core import permissions
from hifazat.core.errors import NotFound


def fetch(queryset, *, user, action: str, **lookup):
    """The row of ``queryset`` matching ``lookup`` if ``user`` may do ``action`` on it;
    ``NotFound`` otherwise (also for a lookup value of the wrong type)."""
    try:
        obj = queryset.filter(**lookup).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None or not permissions.can(user, action, obj):
        raise NotFound
    return obj
