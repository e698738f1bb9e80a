"""A ceiling on calls per caller (service account or staff member): API_RATE_PER_MINUTE
(default 300). A misbehaving or compromised system cannot page through the register;
the register's own review queue still flags unusual retrieval patterns."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import UserRateThrottle

DEFAULT_RATE_PER_MINUTE = 300


class PrincipalRateThrottle(UserRateThrottle):
    scope = "api"

    def get_rate(self):
        per_minute = int(getattr(settings, "API_RATE_PER_MINUTE", DEFAULT_RATE_PER_MINUTE))
        return f"{per_minute}/min"
