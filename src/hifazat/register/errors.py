"""Domain errors of the register, each with a user-facing, translatable message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core.errors import DomainError
from hifazat.core.errors import NotFound as NotFound  # the one answer for missing and forbidden


class RegisterError(DomainError):
    message = _("That register action is not allowed.")


class InvalidEntry(RegisterError):
    message = _("The entry has problems; see each field.")


class SelfVerification(RegisterError):
    message = _("You proposed this entry, so someone else must verify it.")


class NotAwaitingVerification(RegisterError):
    message = _("This proposal has already been decided.")


class PurposeRequired(RegisterError):
    message = _("State the purpose and the case or FIR reference before searching the "
                "register.")
