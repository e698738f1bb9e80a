"""Forms of the crisis cells: thin, bounded, every message translatable.

Every write form has ``StrictFormMixin`` first: a field it does not have (say
``two_finger_test``) is refused with a 400 naming it, never dropped. Names, CNICs,
phone numbers, codes and dates are checked by the validation kernel
(``validation.as_form_error`` in ``clean_<field>``), the same check the services run
again. Rules that need the case (consent, windows, the custody order, the prohibited
test, the lifecycles) are the services' and arrive as domain errors with per-field
messages.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hifazat.core import validation
from hifazat.core.forms import DomainForm, StrictFormMixin
from hifazat.crisis_cells import models as m
from hifazat.places import selectors as places

CASE_CODE_RE = re.compile(r"^[A-Z0-9-]{1,40}$")


MOMENT_FORMAT = "%Y-%m-%d %H:%M"


class MomentInput(forms.TextInput):
    """One text box for a moment, 24-hour Pakistan time — never the browser's
    datetime-local widget, which follows the browser's locale and 12-hour clock and costs
    seven tab stops."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false",
                                "inputmode": "text", "size": 18, **(attrs or {})})


class MomentField(forms.Field):
    """A moment typed as the kernel reads it (``validation.datetime``: "now", "-2 h",
    "-30 min", "2026-12-01 23:54"). Shown back as the time it was read as, so after a
    submit the person sees the interpreted time, not "-2 h"."""

    widget = MomentInput

    def prepare_value(self, value):
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime(MOMENT_FORMAT)
        return value

    def to_python(self, value):
        return _kernel(validation.datetime, value)

    def bound_data(self, data, initial):
        try:
            return validation.datetime(data) or data
        except validation.Invalid:
            return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"dir": "ltr", **(attrs or {})}, format="%Y-%m-%d")


MOMENT_HINT = _("24-hour Pakistan time: “now”, “-2 h”, “-30 min” or "
                "2026-12-01 23:54.")


def _when(label, *, required=True, help_text=""):
    return MomentField(
        label=label, required=required,
        help_text=format_lazy("{} {}", help_text, MOMENT_HINT) if help_text else MOMENT_HINT,
        error_messages={"required": _("Enter the date and time.")},
    )


def _day(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("Enter the date."),
                        "invalid": _("Enter a date like 2026-03-01.")},
    )


def _text(label, *, max_length=200, required=True, help_text="", ltr=False, multiline=False,
          autocomplete="off"):
    attrs = {"autocomplete": autocomplete, "spellcheck": "false"}
    if ltr:
        attrs["dir"] = "ltr"
    widget = forms.Textarea(attrs={**attrs, "rows": 3}) if multiline else forms.TextInput(attrs)
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=widget,
        error_messages={"required": _("This answer is needed."),
                        "max_length": _("Keep this under %(limit_value)d characters.")},
    )


def _choice(label, choices, *, required=True, help_text="", blank_label=None):
    choices = list(choices)
    if blank_label is not None:
        choices = [("", blank_label), *choices]
    return forms.ChoiceField(
        label=label, choices=choices, required=required, help_text=help_text,
        error_messages={"required": _("Choose one."),
                        "invalid_choice": _("Choose one of the listed options.")},
    )


def _yes(label, help_text=""):
    return forms.BooleanField(label=label, required=False, help_text=help_text)


class CellForm(DomainForm):
    """A crisis-cell form: the kernel's aria wiring and domain errors
    (``core.forms.DomainForm``)."""


def _kernel(func, value, **kwargs):
    """The kernel's check of one answer, as this form's error for that field."""
    return validation.as_form_error(func, value, **kwargs)


