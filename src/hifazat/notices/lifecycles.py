"""Every status of notices and the changes each allows, one table per field.

A status changes only through ``audit.services.transition``: the table is checked, the
row saved and the audit event written in one transaction; anything else is refused
with ``IllegalTransition`` naming both states. States that appear only as targets are
final; ``not_required`` (a notice sent without a deadline) never changes.
"""

from __future__ import annotations

from hifazat.core import lifecycle
from hifazat.notices.models import Delivery, Notice

_E = Notice.Escalation
# A notice with a deadline waits for every addressee; once due it is escalated once to
# the holders of its escalation roles, or marked overdue (none asked for) or unrouted
# (no one holds the role). Acknowledged by all in time, it is met.
ESCALATION = lifecycle.declare("notices.escalation", Notice, field="escalation_state",
                               transitions={
                                   _E.AWAITING: {_E.MET, _E.ESCALATED, _E.UNROUTED,
                                                 _E.OVERDUE},
                               })

_D = Delivery.Status
# Each attempt ends sent, retrying (another attempt is due) or, after
# NOTICES_DELIVERY_MAX_ATTEMPTS, failed; a retry may fail again.
DELIVERY = lifecycle.declare("notices.delivery", Delivery, field="status", transitions={
    _D.PENDING: {_D.SENT, _D.RETRYING, _D.FAILED},
    _D.RETRYING: {_D.SENT, _D.RETRYING, _D.FAILED},
})
