"""The one base of every app's domain errors.

A domain error carries a user-facing, translatable ``message`` and, where a field is at
fault, ``fields``: a message per field, so a form shows each next to its field and the
summary at the top, and the API answers 400 with the same messages. Each app declares
its own subclass (``register.errors.RegisterError``, ``crisis_cells.errors.CellError``…)
with its default message; nothing domain-related ever becomes a 500.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    message = _("That action is not allowed.")

    def __init__(self, message=None, *, fields: dict | None = None):
        self.message = message or self.message
        self.fields = fields or {}
        super().__init__(str(self.message))


def show_on_form(form, error: DomainError, *, aliases: dict[str, str] | None = None) -> None:
    """Show a domain error on a Django form: each field's message next to that field
    (``aliases`` maps a service's field name to the form's), and what belongs to no
    field of the form — or the error's own message when it names no field — at the
    top, where the error summary lists it."""
    aliases = aliases or {}
    unplaced = []
    for name, message in error.fields.items():
        name = aliases.get(name, name)
        if name in form.fields:
            form.add_error(name, str(message))
        else:
            unplaced.append(str(message))
    if unplaced or not error.fields:
        form.add_error(None, " ".join(unplaced) or str(error.message))


class NotFound(DomainError, Http404):
    """The one answer for "missing" and "not yours" alike, so ids cannot be probed.

    Every app's ``access_<kind>`` raises it; being an ``Http404`` too, the web shows the
    ordinary 404 page and the API its 404 shape — byte for byte the same as for an
    address that does not exist."""

    message = _("No such record, or you may not see it.")


class InvalidInput(DomainError):
    """Answers that fail the validation kernel (``core.validation``), a message per
    field. Apps may subclass it to name their own context."""

    message = _("Some answers need correcting; see each field.")


class UnknownFields(DomainError):
    """A form or API call sent fields it does not have (tampered or outdated client).
    Refused, never silently dropped: the Act prohibits some fields outright (the
    two-finger test) and a dropped field hides the attempt."""

    status_code = 400

    def __init__(self, names):
        self.names = sorted({str(n)[:60] for n in names})
        listed = ", ".join(self.names)
        super().__init__(
            _("This request has fields that do not exist here: %(names)s.") % {"names": listed},
            fields={name: _("Unknown field.") for name in self.names})


class IllegalTransition(DomainError):
    """A status change its lifecycle does not allow (``core.lifecycle``)."""

    def __init__(self, *, current_label, requested_label):
        super().__init__(
            _("This cannot go from “%(current)s” to “%(requested)s”.")
            % {"current": current_label, "requested": requested_label},
            fields={"status": _("Not allowed from “%(current)s”.") % {"current": current_label}})
