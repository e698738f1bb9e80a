"""The crisis cell's entries in the main navigation (web.navigation shows each one
only when the permission API allows its action). Labels live in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

CELLS_NAV = [
    ("crisis_cells:dashboard", _("Crisis cell"), "crisis_cells.view_dashboard"),
    ("crisis_cells:roster", _("Duty roster"), "crisis_cells.view_roster"),
]
