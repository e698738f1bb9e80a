"""What every write form shares: unknown fields are refused, not dropped.

``StrictFormMixin`` goes first in a form's bases. A bound form whose data holds a name
that is none of its fields (nor the CSRF token, nor a formset's management fields)
raises ``core.errors.UnknownFields``; the web answers it with a 400 page naming the
field (``core.middleware.DomainErrorMiddleware``). Tried: the examination form took
``two_finger_test`` silently, a test the Act prohibits.
"""

from __future__ import annotations

from django import forms

from hifazat.core.errors import DomainError, NotFound, UnknownFields, show_on_form
from hifazat.core.validation import too_long

ALWAYS_ALLOWED = frozenset({"csrfmiddlewaretoken"})


def unknown_names(data, files, allowed: set[str]) -> list[str]:
    names = set(getattr(data, "keys", lambda: [])()) | set(getattr(files, "keys", lambda: [])())
    return sorted(n for n in names if n not in allowed and n not in ALWAYS_ALLOWED)


class StrictFormMixin:
    """Refuse bound data naming a field the form does not have, and word a too-long
    answer as the validation kernel does (one wording everywhere)."""

    #: Names a view reads from the same POST besides the form's fields (e.g. a
    #: submit button's name); keep it short and say why next to it.
    extra_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if limit:
                field.error_messages["max_length"] = too_long(limit)

    def full_clean(self):
        if self.is_bound:
            allowed = {self.add_prefix(name) for name in self.fields}
            # A multi-value widget posts name_0, name_1...: its parts are its field.
            for name, field in self.fields.items():
                widget = field.widget
                for index in range(len(getattr(widget, "widgets", ()))):
                    allowed.add(f"{self.add_prefix(name)}_{index}")
                if getattr(widget, "allow_multiple_selected", False) or \
                        getattr(widget, "allow_multiple", False):
                    allowed.add(f"{self.add_prefix(name)}[]")
            allowed |= {self.add_prefix(n) for n in self.extra_fields}
            allowed |= set(self.extra_fields)
            unknown = unknown_names(self.data, self.files, allowed)
            if unknown:
                raise UnknownFields(unknown)
        return super().full_clean()


class DomainForm(forms.Form):
    """The base of the case pages' forms: the GOV.UK pattern's aria wiring (an invalid
    field says so and points to its message and hint), and a domain error shown next
    to its field (``aliases``: a service's field name -> this form's; what matches no
    field goes on top)."""

    aliases: dict[str, str] = {}

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            described = []
            if field.help_text:
                described.append(f"id_{name}_hint")
            if name in self.errors:
                described.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def apply_error(self, exc) -> None:
        show_on_form(self, exc, aliases=self.error_aliases(exc))

    def error_aliases(self, exc) -> dict[str, str]:
        return dict(self.aliases)


def run_form(request, *, form, perform, success, redirect_to, template, context,
             status_ok=200):
    """The one POST-redirect-GET of a one-form page: validate the form, call
    ``perform(cleaned_data)``; a domain error (a rule of the app, an answer the kernel
    refuses, a change the lifecycle does not allow) becomes field errors on the form,
    re-rendered with 400, never a 500; ``NotFound`` stays a 404."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    if request.method == "POST" and form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except NotFound:
            raise
        except DomainError as exc:
            form.apply_error(exc)
        else:
            if success:
                messages.success(request, success)
            target = redirect_to(result) if callable(redirect_to) else redirect_to
            return redirect(target)
    status = 400 if form.errors else status_ok
    return render(request, template, {**context, "form": form}, status=status)
