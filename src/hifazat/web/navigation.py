"""Role-aware navigation as data: an entry shows only when the permission API allows
its action. Later apps add entries here, next to the action that guards the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hifazat.api.navigation import API_NAV
from hifazat.core import permissions
from hifazat.crisis_cells.navigation import CELLS_NAV
from hifazat.justice.navigation import JUSTICE_NAV
from hifazat.oversight.navigation import OVERSIGHT_NAV
from hifazat.register.navigation import REGISTER_NAV
from hifazat.register.whereabouts.navigation import WHEREABOUTS_NAV


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    action: str


NAV: list[NavEntry] = [
    NavEntry("web:home", _("Home"), "web.view_home"),
    *[NavEntry(*entry) for entry in CELLS_NAV],
    *[NavEntry(*entry) for entry in JUSTICE_NAV],
    *[NavEntry(*entry) for entry in OVERSIGHT_NAV],
    NavEntry("accounts:users", _("Users"), "accounts.list_users"),
    *[NavEntry(*entry) for entry in API_NAV],
    *[NavEntry(*entry) for entry in REGISTER_NAV],
    *[NavEntry(*entry) for entry in WHEREABOUTS_NAV],
    NavEntry("notices:inbox", _("Inbox"), "notices.view_inbox"),
    NavEntry("web:deadlines", _("Deadlines"), "web.view_deadlines"),
]


def entries_for(user, current_path: str) -> list[dict]:
    """The entries the user may open; the current one is the entry whose address is the
    longest prefix of the page's (``/justice/overdue/`` is "Overdue cases", not also
    "Justice cases" at ``/justice/``)."""
    items = []
    for entry in NAV:
        if permissions.can(user, entry.action):
            url = reverse(entry.url_name)
            items.append({"url": url, "label": entry.label, "is_current": False})
    matching = [i for i in items if current_path == i["url"]
                or (i["url"] != "/" and current_path.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["is_current"] = True
    return items
