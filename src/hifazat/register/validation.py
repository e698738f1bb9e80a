"""Checking a proposed entry: every field, every rule, each problem named by field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date

from django.utils.translation import gettext as _

from hifazat.identity.parsing import BirthDate, FieldError, normalize_cnic, parse_dob
from hifazat.places.models import District, Facility
from hifazat.register.errors import InvalidEntry
from hifazat.register.models import PpcSection

MAX = {"name": 200, "surname": 100, "father_name": 200, "case_number": 64, "sentence": 200,
       "physical_description": 2000, "name_ur": 200, "surname_ur": 100,
       "verdict_reference": 100}
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


def script_of(text: str) -> str:
    """"urdu" when the name is written in Arabic script, else "latin"."""
    return "urdu" if _ARABIC.search(text or "") else "latin"


@dataclass
class CleanEntry:
    name: str
    surname: str
    father_name: str
    sex: str
    dob: BirthDate
    cnic: str
    district: District
    court: Facility
    case_number: str
    sections: list[PpcSection]
    convicted_on: date
    sentence: str
    physical_description: str
    name_ur: str = ""
    surname_ur: str = ""
    verdict_reference: str = ""


def _date(raw, field: str, errors: dict) -> date | None:
    try:
        return date.fromisoformat(str(raw or "").strip())
    except ValueError:
        errors[field] = _("Enter a date as YYYY-MM-DD.")
        return None


def clean_entry(payload: dict, *, today: date) -> CleanEntry:
    """Validate a proposal payload; raise InvalidEntry with a message per bad field."""
    errors: dict[str, str] = {}
    text = {k: str(payload.get(k) or "").strip() for k in MAX}
    for field, limit in MAX.items():
        if len(text[field]) > limit:
            errors[field] = _("At most %(n)d characters.") % {"n": limit}
    for field in ("name", "father_name", "case_number", "sentence"):
        if not text[field]:
            errors.setdefault(field, _("This is required."))
    sex = str(payload.get("sex") or "")
    if sex not in {"M", "F", "X"}:
        errors["sex"] = _("Choose male, female or other.")
    dob = BirthDate(None, "")
    try:
        dob = parse_dob(str(payload.get("dob") or ""), strict=True, today=today)
    except FieldError:
        errors["dob"] = _("Enter the date of birth as YYYY-MM-DD or the year (YYYY).")
    cnic = ""
    try:
        cnic = normalize_cnic(str(payload.get("cnic") or ""), strict=True)
    except FieldError:
        errors["cnic"] = _("A CNIC has 13 digits, written 12345-1234567-1 or without dashes.")
    district = District.objects.filter(code=str(payload.get("district") or "")).first()
    if district is None:
        errors["district"] = _("Choose the responsible district.")
    court = Facility.objects.filter(code=str(payload.get("court") or ""),
                                    kind=Facility.Kind.SPECIAL_COURT).first()
    if court is None:
        errors["court"] = _("Choose the court that convicted.")
    codes = [str(c).strip() for c in payload.get("sections") or []]
    sections = list(PpcSection.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {s.code for s in sections})
    if not codes:
        errors["sections"] = _("Give at least one PPC section.")
    elif unknown:
        errors["sections"] = _("Unknown PPC section: %(codes)s.") % {"codes": ", ".join(unknown)}
    if text["name_ur"] and script_of(text["name_ur"]) != "urdu":
        errors["name_ur"] = _("Write this name in Urdu script.")
    convicted_on = _date(payload.get("convicted_on"), "convicted_on", errors)
    if convicted_on is not None:
        if convicted_on > today:
            errors["convicted_on"] = _("The conviction date is in the future.")
        elif dob.value is not None and convicted_on <= dob.value:
            errors["convicted_on"] = _("The conviction date is before the date of birth.")
    if errors:
        raise InvalidEntry(fields=errors)
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
    errors: dict[str, str] = {}
    changes = {k: v for k, v in (changes or {}).items() if str(v or "").strip()}
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        errors["changes"] = _("These fields cannot be corrected: %(fields)s.") % {
            "fields": ", ".join(unknown)}
    if not changes:
        errors["changes"] = _("Give at least one field to correct.")
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        errors["reason"] = _("Say why the record must be corrected (at most 500 characters).")
    out = CleanCorrection(reason=reason)
    limits = {**MAX, "alias": 200}
    for key in ("name", "surname", "father_name", "physical_description", "alias"):
        if key in changes:
            value = str(changes[key]).strip()
            if len(value) > limits[key]:
                errors[key] = _("At most %(n)d characters.") % {"n": limits[key]}
            out.values[key] = value
    if "sex" in changes:
        if changes["sex"] not in {"M", "F", "X"}:
            errors["sex"] = _("Choose male, female or other.")
        out.values["sex"] = changes["sex"]
    if "dob" in changes:
        try:
            out.dob = parse_dob(str(changes["dob"]), strict=True, today=today)
        except FieldError:
            errors["dob"] = _("Enter the date of birth as YYYY-MM-DD or the year (YYYY).")
    if "cnic" in changes:
        try:
            out.values["cnic"] = normalize_cnic(str(changes["cnic"]), strict=True)
        except FieldError:
            errors["cnic"] = _("A CNIC has 13 digits, written 12345-1234567-1 or without "
                               "dashes.")
    if "district" in changes:
        district = District.objects.filter(code=str(changes["district"])).first()
        if district is None:
            errors["district"] = _("Choose the responsible district.")
        out.values["district"] = district
    if errors:
        raise InvalidEntry(fields=errors)
    return out
