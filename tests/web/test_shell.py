"""The web shell: language switch, error pages, CSP, no external requests, nav by role."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from hifazat.accounts.roles import Role
from hifazat.web.views import server_error
from tests.factories import give_role, make_user, verified_client

pytestmark = pytest.mark.django_db

SET_LANGUAGE = reverse("web:set_language")


def test_switch_to_urdu_sets_rtl_and_back(client):
    response = client.post(SET_LANGUAGE, {"language": "ur", "next": "/accounts/sign-in/"})
    assert response.status_code == 302 and response.url == "/accounts/sign-in/"
    page = client.get("/accounts/sign-in/")
    assert b'dir="rtl"' in page.content
    assert "سائن اِن".encode() in page.content
    client.post(SET_LANGUAGE, {"language": "en"})
    assert b'dir="ltr"' in client.get("/accounts/sign-in/").content


@pytest.mark.parametrize("code", ["xx", "", "fr", "ur-PK-evil", "../../etc/passwd", "e" * 10_000])
def test_unknown_language_is_a_clear_400(client, code):
    response = client.post(SET_LANGUAGE, {"language": code})
    assert response.status_code == 400
    assert b"Unknown language" in response.content


def test_language_switch_refuses_offsite_next(client):
    response = client.post(SET_LANGUAGE, {"language": "ur", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


def test_language_switch_needs_post(client):
    assert client.get(SET_LANGUAGE).status_code == 405


@pytest.mark.parametrize("lang,text", [("en", "Page not found"), ("ur", "صفحہ نہیں ملا")])
def test_friendly_404_in_both_languages(client, lang, text):
    client.cookies["hifazat_language"] = lang
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert text.encode() in response.content


def test_500_page_is_friendly_and_carries_request_id():
    request = RequestFactory().get("/")
    request.request_id = "abc123def456"
    with translation.override("en"):
        response = server_error(request)
    assert response.status_code == 500
    assert b"abc123def456" in response.content and b"Something went wrong" in response.content


def test_strict_content_security_policy(client):
    response = client.get("/accounts/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_pages_load_nothing_from_other_origins(client):
    html = client.get("/accounts/sign-in/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url


def _all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


PUBLIC = {"accounts/sign-in/", "i18n/setlang/", "favicon.ico"}
# Reached without an account by design, but only with a valid one-time token: a forged
# token is simply not found.
TOKEN_PAGES = {"accounts/activate/<str:token>/"}


def test_every_url_refuses_anonymous_users(client):
    """Walk every URL pattern: nothing but the sign-in page and the language switch is
    reachable without signing in."""
    checked = 0
    for pattern in _all_patterns():
        path = "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<slug:\w+>", "deactivate", pattern))
        if pattern in PUBLIC:
            continue
        if pattern in TOKEN_PAGES:
            forged = path.replace("<str:token>", "forged-token-0000")
            assert client.get(forged).status_code == 404, pattern
            assert client.post(forged).status_code == 404, pattern
            checked += 1
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if path.startswith("/api/"):  # the JSON API answers 401/403, not a sign-in page
                assert response.status_code in (401, 403), (path, method, response.status_code)
                continue
            assert response.status_code in (302, 405), (path, method, response.status_code)
            if response.status_code == 302:
                assert response.url.startswith(reverse("accounts:login")), path
        checked += 1
    assert checked >= 6


def test_navigation_depends_on_role(client, cell_agency):
    admin = make_user(cell_agency)
    give_role(admin, Role.AGENCY_ADMIN)
    doctor = make_user(cell_agency)
    give_role(doctor, Role.CELL_DOCTOR)
    users_link = f'href="{reverse("accounts:users")}"'.encode()
    assert users_link in verified_client(client, admin).get("/").content
    client.logout()
    assert users_link not in verified_client(client, doctor).get("/").content


def test_oversized_post_is_a_clear_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"f{i}": "x" for i in range(50)}
    response = client.post("/accounts/sign-in/", data)
    assert response.status_code == 400
    assert b"not right" in response.content
