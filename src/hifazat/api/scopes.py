"""The scopes a service token can hold. Each endpoint declares the one it needs
(``required_scope`` on the view); a token without it gets 403. Scopes only narrow what a
token may call: the permission rules of ``hifazat.core.permissions`` still decide, with
the roles the token's agency implies (see ``hifazat.api.principal``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCOPES = {
    "register:search": _("Purpose-bound search of the sex offenders register"),
    "register:read": _("Open one register record for a stated purpose"),
    "register:release": _("Notify a scheduled release from prison"),
    "register:report_change": _("Record a change an offender reported to police"),
    "schema:read": _("Read the OpenAPI description of the API"),
}


def unknown_scopes(scopes) -> list[str]:
    return sorted(set(scopes) - set(SCOPES))
