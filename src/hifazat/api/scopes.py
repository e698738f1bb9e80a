"""The scopes a service token can hold. Each endpoint declares the one it needs
(``required_scope`` on the view); a token without it gets 403. Scopes only narrow what a
token may call: the permission rules of ``hifazat.core.permissions`` still decide, with
the roles the token's agency implies (see ``hifazat.api.principal``). Every scope but
``schema:read`` reaches personal data: a token holding one waits for a second
administrator (``needs_second_administrator``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCOPES = {
    "register:search": _("Purpose-bound search of the sex offenders register"),
    "register:read": _("Open one register record for a stated purpose"),
    "register:release": _("Notify a scheduled release from prison"),
    "register:report_change": _("Record a change an offender reported to police"),
    "justice:fir": _("Register FIRs and name suspects at the token's police station "
                     "(each suspect checked against the register)"),
    "justice:court": _("Record a Special Court's charge, hearings and verdicts"),
    "justice:read": _("Read a justice case's stage and statutory deadlines"),
    "schema:read": _("Read the OpenAPI description of the API"),
}


# Scopes that read or write no personal data. A token holding any other scope acts on
# offenders' identities through its agency's implied role, so it waits for a second
# administrator before it works (issue 11: no single administrator reaches personal data).
SCOPES_WITHOUT_PERSONAL_DATA = frozenset({"schema:read"})


def needs_second_administrator(scopes) -> bool:
    """Whether a token with ``scopes`` must be approved by a second administrator."""
    return bool(set(scopes) - SCOPES_WITHOUT_PERSONAL_DATA)


def unknown_scopes(scopes) -> list[str]:
    return sorted(set(scopes) - set(SCOPES))


def scopes_of(required) -> tuple[str, ...]:
    """A view's ``required_scope`` as a tuple: one scope, or any one of several."""
    if not required:
        return ()
    return (required,) if isinstance(required, str) else tuple(required)
