"""Hostile bodies are refused before they are parsed: too large -> 413, nested too
deeply -> 400, in the one error shape, with no traceback in the log."""

from __future__ import annotations

import json
import logging

import pytest

from hifazat.api.parsers import nesting_depth_exceeds
from tests.api.conftest import issue, new_key, token_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

SEARCH = "/api/register/search/"


@pytest.fixture
def npb(world):
    _t, secret = issue(world, "npb", "register:search", "register:read")
    return token_client(secret)


def _post(client, raw: bytes | str):
    return client.post(SEARCH, data=raw, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=new_key())


def _no_traceback(caplog):
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    assert not any(r.exc_info for r in caplog.records)


def test_three_megabyte_body_is_413_not_500(npb, caplog):
    body = json.dumps({"purpose": "investigation", "reference": "F-1",
                       "query": {"name": "x" * (3 * 1024 * 1024)}})
    with caplog.at_level(logging.INFO):
        response = _post(npb, body)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert response.json()["fields"] == {}
    _no_traceback(caplog)


def test_body_over_the_setting_is_413_and_under_it_is_parsed(npb, settings):
    settings.API_MAX_BODY_BYTES = 200
    small = json.dumps({"purpose": "audit", "reference": "F-1", "query": {}})
    assert _post(npb, small).status_code == 400  # parsed, then refused on its fields
    big = json.dumps({"purpose": "audit", "reference": "F-1", "query": {"name": "x" * 300}})
    response = _post(npb, big)
    assert response.status_code == 413
    assert "200" in response.json()["detail"]


def test_a_lying_content_length_reads_no_more_than_the_limit(npb, settings):
    settings.API_MAX_BODY_BYTES = 100
    body = json.dumps({"query": {"name": "y" * 500}})
    response = npb.post(SEARCH, data=body, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=new_key(), CONTENT_LENGTH="50")
    # At most 50 bytes are read (the declared length): a truncated body is not JSON.
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_400_not_500(npb, caplog, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 30_000 + "1" + closing * 30_000
    with caplog.at_level(logging.INFO):
        response = _post(npb, body)
    assert response.status_code == 400
    assert response.json()["code"] == "too_deep"
    _no_traceback(caplog)


def test_depth_limit_is_a_setting(npb, settings):
    settings.API_MAX_JSON_DEPTH = 2
    response = _post(npb, json.dumps({"purpose": "audit", "query": {"name": ["x"]}}))
    assert response.status_code == 400
    assert response.json()["code"] == "too_deep"


def test_hostile_refusals_speak_urdu(npb):
    response = npb.post(SEARCH, data="[" * 1000 + "]" * 1000, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=new_key(), HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 400
    assert any("\u0600" <= ch <= "\u06ff" for ch in response.json()["detail"])


@pytest.mark.parametrize(("text", "limit", "exceeds"), [
    ('{"a": [1, 2, {"b": 3}]}', 3, False),
    ('{"a": [1, 2, {"b": 3}]}', 2, True),
    ('{"a": "[[[[[[[[[[[[["}', 1, False),            # brackets inside a string
    ('{"a": "\\"[[[[[[[[[["}', 1, False),            # after an escaped quote
    ("[" * 10 + "]" * 10, 9, True),
])
def test_nesting_depth_is_counted_outside_strings(text, limit, exceeds):
    assert nesting_depth_exceeds(text, limit) is exceeds
