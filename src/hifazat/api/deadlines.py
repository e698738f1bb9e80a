"""The windows of the API, declared once (``core.deadlines``).

Read them here (``TOKEN_MAX_LIFE.value()``, ``IDEMPOTENCY_REPLAY.delta()``), never from
settings directly; the default below is the only one. Imported by ``ApiConfig.ready``
so the administrators' deadline page lists them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core import deadlines

TOKEN_MAX_LIFE = deadlines.declare(
    "api.token_max_life", setting="API_TOKEN_MAX_DAYS", default=365, unit=deadlines.DAYS,
    label=_("Longest life of an API service token"),
    source=_("Hifazat security policy: a system's credential is renewed at least once a "
             "year, and a forgotten one stops working on its own"),
    told=_("The administrator issuing a token, on the token form; the calling system, "
           "whose calls are refused once the token has expired"))

IDEMPOTENCY_REPLAY = deadlines.declare(
    "api.idempotency_replay", setting="API_IDEMPOTENCY_TTL_HOURS", default=24,
    unit=deadlines.HOURS,
    label=_("Replay of the answer to an API POST with the same idempotency key"),
    source=_("Common practice of payment APIs: long enough for any retry, short enough "
             "not to keep data around"),
    told=_("Calling systems, in the API documentation; stored answers are deleted daily "
           "once older"))
