"""Forms of the notices screens (thin: the service validates too)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hifazat.core.forms import StrictFormMixin


class AcknowledgeForm(StrictFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=500,
        help_text=_("For example, who will act on it. No names, CNICs or phone numbers."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("All notices")), ("pending", _("Not yet acknowledged"))],
    )


class ContactForm(StrictFormMixin, forms.Form):
    owner = forms.ChoiceField(
        label=_("Whose contact"), choices=[("me", _("Mine")), ("agency", _("My agency's"))],
        initial="me",
    )
    channel = forms.ChoiceField(label=_("How"), choices=[("email", _("E-mail")),
                                                         ("sms", _("SMS"))])
    address = forms.CharField(
        label=_("E-mail address or mobile number"), max_length=254,
        help_text=_("Notices arrive here with their subject and reference only; sign in to "
                    "read them."),
        error_messages={"required": _("Enter an e-mail address or a mobile number.")},
    )

    def __init__(self, *args, can_manage_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].widget.attrs.update({"dir": "ltr", "autocomplete": "off"})
        if not can_manage_agency:
            del self.fields["owner"]
