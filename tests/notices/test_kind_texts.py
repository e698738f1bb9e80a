"""A notice stored as a kind and parameters is shown in each reader's language (inbox,
detail) and leaves the system in English and Urdu (e-mail, SMS); ready-made text still
works for senders not yet switched."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hifazat.notices import channels, kinds, services
from hifazat.notices.errors import IdentityDataInNotice, InvalidNotice
from hifazat.notices.models import ContactPoint
from tests.factories import verified_client

pytestmark = pytest.mark.django_db

KIND = "tests.release_texts"
kinds.register(
    KIND, _("Register: release scheduled"),
    # Urdu msgids the catalogue already holds, so the test shows real translations.
    subject=_("Not acknowledged in time: %(about)s"),
    body=_("Notice %(number)s was due to be acknowledged by %(deadline)s. "
           "Not yet acknowledged by: %(names)s."),
)
PARAMS = {"about": kinds.bilingual("Lahore", "لاہور"), "number": 7,
          "deadline": kinds.when(timezone.make_aware(datetime.datetime(2026, 12, 3, 23, 37))),
          "names": kinds.bilingual("PS Lahore", "تھانہ لاہور")}


def _send(world, **kw):
    return services.send_notice(kind=KIND, params=PARAMS, to_agencies=[world["ps_lhr"]],
                                reference="NSOR-2026-0000009", **kw)


def test_notice_renders_in_the_reader_language_and_stores_english(world):
    notice = _send(world)
    assert notice.subject == "Not acknowledged in time: Lahore"
    assert "3 Dec 2026, 23:37" in notice.body
    with translation.override("ur"):
        assert "لاہور" in notice.subject_text and "Lahore" not in notice.subject_text
        assert "تھانہ لاہور" in notice.body_text and "Dec" not in notice.body_text


def test_inbox_and_detail_show_urdu_to_an_urdu_reader(client, world):
    notice = _send(world)
    verified_client(client, world["officer1"])
    client.cookies["hifazat_language"] = "ur"
    inbox = client.get("/notices/").content.decode()
    detail = client.get(f"/notices/{notice.pk}/").content.decode()
    for page in (inbox, detail):
        assert "Not acknowledged in time" not in page
        assert "لاہور" in page
    assert "تھانہ لاہور" in detail


def test_email_and_sms_carry_both_languages(world, sms_outbox):
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="sms", address="+923001112223")
    ContactPoint.objects.create(agency=world["ps_lhr"], channel="email",
                                address="duty@police.example")
    notice = _send(world)
    services.deliver(notice_id=notice.pk)
    message = mail.outbox[0]
    assert "Not acknowledged in time: Lahore" in message.subject and "لاہور" in message.subject
    assert "Not acknowledged in time: Lahore" in message.body and "لاہور" in message.body
    text = sms_outbox[0]["text"]
    assert text.startswith("Not acknowledged in time: Lahore / ") and "لاہور" in text
    assert text.endswith("[NSOR-2026-0000009]") and len(text) <= channels.SMS_MAX_CHARS


def test_ready_made_text_still_works_and_shows_as_sent(world):
    notice = services.send_notice(kind=KIND, subject="Plain subject", body="Plain body",
                                  to_agencies=[world["ps_lhr"]])
    with translation.override("ur"):
        assert notice.subject_text == "Plain subject" and notice.body_text == "Plain body"
    assert channels.sms_text(notice) == "Plain subject"


def test_parameters_are_refused_when_missing_unusable_or_identity_like(world):
    with pytest.raises(InvalidNotice):
        services.send_notice(kind=KIND, params={"about": "x"}, to_agencies=[world["ps_lhr"]])
    with pytest.raises(InvalidNotice):
        services.send_notice(kind=KIND, params={**PARAMS, "about": ["list"]},
                             to_agencies=[world["ps_lhr"]])
    with pytest.raises(InvalidNotice):  # a kind without texts takes no parameters
        services.send_notice(kind="tests.no_texts", params=PARAMS,
                             to_agencies=[world["ps_lhr"]])
    with pytest.raises(IdentityDataInNotice):  # checked in Urdu as well as English
        services.send_notice(kind=KIND, params={
            **PARAMS, "names": kinds.bilingual("PS Lahore", "35202-1234567-1")},
            to_agencies=[world["ps_lhr"]])


def test_inbox_dates_and_length_errors_use_the_one_format_and_wording(client, world):
    from django.utils import dateformat

    from hifazat.core.validation import too_long

    notice = _send(world)
    verified_client(client, world["officer1"])
    inbox = client.get("/notices/").content.decode()
    sent = dateformat.format(timezone.localtime(notice.created_at), "j M Y, H:i")
    assert sent in inbox
    assert timezone.localtime(notice.created_at).strftime("%Y-%m-%d") not in inbox
    page = client.post(f"/notices/{notice.pk}/acknowledge/", {"note": "x" * 501})
    assert page.status_code == 400
    assert str(too_long(500)) in page.content.decode()
