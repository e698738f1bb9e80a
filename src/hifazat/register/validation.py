"""Checking a proposed entry: every field, every rule, each problem named by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from hifazat.identity.fields import BirthDate, FieldError, normalize_cnic, parse_dob
from hifazat.places.models import District, Facility
from hifazat.register.errors import InvalidEntry
from hifazat.register.models import PpcSection

MAX = {"name": 200, "surname": 100, "father_name": 200, "case_number": 64, "sentence": 200,
       "physical_description": 2000}


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
                      text["sentence"], text["physical_description"])
