"""Domain errors of notices, each with a user-facing, translatable message. Views and
callers turn them into a 400 (or a form error) with that message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core.errors import DomainError


class NoticesError(DomainError):
    message = _("That notice cannot be sent or changed.")


class NoRecipients(NoticesError):
    message = _("A notice needs at least one agency or user to send it to.")


class InactiveRecipient(NoticesError):
    message = _("A notice cannot be sent to a switched-off agency or account.")


class IdentityDataInNotice(NoticesError):
    """Notices carry codes and references only, never a survivor's identity."""

    message = _("Notices may carry codes and references only: remove the CNIC or phone "
                "number.")


class InvalidNotice(NoticesError):
    message = _("The notice has problems; see each field.")


class NotAnAddressee(NoticesError):
    message = _("Only the people and agencies this notice is addressed to can acknowledge it.")


class InvalidContact(NoticesError):
    message = _("That e-mail address or mobile number is not valid.")


class ContactNotAllowed(NoticesError):
    message = _("You can only change your own contact details or those of an agency you "
                "administer.")
