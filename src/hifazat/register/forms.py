"""Forms of the register screens: bounded fields and labels; the rules themselves live
in validation.py and the services, whose field errors are shown next to each field.
Every form refuses a field it does not have (``StrictFormMixin``: a 400 naming it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hifazat.audit.purposes import Purpose
from hifazat.core.forms import StrictFormMixin
from hifazat.places import selectors as places
from hifazat.register import policy
from hifazat.register.models import OffenderRequest, PpcSection, RemovalReview

SEX_CHOICES = [("", _("Choose…")), ("M", _("Male")), ("F", _("Female")), ("X", _("Other"))]
LTR = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}


def _districts():
    return [("", _("Choose…"))] + [
        (d.code, d.name) for d in places.districts()]


class PurposeForm(StrictFormMixin, forms.Form):
    """Rules 2023: every retrieval states a purpose and a case or FIR reference."""

    purpose = forms.ChoiceField(label=_("Purpose"))
    reference = forms.CharField(
        label=_("Case or FIR reference"), max_length=100,
        help_text=_("For example FIR 123/2026 PS Civil Lines, or the case number."),
        error_messages={"required": _("Give the case or FIR reference.")})

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = policy.allowed_purposes(user) if user is not None else set()
        self.fields["purpose"].choices = [("", _("Choose…"))] + [
            (value, label) for value, label in Purpose.choices if value in allowed]
        self.fields["purpose"].error_messages["required"] = _("Choose the purpose.")


class SearchForm(PurposeForm):
    cnic = forms.CharField(label=_("CNIC"), max_length=20, required=False,
                           help_text=_("13 digits; with or without dashes."),
                           widget=forms.TextInput(attrs={**LTR, "inputmode": "numeric"}))
    given = forms.CharField(label=_("Name"), max_length=200, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    father = forms.CharField(label=_("Father's name"), max_length=200, required=False)
    dob = forms.CharField(label=_("Date or year of birth"), max_length=10, required=False,
                          help_text=_("YYYY-MM-DD or YYYY."),
                          widget=forms.TextInput(attrs=LTR))
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _districts()

    def query(self) -> dict:
        return {k: self.cleaned_data.get(k, "") for k in
                ("cnic", "given", "surname", "father", "dob", "district")}


class SuspectCheckForm(SearchForm):
    """An investigating officer's reoffence check: the purpose is investigation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["purpose"]