class IntakeForm(StrictFormMixin, CellForm):
    """One page, in the order the conversation goes. Only arrival, how and sex are
    required; everything else can follow later. Under 18 needs a guardian."""

    arrived_at = _when(_("Arrived at"), help_text=_("Now, unless she or he arrived earlier."))
    arrival_route = _choice(_("How the survivor arrived"), m.ArrivalRoute.choices)
    sex = _choice(_("Sex"), m.Sex.choices)
    age = forms.IntegerField(
        label=_("Age (years)"), required=False, min_value=0, max_value=120,
        help_text=_("Estimate if not known. Under 18 is a child and needs a guardian."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        error_messages={"invalid": _("Enter the age as a whole number of years."),
                        "min_value": _("Enter an age of 0 or more."),
                        "max_value": _("Enter an age of 120 or less.")},
    )
    name = _text(_("Name"), max_length=150, required=False)
    father_or_husband_name = _text(_("Father's or husband's name"), max_length=150,
                                   required=False)
    cnic = _text(_("CNIC"), max_length=15, required=False, ltr=True,
                 help_text=_("13 digits, with or without dashes."))
    phone = _text(_("Phone"), max_length=20, required=False, ltr=True)
    address = _text(_("Address"), max_length=300, required=False, multiline=True)
    guardian_name = _text(_("Guardian's name"), max_length=150, required=False,
                          help_text=_("Required for a child."))
    guardian_relationship = _text(_("Guardian's relationship to the child"), max_length=60,
                                  required=False)
    guardian_cnic = _text(_("Guardian's CNIC"), max_length=15, required=False, ltr=True)
    guardian_phone = _text(_("Guardian's phone"), max_length=20, required=False, ltr=True)
    # Needs come after the guardian, as the page shows them; the disability details
    # right after their checkbox.
    language = _text(_("Preferred language"), max_length=40, required=False)
    has_disability = _yes(_("Has a disability"))
    disability_note = _text(_("Disability (needs)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("arrived_at", timezone.localtime().replace(
                second=0, microsecond=0))
            self.initial.setdefault("arrival_route", m.ArrivalRoute.WALK_IN)
            self.initial.setdefault("sex", m.Sex.FEMALE)
        self.fields["arrived_at"].widget.attrs["autofocus"] = True

    def clean_name(self):
        return _kernel(validation.person_name, self.cleaned_data.get("name"))

    def clean_father_or_husband_name(self):
        return _kernel(validation.person_name, self.cleaned_data.get("father_or_husband_name"))

    def clean_guardian_name(self):
        return _kernel(validation.person_name, self.cleaned_data.get("guardian_name"))

    def clean_cnic(self):
        return _kernel(validation.cnic, self.cleaned_data.get("cnic"))

    def clean_guardian_cnic(self):
        return _kernel(validation.cnic, self.cleaned_data.get("guardian_cnic"))

    def clean_phone(self):
        return _kernel(validation.phone, self.cleaned_data.get("phone"))

    def clean_guardian_phone(self):
        return _kernel(validation.phone, self.cleaned_data.get("guardian_phone"))

    def clean_arrived_at(self):
        return _kernel(validation.not_future, self.cleaned_data["arrived_at"])

    def clean(self):
        data = super().clean()
        age = data.get("age")
        if age is not None and age < 18:
            if not data.get("guardian_name"):
                self.add_error("guardian_name", _("A child needs a guardian: enter the "
                                                  "guardian's name."))
            if not data.get("guardian_relationship"):
                self.add_error("guardian_relationship",
                               _("Enter how the guardian is related to the child."))
        return data

    @property
    def identity(self) -> dict:
        keys = ["name", "father_or_husband_name", "cnic", "phone", "address"]
        return {k: self.cleaned_data.get(k) or "" for k in keys}

    @property
    def guardian(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("guardian_name"):
            return None
        return {"name": d["guardian_name"], "relationship": d.get("guardian_relationship", ""),
                "cnic": d.get("guardian_cnic") or "", "phone": d.get("guardian_phone") or ""}


class IdentityForm(StrictFormMixin, CellForm):
    """Correcting the survivor's identity (and a child's guardian) after intake."""

    name = IntakeForm.base_fields["name"]
    father_or_husband_name = IntakeForm.base_fields["father_or_husband_name"]
    cnic = IntakeForm.base_fields["cnic"]
    phone = IntakeForm.base_fields["phone"]
    address = IntakeForm.base_fields["address"]
    guardian_name = IntakeForm.base_fields["guardian_name"]
    guardian_relationship = IntakeForm.base_fields["guardian_relationship"]
    guardian_cnic = IntakeForm.base_fields["guardian_cnic"]
    guardian_phone = IntakeForm.base_fields["guardian_phone"]

    def __init__(self, *args, is_child=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_child = is_child

    clean_name = IntakeForm.clean_name
    clean_father_or_husband_name = IntakeForm.clean_father_or_husband_name
    clean_guardian_name = IntakeForm.clean_guardian_name
    clean_cnic = IntakeForm.clean_cnic
    clean_guardian_cnic = IntakeForm.clean_guardian_cnic
    clean_phone = IntakeForm.clean_phone
    clean_guardian_phone = IntakeForm.clean_guardian_phone

    def clean(self):
        data = super().clean()
        if self.is_child or data.get("guardian_name"):
            if not data.get("guardian_name"):
                self.add_error("guardian_name", _("A child needs a guardian: enter the "
                                                  "guardian's name."))
            if not data.get("guardian_relationship"):
                self.add_error("guardian_relationship",
                               _("Enter how the guardian is related to the child."))
        return data

    identity = IntakeForm.identity
    guardian = IntakeForm.guardian


class IncidentForm(StrictFormMixin, CellForm):
    occurred_at = _when(_("Date and time of the incident"),
                        help_text=_("The clinical windows are counted from this time."))
    kind = _choice(_("Type"), m.IncidentType.choices)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=places.districts(),
        error_messages={"required": _("Choose the district."),
                        "invalid_choice": _("Choose one of the listed districts.")},
    )
    relationship = _choice(_("Relationship to the alleged perpetrator"),
                           m.Relationship.choices)
    perpetrator_count = forms.IntegerField(
        label=_("Number of alleged perpetrators"), min_value=1, max_value=50, initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        error_messages={"required": _("Enter a number."),
                        "invalid": _("Enter a whole number."),
                        "min_value": _("Enter at least 1."),
                        "max_value": _("Enter 50 or fewer.")},
    )
    perpetrator_particulars = _text(
        _("Alleged perpetrator particulars"), max_length=2000, required=False, multiline=True,
        help_text=_("Kept for the FIR only; never shown outside the cell."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].label_from_instance = lambda d: d.name

    def clean_occurred_at(self):
        return _kernel(validation.not_future, self.cleaned_data["occurred_at"])


class ConsentForm(StrictFormMixin, CellForm):
    use = _choice(_("Use"), m.ConsentUse.choices)
    is_given = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Consent given")), ("no", _("Consent refused"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose given or refused."),
                        "invalid_choice": _("Choose given or refused.")},
    )
    given_by = _choice(_("Decided by"), m.ConsentGiver.choices)
    note = _text(_("Note"), max_length=300, required=False)


