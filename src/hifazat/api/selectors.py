"""Reads of the api app: finding the token a request presents, tokens of an agency, the
stored answer for an idempotency key."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.utils import timezone

from hifazat.api import deadlines
from hifazat.api.models import IdempotencyRecord, ServiceToken


def token_by_prefix(prefix: str) -> ServiceToken | None:
    return (ServiceToken.objects.select_related("agency", "agency__facility",
                                                "agency__district", "agency__province",
                                                "principal")
            .filter(prefix=prefix).first())


def secret_matches(token: ServiceToken, secret_hash: str) -> bool:
    return hmac.compare_digest(token.secret_hash, secret_hash)


def tokens_of(agency) -> list[ServiceToken]:
    return list(ServiceToken.objects.filter(agency=agency).order_by("name"))


def idempotency_ttl() -> timedelta:
    """How long the answer to a POST is kept for replay (``deadlines.IDEMPOTENCY_REPLAY``)."""
    return deadlines.IDEMPOTENCY_REPLAY.delta()


def stored_response(*, principal, key: str, lock: bool = False) -> IdempotencyRecord | None:
    rows = IdempotencyRecord.objects.filter(principal=principal, key=key)
    if lock:
        rows = rows.select_for_update()
    return rows.first()


def is_expired(record: IdempotencyRecord) -> bool:
    return record.created_at < timezone.now() - idempotency_ttl()
