"""Idempotency keys: every POST carries ``Idempotency-Key``; a retried request is
answered with the first answer and never executed twice.

The first successful (2xx) answer is stored per principal and key with a hash of the
request (method, path and canonical JSON body), in the same transaction as the write it
answers: both commit or neither. A retry with the same key and the same request gets
the stored answer again (header ``Idempotency-Replayed: true``); the same key with a
different request is refused with 422. A refused request (4xx) stores nothing, so it
can be corrected and sent again with the same key. Stored answers expire after
API_IDEMPOTENCY_TTL_HOURS (24)."""

from __future__ import annotations

import functools
import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from hifazat.api import selectors, services
from hifazat.api.errors import IdempotencyKeyRequired, IdempotencyKeyReused
from hifazat.api.handlers import is_client_error

HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotency-Replayed"
_KEY_RE = re.compile(r"^[\x21-\x7e]{8,200}$")

KEY_PARAMETER = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="A unique key per request (8 to 200 visible ASCII characters, e.g. a "
                "UUID). Retrying with the same key returns the first answer.")


def request_hash(request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"),
                      cls=DjangoJSONEncoder, ensure_ascii=False)
    text = "\n".join([request.method, request.get_full_path(), body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(request) -> str:
    key = (request.headers.get(HEADER) or "").strip()
    if not _KEY_RE.match(key):
        message = (_("Send an Idempotency-Key header with every POST.") if not key else
                   _("An Idempotency-Key has 8 to 200 visible ASCII characters."))
        raise IdempotencyKeyRequired(message, fields={HEADER: message})
    return key


def _replay(record) -> Response:
    response = Response(record.response_body, status=record.status_code)
    response[REPLAY_HEADER] = "true"
    return response


def _replay_or_refuse(record, fingerprint: str) -> Response:
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReused(fields={HEADER: _(
            "This key was already used for a different request.")})
    # A replay discloses nothing new, but who received which answer again is still
    # worth a line in the audit log.
    services.record_replay(record=record)
    return _replay(record)


def run(request, handler) -> Response:
    """Run ``handler()`` (which performs the write) at most once per principal and key."""
    key = _key(request)
    fingerprint = request_hash(request)
    principal = request.user
    error = None
    try:
        with transaction.atomic():
            record = selectors.stored_response(principal=principal, key=key, lock=True)
            if record is not None and selectors.is_expired(record):
                services.forget_response(record=record)
                record = None
            if record is not None:
                return _replay_or_refuse(record, fingerprint)
            try:
                response = handler()
            except Exception as exc:
                if not is_client_error(exc):
                    raise
                # Services are atomic: their own writes are already rolled back. What is
                # left (a refused retrieval's audit event) must still commit.
                error = exc
            else:
                if 200 <= response.status_code < 300:
                    body = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
                    services.remember_response(
                        principal=principal, key=key, request_hash=fingerprint,
                        method=request.method, path=request.get_full_path(),
                        status_code=response.status_code, body=body)
    except IntegrityError:
        # The same key raced in from another request that committed first: this one's
        # write rolled back with it; answer with the winner's answer (or refuse).
        record = selectors.stored_response(principal=principal, key=key)
        if record is None:
            raise  # not the key's constraint: a genuine error
        with transaction.atomic():
            return _replay_or_refuse(record, fingerprint)
    if error is not None:
        raise error
    return response


def idempotent(method):
    """Decorate a view's ``post``: requires the Idempotency-Key header and runs the
    method at most once per principal and key (documented in the OpenAPI schema)."""

    @functools.wraps(method)
    def wrapped(self, request, *args, **kwargs):
        return run(request, lambda: method(self, request, *args, **kwargs))

    wrapped.hifazat_idempotent = True
    return extend_schema(parameters=[KEY_PARAMETER])(wrapped)
