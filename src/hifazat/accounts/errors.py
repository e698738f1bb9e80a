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


class InvalidAccountDetails(InvalidInput, AccountsError):
    """Account details that fail the validation kernel (``core.validation``), a
    message per field."""
