"""The one validation kernel: every value a person types or uploads is checked here.

Each check is a function that returns the clean value or raises ``Invalid`` with a
user-facing, translatable message (one rule, one message, everywhere):

* ``cnic`` — 13 digits, with or without dashes; stored as digits.
* ``phone`` — a Pakistani or international number; stored without spaces.
* ``phone_e164`` — a phone as compared: Pakistani numbers as ``92`` + the national
  number, however written (blind indexes, ``core.blind_index``).
* ``person_name`` — NFC; no bidi controls, invisible format or control characters
  (ZWNJ/ZWJ are kept: Urdu needs them), no emoji, symbols, digits or markup, and no
  token mixing Latin and Arabic script.
* ``free_text`` — NFC; bidi controls and control characters stripped; length.
* ``date`` / ``datetime`` / ``not_future`` — ISO dates and 24-hour times.
* ``image`` — decoded, size- and pixel-limited (decompression bombs), re-encoded as
  JPEG so no metadata (GPS, device) survives.
* ``upload`` — an evidence file allowed by its content (magic bytes), not its name.

``Problems`` is the one error collector: ``problems.check("cnic", validation.cnic,
value)`` runs a check and keeps its message on the field; ``problems.raise_if_any()``
raises ``InvalidInput`` (or an app's subclass) with every message at once.
Forms (``as_form_error``), DRF serializers (``api.fields``) and services all call these
functions; services re-check what a form already checked.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as date_type
from datetime import datetime as datetime_type
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.core import clock
from hifazat.core.errors import InvalidInput


class Invalid(ValueError):
    """One value failed one check; ``message`` is what the person reads."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class Problems:
    """Collects a message per field; ``raise_if_any`` raises them all together."""

    def __init__(self):
        self.fields: dict[str, str] = {}

    def add(self, field: str, message) -> None:
        self.fields.setdefault(field, message)

    def check(self, field: str, func: Callable, *args, default=None, **kwargs):
        """``func(*args, **kwargs)``; on ``Invalid`` keep its message on ``field`` and
        answer ``default``."""
        try:
            return func(*args, **kwargs)
        except Invalid as exc:
            self.add(field, exc.message)
            return default

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, error_class: type = InvalidInput) -> None:
        if self.fields:
            raise error_class(fields=dict(self.fields))


# --- messages (one wording each) ------------------------------------------------------

REQUIRED = _("This is required.")


def too_long(limit: int):
    return _("Keep this to %(n)d characters or fewer.") % {"n": limit}


# --- characters -----------------------------------------------------------------------

# Bidirectional embedding/override/isolate controls: they make text display in another
# order than it is stored (a name that reads differently on screen than in the record).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Zero-width non-joiner and joiner shape Urdu words correctly: kept.
JOINERS = frozenset("\u200c\u200d")
_MARKUP = re.compile(r"[<>]|&[#A-Za-z0-9]+;")
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))
NAME_PUNCTUATION = frozenset(" .'-\u2019")


def is_arabic_script(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _ARABIC_RANGES)


def script_of(text: str) -> str:
    """"urdu" when the text has Arabic-script letters, else "latin"."""
    return "urdu" if any(is_arabic_script(ch) for ch in text or "") else "latin"


