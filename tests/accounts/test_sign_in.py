"""Sign-in, second factor, lockout, idle timeout, and bad input: never a 500."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts.middleware import IdleTimeoutMiddleware
from hifazat.accounts.roles import Role
from hifazat.audit.models import AuditEvent
from tests.factories import PASSWORD, give_role, make_agency, make_user, verified_client

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
ENROL = reverse("accounts:enrol")
HOME = reverse("web:home")


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTPDevice.objects.get(pk=device.pk)
    t = TOTP(totp.bin_key, totp.step, totp.t0, totp.digits, totp.drift)
    t.time = time.time() + offset_steps * totp.step
    return f"{t.token():06d}"


@pytest.fixture
def doctor(cell_agency):
    user = make_user(cell_agency, username="dr.test")
    give_role(user, Role.CELL_DOCTOR)
    return user


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_sign_in_page_renders_in_english_and_urdu(client):
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert b'dir="ltr"' in page.content and b"Sign in" in page.content
    client.cookies["hifazat_language"] = "ur"
    page = client.get(LOGIN)
    assert b'dir="rtl"' in page.content and b'lang="ur"' in page.content


def test_password_then_code_then_home(client, doctor):
    response = sign_in(client, "dr.test")
    assert response.status_code == 302
    # Signed in by password only: every page sends to the code page.
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    device = TOTPDevice.objects.get(user=doctor)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302 and response.url == HOME
    assert client.get(HOME).status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"auth.login", "auth.second_factor_passed"} <= actions


def test_wrong_code_is_refused_with_a_message(client, doctor):
    sign_in(client, "dr.test")
    device = TOTPDevice.objects.get(user=doctor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 400
    assert b"not right or has expired" in response.content
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action="auth.second_factor_failed").exists()


@pytest.mark.parametrize("code", ["", "12", "abcdef", "1234567", "12 34 5", "٠١٢٣٤٥", "x" * 5000])
def test_malformed_codes_get_a_clear_error(client, doctor, code):
    sign_in(client, "dr.test")
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert b"There is a problem" in response.content


def test_a_code_cannot_be_replayed(client, doctor):
    device = TOTPDevice.objects.get(user=doctor)
    code = code_for(device)
    sign_in(client, "dr.test")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    sign_in(client, "dr.test")
    assert client.post(VERIFY, {"code": code}).status_code == 400


def test_signed_in_without_an_authenticator_is_shown_no_secret(client, cell_agency):
    """Whoever is signed in with the password alone (an administrator who chose it,
    say) must never be shown a TOTP secret: enrolment happens only on the holder's
    activation link (see test_no_lone_admin)."""
    user = make_user(cell_agency, username="new.one", with_device=False)
    give_role(user, Role.CELL_COUNSELLOR)
    sign_in(client, "new.one")
    response = client.get(HOME)
    assert response.url.startswith(ENROL)
    page = client.get(ENROL)
    assert page.status_code == 200
    assert b"<svg" not in page.content and b"secret" not in page.content
    assert b"activation link" in page.content
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.post(ENROL, {"code": "123456"}).status_code == 405
    assert client.get(HOME).status_code == 302


def test_analyst_needs_no_code(client, places):
    agency = make_agency("committee", places["npb"])
    analyst = make_user(agency, username="analyst", with_device=False)
    give_role(analyst, Role.COMMITTEE_ANALYST)
    sign_in(client, "analyst")
    assert client.get(HOME).status_code == 200


def test_wrong_password_gives_a_clear_message(client, doctor):
    response = sign_in(client, "dr.test", password="not-the-password")
    assert response.status_code == 200
    assert b"username or password is not right" in response.content
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()
    assert not AuditEvent.objects.filter(details__icontains="not-the-password").exists()


@pytest.mark.parametrize(
    "username,password",
    [
        ("x" * 100_000, "y"),
        ("a\x00b", PASSWORD),
        ("", ""),
        ("dr.test", "p" * 100_000),
        ("<script>alert(1)</script>", "x"),
        ("' OR 1=1 --", "x"),
    ],
)
def test_garbage_sign_in_fields_never_crash(client, doctor, username, password):
    response = sign_in(client, username, password)
    assert response.status_code in (200, 400)
    assert b"There is a problem" in response.content
    assert b"<script>alert(1)</script>" not in response.content


def test_lockout_after_repeated_failures(client, doctor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "dr.test", password="wrong-password")
    response = sign_in(client, "dr.test")  # even the right password is refused now
    assert response.status_code == 429
    assert b"Account locked for now" in response.content
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()
    assert client.get(HOME).status_code == 302


def test_idle_session_is_signed_out(client, doctor, settings):
    verified_client(client, doctor)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[IdleTimeoutMiddleware.SESSION_KEY] = time.time() - settings.IDLE_TIMEOUT_MINUTES * 61
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    page = client.get(response.url)
    assert b"signed out after 15 minutes" in page.content
    assert client.get(HOME).status_code == 302


def test_sign_out_needs_post(client, doctor):
    verified_client(client, doctor)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(HOME).status_code == 302


def test_open_redirect_after_code_is_refused(client, doctor):
    sign_in(client, "dr.test")
    device = TOTPDevice.objects.get(user=doctor)
    response = client.post(VERIFY + "?next=https://evil.example/", {"code": code_for(device)})
    assert response.status_code == 302 and response.url == HOME


def test_login_without_csrf_token_is_a_friendly_403(doctor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"username": "dr.test", "password": PASSWORD})
    assert response.status_code == 403
    assert b"This form has expired" in response.content


def _expire_session(client):
    """What the server sees after the idle limit: the session (whose cookie and row expire
    with the limit) is gone; only the browser-session "last seen" cookie is left."""
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    client.cookies.pop("sessionid", None)


def test_sign_in_page_says_why_after_the_session_expired_with_the_idle_limit(
        client, doctor, settings, monkeypatch):
    settings.IDLE_TIMEOUT_MINUTES = 20
    verified_client(client, doctor)
    assert client.get(HOME).status_code == 200
    assert IdleTimeoutMiddleware.SEEN_COOKIE in client.cookies
    _expire_session(client)
    later = time.time() + 21 * 60
    monkeypatch.setattr("hifazat.accounts.middleware.time.time", lambda: later)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    page = client.get(response.url)
    assert "You were signed out after 20 minutes without activity." in page.content.decode()
    # Said once: the cookie is gone, the next visit is a plain sign-in page.
    assert "without activity." not in client.get(LOGIN).content.decode().split("<footer")[0]


def test_sign_in_page_says_why_in_urdu(client, doctor, monkeypatch):
    verified_client(client, doctor)
    client.get(HOME)
    _expire_session(client)
    client.cookies["hifazat_language"] = "ur"
    later = time.time() + 16 * 60
    monkeypatch.setattr("hifazat.accounts.middleware.time.time", lambda: later)
    page = client.get(LOGIN)
    assert "15 منٹ" in page.content.decode()


def test_no_idle_message_after_signing_out_or_coming_back_early(client, doctor, monkeypatch):
    verified_client(client, doctor)
    client.get(HOME)
    client.post(reverse("accounts:logout"))
    assert not client.cookies[IdleTimeoutMiddleware.SEEN_COOKIE].value  # deleted
    later = time.time() + 60 * 60
    monkeypatch.setattr("hifazat.accounts.middleware.time.time", lambda: later)
    assert "without activity." not in client.get(LOGIN).content.decode().split("<footer")[0]
    # A tampered cookie is forgotten silently.
    client.cookies[IdleTimeoutMiddleware.SEEN_COOKIE] = "1:forged"
    assert "without activity." not in client.get(LOGIN).content.decode().split("<footer")[0]
