"""What accounts tells the rest of the system, without importing it.

``role_grant_event`` is sent (inside the writing transaction) when a role that sees
personal data is granted, approved, or first used. ``notices.receivers`` turns it into
a notice to the agency's supervisors (``accounts.selectors.supervisors_for``): accounts
sits below notices in the layers, so it cannot call ``notices.services`` itself.

Keyword arguments: ``event`` (one of ``GRANTED``, ``APPROVED``, ``FIRST_USE``),
``assignment`` (the ``RoleAssignment``), ``actor`` (who did it), ``recipients`` (the
users to tell), ``params``: ``{"subject": {"en": …, "ur": …}, "body": {…}}`` — the texts
in both languages (no survivor data), rendered for each reader by the notice's kind.
"""

from __future__ import annotations

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

GRANTED = "granted"
APPROVED = "approved"
FIRST_USE = "first_use"

NOTICE_KIND = "accounts.role_grant"
NOTICE_LABEL = _("Role with access to personal data: granted, approved or first used")

role_grant_event = Signal()