def _as_text(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _length(text: str, *, max_length: int | None, required: bool) -> str:
    if required and not text:
        raise Invalid(REQUIRED)
    if max_length is not None and len(text) > max_length:
        raise Invalid(too_long(max_length))
    return text


def person_name(value, *, max_length: int = 200, required: bool = False) -> str:
    """A person's name in Latin or Urdu script (NFC). Refused: bidi controls, invisible
    format and control characters (ZWNJ/ZWJ kept), emoji, symbols, digits, markup, and a
    single word mixing Latin and Arabic script."""
    text = _as_text(value)
    text = re.sub(r"\s+", " ", text)
    _length(text, max_length=max_length, required=required)
    for ch in text:
        if ch in BIDI_CONTROLS:
            raise Invalid(_("Remove the hidden direction-control characters from this "
                            "name."))
        category = unicodedata.category(ch)
        if ch in JOINERS:
            continue
        if category in ("Cf", "Cc", "Co", "Cs", "Cn", "Zl", "Zp"):
            raise Invalid(_("Remove the hidden or control characters from this name."))
    if _MARKUP.search(text):
        raise Invalid(_("A name cannot contain < > or markup."))
    for ch in text:
        category = unicodedata.category(ch)
        if ch in NAME_PUNCTUATION or ch in JOINERS or category[0] in ("L", "M"):
            continue
        if category == "Nd":
            raise Invalid(_("A name cannot contain digits."))
        raise Invalid(_("A name can hold letters, spaces, dots, hyphens and apostrophes "
                        "only (no emoji or symbols)."))
    for token in text.split(" "):
        letters = [ch for ch in token if unicodedata.category(ch)[0] == "L"]
        if any(is_arabic_script(ch) for ch in letters) and \
                any(not is_arabic_script(ch) for ch in letters):
            raise Invalid(_("Write each word in one script: Urdu or Latin letters, not "
                            "both."))
    return text


def free_text(value, *, max_length: int, required: bool = False) -> str:
    """Free text (notes, reasons, descriptions): NFC, bidi controls and control
    characters other than line breaks and tabs stripped, then the length checked."""
    text = _as_text(value).replace("\r\n", "\n")
    text = "".join(ch for ch in text if ch not in BIDI_CONTROLS and (
        ch in "\n\t" or ch in JOINERS or unicodedata.category(ch) not in ("Cc", "Cf")))
    return _length(text.strip(), max_length=max_length, required=required)


def code(value, *, max_length: int = 64, required: bool = False) -> str:
    """A reference written by people (case number, FIR number, registration plate):
    letters, digits and ``-/ .`` only, upper-cased."""
    text = _as_text(value).upper()
    _length(text, max_length=max_length, required=required)
    if text and not re.fullmatch(r"[A-Z0-9\u0600-\u06FF][A-Z0-9\u0600-\u06FF\-/ .]*", text):
        raise Invalid(_("Use letters, digits, dashes and slashes only."))
    return text


_CNIC_RE = re.compile(r"^([0-9]{5})[-\s]?([0-9]{7})[-\s]?([0-9])$")
# Urdu keyboards type Extended Arabic-Indic digits (۰–۹); Arabic ones (٠–٩) occur too.
_EASTERN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
CNIC_MESSAGE = _("A CNIC has 13 digits, written 12345-1234567-1 or without dashes.")


def cnic(value, *, required: bool = False) -> str:
    """The 13 digits of a CNIC ('' when absent and not required)."""
    text = _as_text(value).translate(_EASTERN_DIGITS)
    if not text:
        if required:
            raise Invalid(REQUIRED)
        return ""
    match = _CNIC_RE.match(text)
    if not match:
        raise Invalid(CNIC_MESSAGE)
    return "".join(match.groups())


PHONE_MESSAGE = _("Enter a phone number like 0300 1234567 or +92 300 1234567.")


def phone(value, *, required: bool = False) -> str:
    """A phone number without spaces, dashes or brackets: 10 to 13 digits, optionally
    after a +."""
    text = re.sub(r"[\s()\-]", "", _as_text(value).translate(_EASTERN_DIGITS))
    if not text:
        if required:
            raise Invalid(REQUIRED)
        return ""
    if not re.fullmatch(r"\+?[0-9]{10,13}", text):
        raise Invalid(PHONE_MESSAGE)
    return text


# A Pakistani national significant number (after the trunk 0 or the country code 92):
# a mobile is 3 and nine digits; a landline is an area code (not starting 0, 1 or 3)
# and the subscriber's number, 9 to 11 digits in all (42 3571 2345, 51 234 5678,
# 922 123456, UAN 21 111 123 456).
_PK_NATIONAL = re.compile(r"3[0-9]{9}|[24-9][0-9]{8,10}")


def phone_e164(value, *, required: bool = False) -> str:
    """One way to compare phone numbers: the international digits without the '+'.
    A Pakistani number, however written (``0300 1234567``, ``+92 300-1234567``,
    ``0092300…``, ``300 1234567``, ``+92 (0)300…``, a landline with its area code),
    becomes ``92`` + the national number; another country's (``+44…``, ``0044…``) keeps
    its country code. Anything else raises ``Invalid`` ('' when absent)."""
    text = re.sub(r"[\s().\-]", "", _as_text(value).translate(_EASTERN_DIGITS))
    if not text:
        if required:
            raise Invalid(REQUIRED)
        return ""
    international = None
    if text.startswith("+"):
        international = text[1:]
    elif text.startswith("00"):
        international = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    elif text.startswith("92") and _PK_NATIONAL.fullmatch(text[2:]):
        international = text  # 923001234567: the country code without the '+'
    else:
        national = text
    if international is not None:
        if not international.isdigit():
            raise Invalid(PHONE_MESSAGE)
        if not international.startswith("92"):
            if 8 <= len(international) <= 15 and international[0] != "0":
                return international
            raise Invalid(PHONE_MESSAGE)
        national = international[2:]
        national = national[1:] if national.startswith("0") else national  # +92 (0)300
    if not _PK_NATIONAL.fullmatch(national):
        raise Invalid(PHONE_MESSAGE)
    return "92" + national


DATE_MESSAGE = _("Enter a date as YYYY-MM-DD, for example 2026-03-01.")
DATETIME_MESSAGE = _("Enter “now”, a time before now such as “-2 h” or "
                     "“-30 min”, or a date and 24-hour Pakistan time as "
                     "YYYY-MM-DD HH:MM, for example 2026-03-01 14:30.")
FUTURE_MESSAGE = _("This is in the future.")
# Clocks on ward computers drift; a time this far ahead of now still counts as "now".
CLOCK_SKEW = timedelta(minutes=5)


def date(value, *, required: bool = False, missing_message=None) -> date_type | None:
    """A calendar date from a date, a datetime or ISO text."""
    if isinstance(value, datetime_type):
        return value.date()
    if isinstance(value, date_type):
        return value
    text = _as_text(value)
    if not text:
        if required:
            raise Invalid(missing_message or REQUIRED)
        return None
    try:
        return date_type.fromisoformat(text)
    except ValueError:
        raise Invalid(DATE_MESSAGE) from None


# "now" and "-2 h" / "-30 min" / "-1 h 30 min" (before now): fast by keyboard at 3 a.m.
# The minus may be typed as a hyphen or the minus sign; Urdu digits are read too.
_NOW_WORDS = frozenset({"now", "\u0627\u0628\u06be\u06cc"})  # "now", "ابھی"
_RELATIVE_RE = re.compile(
    r"^[-\u2212\u2013]\s*(?:(?P<h>[0-9]{1,3})\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(?P<m>[0-9]{1,4})\s*(?:m|min|mins|minute|minutes))?$")


def datetime(value, *, required: bool = False, missing_message=None) -> datetime_type | None:
    """A timezone-aware moment from a datetime or text: "now", a time before now
    ("-2 h", "\u22122 h", "-30 min", "-1 h 30 min"), or a date and 24-hour time
    "2026-12-01 23:54" / "2026-12-01T23:54" (naive = Pakistan time). Anything else —
    a 12-hour clock, a day-first date — is refused with ``DATETIME_MESSAGE``, which
    names the accepted forms."""
    if isinstance(value, str):
        text = _as_text(value).translate(_EASTERN_DIGITS)
        value = _moment_from_text(text) if text else None
    if value is None:
        if required:
            raise Invalid(missing_message or REQUIRED)
        return None
    if not isinstance(value, datetime_type):
        raise Invalid(DATETIME_MESSAGE)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _moment_from_text(text: str) -> datetime_type:
    lowered = text.lower()
    if lowered in _NOW_WORDS:
        return clock.now().replace(second=0, microsecond=0)
    relative = _RELATIVE_RE.match(lowered)
    if relative and (relative["h"] or relative["m"]):
        back = timedelta(hours=int(relative["h"] or 0), minutes=int(relative["m"] or 0))
        return clock.now().replace(second=0, microsecond=0) - back
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
                        r"(Z|[+-][0-9]{2}:?[0-9]{2})?", text):
        raise Invalid(DATETIME_MESSAGE)
    try:
        return datetime_type.fromisoformat(text.replace("T", " "))
    except ValueError:
        raise Invalid(DATETIME_MESSAGE) from None


