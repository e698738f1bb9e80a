"""The validation kernel: one rule and one message per kind of value."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from hifazat.core import validation as v
from hifazat.core.errors import InvalidInput


@pytest.mark.parametrize("raw, digits", [
    ("35202-1234567-1", "3520212345671"), ("3520212345671", "3520212345671"),
    (" 35202 1234567 1 ", "3520212345671"), ("", ""),
    ("۳۵۲۰۲-۱۲۳۴۵۶۷-۱", "3520212345671")])  # typed on an Urdu keyboard
def test_cnic_accepts_with_or_without_dashes(raw, digits):
    assert v.cnic(raw) == digits


@pytest.mark.parametrize("raw", ["35202-123456-1", "3520212345671x", "352021234567123",
                                 "３５２０２１２３４５６７１"])  # full-width digits
def test_cnic_refuses_anything_but_13_digits_with_one_message(raw):
    with pytest.raises(v.Invalid) as caught:
        v.cnic(raw)
    assert caught.value.message == v.CNIC_MESSAGE


def test_cnic_required():
    with pytest.raises(v.Invalid):
        v.cnic(" ", required=True)


@pytest.mark.parametrize("name", ["Muhammad Ali", "محمد علی", "Ch. Rana-Ali", "D'Souza",
                                  "عائشہ بی بی", "زین\u200cالعابدین"])
def test_person_name_accepts_real_names_in_either_script(name):
    assert v.person_name(name) == name


@pytest.mark.parametrize("name", [
    "Ayesha \u202eibiB hsiA",        # right-to-left override: reads differently on screen
    "Ali\u2066 Khan",                # isolate
    "Ali\u200b Khan",                # zero-width space (invisible format character)
    "Ali\x07Khan",                   # control character
    "Ali 😀",                         # emoji
    "Ali ★ Khan",                    # symbol
    "<b>Ali</b>",                    # markup
    "Ali &amp; Co",                  # entity
    "Aliعلی",                        # one word in two scripts
    "Agent 47",                      # digits
])
def test_person_name_refuses_what_would_mislead_a_reader(name):
    with pytest.raises(v.Invalid):
        v.person_name(name)


def test_person_name_is_nfc():
    decomposed = "Jose\u0301"
    assert v.person_name(decomposed) == "Jos\u00e9"


def test_free_text_strips_bidi_and_control_characters_but_keeps_lines():
    assert v.free_text("seen \u202eat\u202c night\r\nsecond\x00 line", max_length=100) == \
        "seen at night\nsecond line"


def test_free_text_length_message_names_the_limit():
    with pytest.raises(v.Invalid) as caught:
        v.free_text("x" * 11, max_length=10)
    assert "10" in str(caught.value.message)


def test_datetime_is_24_hour_iso_and_aware():
    moment = v.datetime("2026-12-01 23:54")
    assert moment.hour == 23 and moment.tzinfo is not None
    with pytest.raises(v.Invalid):
        v.datetime("12/01/2026, 11:54 PM")


@pytest.mark.parametrize("typed, back", [
    ("now", timedelta(0)), ("NOW", timedelta(0)), ("\u0627\u0628\u06be\u06cc", timedelta(0)),
    ("-2 h", timedelta(hours=2)), ("\u22122 h", timedelta(hours=2)),
    ("-2h", timedelta(hours=2)), ("-30 min", timedelta(minutes=30)),
    ("-1 h 30 min", timedelta(hours=1, minutes=30)), ("-\u06f2 h", timedelta(hours=2)),
])
def test_datetime_reads_now_and_times_before_now(typed, back):
    from django.utils import timezone
    expected = timezone.now().replace(second=0, microsecond=0) - back
    moment = v.datetime(typed)
    assert moment.tzinfo is not None
    assert abs(moment - expected) <= timedelta(minutes=1)


@pytest.mark.parametrize("typed", ["2026-12-01 23:54", "2026-12-01T23:54",
                                   "2026-12-01 23:54:00", "2026-12-01T18:54:00Z"])
def test_datetime_reads_a_typed_24_hour_pakistan_time(typed):
    from django.utils import timezone
    moment = timezone.localtime(v.datetime(typed))
    assert (moment.year, moment.month, moment.day, moment.hour, moment.minute) == \
        (2026, 12, 1, 23, 54)


@pytest.mark.parametrize("typed", ["12/01/2026, 11:54 PM", "+2 h", "-2 days", "- h",
                                   "yesterday", "2026-12-01", "01-12-2026 23:54",
                                   "2026-12-01 25:00"])
def test_datetime_refuses_other_forms_naming_the_accepted_ones(typed):
    with pytest.raises(v.Invalid) as caught:
        v.datetime(typed)
    message = str(caught.value.message)
    assert "now" in message and "-2 h" in message and "2026-03-01 14:30" in message


def test_not_future_allows_clock_skew_but_not_tomorrow():
    from datetime import timedelta

    from django.utils import timezone
    v.not_future(timezone.now() + timedelta(minutes=2))
    with pytest.raises(v.Invalid):
        v.not_future(timezone.now() + timedelta(days=1))
    with pytest.raises(v.Invalid):
        v.not_future(timezone.localdate() + timedelta(days=1))


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 30.0, 0.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_image_is_reencoded_without_metadata():
    data = _jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif()
    clean = v.image(data)
    with Image.open(io.BytesIO(clean)) as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif()
        assert "exif" not in picture.info


def test_image_refuses_a_decompression_bomb_before_decoding():
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # tiny file, 100 Mpx
    with pytest.raises(v.Invalid):
        v.image(out.getvalue(), max_pixels=40_000_000)


@pytest.mark.parametrize("data", [b"GIF89a......", b"not a picture", b""])
def test_image_refuses_what_is_not_jpeg_or_png(data):
    with pytest.raises(v.Invalid):
        v.image(data)


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7 ...", "pdf"), (b"\x89PNG\r\n\x1a\n....", "png"), (b"\xff\xd8\xff\xe0..", "jpeg"),
    (b"Chat export\n12:01 him: ...", "text"), (b"\x00\x00\x00\x18ftypmp42....", "mp4")])
def test_upload_is_allowed_by_content(data, kind):
    assert v.upload(data, max_bytes=1000)[1].name == kind


@pytest.mark.parametrize("data", [
    b"<!doctype html><script>alert(1)</script>",   # an .html page
    b"<script>fetch('/')</script>",                 # a ".png" holding script
    b"<svg onload=alert(1)>",
    b"MZ\x90\x00\x03 executable",
])
def test_upload_refuses_active_or_unknown_content_whatever_its_name(data):
    with pytest.raises(v.Invalid):
        v.upload(data, max_bytes=1000)


def test_upload_refuses_oversize():
    with pytest.raises(v.Invalid):
        v.upload(b"%PDF-" + b"x" * 2000, max_bytes=1000)


def test_problems_collects_every_field_then_raises_once():
    problems = v.Problems()
    assert problems.check("cnic", v.cnic, "12") is None
    problems.check("name", v.person_name, "Ali😀")
    assert problems.check("phone", v.phone, "0300 1234567") == "03001234567"
    with pytest.raises(InvalidInput) as caught:
        problems.raise_if_any()
    assert set(caught.value.fields) == {"cnic", "name"}


def test_as_form_error_turns_invalid_into_a_form_error():
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        v.as_form_error(v.cnic, "1")
