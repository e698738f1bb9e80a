"""Wrong-secret token calls are throttled per client address and per token prefix,
answered 429 past the ceiling before the secret is looked at, and audited once per
window (later refusals are counted into the next event)."""

from __future__ import annotations

import pytest

from hifazat.api import services
from hifazat.audit.models import AuditEvent
from tests.api.conftest import issue, token_client

pytestmark = pytest.mark.django_db

SCHEMA = "/api/schema/"


def _wrong(secret: str) -> str:
    return secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")


@pytest.fixture
def limits(settings):
    settings.API_TOKEN_REFUSALS_PER_WINDOW = 5
    settings.API_TOKEN_REFUSAL_WINDOW_SECONDS = 60
    return settings


def _refused_events(token):
    return AuditEvent.objects.filter(action="api.token_refused", object_id=str(token.pk))


def test_wrong_secrets_get_429_after_the_limit(world, limits):
    _token, secret = issue(world, "npb", "schema:read")
    statuses = [token_client(_wrong(secret)).get(SCHEMA).status_code for _ in range(8)]
    assert statuses == [401] * 5 + [429] * 3
    answer = token_client(_wrong(secret)).get(SCHEMA)
    assert answer.json()["code"] == "throttled"
    assert int(answer["Retry-After"]) >= 1


def test_wrong_secret_calls_write_one_audit_event_per_window(world, limits):
    token, secret = issue(world, "npb", "schema:read")
    for _ in range(5):
        token_client(_wrong(secret)).get(SCHEMA)
    assert _refused_events(token).count() == 1


def test_the_next_event_carries_the_refusals_counted_meanwhile(world, limits):
    token, _secret = issue(world, "npb", "schema:read")
    for _ in range(4):
        services.record_token_refused(token=token, why="wrong secret", client="10.0.0.9")
    assert _refused_events(token).count() == 1
    from django.core.cache import cache

    cache.delete(f"api:token-refused-audit:{token.pk}:wrong-secret:open")  # window over
    assert services.record_token_refused(token=token, why="wrong secret", client="10.0.0.9")
    events = list(_refused_events(token).order_by("pk"))
    assert len(events) == 2
    assert events[0].details["coalesced"] == 0
    assert events[1].details["coalesced"] == 3
    assert events[1].details["client"] == "10.0.0.9"


def test_the_prefix_is_throttled_from_any_address(world, limits):
    _token, secret = issue(world, "npb", "schema:read")
    for n in range(5):
        token_client(_wrong(secret)).get(SCHEMA, REMOTE_ADDR=f"10.0.0.{n + 1}")
    answer = token_client(_wrong(secret)).get(SCHEMA, REMOTE_ADDR="10.0.0.99")
    assert answer.status_code == 429


def test_the_address_is_throttled_for_any_token(world, limits):
    for n in range(5):
        token_client(f"hzt_{n:08x}_" + "x" * 43).get(SCHEMA)
    _token, secret = issue(world, "npb", "schema:read")
    assert token_client(secret).get(SCHEMA).status_code == 429
    other = token_client(secret)
    assert other.get(SCHEMA, REMOTE_ADDR="10.9.9.9").status_code == 200


def test_the_throttle_opens_again_after_the_window(world, limits, monkeypatch):
    import datetime

    from hifazat.core import clock

    _token, secret = issue(world, "npb", "schema:read")
    for _ in range(5):
        token_client(_wrong(secret)).get(SCHEMA)
    assert token_client(secret).get(SCHEMA).status_code == 429
    later = clock.now() + datetime.timedelta(seconds=61)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert token_client(secret).get(SCHEMA).status_code == 200


def test_right_secret_calls_do_not_count(world, limits):
    _token, secret = issue(world, "npb", "schema:read")
    assert all(token_client(secret).get(SCHEMA).status_code == 200 for _ in range(8))