class ProposalForm(StrictFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    name_ur = forms.CharField(label=_("Name in Urdu script"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ur"}))
    surname_ur = forms.CharField(label=_("Surname in Urdu script"), max_length=100,
                                 required=False,
                                 widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ur"}))
    father_name = forms.CharField(label=_("Father's name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES)
    dob = forms.CharField(label=_("Date or year of birth"), max_length=10, required=False,
                          help_text=_("YYYY-MM-DD or YYYY."), widget=forms.TextInput(attrs=LTR))
    cnic = forms.CharField(label=_("CNIC"), max_length=20, required=False,
                           help_text=_("Optional. 13 digits; with or without dashes."),
                           widget=forms.TextInput(attrs={**LTR, "inputmode": "numeric"}))
    district = forms.ChoiceField(label=_("Responsible district"))
    physical_description = forms.CharField(label=_("Physical description"), max_length=2000,
                                           required=False,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    court = forms.ChoiceField(label=_("Court"))
    case_number = forms.CharField(label=_("Case number"), max_length=64,
                                  widget=forms.TextInput(attrs=LTR))
    sections = forms.MultipleChoiceField(label=_("PPC sections"),
                                         widget=forms.CheckboxSelectMultiple)
    convicted_on = forms.CharField(label=_("Date of conviction"), max_length=10,
                                   help_text=_("YYYY-MM-DD."), widget=forms.TextInput(attrs=LTR))
    sentence = forms.CharField(label=_("Sentence"), max_length=200)
    verdict_reference = forms.CharField(label=_("Verdict reference"), max_length=100,
                                        required=False, widget=forms.TextInput(attrs=LTR))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _districts()
        self.fields["court"].choices = [("", _("Choose…"))] + [
            (f.code, f.name) for f in places.facilities(places.FacilityKind.SPECIAL_COURT)]
        self.fields["sections"].choices = [
            (s.code, f"{s.code} — {s.title_ur if get_language() == 'ur' else s.title_en}")
            for s in PpcSection.objects.order_by("code")]
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = _("This is required.")


class CorrectionForm(StrictFormMixin, forms.Form):
    register_number = forms.CharField(label=_("Register number"), max_length=20,
                                      widget=forms.TextInput(attrs=LTR))
    name = forms.CharField(label=_("Corrected name"), max_length=200, required=False)
    surname = forms.CharField(label=_("Corrected surname"), max_length=100, required=False)
    father_name = forms.CharField(label=_("Corrected father's name"), max_length=200,
                                  required=False)
    sex = forms.ChoiceField(label=_("Corrected sex"), choices=SEX_CHOICES, required=False)
    dob = forms.CharField(label=_("Corrected date or year of birth"), max_length=10,
                          required=False, widget=forms.TextInput(attrs=LTR))
    cnic = forms.CharField(label=_("Corrected CNIC"), max_length=20, required=False,
                           widget=forms.TextInput(attrs=LTR))
    district = forms.ChoiceField(label=_("New responsible district"), required=False)
    physical_description = forms.CharField(label=_("Corrected physical description"),
                                           max_length=2000, required=False,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    alias = forms.CharField(label=_("Another name to add (alias)"), max_length=200,
                            required=False)
    reason = forms.CharField(label=_("Why the record must be corrected"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("This is required.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _districts()
        self.fields["register_number"].error_messages["required"] = _("This is required.")

    def changes(self) -> dict:
        keys = ("name", "surname", "father_name", "sex", "dob", "cnic", "district",
                "physical_description", "alias")
        return {k: self.cleaned_data[k] for k in keys if self.cleaned_data.get(k)}


class DecisionForm(StrictFormMixin, forms.Form):
    # The decision's buttons (verify, return, merge) and the merge target.
    extra_fields = ("action", "offender")

    note = forms.CharField(label=_("Note or reason"), max_length=500, required=False,
                           help_text=_("Required when you return the proposal."),
                           widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(StrictFormMixin, forms.Form):
    note = forms.CharField(label=_("What you found"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Write what you found.")})


class PhotoForm(StrictFormMixin, forms.Form):
    photo = forms.FileField(label=_("Photograph (JPEG or PNG, at most 5 MB)"),
                            error_messages={"required": _("Choose a photograph.")})
    reason = forms.CharField(label=_("Why"), max_length=500,
                             error_messages={"required": _("This is required.")})


class OffenderRequestForm(StrictFormMixin, forms.Form):
    register_number = forms.CharField(label=_("Register number"), max_length=20,
                                      widget=forms.TextInput(attrs=LTR))
    kind = forms.ChoiceField(label=_("Kind of request"),
                             choices=[("", _("Choose…")), *OffenderRequest.Kind.choices])
    received_on = forms.DateField(label=_("Received on"), help_text=_("YYYY-MM-DD."),
                                  widget=forms.DateInput(attrs=LTR),
                                  error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    details = forms.CharField(label=_("What is asked"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("This is required.")


class RequestDecisionForm(StrictFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        ("", _("Choose…")), (OffenderRequest.Outcome.GRANTED, _("Granted")),
        (OffenderRequest.Outcome.REFUSED, _("Refused"))],
        error_messages={"required": _("Choose granted or refused.")})
    note = forms.CharField(label=_("What was done, or why refused"), max_length=500,
                           error_messages={"required": _("This is required.")})


class RemovalForm(StrictFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"),
                                 choices=[("", _("Choose…")), *RemovalReview.Decision.choices],
                                 error_messages={"required": _("Choose remove or extend.")})
    extend_years = forms.IntegerField(label=_("Extend by (years)"), required=False,
                                      min_value=1, max_value=20,
                                      error_messages={"invalid": _("Extend by 1 to 20 years."),
                                                      "min_value": _("Extend by 1 to 20 years."),
                                                      "max_value": _("Extend by 1 to 20 years.")})
    reason = forms.CharField(label=_("Reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Give the reason for the decision.")})
