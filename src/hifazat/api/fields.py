"""Serializer fields every app's API can use, with clear, translatable messages per
field: required text, a purpose and a case reference (purpose-bound retrieval), a CNIC,
a date or year of birth, a district code, a moment with its UTC offset, and an
identity query (CNIC, or name with father's name, birth and district)."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hifazat.core import validation
from hifazat.identity.selectors import FieldError, parse_dob
from hifazat.places import selectors as places

MAX_REFERENCE = 100

REQUIRED = {"required": _("This is required."), "blank": _("This is required."),
            "null": _("This is required.")}


def kernel(func, *args, **kwargs):
    """Run a ``core.validation`` check in a serializer: its ``Invalid`` becomes DRF's
    ``ValidationError`` with the same message (one rule, one message, web and API)."""
    try:
        return func(*args, **kwargs)
    except validation.Invalid as exc:
        raise serializers.ValidationError(exc.message) from None


class StrictSerializer(serializers.Serializer):
    """The base of every API request body: a field it does not declare is refused with
    400 naming it (``{"fields": {"two_finger_test": ["Unknown field."]}}``), never
    silently dropped. Nested serializers built on it check their own level."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(k)[:60] for k in data if k not in self.fields)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")]
                                                   for name in unknown})
        return super().to_internal_value(data)


class ChoiceField(serializers.ChoiceField):
    """A choice whose error lists the accepted values."""

    def __init__(self, choices, **kwargs):
        values = ", ".join(str(c[0] if isinstance(c, tuple | list) else c) for c in choices)
        messages = dict(REQUIRED)
        messages["invalid_choice"] = _("Choose one of: %(choices)s.") % {"choices": values}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(choices, error_messages=messages, **kwargs)


def purpose_field(choices) -> ChoiceField:
    """The stated purpose of a retrieval (Rules 2023: retrieval for a stated purpose)."""
    return ChoiceField(choices, error_messages={
        "required": _("State the purpose of this retrieval."),
        "null": _("State the purpose of this retrieval.")},
        help_text="Why the record is retrieved; written to the audit log.")


def reference_field() -> serializers.CharField:
    message = _("Give the case or FIR reference.")
    return serializers.CharField(
        max_length=MAX_REFERENCE,
        error_messages={"required": message, "blank": message, "null": message,
                        "max_length": _("At most %(n)d characters.") % {"n": MAX_REFERENCE}},
        help_text="Case or FIR reference; written to the audit log.")


class CnicField(serializers.CharField):
    """A CNIC: 13 digits, with or without dashes; answers the digits only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("help_text", "13 digits, with or without dashes.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return kernel(validation.cnic, super().to_internal_value(data))


class BirthDateField(serializers.CharField):
    """A date of birth as YYYY-MM-DD, or only the year YYYY (kept as text)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "Date of birth YYYY-MM-DD, or the year YYYY.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        if not text:
            return ""
        try:
            parse_dob(text, strict=True)
        except FieldError:
            raise serializers.ValidationError(_(
                "Enter the date of birth as YYYY-MM-DD or the year (YYYY).")) from None
        return text


class DistrictCodeField(serializers.CharField):
    """A district code of the places reference list (e.g. PB-LHR), upper-cased."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "District code, e.g. PB-LHR.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).strip().upper()
        if code and places.district_by_code(code) is None:
            raise serializers.ValidationError(_("Unknown district code."))
        return code


class PersonNameField(serializers.CharField):
    """A person's name, checked by the kernel (``core.validation.person_name``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        return kernel(validation.person_name, text, max_length=self.max_length)


_ZONED_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
                       r"(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})$")


@extend_schema_field(OpenApiTypes.DATETIME)
class ZonedDateTimeField(serializers.Field):
    """A moment as ISO 8601 with its UTC offset (``2026-03-01T14:30:00+05:00`` or
    ``...Z``), answered as an aware datetime. Without the offset it is refused: a
    system sending a time names its zone (the web screens read Pakistan time)."""

    message = _("Give the date and time as ISO 8601 with its UTC offset, for example "
                "2026-03-01T14:30:00+05:00.")

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "ISO 8601 with the UTC offset, e.g. "
                                       "2026-03-01T14:30:00+05:00.")
        messages = dict(REQUIRED)
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def to_internal_value(self, data):
        text = data.strip() if isinstance(data, str) else ""
        if not _ZONED_RE.match(text):
            raise serializers.ValidationError(self.message)
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise serializers.ValidationError(self.message) from None

    def to_representation(self, value):
        return value.isoformat()


class PersonQuerySerializer(StrictSerializer):
    """Who to look for: a CNIC (exact), or a name with, when known, the father's name,
    date or year of birth and district."""

    cnic = CnicField(required=False, allow_blank=True)
    name = PersonNameField(required=False, allow_blank=True, max_length=200)
    surname = PersonNameField(required=False, allow_blank=True, max_length=100)
    father = PersonNameField(required=False, allow_blank=True, max_length=200,
                             help_text="Father's name.")
    dob = BirthDateField(required=False, allow_blank=True)
    district = DistrictCodeField(required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs.get("cnic") and not (attrs.get("name") or "").strip():
            raise serializers.ValidationError({"name": _(
                "Give a CNIC, or a name (with the father's name, date or year of birth "
                "and district when known).")})
        return attrs


def identity_query(v: dict) -> dict:
    """A validated person query in the identity engine's terms (given, father, ...)."""
    return {"cnic": v.get("cnic", ""), "given": v.get("name", ""),
                "surname": v.get("surname", ""), "father": v.get("father", ""),
                "dob": v.get("dob", ""), "district": v.get("district", "")}
