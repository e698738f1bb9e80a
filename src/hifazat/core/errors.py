"""The one base of every app's domain errors.

A domain error carries a user-facing, translatable ``message`` and, where a field is at
fault, ``fields``: a message per field, so a form shows each next to its field and the
summary at the top, and the API answers 400 with the same messages. Each app declares
its own subclass (``register.errors.RegisterError``, ``crisis_cells.errors.CellError``…)
with its default message; nothing domain-related ever becomes a 500.
"""

from __future__ import annotations

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
