"""Idempotency keys: required on every POST; a retried POST is answered with the first
answer and executes once; the same key with a different body is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import get_resolver
from django.utils import timezone

from hifazat.api.models import IdempotencyRecord
from hifazat.api.views import ApiView
from hifazat.audit.models import AuditEvent
from tests.api.conftest import issue, new_key, token_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.write_urls")]

URL = "/api/write/"


@pytest.fixture
def client(world):
    _token, secret = issue(world, "police", "register:report_change")
    return token_client(secret)


def post(client, body, key):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, body, format="json", **headers)


def written() -> int:
    return AuditEvent.objects.filter(action="test.written").count()


@pytest.mark.parametrize("key", [None, "", "short", "x" * 201, "has space in it"])
def test_post_without_a_valid_key_is_refused(client, key):
    response = post(client, {"text": "a"}, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert written() == 0


def test_retried_post_is_replayed_and_executes_once(client):
    key = new_key()
    first = post(client, {"text": "release"}, key)
    assert first.status_code == 201
    again = post(client, {"text": "release"}, key)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotency-Replayed"] == "true"
    assert written() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert AuditEvent.objects.filter(action="api.request_replayed").count() == 1


def test_same_key_with_a_different_body_is_refused(client):
    key = new_key()
    post(client, {"text": "one"}, key)
    response = post(client, {"text": "two"}, key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.json()["fields"]
    assert written() == 1


def test_refused_request_stores_nothing_and_can_be_corrected_with_the_same_key(client):
    key = new_key()
    assert post(client, {"text": ""}, key).status_code == 400
    assert IdempotencyRecord.objects.count() == 0
    assert post(client, {"text": "fixed"}, key).status_code == 201
    assert written() == 1


def test_keys_belong_to_one_principal(world, client):
    key = new_key()
    post(client, {"text": "a"}, key)
    _token, other = issue(world, "prison", "register:report_change", name="other")
    response = post(token_client(other), {"text": "b"}, key)
    assert response.status_code == 201
    assert "Idempotency-Replayed" not in response
    assert written() == 2


def test_expired_answer_is_forgotten(client):
    key = new_key()
    post(client, {"text": "a"}, key)
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(days=2))
    response = post(client, {"text": "a"}, key)
    assert response.status_code == 201
    assert "Idempotency-Replayed" not in response
    assert written() == 2


def test_a_post_without_the_decorator_is_a_configuration_error(client):
    response = client.post("/api/forgetful/", {}, format="json",
                           HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert response.json()["request_id"]


@pytest.mark.urls("hifazat.config.urls")
def test_every_post_endpoint_of_the_real_url_map_is_idempotent():
    checked = 0

    def walk(patterns):
        nonlocal checked
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns)
                continue
            view = getattr(p.callback, "view_class", None)
            if view and issubclass(view, ApiView) and hasattr(view, "post"):
                assert getattr(view.post, "hifazat_idempotent", False), view
                checked += 1

    walk(get_resolver().url_patterns)
    assert checked >= 1


def test_purge_deletes_only_expired_answers(client):
    import io

    from django.core.management import call_command

    post(client, {"text": "old"}, new_key())
    post(client, {"text": "new"}, new_key())
    oldest = IdempotencyRecord.objects.order_by("pk").first()
    IdempotencyRecord.objects.filter(pk=oldest.pk).update(
        created_at=timezone.now() - timedelta(days=2))
    out = io.StringIO()
    call_command("api_purge_idempotency", stdout=out)
    assert "deleted 1" in out.getvalue()
    assert IdempotencyRecord.objects.count() == 1
