"""Forms of accounts: every field bounded and validated, every error translatable."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.roles import Role, Scope
from hifazat.core import validation
from hifazat.core.forms import StrictFormMixin
from hifazat.places import selectors as places

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{3,40}$")


class SignInForm(StrictFormMixin, AuthenticationForm):
    """Username and password, bounded so garbage or huge input is a clear form error."""

    extra_fields = ("next",)  # where to go after signing in (checked by the view)

    username = forms.CharField(
        label=_("Username"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "dir": "ltr",
                                     "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"), max_length=256, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
    )
    error_messages = {
        "invalid_login": _("The username or password is not right. Check both and try again."),
        "inactive": _("This account is switched off. Ask your agency administrator."),
    }

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        if "\x00" in value:
            raise forms.ValidationError(_("The username contains characters that are not allowed."))
        return value


class OneTimeCodeForm(StrictFormMixin, forms.Form):
    extra_fields = ("next",)  # where to go after the code (checked by the view)

    code = forms.CharField(
        label=_("One-time code"),
        help_text=_("The 6-digit code shown in your authenticator app."),
        max_length=6, min_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the 6 digits of your code."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
                   "pattern": "[0-9]{6}", "dir": "ltr"}
        ),
        error_messages={
            "required": _("Enter your one-time code."),
            "min_length": _("Enter the 6 digits of your code."),
            "max_length": _("Enter the 6 digits of your code."),
        },
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class CreateUserForm(StrictFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=40,
        help_text=_("3 to 40 letters, digits, dots, dashes or underscores."),
        validators=[RegexValidator(USERNAME_RE, _("Use 3 to 40 letters, digits, . - or _."))],
    )
    display_name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False,
        choices=[("", _("Not recorded")), ("F", _("Female")), ("M", _("Male")),
                 ("X", _("Other"))],
        help_text=_("Act 2021: survivors are examined and investigated by women; "
                    "the justice pipeline flags a female survivor's case without a woman "
                    "investigating officer."))
    email = forms.EmailField(
        label=_("Official e-mail"), max_length=254, required=False,
        help_text=_("With an address, the activation link is e-mailed there; without one, "
                    "it is shown to you once, to hand over in person."))

    def __init__(self, *args, agencies=None, **kwargs):
        """``agencies``: the agencies the actor may create users in. With more than one
        (the system administrator), the form asks which."""
        super().__init__(*args, **kwargs)
        if agencies is not None and agencies.count() > 1:
            self.fields["agency"] = forms.ModelChoiceField(
                label=_("Agency"), queryset=agencies, empty_label=_("Choose an agency"),
            )
            self.order_fields(["agency", "username", "display_name", "sex", "email"])

    def clean_display_name(self):
        return validation.as_form_error(validation.person_name,
                                        self.cleaned_data["display_name"], max_length=150,
                                        required=True)

    def clean_username(self):
        from hifazat.accounts.models import User

        value = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=value).exists():
            raise forms.ValidationError(_("That username is taken."))
        return value


class ActivationForm(OneTimeCodeForm):  # strict through OneTimeCodeForm
    """The account holder's own password (twice) and the first code of their own
    authenticator, on the activation link."""

    extra_fields = ()
    password = forms.CharField(
        label=_("Choose your password"), max_length=256, strip=False,
        help_text=_("At least 12 characters. Nobody else, your administrator included, "
                    "will know it."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )
    password_again = forms.CharField(
        label=_("Type it again"), max_length=256, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )

    field_order = ["password", "password_again", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs["autofocus"] = True


class GrantRoleForm(StrictFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope = forms.ChoiceField(label=_("Jurisdiction level"), choices=Scope.choices)
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=places.facilities(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=places.districts(), required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province or territory"), queryset=places.provinces(), required=False
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            from hifazat.accounts.roles import ROLE_SPECS

            self.fields["role"].choices = [
                (value, label) for value, label in Role.choices
                if agency.kind in ROLE_SPECS[value].agency_kinds
            ]

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        needed = {"facility": Scope.FACILITY, "district": Scope.DISTRICT,
                  "province": Scope.PROVINCE}
        for field, level in needed.items():
            if scope == level and not data.get(field):
                self.add_error(field, _("Choose the %(level)s.") % {"level": Scope(level).label})
            if scope != level:
                data[field] = None
        return data


class TrainingRecordForm(StrictFormMixin, forms.Form):
    """A course a member of staff passed; the service re-checks every answer."""

    course = forms.ChoiceField(label=_("Course"), choices=[])
    certified_on = forms.CharField(
        label=_("Certified on"), max_length=10,
        help_text=_("YYYY-MM-DD, for example 2026-03-01; not in the future."),
        widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}))
    expires_on = forms.CharField(
        label=_("Expires on"), max_length=10, required=False,
        help_text=_("The first day the certificate no longer counts; leave empty if it "
                    "does not expire."),
        widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}))
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=64, required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        from hifazat.accounts.models import Course

        super().__init__(*args, prefix="training", **kwargs)
        self.fields["course"].choices = [("", _("Choose a course")), *Course.choices]

    def clean_certified_on(self):
        value = validation.as_form_error(validation.date, self.cleaned_data["certified_on"],
                                         required=True)
        return validation.as_form_error(validation.not_future, value)

    def clean_expires_on(self):
        return validation.as_form_error(validation.date, self.cleaned_data["expires_on"])

    def clean_certificate_number(self):
        return validation.as_form_error(validation.code,
                                        self.cleaned_data["certificate_number"], max_length=64)


class SexForm(StrictFormMixin, forms.Form):
    sex = forms.ChoiceField(
        label=_("Sex"), required=False,
        choices=[("", _("Not recorded")), ("F", _("Female")), ("M", _("Male")),
                 ("X", _("Other"))],
        help_text=_("The duty roster looks for a woman medico-legal officer on every "
                    "shift; the justice pipeline for a woman investigating officer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="profile", **kwargs)
