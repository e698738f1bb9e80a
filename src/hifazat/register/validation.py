"""Checking a proposed entry or correction: every field, every rule, each problem named
by field. Built on the validation kernel (``core.validation``): one CNIC rule and
message, ``person_name`` for every name, ``free_text`` for descriptions, ``date`` for
dates, and its ``Problems`` collector."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date

from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.core.validation import Invalid, Problems, script_of
from hifazat.identity.selectors import BirthDate, FieldError, parse_dob
from hifazat.places import selectors as places
from hifazat.register.errors import InvalidEntry
from hifazat.register.models import PpcSection

__all__ = ["CORRECTABLE", "CleanCorrection", "CleanEntry", "birth_date", "clean_correction",
           "clean_entry", "script_of"]

MAX = {"name": 200, "surname": 100, "father_name": 200, "case_number": 64, "sentence": 200,
       "physical_description": 2000, "name_ur": 200, "surname_ur": 100,
       "verdict_reference": 100, "alias": 200}
NAMES = ("name", "surname", "father_name", "name_ur", "surname_ur", "alias")
SEXES = ("M", "F", "X")
DOB_MESSAGE = _("Enter the date of birth as YYYY-MM-DD or the year (YYYY).")


@dataclass
class CleanEntry:
    name: str
    surname: str
    father_name: str
    sex: str
    dob: BirthDate
    cnic: str
    district: object  # places District
    court: object  # places Facility (a special court)
    case_number: str
    sections: list[PpcSection]
    convicted_on: date
    sentence: str
    physical_description: str
    name_ur: str = ""
    surname_ur: str = ""
    verdict_reference: str = ""


def birth_date(value, *, today: date | None = None) -> BirthDate:
    """A date of birth, or only its year (registers often know no more)."""
    try:
        return parse_dob(str(value or ""), strict=True, today=today)
    except FieldError:
        raise Invalid(DOB_MESSAGE) from None


def _sex(value) -> str:
    if str(value or "") not in SEXES:
        raise Invalid(_("Choose male, female or other."))
    return str(value)


def _text(problems: Problems, key: str, value, *, required: bool = False) -> str:
    """A name through ``person_name``, anything else through ``free_text``."""
    check = validation.person_name if key in NAMES else validation.free_text
    return problems.check(key, check, value, max_length=MAX[key], required=required,
                          default="")


def clean_entry(payload: dict, *, today: date) -> CleanEntry:
    """Validate a proposal payload; raise InvalidEntry with a message per bad field."""
    problems = Problems()
    text = {k: _text(problems, k, payload.get(k),
                     required=k in ("name", "father_name", "case_number", "sentence"))
            for k in MAX if k != "alias"}
    sex = problems.check("sex", _sex, payload.get("sex"), default="")
    dob = problems.check("dob", birth_date, payload.get("dob"), today=today,
                         default=BirthDate(None, ""))
    cnic = problems.check("cnic", validation.cnic, payload.get("cnic"), default="")
    district = places.district_by_code(payload.get("district"))
    if district is None:
        problems.add("district", _("Choose the responsible district."))
    court = places.facility_by_code(payload.get("court"),
                                    kind=places.FacilityKind.SPECIAL_COURT)
    if court is None:
        problems.add("court", _("Choose the court that convicted."))
    codes = [str(c).strip() for c in payload.get("sections") or []]
    sections = list(PpcSection.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {s.code for s in sections})
    if not codes:
        problems.add("sections", _("Give at least one PPC section."))
    elif unknown:
        problems.add("sections", _("Unknown PPC section: %(codes)s.")
                     % {"codes": ", ".join(unknown)})
    if text["name_ur"] and script_of(text["name_ur"]) != "urdu":
        problems.add("name_ur", _("Write this name in Urdu script."))
    convicted_on = problems.check("convicted_on", validation.date, payload.get("convicted_on"),
                                  required=True)
    if convicted_on is not None:
        if convicted_on > today:
            problems.add("convicted_on", _("The conviction date is in the future."))
        elif dob.value is not None and convicted_on <= dob.value:
            problems.add("convicted_on", _("The conviction date is before the date of "
                                           "birth."))
    problems.raise_if_any(InvalidEntry)
    return CleanEntry(text["name"], text["surname"], text["father_name"], sex, dob, cnic,
                      district, court, text["case_number"], sections, convicted_on,
                      text["sentence"], text["physical_description"], text["name_ur"],
                      text["surname_ur"], text["verdict_reference"])


CORRECTABLE = ("name", "surname", "father_name", "sex", "dob", "cnic", "district",
               "physical_description", "alias")


@dataclass
class CleanCorrection:
    reason: str
    values: dict = dc_field(default_factory=dict)
    dob: BirthDate | None = None


def clean_correction(changes: dict, *, reason: str, today: date) -> CleanCorrection:
    """Validate a proposed correction: only known fields, each valid, at least one, and
    a reason. Raise InvalidEntry with a message per bad field."""
    problems = Problems()
    changes = {k: v for k, v in (changes or {}).items() if str(v or "").strip()}
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        problems.add("changes", _("These fields cannot be corrected: %(fields)s.")
                     % {"fields": ", ".join(unknown)})
    if not changes:
        problems.add("changes", _("Give at least one field to correct."))
    out = CleanCorrection(reason=problems.check(
        "reason", validation.free_text, reason, max_length=500, required=True, default=""))
    for key in ("name", "surname", "father_name", "physical_description", "alias"):
        if key in changes:
            out.values[key] = _text(problems, key, changes[key])
    if "sex" in changes:
        out.values["sex"] = problems.check("sex", _sex, changes["sex"], default="")
    if "dob" in changes:
        out.dob = problems.check("dob", birth_date, changes["dob"], today=today)
    if "cnic" in changes:
        out.values["cnic"] = problems.check("cnic", validation.cnic, changes["cnic"],
                                            default="")
    if "district" in changes:
        district = places.district_by_code(changes["district"])
        if district is None:
            problems.add("district", _("Choose the responsible district."))
        out.values["district"] = district
    problems.raise_if_any(InvalidEntry)
    return out
