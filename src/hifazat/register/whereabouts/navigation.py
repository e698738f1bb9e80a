"""Navigation entries of the whereabouts screens, each guarded by the action of its page
(web.navigation shows an entry only when the permission API allows that action)."""

from django.utils.translation import gettext_lazy as _

WHEREABOUTS_NAV = [
    ("whereabouts:releases", _("Releases"), "whereabouts.view_releases"),
    ("whereabouts:overdue", _("Overdue after release"), "whereabouts.view_district_lists"),
    ("whereabouts:compliance", _("Compliance queue"), "whereabouts.view_district_lists"),
    ("whereabouts:takeovers", _("Custody requests"), "whereabouts.decide_takeover"),
]
