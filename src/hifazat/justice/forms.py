"""Forms of the justice screens: thin, bounded, every message translatable.

Every write form has ``StrictFormMixin`` first (a field it does not have is refused
with a 400 naming it, never dropped). Moments go through the validation kernel
(``validation.datetime``: "now", "-2 h", "2026-12-01 23:54"); the rules that need the
case (stages, date order, who may be assigned) are the services' and arrive as domain
errors with per-field messages (``apply_error``: next to the field, the rest on top).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.core.forms import DomainForm, StrictFormMixin
from hifazat.justice import services
from hifazat.justice.models import (
    Appeal,
    CustodyEvent,
    Hearing,
    PoliceReport,
    Stage,
    Suspect,
    Verdict,
    Witness,
)
from hifazat.places import selectors as places
from hifazat.register import selectors as register

MOMENT_FORMAT = "%Y-%m-%d %H:%M"
MOMENT_HINT = _("24-hour Pakistan time: “now”, “-2 h” or 2026-12-01 23:54.")
#: Suspects the FIR form takes inline; more are added on the case page.
INLINE_SUSPECTS = 3
LTR = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}


class MomentField(forms.Field):
    """A moment typed as the kernel reads it, shown back as the time it was read as."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", MOMENT_HINT)
        kwargs.setdefault("error_messages", {"required": _("Enter the date and time.")})
        super().__init__(**kwargs)
        self.widget.attrs.update({**LTR, "size": 18})

    def prepare_value(self, value):
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime(MOMENT_FORMAT)
        return value

    def to_python(self, value):
        return validation.as_form_error(validation.datetime, value)

    def bound_data(self, data, initial):
        try:
            return validation.datetime(data) or data
        except validation.Invalid:
            return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"dir": "ltr", **(attrs or {})}, format="%Y-%m-%d")


def _day(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("Enter the date."),
                        "invalid": _("Enter a date like 2026-03-01.")})


def _text(label, *, max_length=200, required=True, help_text="", ltr=False,
          multiline=False):
    attrs = {"autocomplete": "off", "spellcheck": "false", **({"dir": "ltr"} if ltr else {})}
    widget = forms.Textarea(attrs={**attrs, "rows": 4}) if multiline else \
        forms.TextInput(attrs)
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=widget, error_messages={"required": _("This answer is needed.")})


def _choice(label, choices, *, required=True, help_text="", radio=False, blank=None):
    choices = list(choices)
    if blank is not None:
        choices = [("", blank), *choices]
    return forms.ChoiceField(
        label=label, choices=choices, required=required, help_text=help_text,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={"required": _("Choose one."),
                        "invalid_choice": _("Choose one of the listed options.")})


def _yes(label, *, initial=False, help_text=""):
    return forms.BooleanField(label=label, required=False, initial=initial,
                              help_text=help_text)


def _today():
    return timezone.localdate()


def section_choices() -> list[tuple[str, str]]:
    """The register's PPC sections, "376 — Rape", titled in the reader's language."""
    urdu = (get_language() or "").startswith("ur")
    return [(s.code, f"{s.code} — {s.title_ur if urdu else s.title_en}")
            for s in register.ppc_section_list()]


def _sections(label, *, required=True):
    return forms.MultipleChoiceField(
        label=label, required=required, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Give at least one PPC section."),
                        "invalid_choice": _("Choose sections from the list.")})


def district_choices() -> list[tuple[str, str]]:
    return [("", _("Not known"))] + [(d.code, d.name) for d in places.districts()]


class JusticeForm(DomainForm):
    """A justice form: the kernel's aria wiring and domain errors next to their field
    (``core.forms.DomainForm``; ``aliases``: a service's field name -> this form's)."""


# --- the FIR and its suspects -----------------------------------------------------------

SUSPECT_LABELS = {
    "name": _("Name"), "surname": _("Surname"), "father": _("Father's name"),
    "sex": _("Sex"), "dob": _("Date or year of birth"), "cnic": _("CNIC"),
    "district": _("District"),
}
SEX_CHOICES = [("M", _("Male")), ("F", _("Female")), ("X", _("Other"))]