class WithdrawConsentForm(StrictFormMixin, CellForm):
    """Withdrawing one given consent, with the reason (required: the record says why
    the survivor changed her mind, or who asked)."""

    use = forms.ChoiceField(
        label=_("Which consent to withdraw"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose which consent to withdraw."),
                        "invalid_choice": _("Choose one of the consents given.")},
    )
    reason = _text(_("Reason for the withdrawal"), max_length=300, multiline=True,
                   help_text=_("For example: the survivor asked, in the presence of the "
                               "counsellor."))

    def __init__(self, *args, uses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use"].choices = list(uses)
        if len(self.fields["use"].choices) == 1 and not self.initial.get("use"):
            self.initial["use"] = self.fields["use"].choices[0][0]


class MedicalForm(StrictFormMixin, CellForm):
    kind = _choice(_("Kind"), m.MedicalEntry.Kind.choices)
    description = _text(_("Description"), max_length=2000, multiline=True)
    given_at = _when(_("When"))
    late_reason = _text(_("Reason for care after the window"), max_length=300, required=False,
                        help_text=_("Needed only when PEP or emergency contraception is given "
                                    "after its window."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("given_at", timezone.localtime().replace(
                second=0, microsecond=0))


SAMPLE_KINDS = ("swab", "clothing", "blood", "urine", "photograph")


class ExamForm(StrictFormMixin, CellForm):
    """No field for the two-finger ("virginity") test: the Act prohibits it."""

    examined_at = _when(_("Examined at"))
    chaperone_name = _text(_("Chaperone"), max_length=150)
    chaperone_role = _text(_("Chaperone's role"), max_length=80)
    general_findings = _text(_("General examination findings"), max_length=5000,
                             multiline=True)
    injuries_findings = _text(_("Injuries"), max_length=5000, required=False, multiline=True)
    opinion = _text(_("Medico-legal opinion"), max_length=5000, required=False, multiline=True)
    samples = forms.MultipleChoiceField(
        label=_("Samples collected"), required=False,
        choices=[(k, label) for k, label in m.EvidenceItem.Kind.choices
                 if k in SAMPLE_KINDS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each sample gets its own evidence label and chain of custody."),
        error_messages={"invalid_choice": _("Choose from the listed samples.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("examined_at", timezone.localtime().replace(
                second=0, microsecond=0))

    def clean_chaperone_name(self):
        return _kernel(validation.person_name, self.cleaned_data.get("chaperone_name"),
                       required=True)

    @property
    def exam_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "samples"}

    @property
    def sample_list(self) -> list[dict]:
        labels = dict(self.fields["samples"].choices)
        return [{"kind": k, "description": str(labels[k])}
                for k in self.cleaned_data.get("samples") or []]


class EvidenceForm(StrictFormMixin, CellForm):
    kind = _choice(_("Kind"), m.EvidenceItem.Kind.choices)
    description = _text(_("Description"), max_length=300)
    collected_at = _when(_("Collected at"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("collected_at", timezone.localtime().replace(
                second=0, microsecond=0))


class CustodyForm(StrictFormMixin, CellForm):
    step = _choice(_("Step"), [c for c in m.CustodyStep.choices if c[0] != "collected"])
    at = _when(_("When"))
    handed_to = _text(_("Handed to"), max_length=200, required=False,
                      help_text=_("Name and designation, or the laboratory."))
    seal_intact = forms.TypedChoiceField(
        label=_("Seal intact"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, the seal is intact")), ("no", _("No, the seal is broken"))],
        widget=forms.RadioSelect, initial="yes",
        error_messages={"required": _("Say whether the seal is intact.")},
    )
    note = _text(_("Note"), max_length=300, required=False)
    result = _text(_("Laboratory result"), max_length=5000, required=False, multiline=True,
                   help_text=_("Only for the step “Result received”."))

    def __init__(self, *args, next_step=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().replace(second=0,
                                                                       microsecond=0))
            if next_step:
                self.initial.setdefault("step", next_step)

    def clean(self):
        data = super().clean()
        if data.get("step") == m.CustodyStep.RESULT and not data.get("result"):
            self.add_error("result", _("Enter the laboratory result."))
        return data


class CounsellingForm(StrictFormMixin, CellForm):
    held_at = _when(_("Held at"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        error_messages={"required": _("Enter the duration in minutes."),
                        "invalid": _("Enter a whole number of minutes."),
                        "min_value": _("Enter at least 1 minute."),
                        "max_value": _("Enter 600 minutes or fewer.")},
    )
    notes = _text(_("Notes"), max_length=5000, required=False, multiline=True)


class LegalForm(StrictFormMixin, CellForm):
    given_at = _when(_("Given at"))
    rights_explained = _yes(_("Rights explained"))
    legal_aid_referred = _yes(_("Referred for legal aid"))
    legal_aid_provider = _text(_("Legal-aid provider"), max_length=200, required=False)
    notes = _text(_("Notes"), max_length=5000, required=False, multiline=True)

    def clean(self):
        data = super().clean()
        if data.get("legal_aid_referred") and not data.get("legal_aid_provider"):
            self.add_error("legal_aid_provider", _("Name the legal-aid provider."))
        return data


class ShelterForm(StrictFormMixin, CellForm):
    shelter = _text(_("Shelter (Dar-ul-Aman)"), max_length=200)
    referred_at = _when(_("Referred at"))


class FollowUpForm(StrictFormMixin, CellForm):
    kind = _choice(_("Kind"), m.FollowUp.Kind.choices)
    due_on = _day(_("Due on"))
    description = _text(_("What is due"), max_length=300)


class FollowUpDoneForm(StrictFormMixin, CellForm):
    outcome_note = _text(_("Outcome"), max_length=300, required=False)


class MediationForm(StrictFormMixin, CellForm):
    held_at = _when(_("Held at"))
    parties_present = _text(_("Parties present"), max_length=300)
    outcome = _text(_("Outcome"), max_length=5000, required=False, multiline=True)


class ProtectionOrderForm(StrictFormMixin, CellForm):
    court = _text(_("Court"), max_length=200)
    applied_on = _day(_("Applied on"))
    status = _choice(_("Status"), m.ProtectionOrder.Status.choices)
    granted_on = _day(_("Granted on"), required=False)
    expires_on = _day(_("Expires on"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == m.ProtectionOrder.Status.GRANTED and not data.get("granted_on"):
            self.add_error("granted_on", _("Enter the date the order was granted."))
        if data.get("granted_on") and data.get("applied_on") and \
                data["granted_on"] < data["applied_on"]:
            self.add_error("granted_on", _("The order cannot be granted before it was "
                                           "applied for."))
        if data.get("expires_on") and data.get("granted_on") and \
                data["expires_on"] <= data["granted_on"]:
            self.add_error("expires_on", _("The expiry must be after the grant."))
        return data


class ShelterStatusForm(StrictFormMixin, CellForm):
    status = _choice(_("Status"), m.ShelterReferral.Status.choices)


class ProtectionOrderStatusForm(StrictFormMixin, CellForm):
    status = _choice(_("Status"), m.ProtectionOrder.Status.choices)
    granted_on = _day(_("Granted on"), required=False)
    expires_on = _day(_("Expires on"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == m.ProtectionOrder.Status.GRANTED and not data.get("granted_on"):
            self.add_error("granted_on", _("Enter the date the order was granted."))
        return data


class CyberStatusForm(StrictFormMixin, CellForm):
    status = _choice(_("Status"), m.CyberHarassmentReport.Status.choices)


class CyberForm(StrictFormMixin, CellForm):
    platform = _choice(_("Platform"), m.CyberHarassmentReport.Platform.choices)
    platform_other = _text(_("Other platform"), max_length=80, required=False)
    account_identifiers = _text(_("Account identifiers"), max_length=2000, multiline=True,
                                help_text=_("Numbers, profile names or links of the accounts "
                                            "involved."), ltr=True)
    referred_to = _choice(_("Referred to"), m.CyberHarassmentReport.ReferredTo.choices,
                          required=False)
    referral_reference = _text(_("Referral reference"), max_length=80, required=False,
                               ltr=True)

    def clean(self):
        data = super().clean()
        if data.get("platform") == m.CyberHarassmentReport.Platform.OTHER and \
                not data.get("platform_other"):
            self.add_error("platform_other", _("Name the platform."))
        return data


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CyberFileForm(StrictFormMixin, CellForm):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("A screenshot, recording or export; up to 20 MB. Stored privately; its "
                    "SHA-256 hash is shown after upload."),
        error_messages={"required": _("Choose a file to upload."),
                        "empty": _("The file is empty."),
                        "invalid": _("That is not a file.")},
    )
    description = _text(_("Description"), max_length=200, required=False)

    def clean_file(self):
        # Allowed by its content, not its name (HTML or a "picture" holding a script is
        # refused); the service checks again and re-encodes pictures.
        f = self.cleaned_data["file"]
        _kernel(validation.upload, f, max_bytes=MAX_UPLOAD_BYTES)
        f.seek(0)
        return f


class StationSearchForm(forms.Form):
    """Narrows the police stations offered for an FIR referral (GET; works without
    JavaScript): the incident's district by default, and a part of the name."""

    district = forms.ModelChoiceField(
        label=_("District"), queryset=places.districts(), required=False,
        empty_label=_("All districts"))
    q = forms.CharField(label=_("Name of the police station"), max_length=60, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "spellcheck": "false"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].label_from_instance = lambda d: d.name

    def stations(self, *, default_district):
        """The stations to offer: the chosen (else the default) district's, whose
        English or Urdu name contains the search."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        district = data.get("district", default_district)
        stations = places.facilities(places.FacilityKind.POLICE_STATION, district=district)
        try:
            query = validation.free_text(data.get("q") or "", max_length=60)
        except validation.Invalid:
            query = ""
        if query:
            stations = stations.filter(Q(name_en__icontains=query) | Q(name_ur__icontains=query))
        return stations


class FirReferralForm(StrictFormMixin, CellForm):
    """The station, one of those the search offers (radio buttons: no "---------")."""

    police_station = forms.ModelChoiceField(
        label=_("Police station"), queryset=None, widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("Choose the police station."),
                        "invalid_choice": _("Choose one of the listed police stations.")},
    )

    def __init__(self, *args, stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["police_station"]
        field.queryset = stations
        field.label_from_instance = lambda f: f.name


class ProsecutionShareForm(StrictFormMixin, CellForm):
    prosecution_office = forms.ModelChoiceField(
        label=_("Prosecution office"), queryset=None,
        error_messages={"required": _("Choose the prosecution office."),
                        "invalid_choice": _("Choose one of the listed offices.")},
    )
    note = _text(_("Note"), max_length=300, required=False)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prosecution_office"].queryset = offices
        self.fields["prosecution_office"].label_from_instance = lambda a: a.name


class AssignForm(StrictFormMixin, CellForm):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None,
        error_messages={"required": _("Choose a member of staff."),
                        "invalid_choice": _("Choose one of the listed staff.")},
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class TransferForm(StrictFormMixin, CellForm):
    to_cell = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=None,
        error_messages={"required": _("Choose the cell."),
                        "invalid_choice": _("Choose one of the listed cells.")},
    )
    reason = _text(_("Reason"), max_length=300)

    def __init__(self, *args, cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_cell"].queryset = cells
        self.fields["to_cell"].label_from_instance = lambda a: a.name


class DecisionForm(StrictFormMixin, CellForm):
    decision = _choice(_("Decision"), [("accept", _("Accept")), ("decline", _("Decline"))])
    note = _text(_("Note"), max_length=300, required=False)


class ClosureForm(StrictFormMixin, CellForm):
    outcome = _choice(_("Outcome"), m.CaseOutcome.choices)
    note = _text(_("Note"), max_length=500, required=False)


class ClosureDecisionForm(StrictFormMixin, CellForm):
    decision = _choice(_("Decision"), [("approve", _("Approve and close")),
                                       ("return", _("Return to the team"))])
    note = _text(_("Note"), max_length=500, required=False)


# A case's status as an adjective ("open"), not the verb the shell uses for buttons.
STATUS_CHOICES = [
    ("open", pgettext_lazy("case status", "Open")),
    ("transfer_pending", pgettext_lazy("case status", "Transfer awaiting acceptance")),
    ("closure_pending", pgettext_lazy("case status", "Closure awaiting approval")),
    ("closed", pgettext_lazy("case status", "Closed")),
]


class CaseFilterForm(forms.Form):
    """The case list's filters (GET); bad values fall back to no filter."""

    q = forms.CharField(label=_("Case code"), max_length=40, required=False,
                        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off",
                                                      "spellcheck": "false"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Not closed")), *STATUS_CHOICES])
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("Any type")), *m.IncidentType.choices])
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def clean_q(self):
        value = self.cleaned_data["q"].strip().upper()
        if value and not CASE_CODE_RE.match(value):
            raise forms.ValidationError(_("A case code has letters, digits and dashes only."))
        return value


class ReturningSearchForm(StrictFormMixin, CellForm):
    """"Has she been here before?": her CNIC or phone (or both), posted (never in a URL,
    where logs and the browser's history would keep it)."""

    cnic = _text(_("Her CNIC"), max_length=20, required=False, ltr=True,
                 help_text=_("13 digits, with or without dashes. A child's guardian's "
                             "CNIC finds the child's cases too."))
    phone = _text(_("Her phone number"), max_length=24, required=False, ltr=True,
                  help_text=_("Any way it is written: 0300 1234567, +92 300 1234567, "
                              "042 35712345."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cnic"].widget.attrs.update(autofocus=True, inputmode="numeric",
                                                autocomplete="off")
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")

    def clean_cnic(self):
        return _kernel(validation.cnic, self.cleaned_data.get("cnic"))

    def clean_phone(self):
        return _kernel(validation.phone_e164, self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("cnic") and not data.get("phone"):
            self.add_error("cnic", _("Give her CNIC or phone number (or both)."))
        return data


WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday"))


class DutyShiftForm(StrictFormMixin, CellForm):
    """Put a member of staff on call: a day of the week shown, a shift, the role, the
    person (this cell's staff holding an on-call role). Plain selects: every answer is
    reachable by keyboard, no date picker."""

    date = forms.ChoiceField(label=_("Day"), choices=[])
    shift = forms.ChoiceField(label=_("Shift"), choices=m.DutyShift.Shift.choices)
    role = forms.ChoiceField(label=_("Role on call"), choices=m.DutyShift.OnCall.choices)
    person = forms.ModelChoiceField(
        label=_("On call"), queryset=None,
        error_messages={"required": _("Choose a member of staff."),
                        "invalid_choice": _("Choose one of the listed staff.")})

    def __init__(self, *args, days=(), staff=None, **kwargs):
        from hifazat.core.formats import day as day_label

        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [
            (d.isoformat(), format_lazy("{} {}", WEEKDAYS[d.weekday()], day_label(d)))
            for d in days]
        self.fields["person"].queryset = staff

    def clean_date(self):
        return _kernel(validation.date, self.cleaned_data["date"], required=True)
