"""Every write about an offender's whereabouts, by sub-concept:

* ``management`` — who manages the offender and where they live; transfer of management;
* ``custody`` — re-arrest, a prison's custody request that NPB confirms, the scheduled
  release with its notices, the release;
* ``reporting`` — the report-in after release and the overdue/absconded job;
* ``changes`` — what the offender reports (name, address, travel, employment, vehicle);
* ``compliance`` — periodic verifications and their outcome;
* ``supervision`` — the signed notice of obligations, risk level, review notes;
* ``notify`` — the notices these send, through hifazat.notices.

Callers use this package only: ``from hifazat.register.whereabouts import services``
then ``services.<verb>``. Each verb is atomic, checks the permission API (missing and
forbidden alike raise core NotFound), validates through ``core.validation`` with one
``Problems`` collector, changes a status only through its declared lifecycle, and keeps
the offender's history through register.record_change (audited in the same transaction).
"""

from hifazat.register.whereabouts.services.changes import report_change
from hifazat.register.whereabouts.services.compliance import (
    ensure_verification,
    record_verification,
    schedule_verifications,
)
from hifazat.register.whereabouts.services.custody import (
    decide_takeover,
    prison_of,
    record_custody_event,
    record_release,
    request_takeover,
    schedule_release,
)
from hifazat.register.whereabouts.services.management import (
    CLOSED_STATUSES,
    IN_COMMUNITY,
    S,
    move_responsibility,
    system_actor,
    transfer_management,
)
from hifazat.register.whereabouts.services.reporting import check_overdue, record_report_in
from hifazat.register.whereabouts.services.supervision import (
    add_review_note,
    record_obligations_acknowledgement,
    set_risk_level,
)

__all__ = [
    "CLOSED_STATUSES", "IN_COMMUNITY", "S", "add_review_note", "check_overdue",
    "decide_takeover", "ensure_verification", "move_responsibility", "prison_of",
    "record_custody_event", "record_obligations_acknowledgement", "record_release",
    "record_report_in", "record_verification", "report_change", "request_takeover",
    "schedule_release", "schedule_verifications", "set_risk_level", "system_actor",
    "transfer_management",
]
