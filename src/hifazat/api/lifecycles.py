"""The status of a service token and the changes it allows.

A token whose scopes reach personal data is ``pending`` until a second administrator
with authority over its agency approves it; a token with only scopes that reach none
(``scopes.needs_second_administrator``) is approved when issued. Either is revoked at
once when an administrator says so; revoked is final. Expiry is not a status: it is
read from ``expires_at`` at each call. A status changes only through
``audit.services.transition``.
"""

from __future__ import annotations

from hifazat.api.models import ServiceToken
from hifazat.core import lifecycle

_S = ServiceToken.Status
SERVICE_TOKEN = lifecycle.declare("api.service_token", ServiceToken, field="status",
                                  transitions={
                                      _S.PENDING: {_S.APPROVED, _S.REVOKED},
                                      _S.APPROVED: {_S.REVOKED},
                                  })
