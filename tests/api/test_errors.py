"""One JSON error shape for every refusal, in the caller's language, never a 500 for a
caller's mistake."""

from __future__ import annotations

import pytest

from tests.api.conftest import issue, new_key, token_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

SEARCH = "/api/register/search/"


@pytest.fixture
def npb(world):
    _t, secret = issue(world, "npb", "register:search", "register:read")
    return token_client(secret)


def test_wrong_method_is_a_json_405(npb):
    response = npb.put(SEARCH, {}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response.json()["detail"]


def test_form_encoded_body_is_a_json_415(npb):
    response = npb.post(SEARCH, {"purpose": "audit"}, HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 415
    assert "JSON" in response.json()["detail"]


def test_errors_speak_urdu_when_asked(world):
    response = token_client("hzt_00000000_" + "x" * 43).get(
        "/api/register/offenders/1/", HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 401
    assert "ٹوکن" in response.json()["detail"]


def test_field_messages_speak_urdu_when_asked(npb):
    response = npb.post(SEARCH, {"reference": "F-1", "query": {"cnic": "123"}},
                        format="json", HTTP_IDEMPOTENCY_KEY=new_key(),
                        HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "مقصد" in fields["purpose"][0]
    assert "شناختی کارڈ" in fields["query.cnic"][0]


def test_oversized_numbers_and_wrong_types_are_400_not_500(npb):
    for bad in [{"purpose": ["investigation"], "reference": {"x": 1}, "query": []},
                {"purpose": "audit", "reference": "F-1", "query": {"cnic": 12345},
                 "limit": "many"},
                [], "text", None]:
        response = npb.post(SEARCH, bad, format="json", HTTP_IDEMPOTENCY_KEY=new_key())
        assert response.status_code == 400, (bad, response.status_code)
        assert response.json()["code"] in {"invalid", "malformed"}


def test_framework_messages_speak_urdu_too(npb):
    response = npb.post(SEARCH, {"purpose": "audit", "reference": "F-1",
                                 "query": {"name": "Ali"}, "limit": "many"},
                        format="json", HTTP_IDEMPOTENCY_KEY=new_key(),
                        HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400
    assert "عدد" in response.json()["fields"]["limit"][0]


def test_too_many_calls_are_a_429_with_retry_after(npb, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_PER_MINUTE = 2
    answers = [npb.get("/api/register/offenders/999999/",
                       {"purpose": "audit", "reference": "F-1"}) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [404, 404]
    assert answers[2].status_code == 429
    assert answers[2].json()["code"] == "throttled"
    assert int(answers[2]["Retry-After"]) >= 1
    cache.clear()
