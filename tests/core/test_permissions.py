"""The core permission API: deny by default, one rule per action, second-factor gate."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from hifazat.accounts.models import User
from hifazat.core import permissions

REPO = Path(__file__).resolve().parents[2]


class _User:
    is_authenticated = True
    is_active = True

    def __init__(self, needs_code=False, verified=False):
        self._needs, self._verified = needs_code, verified

    def requires_second_factor(self):
        return self._needs

    def is_verified(self):
        return self._verified


@permissions.rule("tests.always")
def _always(user, obj):
    return True


@permissions.rule("tests.before_code", allow_unverified=True)
def _before_code(user, obj):
    return True


@permissions.scope("tests.always")
def _scope_all(user, queryset):
    return queryset


def test_unregistered_action_is_denied():
    user = _User()
    assert not permissions.can(user, "tests.never_registered")
    with pytest.raises(PermissionDenied):
        permissions.require(user, "tests.never_registered")
    with pytest.raises(Http404):
        permissions.require(user, "tests.never_registered", hide=True)


def test_anonymous_and_inactive_are_denied_even_when_rule_allows():
    assert not permissions.can(AnonymousUser(), "tests.always")
    inactive = _User()
    inactive.is_active = False
    assert not permissions.can(inactive, "tests.always")
    assert permissions.can(_User(), "tests.always")


def test_second_factor_gate():
    pending = _User(needs_code=True, verified=False)
    assert not permissions.can(pending, "tests.always")
    assert permissions.can(pending, "tests.before_code")
    assert permissions.can(_User(needs_code=True, verified=True), "tests.always")


@pytest.mark.django_db
def test_scoped_returns_none_without_scope_or_permission():
    qs = User.objects.all()
    User.objects.create_user(username="someone", password="x" * 20)
    assert permissions.scoped(_User(), "tests.always", qs).count() == 1
    assert permissions.scoped(_User(), "tests.before_code", qs).count() == 0  # no scope
    assert permissions.scoped(AnonymousUser(), "tests.always", qs).count() == 0


def test_decorator_sends_anonymous_to_sign_in_and_refuses_others():
    @permissions.permission_required("tests.never_registered")
    def view(request):
        return "ok"

    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and "/accounts/sign-in/" in response.url
    request.user = _User()
    with pytest.raises(PermissionDenied):
        view(request)
    assert view.hifazat_action == "tests.never_registered"


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "HIFAZAT_ENV",
                           "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(  # noqa: S603
        [sys.executable, str(REPO / "manage.py"), *args],
        env={**clean, **env}, capture_output=True, text=True, timeout=120, check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage({"HIFAZAT_ENV": "production", "ALLOWED_HOSTS": "x.example",
                      "DATABASE_URL": "postgres://u@127.0.0.1:1/none"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_deploy_check_is_clean(tmp_path):
    env = {
        "HIFAZAT_ENV": "production", "SECRET_KEY": "k" * 20 + "Zq9-random-Xy7_" + "p" * 30,
        "ALLOWED_HOSTS": "hifazat.example.org",
        "DATABASE_URL": "postgres://u@127.0.0.1:1/none",
        "HIFAZAT_FIELD_KEYS": Fernet.generate_key().decode(),
        "HIFAZAT_AUDIT_KEYS": "a1:" + base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "HIFAZAT_BLIND_INDEX_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "HIFAZAT_VAR_DIR": str(tmp_path / "var"),
    }
    # As bin/start-production does: the static files are collected before the check.
    collected = _manage(env, "collectstatic", "--noinput", "-v", "0")
    assert collected.returncode == 0, collected.stdout + collected.stderr
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_domain_error_shows_each_message_next_to_its_field_and_the_rest_on_top():
    from django import forms

    from hifazat.core.errors import DomainError, show_on_form

    class Form(forms.Form):
        cnic = forms.CharField(required=False)
        destination_address = forms.CharField(required=False)

    form = Form(data={})
    assert form.is_valid()
    show_on_form(form, DomainError(fields={"cnic": "13 digits.", "address": "Where?",
                                           "case": "Consent is missing."}),
                 aliases={"address": "destination_address"})
    assert form.errors["cnic"] == ["13 digits."]
    assert form.errors["destination_address"] == ["Where?"]
    assert form.non_field_errors() == ["Consent is missing."]
    bare = Form(data={})
    bare.is_valid()
    show_on_form(bare, DomainError("Not now."))
    assert bare.non_field_errors() == ["Not now."]
