"""Domain errors of the justice pipeline, each with a translatable message and, where a
field is at fault, ``fields``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core import errors as core
from hifazat.core.errors import DomainError


class JusticeError(DomainError):
    message = _("That justice action is not allowed.")


class InvalidInput(JusticeError, core.InvalidInput):
    message = _("Some answers need correcting; see each field.")


class WrongStage(JusticeError):
    message = _("The case is not at the stage this step needs.")


class DuplicateFir(JusticeError):
    message = _("This station already has an FIR with this number this year.")
