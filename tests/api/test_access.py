"""No /api/ URL answers anything without credentials: walk the real URL map."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _api_paths() -> list[str]:
    out: list[str] = []

    def walk(patterns, prefix: str):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and route.startswith("api/"):
                out.append("/" + re.sub(r"<(?:\w+:)?\w+>", "1", route.lstrip("^").rstrip("$")))

    walk(get_resolver().url_patterns, "")
    return sorted(set(out))


def test_the_walk_finds_the_register_endpoints():
    paths = _api_paths()
    assert "/api/schema/" in paths
    assert "/api/register/search/" in paths
    assert "/api/register/offenders/1/" in paths
    assert "/api/register/releases/" in paths
    assert "/api/register/changes/" in paths
    assert "/api/justice/firs/" in paths
    assert "/api/justice/cases/1/verdict/" in paths


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_every_api_url_refuses_anonymous_callers(method):
    client = APIClient()
    for path in _api_paths():
        response = getattr(client, method)(path, {}, format="json",
                                           HTTP_IDEMPOTENCY_KEY="anonymous-key-1")
        assert response.status_code in {401, 403}, (method, path, response.status_code)
        assert "json" in response["Content-Type"], path


def test_unauthenticated_answer_names_the_bearer_scheme():
    response = APIClient().get("/api/register/offenders/1/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["search", "releases", "changes"])
def test_a_role_without_the_duty_is_refused_before_its_body_is_read(world, url_name):
    """A cell doctor signed in with the second factor gets 403 from every register
    write or search, whatever the body (not a 400 about a body it may not send)."""
    from django.urls import reverse
    from rest_framework.test import APIClient

    from hifazat.audit.models import AuditEvent
    from tests.api.conftest import new_key, verified
    from tests.factories import give_role, make_user

    doctor = make_user(world["cell"])
    give_role(doctor, "cell_doctor")
    client = APIClient()
    client.force_authenticate(verified(doctor))
    before = AuditEvent.objects.filter(action__startswith="register.").count()
    response = client.post(reverse(f"register_api:{url_name}"), {"nonsense": 1},
                           format="json", HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 403, response.content
    assert AuditEvent.objects.filter(action__startswith="register.").count() == before
