"""Domain errors of whereabouts, each a RegisterError with a translatable message and,
where a field is at fault, a message per field (views and the API answer 400)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.register.errors import RegisterError


class InvalidWhereabouts(RegisterError):
    message = _("Some details are not right; see each field.")


class WrongState(RegisterError):
    message = _("The record is not in a state that allows this.")


class AlreadyScheduled(WrongState):
    message = _("A release is already scheduled for this offender.")


class NotInCustody(WrongState):
    message = _("The offender is not in custody, so no release can be scheduled.")


class NothingToReport(WrongState):
    message = _("The offender has no reporting obligation waiting.")
