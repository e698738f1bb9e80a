"""Forms of the whereabouts screens: they parse and label, refuse unknown fields
(``StrictFormMixin``, first in every form's bases) and run the validation kernel on names
and the photograph; every rule is in the services (whose field errors are put back next
to these fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.core.forms import StrictFormMixin
from hifazat.places import selectors as places
from hifazat.register.whereabouts.models import ComplianceVerification, ReportedChange, RiskLevel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput,
                           help_text=help_text,
                           error_messages={"invalid": _("Enter a real date as YYYY-MM-DD.")})


def _district_choices():
    return [("", _("Choose a district"))] + [(d.code, d.name) for d in places.districts()]


class DistrictField(forms.ChoiceField):
    def __init__(self, *, label, required=True):
        super().__init__(label=label, required=required, choices=_district_choices,
                         error_messages={"required": _("Choose a district."),
                                         "invalid_choice": _("Unknown district.")})


def _text(label, max_length, *, required=True, textarea=False, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=required,
                           help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 3}) if textarea else None)


class SaysWhatIsMissing:
    """An empty required field says which answer is missing ("Enter: Release date.",
    not a bare "This is required" nor a date format for a field left empty): the
    message names the field by its label, as the reader sees it on this form."""

    def full_clean(self):
        # At cleaning time: a form may relabel its fields after __init__.
        default = str(forms.Field.default_error_messages["required"])
        for field in self.fields.values():
            if not field.required or str(field.error_messages["required"]) != default:
                continue
            label = str(field.label)
            if isinstance(field, forms.ChoiceField):
                message = _("Choose: %(field)s.") % {"field": label}
            else:
                message = _("Enter: %(field)s.") % {"field": label}
            field.error_messages = {**field.error_messages, "required": message}
        super().full_clean()


class ScheduleReleaseForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    register_number = _text(_("Register number"), 20,
                            help_text=_("As on the prisoner's register papers, e.g. "
                                        "NSOR-2026-0000001."))
    release_on = _date(_("Release date"))
    destination_address = _text(_("Address the offender is released to"), 300, textarea=True)
    destination_district = DistrictField(label=_("District of that address"))
    note = _text(_("Note (optional)"), 500, required=False, textarea=True)


class CustodyForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    register_number = _text(_("Register number"), 20,
                            help_text=_("As on the prisoner's register papers, e.g. "
                                        "NSOR-2026-0000001."))
    kind = forms.ChoiceField(label=_("What happened"), choices=[
        ("admitted", _("Admitted to this prison")),
        ("transferred", _("Transferred here from another prison"))],
        error_messages={"required": _("Choose one of the options.")})
    occurred_on = _date(_("Date"))
    note = _text(_("Note (optional)"), 500, required=False, textarea=True)


class RecordReleaseForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    released_on = _date(_("Date released"))


class ReportInForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    reported_on = _date(_("Date the offender reported in person"))
    note = _text(_("Note (optional)"), 500, required=False, textarea=True)


# Fields shown for each kind of reported change (the service validates them again).
CHANGE_FIELDS = {
    ReportedChange.Kind.NAME: ("name", "surname", "changed_on"),
    ReportedChange.Kind.ADDRESS: ("address", "district", "moved_on"),
    ReportedChange.Kind.TRAVEL_DOMESTIC: ("district", "starts_on", "ends_on"),
    ReportedChange.Kind.TRAVEL_ABROAD: ("country", "starts_on", "ends_on"),
    ReportedChange.Kind.EMPLOYMENT: ("employer", "occupation", "district", "starts_on"),
    ReportedChange.Kind.VEHICLE: ("registration_number", "description", "starts_on"),
}


class ReportChangeForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    reported_on = _date(_("Date the offender reported it"))
    name = _text(_("New name"), 200)
    surname = _text(_("New surname (optional)"), 100, required=False)
    changed_on = _date(_("Date of the change of name"))
    address = _text(_("New address"), 300, textarea=True)
    moved_on = _date(_("Date moved"))
    country = _text(_("Country of travel"), 100)
    employer = _text(_("Employer"), 200)
    occupation = _text(_("Occupation (optional)"), 200, required=False)
    registration_number = _text(_("Vehicle registration number"), 20)
    description = _text(_("Make, model and colour (optional)"), 200, required=False)
    district = DistrictField(label=_("District"))
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))

    LABELS = {
        ReportedChange.Kind.TRAVEL_DOMESTIC: {"district": _("District travelling to"),
                                              "starts_on": _("Leaves on"),
                                              "ends_on": _("Returns on")},
        ReportedChange.Kind.TRAVEL_ABROAD: {"starts_on": _("Leaves Pakistan on"),
                                            "ends_on": _("Returns on")},
        ReportedChange.Kind.EMPLOYMENT: {"district": _("District of work (optional)"),
                                         "starts_on": _("Started on")},
        ReportedChange.Kind.VEHICLE: {"starts_on": _("Used from")},
        ReportedChange.Kind.ADDRESS: {"district": _("District of the new address")},
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = ("reported_on", *CHANGE_FIELDS[kind])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name, label in self.LABELS.get(kind, {}).items():
            self.fields[name].label = label
        if kind == ReportedChange.Kind.EMPLOYMENT:
            self.fields["district"].required = False
        self.order_fields(keep)

    def clean_name(self):
        return validation.as_form_error(validation.person_name, self.cleaned_data.get("name"),
                                        max_length=200, required=True)

    def clean_surname(self):
        return validation.as_form_error(validation.person_name,
                                        self.cleaned_data.get("surname"), max_length=100)

    def details(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reported_on"}


class VerificationForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ComplianceVerification.Outcome.choices,
                                error_messages={"required": _("Choose the outcome.")})
    done_on = _date(_("Date of the visit"))
    photo = forms.FileField(label=_("New photograph (JPEG or PNG, at most 5 MB)"),
                            required=False,
                            help_text=_("Required when the offender was verified in person."),
                            widget=forms.ClearableFileInput(attrs={
                                "accept": "image/jpeg,image/png"}))
    note = _text(_("Note (optional)"), 500, required=False, textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (value, label) for value, label in ComplianceVerification.Outcome.choices if value]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            # Checked here for the message next to the field; the service re-encodes it.
            validation.as_form_error(validation.image, photo)
            photo.seek(0)
        return photo


class AcknowledgementForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    signed_on = _date(_("Date the offender signed the notice"))
    language = forms.ChoiceField(label=_("Language of the signed notice"),
                                 choices=[("ur", _("Urdu")), ("en", _("English"))])
    witness_name = _text(_("Name of the witness"), 200)

    def clean_witness_name(self):
        return validation.as_form_error(validation.person_name,
                                        self.cleaned_data.get("witness_name"), max_length=200,
                                        required=True)


class RiskForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices,
                              error_messages={"required": _("Choose the risk level.")})
    reason = _text(_("Reason"), 500, textarea=True)


class ReviewNoteForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    text = _text(_("Review note"), 2000, textarea=True)


class TransferForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    district = DistrictField(label=_("District taking over"))
    reason = _text(_("Reason"), 500, textarea=True)


class TakeoverDecisionForm(SaysWhatIsMissing, StrictFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("accept", _("Accept: the prison holds the offender")),
        ("refuse", _("Refuse"))], error_messages={"required": _("Choose one of the options.")})
    note = _text(_("Reason (required when refusing)"), 500, required=False, textarea=True)