def _suspect_fields(prefix: str, *, required: bool) -> dict[str, forms.Field]:
    return {
        f"{prefix}name": _text(SUSPECT_LABELS["name"], max_length=200, required=required),
        f"{prefix}surname": _text(SUSPECT_LABELS["surname"], max_length=100, required=False),
        f"{prefix}father": _text(SUSPECT_LABELS["father"], max_length=200, required=False),
        f"{prefix}sex": _choice(SUSPECT_LABELS["sex"], SEX_CHOICES, required=False),
        f"{prefix}dob": _text(SUSPECT_LABELS["dob"], max_length=10, required=False,
                              ltr=True, help_text=_("YYYY-MM-DD or the year (YYYY).")),
        f"{prefix}cnic": _text(SUSPECT_LABELS["cnic"], max_length=15, required=False,
                               ltr=True, help_text=_("13 digits; with or without dashes.")),
        f"{prefix}district": _choice(SUSPECT_LABELS["district"], [], required=False),
    }


class FirForm(StrictFormMixin, JusticeForm):
    """The FIR: number, time, sections, the complainant, and up to three suspects."""

    station = forms.ChoiceField(label=_("Police station"), error_messages={
        "required": _("Choose the police station."),
        "invalid_choice": _("Choose one of your police stations.")})
    number = _text(_("FIR number"), max_length=40, ltr=True)
    registered_at = MomentField(label=_("Registered at"))
    sections = _sections(_("PPC sections"))
    act_sections = forms.MultipleChoiceField(
        label=_("Sections of the Anti-Rape Act 2021"), required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(c, c) for c in services.ACT_SECTIONS],
        error_messages={"invalid_choice": _("Choose sections from the list.")})
    complainant_female = _yes(_("The complainant is female"), initial=True,
                              help_text=_("Then a woman investigating officer is needed."))

    def __init__(self, *args, stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stations = {str(s.pk): s for s in stations}
        self.fields["station"].choices = [(k, s.name) for k, s in self.stations.items()]
        if len(self.stations) == 1:
            self.fields["station"].initial = next(iter(self.stations))
            self.fields["station"].widget = forms.HiddenInput()
        self.fields["sections"].choices = section_choices()
        districts = district_choices()
        for i in range(1, INLINE_SUSPECTS + 1):
            for name, field in _suspect_fields(f"s{i}_", required=False).items():
                if name.endswith("district"):
                    field.choices = districts
                self.fields[name] = field
        if not self.is_bound:
            self.initial.setdefault("registered_at",
                                    timezone.localtime().replace(second=0, microsecond=0))

    def main_fields(self):
        """The FIR's own fields (the suspects' are in ``suspect_groups``)."""
        inline = {f"s{i}_{k}" for i in range(1, INLINE_SUSPECTS + 1) for k in SUSPECT_LABELS}
        return [self[name] for name in self.fields if name not in inline]

    def suspect_groups(self):
        """The inline suspects' bound fields, one list per suspect."""
        return [[self[f"s{i}_{k}"] for k in SUSPECT_LABELS]
                for i in range(1, INLINE_SUSPECTS + 1)]

    def clean(self):
        data = super().clean()
        for i in range(1, INLINE_SUSPECTS + 1):
            given = any(data.get(f"s{i}_{k}") for k in SUSPECT_LABELS
                        if k not in ("sex",))
            if given and not data.get(f"s{i}_name"):
                self.add_error(f"s{i}_name", _("Give the suspect's name, or leave the other "
                                                "particulars empty."))
        return data

    @property
    def chosen_station(self):
        return self.stations.get(self.cleaned_data.get("station"))

    def suspects(self) -> list[dict]:
        out = []
        for i in range(1, INLINE_SUSPECTS + 1):
            row = {k: self.cleaned_data.get(f"s{i}_{k}") or "" for k in SUSPECT_LABELS}
            if row["name"]:
                out.append(row)
        return out

    def error_aliases(self, exc) -> dict[str, str]:
        # suspects.<i>.<field> names the i-th suspect given (blank rows are skipped).
        given = [i for i in range(1, INLINE_SUSPECTS + 1)
                 if (self.cleaned_data or {}).get(f"s{i}_name")]
        out = {"referral": "number"}
        for name in exc.fields:
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == "suspects" and parts[1].isdigit() \
                    and int(parts[1]) < len(given):
                out[name] = f"s{given[int(parts[1])]}_{parts[2]}"
        return out


class SuspectForm(StrictFormMixin, JusticeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in _suspect_fields("", required=True).items():
            if name == "district":
                field.choices = district_choices()
            self.fields[name] = field

    @classmethod
    def initial_of(cls, suspect: Suspect) -> dict:
        data = {k: getattr(suspect, k) for k in SUSPECT_LABELS if k != "district"}
        data["district"] = suspect.district.code if suspect.district else ""
        return data


class CustodyEventForm(StrictFormMixin, JusticeForm):
    kind = _choice(_("Event"), CustodyEvent.Kind.choices)
    on = _day(_("Date"))
    until = _day(_("Remand until"), required=False,
                 help_text=_("Only for physical remand: its last day (at most 15 days)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", _today())


# --- investigation ----------------------------------------------------------------------

class PersonChoiceForm(StrictFormMixin, JusticeForm):
    """Choose one of the people offered (an officer or a prosecutor)."""

    person = forms.ChoiceField(label=_("Person"), error_messages={
        "required": _("Choose one."), "invalid_choice": _("Choose one of the listed people.")})

    def __init__(self, *args, people=(), label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        field = self.fields["person"]
        field.choices = [("", _("Choose…"))] + [
            (k, self.label_of(p)) for k, p in self.people.items()]
        if label:
            field.label = label

    @staticmethod
    def label_of(person) -> str:
        name = person.display_name or person.username
        agency = person.agency.name if person.agency else ""
        woman = _("woman officer") if getattr(person, "sex", "") == "F" else ""
        return " · ".join(str(x) for x in (name, agency, woman) if x)

    @property
    def chosen_person(self):
        return self.people.get(self.cleaned_data.get("person"))

    aliases = {"officer": "person", "prosecutor": "person"}


class DiaryForm(StrictFormMixin, JusticeForm):
    on = _day(_("Date"))
    text = _text(_("Entry"), max_length=4000, multiline=True,
                 help_text=_("What was done that day. Kept encrypted; seen only by the "
                             "investigating officer and the prosecutor."))
    statements = forms.IntegerField(
        label=_("Statements recorded that day"), min_value=0, max_value=100, initial=0,
        widget=forms.NumberInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a whole number."),
                        "min_value": _("Give a number of statements from 0 to 100."),
                        "max_value": _("Give a number of statements from 0 to 100.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", _today())


class ReportForm(StrictFormMixin, JusticeForm):
    kind = _choice(_("Report"), PoliceReport.Kind.choices, radio=True)
    submitted_on = _day(_("Submitted on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("submitted_on", _today())


# --- prosecution ------------------------------------------------------------------------

class ScrutinyForm(StrictFormMixin, JusticeForm):
    decision = _choice(_("Decision"), [("accept", _("Accept and send to the Special Court")),
                                       ("return", _("Return with defects"))], radio=True)
    on = _day(_("Date of scrutiny"))
    court = forms.ChoiceField(label=_("Special Court"), required=False,
                              help_text=_("When accepted. The district's court is proposed."))
    defects = _text(_("Defects"), max_length=2000, required=False, multiline=True,
                    help_text=_("When returned: what the investigation must put right."))

    def __init__(self, *args, courts=(), default_court=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.courts = {str(c.pk): c for c in courts}
        self.fields["court"].choices = [(k, c.name) for k, c in self.courts.items()]
        self.fields["court"].error_messages["invalid_choice"] = _(
            "Choose one of the listed courts.")
        self.initial.setdefault("on", _today())
        if default_court is not None:
            self.initial.setdefault("court", str(default_court.pk))

    @property
    def chosen_court(self):
        return self.courts.get(self.cleaned_data.get("court") or "")


class DisclosureForm(StrictFormMixin, JusticeForm):
    on = _day(_("Disclosed on"))
    items = _text(_("What was disclosed"), max_length=500, multiline=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", _today())


# --- trial ------------------------------------------------------------------------------

class ChargeForm(StrictFormMixin, JusticeForm):
    sections = _sections(_("Sections of the charge"))
    on = _day(_("Charge framed on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = section_choices()
        self.initial.setdefault("on", _today())


class HearingForm(StrictFormMixin, JusticeForm):
    on = _day(_("Hearing date"))
    purpose = _choice(_("Purpose"), Hearing.Purpose.choices)


class HearingOutcomeForm(StrictFormMixin, JusticeForm):
    outcome = _choice(_("Outcome"), [(Hearing.Outcome.HELD, _("Held")),
                                     (Hearing.Outcome.ADJOURNED, _("Adjourned"))], radio=True)
    adjournment_reason = _choice(_("Reason for adjournment"),
                                 Hearing.AdjournmentReason.choices, required=False,
                                 blank=_("Not adjourned"))
    next_date = _day(_("Next date"), required=False,
                     help_text=_("Needed when adjourned; schedules the next hearing."))
    next_purpose = _choice(_("Purpose of the next hearing"), Hearing.Purpose.choices,
                           required=False, blank=_("The same as this hearing"))


class WitnessForm(StrictFormMixin, JusticeForm):
    label = _text(_("Witness"), max_length=120,
                  help_text=_("A role label such as “PW-3 medical officer”; never the "
                              "survivor's name."))
    side = _choice(_("Side"), Witness.Side.choices, radio=True)


class SummonsForm(StrictFormMixin, JusticeForm):
    hearing = forms.ChoiceField(label=_("For the hearing of"), error_messages={
        "required": _("Choose the hearing."),
        "invalid_choice": _("Choose one of the listed hearings.")})
    issued_on = _day(_("Summons issued on"))

    def __init__(self, *args, hearings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hearings = {str(h.pk): h for h in hearings}
        self.fields["hearing"].choices = [
            (k, f"{h.on.isoformat()} · {h.get_purpose_display()}")
            for k, h in self.hearings.items()]
        self.initial.setdefault("issued_on", _today())

    @property
    def chosen_hearing(self):
        return self.hearings.get(self.cleaned_data.get("hearing"))


class AttendanceForm(StrictFormMixin, JusticeForm):
    attended = forms.TypedChoiceField(
        label=_("Did the witness attend?"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Attended")), ("no", _("Did not attend"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the witness attended.")})
    examined = _yes(_("Examined at this hearing"))


class ProtectionForm(StrictFormMixin, JusticeForm):
    in_camera = _yes(_("Trial in camera"))
    screen = _yes(_("Screen between the survivor and the accused"))
    video_link = _yes(_("Evidence by video link"))
    no_cross_in_person = _yes(_("No cross-examination by the accused in person"))


class VerdictForm(StrictFormMixin, JusticeForm):
    """The judgment; for a conviction, per convicted accused the sections and the
    sentence (fields ``convicted_<id>``, ``sections_<id>``, ``sentence_<id>``)."""

    outcome = _choice(_("Verdict"), Verdict.Outcome.choices, radio=True)
    decided_on = _day(_("Decided on"))

    def __init__(self, *args, suspects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.accused = list(suspects)
        choices = section_choices()
        for s in self.accused:
            self.fields[f"convicted_{s.pk}"] = _yes(_("Convicted"))
            field = _sections(_("Sections"), required=False)
            field.choices = choices
            self.fields[f"sections_{s.pk}"] = field
            self.fields[f"sentence_{s.pk}"] = _text(_("Sentence"), max_length=200,
                                                    required=False)
        self.initial.setdefault("decided_on", _today())

    def accused_rows(self):
        return [(s, self[f"convicted_{s.pk}"], self[f"sections_{s.pk}"],
                 self[f"sentence_{s.pk}"]) for s in self.accused]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Verdict.Outcome.CONVICTED:
            if not any(data.get(f"convicted_{s.pk}") for s in self.accused):
                self.add_error("outcome", _("Tick at least one convicted accused."))
        elif data.get("outcome") == Verdict.Outcome.ACQUITTED:
            for s in self.accused:
                if data.get(f"convicted_{s.pk}"):
                    self.add_error(f"convicted_{s.pk}", _("An acquittal has no "
                                                           "convicted accused."))
        return data

    def sentences(self) -> list[dict]:
        data = self.cleaned_data
        if data.get("outcome") != Verdict.Outcome.CONVICTED:
            return []
        return [{"suspect": s.pk, "sections": data.get(f"sections_{s.pk}") or [],
                 "sentence": data.get(f"sentence_{s.pk}") or ""}
                for s in self.accused if data.get(f"convicted_{s.pk}")]

    def error_aliases(self, exc) -> dict[str, str]:
        rows = [s.pk for s in self.accused if (self.cleaned_data or {}).get(
            f"convicted_{s.pk}")]
        out = {}
        for name in exc.fields:
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "sentences" and parts[1].isdigit() \
                    and int(parts[1]) < len(rows):
                sid = rows[int(parts[1])]
                tail = parts[2] if len(parts) == 3 else "sentence"
                out[name] = {"sections": f"sections_{sid}", "sentence": f"sentence_{sid}",
                             "suspect_id": f"convicted_{sid}"}.get(tail, f"sentence_{sid}")
        return out


class AppealForm(StrictFormMixin, JusticeForm):
    suspect = forms.ChoiceField(label=_("Accused"), error_messages={
        "required": _("Choose the accused."),
        "invalid_choice": _("Choose one of the listed accused.")})
    forum = _text(_("Appellate court"), max_length=120,
                  help_text=_("For example: Lahore High Court."))
    filed_on = _day(_("Filed on"))

    def __init__(self, *args, suspects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.accused = {str(s.pk): s for s in suspects}
        self.fields["suspect"].choices = [
            (k, " ".join(x for x in (s.name, s.surname) if x))
            for k, s in self.accused.items()]
        self.initial.setdefault("filed_on", _today())

    @property
    def chosen(self):
        return self.accused.get(self.cleaned_data.get("suspect"))


class AppealDecisionForm(StrictFormMixin, JusticeForm):
    outcome = _choice(_("Decision"), [c for c in Appeal.Outcome.choices
                                      if c[0] != Appeal.Outcome.PENDING], radio=True)
    decided_on = _day(_("Decided on"))
    reason = _text(_("Reason"), max_length=500, required=False, multiline=True)
    sections = _sections(_("Sections (when an acquittal is reversed)"), required=False)
    sentence = _text(_("Sentence (when an acquittal is reversed)"), max_length=200,
                     required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = section_choices()
        self.initial.setdefault("decided_on", _today())


# --- lists ------------------------------------------------------------------------------

class CaseFilterForm(forms.Form):
    """My cases' filter (GET); a bad value falls back to no filter."""

    stage = forms.ChoiceField(label=_("Stage"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("Any stage")), *Stage.choices]


class CauseListForm(forms.Form):
    """A court and a day (GET); today and the user's first court by default."""

    court = forms.ChoiceField(label=_("Special Court"), required=False)
    day = forms.DateField(label=_("Date"), required=False, widget=DateInput(),
                          input_formats=["%Y-%m-%d"],
                          error_messages={"invalid": _("Enter a date like 2026-03-01.")})

    def __init__(self, *args, courts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.courts = {str(c.pk): c for c in courts}
        self.fields["court"].choices = [(k, c.name) for k, c in self.courts.items()]
