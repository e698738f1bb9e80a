"""The one check whereabouts adds to the validation kernel (``core.validation``): a
district given by its code. Everything else — dates, free text, names, choices, the
photograph — is checked by the kernel itself, through one ``Problems`` collector per
service call (raised as ``InvalidWhereabouts``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core.validation import Invalid
from hifazat.places import selectors as places

# Lengths of the free-text fields (the models' max_length).
MAX_TEXT = {"address": 300, "note": 500, "reason": 500, "name": 200, "surname": 100,
            "employer": 200, "occupation": 200, "registration_number": 20,
            "description": 200, "country": 100, "witness_name": 200, "text": 2000}


def district(value, *, required: bool = True):
    """The District of a code (or a District as is); refused: unknown, or absent when
    required."""
    if places.is_district(value):
        return value
    code = str(value or "").strip().upper()
    if not code:
        if required:
            raise Invalid(_("Choose a district."))
        return None
    found = places.district_by_code(code)
    if found is None:
        raise Invalid(_("Unknown district."))
    return found
