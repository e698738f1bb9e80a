"""Domain errors of accounts, each with a user-facing, translatable message."""

from django.utils.translation import gettext_lazy as _


class AccountsError(Exception):
    message = _("That change to accounts is not allowed.")

    def __init__(self, message=None):
        self.message = message or self.message
        super().__init__(str(self.message))


class RoleNotAllowed(AccountsError):
    message = _("This role cannot be granted to a user of that agency at that jurisdiction.")


class OutsideOwnAgency(AccountsError):
    message = _("You can only manage users of your own agency.")


class CannotChangeSelf(AccountsError):
    message = _("You cannot change your own roles or deactivate yourself.")