def not_future(value):
    """``value`` (a date or an aware datetime) unless it lies in the future."""
    if value is None:
        return value
    if isinstance(value, datetime_type):
        if value > clock.now() + CLOCK_SKEW:
            raise Invalid(FUTURE_MESSAGE)
    elif value > timezone.localtime(clock.now()).date():
        raise Invalid(FUTURE_MESSAGE)
    return value


def choice(value, choices) -> str:
    """One of ``choices`` (a TextChoices class or an iterable of values)."""
    allowed = {str(v) for v in getattr(choices, "values", choices)}
    text = str(value if value is not None else "")
    if text not in allowed:
        raise Invalid(_("Choose one of the options."))
    return text


# --- images and files -----------------------------------------------------------------

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # a 40-megapixel photograph; beyond it: a bomb
IMAGE_MESSAGE = _("Choose a JPEG or PNG photograph.")


def _read(upload) -> bytes:
    if upload is None:
        return b""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


def image(upload, *, max_bytes: int = IMAGE_MAX_BYTES, max_pixels: int = IMAGE_MAX_PIXELS,
          max_side: int = 1600) -> bytes:
    """JPEG bytes of an uploaded JPEG or PNG photograph, re-encoded from its pixels so
    that no metadata (GPS position, device, comments) is kept. Refused: empty, over
    ``max_bytes``, not a JPEG/PNG by content, or more than ``max_pixels`` pixels
    (decompression bombs are refused before the pixels are decoded)."""
    from PIL import Image, UnidentifiedImageError

    data = _read(upload)
    if not data:
        raise Invalid(IMAGE_MESSAGE)
    if len(data) > max_bytes:
        raise Invalid(_("The file is larger than %(mb)d MB.") % {"mb": max_bytes // 2**20})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG"):
                raise Invalid(IMAGE_MESSAGE)
            width, height = probe.size
            if width * height > max_pixels:
                raise Invalid(_("The picture has too many pixels."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as picture:
            picture.draft("RGB", (max_side, max_side))
            picture.thumbnail((max_side, max_side))
            out = io.BytesIO()
            picture.convert("RGB").save(out, format="JPEG", quality=85)
    except Invalid:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise Invalid(IMAGE_MESSAGE) from exc
    return out.getvalue()


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str

    @property
    def label(self) -> str:
        """How a person names the kind (the same in English and Urdu: a format name)."""
        return self.extension.lstrip(".").upper()


_PDF = FileKind("pdf", "application/pdf", ".pdf")
_PNG = FileKind("png", "image/png", ".png")
_JPEG = FileKind("jpeg", "image/jpeg", ".jpg")
_GIF = FileKind("gif", "image/gif", ".gif")
_WEBP = FileKind("webp", "image/webp", ".webp")
_MP4 = FileKind("mp4", "video/mp4", ".mp4")
_MP3 = FileKind("mp3", "audio/mpeg", ".mp3")
_OGG = FileKind("ogg", "audio/ogg", ".ogg")
_WAV = FileKind("wav", "audio/wav", ".wav")
_TEXT = FileKind("text", "text/plain", ".txt")
EVIDENCE_KINDS = (_PDF, _PNG, _JPEG, _GIF, _WEBP, _MP4, _MP3, _OGG, _WAV, _TEXT)
_ACTIVE_TEXT = re.compile(rb"<\s*[a-zA-Z!/?]|javascript:", re.IGNORECASE)


def sniff(data: bytes) -> FileKind | None:
    """The file's kind from its first bytes (magic numbers), or None."""
    head = data[:64]
    if head.startswith(b"%PDF-"):
        return _PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _PNG
    if head.startswith(b"\xff\xd8\xff"):
        return _JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return _WAV
    if head[4:8] == b"ftyp":
        return _MP4
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return _MP3
    if head.startswith(b"OggS"):
        return _OGG
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _ACTIVE_TEXT.search(data):
        # Text that a browser could run as a page (HTML, SVG, script) is not evidence
        # text: export such a page as PDF or a screenshot.
        return None
    return _TEXT


def upload(file, *, max_bytes: int, allowed: tuple[FileKind, ...] = EVIDENCE_KINDS
           ) -> tuple[bytes, FileKind]:
    """The bytes and the kind of an uploaded file, allowed by its content (not its
    name or the browser's declared type)."""
    data = _read(file)
    if not data:
        raise Invalid(_("Choose a file to upload."))
    if len(data) > max_bytes:
        raise Invalid(_("The file is larger than %(mb)d MB.") % {"mb": max(1, max_bytes // 2**20)})
    kind = sniff(data)
    if kind is None or kind not in allowed:
        raise Invalid(_("This kind of file is not accepted here. Accepted: %(kinds)s.")
                      % {"kinds": ", ".join(k.label for k in allowed)})
    return data, kind


# --- adapters -------------------------------------------------------------------------

def as_form_error(func: Callable, *args, **kwargs):
    """Run a check inside a Django form's ``clean_<field>``: ``Invalid`` becomes the
    form's ``ValidationError`` with the same message."""
    from django.core.exceptions import ValidationError

    try:
        return func(*args, **kwargs)
    except Invalid as exc:
        raise ValidationError(exc.message) from None
