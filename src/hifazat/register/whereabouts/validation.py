"""Checking what people type about whereabouts: each problem is named by its field with a
message to show next to it; all problems are reported together (InvalidWhereabouts)."""

from __future__ import annotations

import io
from datetime import date, datetime

from django.utils.translation import gettext as _

from hifazat.places.models import District
from hifazat.register.whereabouts.errors import InvalidWhereabouts

MAX_TEXT = {"address": 300, "note": 500, "reason": 500, "name": 200, "surname": 100,
            "employer": 200, "occupation": 200, "registration_number": 20,
            "description": 200, "country": 100, "witness_name": 200, "text": 2000}
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}


class Checker:
    """Collects field errors; ``done()`` raises them all at once."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def done(self) -> None:
        if self.errors:
            raise InvalidWhereabouts(fields=self.errors)

    def date(self, value, field: str, *, required: bool = True) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value or "").strip()
        if not text:
            if required:
                self.fail(field, _("Enter a date as YYYY-MM-DD."))
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.fail(field, _("Enter a real date as YYYY-MM-DD."))
            return None

    def not_future(self, value: date | None, field: str, today: date) -> None:
        if value is not None and value > today:
            self.fail(field, _("This date is in the future."))

    def text(self, value, field: str, *, required: bool = True) -> str:
        text = str(value or "").strip()
        limit = MAX_TEXT.get(field, 200)
        if required and not text:
            self.fail(field, _("This is required."))
        elif len(text) > limit:
            self.fail(field, _("At most %(n)d characters.") % {"n": limit})
        return text[:limit]

    def district(self, value, field: str, *, required: bool = True) -> District | None:
        if isinstance(value, District):
            return value
        code = str(value or "").strip()
        if not code:
            if required:
                self.fail(field, _("Choose a district."))
            return None
        district = District.objects.filter(code=code).select_related("province").first()
        if district is None:
            self.fail(field, _("Unknown district."))
        return district

    def choice(self, value, field: str, choices) -> str:
        value = str(value or "")
        if value not in set(choices):
            self.fail(field, _("Choose one of the options."))
        return value


def clean_photo(photo) -> tuple[bytes, str]:
    """Bytes and content type of an uploaded photograph; only real JPEG or PNG images up
    to 5 MB (checked by decoding them, not by the file name)."""
    from PIL import Image, UnidentifiedImageError

    data = photo.read() if hasattr(photo, "read") else bytes(photo)
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidWhereabouts(fields={"photo": _("The photograph must be at most 5 MB.")})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind = None
    if kind not in PHOTO_TYPES:
        raise InvalidWhereabouts(fields={"photo": _("The photograph must be a JPEG or PNG "
                                                    "image.")})
    return data, PHOTO_TYPES[kind]
