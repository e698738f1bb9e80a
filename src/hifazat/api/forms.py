"""Forms of the token screens: issue a token, revoke one. Thin: the rules are in
services.issue_token / revoke_token."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from hifazat.api import deadlines
from hifazat.api.scopes import SCOPES
from hifazat.core.forms import StrictFormMixin


class IssueTokenForm(StrictFormMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label=_("Agency"),
                                    empty_label=_("Choose the agency"))
    name = forms.CharField(label=_("Name of the system"), max_length=100,
                           help_text=_("For example: prison management system."))
    scopes = forms.MultipleChoiceField(
        label=_("What the system may do"), widget=forms.CheckboxSelectMultiple,
        choices=list(SCOPES.items()),
        error_messages={"required": _("Choose at least one thing the system may do.")})
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, initial=90,
        help_text=_("The token stops working after this many days."))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: a.name
        max_days = deadlines.TOKEN_MAX_LIFE.value()
        self.fields["days"].validators.append(MaxValueValidator(max_days, message=_(
            "A token may live at most %(limit_value)s days.")))
        self.fields["days"].widget.attrs.update({"min": 1, "max": max_days,
                                                 "inputmode": "numeric"})


class RevokeTokenForm(StrictFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why is the token revoked?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
