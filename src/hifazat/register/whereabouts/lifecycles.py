"""Every status field of whereabouts, with its allowed transitions (``core.lifecycle``).
Each change goes through ``audit.services.transition``, which writes the status and its
audit event in one transaction and refuses anything not in these tables."""

from __future__ import annotations

from hifazat.core import lifecycle
from hifazat.register.whereabouts.models import (
    ComplianceVerification,
    CustodyTakeover,
    ReleaseNotice,
    ReportingObligation,
)

T = CustodyTakeover.State
CUSTODY_TAKEOVER = lifecycle.declare(
    "whereabouts.custody_takeover", CustodyTakeover, field="state",
    transitions={T.REQUESTED: {T.ACCEPTED, T.REFUSED}})

R = ReleaseNotice.State
RELEASE_NOTICE = lifecycle.declare(
    "whereabouts.release_notice", ReleaseNotice, field="state",
    transitions={R.SCHEDULED: {R.RELEASED}})

OB = ReportingObligation.State
REPORTING_OBLIGATION = lifecycle.declare(
    "whereabouts.reporting_obligation", ReportingObligation, field="state",
    transitions={
        OB.PENDING: {OB.REPORTED, OB.OVERDUE},
        OB.OVERDUE: {OB.REPORTED, OB.ABSCONDED},
        # Found later: the report-in is recorded (late) and the record is compliant again.
        OB.ABSCONDED: {OB.REPORTED},
    })

V = ComplianceVerification.Outcome
VERIFICATION = lifecycle.declare(
    "whereabouts.compliance_verification", ComplianceVerification, field="outcome",
    transitions={V.DUE: {V.VERIFIED, V.NOT_AT_ADDRESS, V.MOVED, V.IN_CUSTODY, V.DECEASED}})
