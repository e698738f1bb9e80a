"""Every status of accounts and the changes each allows, one table per field.

A role grant that sees personal data waits (``pending``) for a second administrator:
approved, it is in force until revoked; refused or withdrawn, it never was. A status
changes only through ``audit.services.transition``.
"""

from __future__ import annotations

from hifazat.accounts.models import RoleAssignment
from hifazat.core import lifecycle

_S = RoleAssignment.Status
GRANT = lifecycle.declare("accounts.role_grant", RoleAssignment, field="status", transitions={
    _S.PENDING: {_S.APPROVED, _S.REFUSED, _S.WITHDRAWN},
    _S.APPROVED: {_S.REVOKED},
})
