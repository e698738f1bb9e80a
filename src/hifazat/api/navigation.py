"""The API's entry in the main navigation, as (url name, label, action)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

API_NAV = [
    ("api_tokens:list", _("API tokens"), "api.list_tokens"),
]
