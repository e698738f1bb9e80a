"""Two copies of one POST racing with the same key (a client that retries before the
first answer arrives): one executes, the other gets the same answer; nothing is written
twice. PostgreSQL only: SQLite serialises writers before either reads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from hifazat.api.models import IdempotencyRecord
from hifazat.audit.models import AuditEvent
from tests.api.conftest import issue, new_key, token_client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.api.write_urls")]


def test_racing_retries_execute_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    _token, secret = issue(world, "police", "register:report_change")
    key, barrier, answers = new_key(), threading.Barrier(2), []

    def send():
        try:
            client = token_client(secret)
            barrier.wait(timeout=10)
            response = client.post("/api/write/", {"text": "race"}, format="json",
                                   HTTP_IDEMPOTENCY_KEY=key)
            answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [a[0] for a in answers] == [201, 201]
    assert answers[0][1] == answers[1][1]
    assert AuditEvent.objects.filter(action="test.written").count() == 1
    assert IdempotencyRecord.objects.count() == 1
