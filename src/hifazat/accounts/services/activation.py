"""Activation links: the one way a person gets a password and an authenticator.

A new account, and an account an administrator resets, has no usable password and no
authenticator: it gets a one-time link (signed, single use, expiring after
``ACCOUNTS_ACTIVATION_HOURS``) on which the person chooses their own password and
enrols their own authenticator. The administrator hands the link over (shown once, or
e-mailed to the account's address) but never chooses or sees either secret. The link
itself is never stored nor audited: the account keeps only the SHA-256 of its random
part, cleared when it is used or replaced.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts.deadlines import ACTIVATION
from hifazat.accounts.errors import ActivationInvalid, InvalidAccountDetails
from hifazat.accounts.models import User
from hifazat.accounts.services.authority import acting_role, require_manage
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import validation

_SALT = "hifazat.accounts.activation"


@dataclass(frozen=True)
class Activation:
    """A link just issued: shown once to the administrator, or e-mailed (``emailed``)."""

    user: User
    token: str
    expires_at: datetime
    emailed: bool

    @property
    def path(self) -> str:
        return reverse("accounts:activate", args=[self.token])


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("ascii")).hexdigest()


def issue_activation(*, actor, user: User, action: str, base_url: str = "") -> Activation:
    """Invalidate ``user``'s password, authenticators and any earlier link, and issue a
    new link (in the caller's transaction; audited as ``action`` without the link).
    ``base_url`` (scheme and host) makes the e-mailed link absolute."""
    nonce = secrets.token_urlsafe(32)
    now = timezone.now()
    user.set_unusable_password()
    user.activation_digest = _digest(nonce)
    user.activation_issued_at = now
    user.save(update_fields=["password", "activation_digest", "activation_issued_at"])
    removed, _counts = TOTPDevice.objects.filter(user=user).delete()
    token = signing.dumps({"u": user.pk, "n": nonce}, salt=_SALT)
    expires_at = now + ACTIVATION.delta()
    emailed = bool(user.email)
    if emailed:
        link = f"{base_url.rstrip('/')}{reverse('accounts:activate', args=[token])}"
        subject = _("Hifazat: set up your account")
        body = _("Open this link to choose your password and set up your authenticator "
                 "app. It works once, until %(expires)s (UTC):\n\n%(link)s\n\nIf you did "
                 "not expect it, tell your agency administrator.") % {
            "expires": expires_at.strftime("%Y-%m-%d %H:%M"), "link": link}
        email = user.email
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    audit.record(action=action, actor=actor, role=acting_role(actor), object_type="user",
                 object_id=user.pk, purpose=Purpose.ADMINISTRATION,
                 details={"expires_at": expires_at.isoformat(), "devices_removed": removed,
                          "delivered": "email" if emailed else "shown_once"})
    return Activation(user=user, token=token, expires_at=expires_at, emailed=emailed)


@transaction.atomic
def reset_access(*, actor, user: User, base_url: str = "") -> Activation:
    """An administrator's reset: the password and authenticator stop working (and so
    every session of the account ends) and a new activation link is issued."""
    require_manage(actor, user)
    return issue_activation(actor=actor, user=user, action="accounts.access_reset",
                            base_url=base_url)


def activation_holder(token: str, *, lock: bool = False) -> User:
    """The account a link is for, if the link is genuine, unexpired, unused and the
    newest one issued to an active account; ``ActivationInvalid`` otherwise."""
    try:
        data = signing.loads(str(token or "")[:512], salt=_SALT,
                             max_age=ACTIVATION.delta())
        pk, nonce = int(data["u"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ActivationInvalid from None
    queryset = User.objects.select_for_update() if lock else User.objects
    user = queryset.filter(pk=pk, is_active=True).first()
    if user is None or not user.activation_digest or not constant_time_compare(
            user.activation_digest, _digest(nonce)):
        raise ActivationInvalid
    return user


@transaction.atomic
def activation_device(*, token: str) -> TOTPDevice:
    """The unconfirmed authenticator the link's holder enrols (created on first view)."""
    user = activation_holder(token)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def complete_activation(*, token: str, password: str, password_again: str,
                        code: str) -> User:
    """The holder's own password and authenticator: both checked, then both set and
    the link spent, in one transaction (audited ``accounts.activated``). Refuses a weak
    or mismatched password and a wrong code (``InvalidAccountDetails``, per field); a
    wrong code is throttled by django-otp and audited."""
    with transaction.atomic():
        user = activation_holder(token, lock=True)
        problems = validation.Problems()
        if password != password_again:
            problems.add("password_again", _("The two passwords are not the same."))
        try:
            validate_password(password, user)
        except ValidationError as exc:
            problems.add("password", " ".join(exc.messages))
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        code_ok = device is not None and device.verify_token(code)
        if not code_ok:
            problems.add("code", _("That code is not right. Check the time on your phone "
                                   "and try the newest code."))
            # Kept with the device's throttle: nothing else is written on a refusal.
            audit.record(action="auth.second_factor_enrol_failed", actor=user,
                         object_type="user", object_id=user.pk)
        if not problems:
            user.set_password(password)
            user.activation_digest = ""
            user.save(update_fields=["password", "activation_digest"])
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit.record(action="accounts.activated", actor=user, object_type="user",
                         object_id=user.pk, purpose=Purpose.ADMINISTRATION)
            return user
    problems.raise_if_any(InvalidAccountDetails)
    return user
