"""Domain errors of accounts, each with a user-facing, translatable message."""

from django.utils.translation import gettext_lazy as _

from hifazat.core.errors import DomainError, InvalidInput


class AccountsError(DomainError):
    message = _("That change to accounts is not allowed.")


class RoleNotAllowed(AccountsError):
    message = _("This role cannot be granted to a user of that agency at that jurisdiction.")


class OutsideOwnAgency(AccountsError):
    message = _("You can only manage users of your own agency.")


class CannotChangeSelf(AccountsError):
    message = _("You cannot change your own roles or deactivate yourself.")


class SystemAdminSeparation(AccountsError):
    message = _("The system administrator never holds a role that sees case data: "
                "an account cannot hold both.")


class NotAnApprover(AccountsError):
    message = _("A grant is approved by a second administrator: not the one who made "
                "it, nor the person it is for.")


class ActivationInvalid(AccountsError):
    message = _("This activation link is not valid: it was used, replaced or has "
                "expired. Ask your administrator for a new one.")


class InvalidAccountDetails(InvalidInput, AccountsError):
    """Account details that fail the validation kernel (``core.validation``), a
    message per field."""


class TrainingAlreadyWithdrawn(AccountsError):
    message = _("This training record was already withdrawn.")
