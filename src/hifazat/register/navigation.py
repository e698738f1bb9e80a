"""The register's entries in the main navigation, as (url name, label, action): each
shows only to users the permission API allows (web/navigation.py lists them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REGISTER_NAV = [
    ("register:search", _("Register search"), "register.search"),
    ("register:suspect_check", _("Suspect check"), "register.check_suspect"),
    ("register:my_proposals", _("Register proposals"), "register.propose"),
    ("register:queue", _("Verification queue"), "register.verify"),
    ("register:requests", _("Offender requests"), "register.manage_requests"),
    ("register:removals", _("Removal review"), "register.review_removal"),
    ("register:flags", _("Flagged retrievals"), "register.review_flags"),
]
