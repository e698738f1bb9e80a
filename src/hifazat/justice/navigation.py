"""The justice pipeline's entries in the main navigation (web.navigation shows each one
only when the permission API allows its action). Labels live in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

JUSTICE_NAV = [
    ("justice:inbox", _("FIR inbox"), "justice.station_inbox"),
    ("justice:cases", _("Justice cases"), "justice.view_case"),
    ("justice:overdue", _("Overdue cases"), "justice.view_overdue"),
    ("justice:cause_list", _("Cause list"), "justice.cause_list"),
]
