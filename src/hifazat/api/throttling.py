"""Ceilings on API calls, kept in Django's cache as DRF's throttles are.

* ``PrincipalRateThrottle``: calls per caller (service account or staff member),
  API_RATE_PER_MINUTE (default 300). A misbehaving or compromised system cannot page
  through the register; the register's own review queue still flags unusual
  retrieval patterns.
* Token refusals (wrong secret, unknown or malformed token, expired, revoked): at most
  API_TOKEN_REFUSALS_PER_WINDOW (default 20) per client address and per token prefix
  (the ``hzt_<8 hex>`` part) in API_TOKEN_REFUSAL_WINDOW_SECONDS (default 60). Past
  the ceiling a token call from that address, or naming that prefix, is answered 429
  before its secret is looked at, until the window ends: guessing costs a minute per
  twenty tries and cannot flood the audit log (``services.record_token_refused`` also
  coalesces its events per window).

The cache is per process unless ``CACHES`` names a shared one (docs/security.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle, UserRateThrottle

from hifazat.core import clock


class PrincipalRateThrottle(UserRateThrottle):
    scope = "api"

    def get_rate(self):
        per_minute = int(settings.API_RATE_PER_MINUTE)
        return f"{per_minute}/min"


def refusal_window_seconds() -> int:
    return int(settings.API_TOKEN_REFUSAL_WINDOW_SECONDS)


def refusals_per_window() -> int:
    return int(settings.API_TOKEN_REFUSALS_PER_WINDOW)


def client_address(request) -> str:
    """The caller's address as DRF's throttles see it (REMOTE_ADDR, or the proxy
    header within NUM_PROXIES)."""
    return BaseThrottle().get_ident(request) or "-"


def _keys(request, prefix: str | None) -> list[str]:
    keys = [f"api:token-refusals:addr:{client_address(request)}"]
    if prefix:
        keys.append(f"api:token-refusals:prefix:{prefix}")
    return keys


def _window_now() -> float:
    return clock.now().timestamp()


def check_token_refusals(request, prefix: str | None) -> None:
    """Raise ``Throttled`` (429) if the caller's address or ``prefix`` has used up its
    refusals in the current window."""
    limit = refusals_per_window()
    now = _window_now()
    for key in _keys(request, prefix):
        window = cache.get(key)
        if window and window["count"] >= limit and window["ends"] > now:
            raise exceptions.Throttled(wait=max(1, int(window["ends"] - now)))


def note_token_refusal(request, prefix: str | None) -> None:
    """Count one refused token call against the address and the prefix (a fixed
    window, opened by the first refusal)."""
    seconds = refusal_window_seconds()
    now = _window_now()
    for key in _keys(request, prefix):
        window = cache.get(key)
        if not window or window["ends"] <= now:
            window = {"count": 0, "ends": now + seconds}
        window["count"] += 1
        cache.set(key, window, timeout=max(1, int(window["ends"] - now)) + 1)
