"""The oversight app's entry in the main navigation (shown when the permission API
allows its action). Labels live in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

OVERSIGHT_NAV = [
    ("oversight:index", _("Oversight"), "oversight.view"),
]
