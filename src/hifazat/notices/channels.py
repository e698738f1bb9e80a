"""Channels that carry a notice outside the system, behind one small interface.

* e-mail through Django's mail (``EMAIL_BACKEND``: console by default, SMTP when
  ``EMAIL_HOST`` is set in the environment);
* SMS through a pluggable backend named by ``NOTICES_SMS_BACKEND`` (a dotted path to a
  class with ``send(*, to, text, idempotency_key)``; console by default).

Every send carries the delivery's idempotency key (``services.delivery_key``), the same
on every retry of one delivery: the SMS gateway is given it to drop a repeat, and an
e-mail carries it as its Message-ID (and ``X-Idempotency-Key``), which mail systems use
to collapse duplicates. A delivery retried after a worker crash is therefore not
delivered twice where the gateway honours the key, and never sent twice by us once it
is marked sent.

What leaves the system is deliberately thin: an SMS carries the subject and the
reference only; an e-mail carries the subject, reference, deadline and a link to sign
in and read the notice, never the notice text. Both carry the subject in English and in
Urdu (the recipient's language is not known to the channel), rendered from the notice's
kind and parameters. Notices carry no survivor identity,
but a register or case reference is still confidential and a mailbox is not.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from hifazat.notices import kinds
from hifazat.notices.models import Channel, Notice

logger = logging.getLogger(__name__)

# Five concatenated Unicode SMS parts (67 characters each): room for the subject in
# English and in Urdu, which is sent as Unicode.
SMS_MAX_CHARS = 335


class ChannelBackend(Protocol):
    name: str

    def send(self, *, notice: Notice, address: str, idempotency_key: str) -> None:
        """Deliver ``notice`` to ``address`` or raise; ``idempotency_key`` is the same
        for every attempt of one delivery."""


def bilingual_subject(notice: Notice) -> str:
    """"English / Urdu", or the one subject of a notice sent with ready-made text."""
    english, _body = notice.texts_in("en")
    urdu, _body = notice.texts_in("ur")
    return english if urdu == english else f"{english} / {urdu}"


def sms_text(notice: Notice) -> str:
    """Subject (English and Urdu) and reference only, never the notice text, within
    ``SMS_MAX_CHARS``; the reference is kept whole when the subject is cut."""
    reference = f" [{notice.reference}]" if notice.reference else ""
    subject = bilingual_subject(notice)[:max(SMS_MAX_CHARS - len(reference), 0)]
    return f"{subject}{reference}"[:SMS_MAX_CHARS]


def notice_url(notice: Notice) -> str:
    base = getattr(settings, "NOTICES_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('notices:detail', args=[notice.pk])}"


def email_text(notice: Notice) -> tuple[str, str]:
    """Subject, reference, deadline and a sign-in link, in English then Urdu."""
    sections = []
    for lang in ("en", "ur"):
        with translation.override(lang):
            deadline = (kinds.render_param(kinds.when(notice.ack_deadline)) + " PKT"
                        if notice.ack_deadline else "")
            lines = [notice.texts_in(lang)[0]]
            if notice.reference:
                lines.append(gettext("Reference: %(reference)s")
                             % {"reference": notice.reference})
            if deadline:
                lines.append(gettext("Acknowledge by: %(deadline)s") % {"deadline": deadline})
            lines.append(gettext("Sign in to Hifazat to read and acknowledge it:"))
            lines.append(notice_url(notice))
            sections.append("\n".join(lines))
    return f"[Hifazat] {bilingual_subject(notice)}", "\n\n".join(sections)


class EmailChannel:
    name = Channel.EMAIL

    def send(self, *, notice: Notice, address: str, idempotency_key: str) -> None:
        subject, body = email_text(notice)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address],
                               headers={"Message-ID": f"<{idempotency_key}@hifazat>",
                                        "X-Idempotency-Key": idempotency_key})
        message.send(fail_silently=False)


class SmsChannel:
    name = Channel.SMS

    def send(self, *, notice: Notice, address: str, idempotency_key: str) -> None:
        backend_cls = import_string(settings.NOTICES_SMS_BACKEND)
        backend_cls().send(to=address, text=sms_text(notice), idempotency_key=idempotency_key)


class ConsoleSmsBackend:
    """Development default: writes the SMS to standard output."""

    def send(self, *, to: str, text: str, idempotency_key: str = "") -> None:
        sys.stdout.write(f"SMS to {to}: {text}\n")
        sys.stdout.flush()


class LocmemSmsBackend:
    """Keeps sent messages in ``outbox`` (tests)."""

    outbox: list[dict] = []

    def send(self, *, to: str, text: str, idempotency_key: str = "") -> None:
        type(self).outbox.append({"to": to, "text": text, "idempotency_key": idempotency_key})


class FailingSmsBackend:
    """Always fails (tests of retries)."""

    def send(self, *, to: str, text: str, idempotency_key: str = "") -> None:
        raise ConnectionError("SMS gateway unreachable")


_CHANNELS: dict[str, ChannelBackend] = {
    Channel.EMAIL: EmailChannel(),
    Channel.SMS: SmsChannel(),
}


def enabled() -> list[str]:
    """Channel names switched on by ``NOTICES_CHANNELS``."""
    wanted = getattr(settings, "NOTICES_CHANNELS", [Channel.EMAIL, Channel.SMS])
    return [name for name in wanted if name in _CHANNELS]


def get(name: str) -> ChannelBackend:
    return _CHANNELS[name]
