"""Forms of the notices screens (thin: the service validates too)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=500,
        help_text=_("For example, who will act on it. No names, CNICs or phone numbers."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("The note must be at most 500 characters.")},
    )


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("All notices")), ("pending", _("Not yet acknowledged"))],
    )
