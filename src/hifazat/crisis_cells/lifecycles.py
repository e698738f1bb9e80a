"""Every status of the crisis cells and the changes each allows, one table per field.

A status changes only through ``services.cases.move`` (``audit.services.transition``):
the table is checked, the row saved and the audit event written in one transaction;
anything else is refused with ``IllegalTransition`` naming both states. States that
appear only as targets are final. Consent and follow-ups have no status field (a
consent is superseded or withdrawn, a follow-up is done), and a mediation session is a
record of a meeting, not a process.
"""

from __future__ import annotations

from hifazat.core import lifecycle
from hifazat.crisis_cells.models import (
    CaseTransfer,
    ClosureRequest,
    CustodyStep,
    CyberHarassmentReport,
    EvidenceItem,
    ProtectionOrder,
    ShelterReferral,
    SurvivorCase,
)

_C = SurvivorCase.Status
# A case waits on one decision at a time (a transfer or a closure); closed is final.
CASE = lifecycle.declare("crisis_cells.case", SurvivorCase, field="status", transitions={
    _C.OPEN: {_C.TRANSFER_PENDING, _C.CLOSURE_PENDING},
    _C.TRANSFER_PENDING: {_C.OPEN},    # accepted (now open at the other cell) or declined
    _C.CLOSURE_PENDING: {_C.OPEN, _C.CLOSED},  # returned to the team, or approved
})

_S = CustodyStep
# Chain of custody: no step may be skipped; a hand-over may be followed by another
# hand-over (each person who holds the item signs for it) before it goes to the lab.
EVIDENCE_CUSTODY = lifecycle.declare(
    "crisis_cells.evidence_custody", EvidenceItem, field="status", transitions={
        _S.COLLECTED: {_S.SEALED},
        _S.SEALED: {_S.HANDED_OVER},
        _S.HANDED_OVER: {_S.HANDED_OVER, _S.SENT_TO_LAB},
        _S.SENT_TO_LAB: {_S.RECEIVED},
        _S.RECEIVED: {_S.RESULT},
    })

_SH = ShelterReferral.Status
SHELTER_REFERRAL = lifecycle.declare(
    "crisis_cells.shelter_referral", ShelterReferral, field="status", transitions={
        _SH.REFERRED: {_SH.ADMITTED, _SH.DECLINED},
    })

_CY = CyberHarassmentReport.Status
# "Referred" is set by the referral itself (which records where); a report may be
# referred again (to the other agency) until it is resolved.
CYBER_REPORT = lifecycle.declare(
    "crisis_cells.cyber_report", CyberHarassmentReport, field="status", transitions={
        _CY.RECORDED: {_CY.REFERRED, _CY.IN_PROGRESS, _CY.CLOSED},  # reported directly too
        _CY.REFERRED: {_CY.REFERRED, _CY.IN_PROGRESS, _CY.RESOLVED, _CY.CLOSED},
        _CY.IN_PROGRESS: {_CY.REFERRED, _CY.RESOLVED, _CY.CLOSED},
        _CY.RESOLVED: {_CY.CLOSED},
    })

_PO = ProtectionOrder.Status
# Punjab Protection of Women against Violence Act 2016: the court grants or refuses an
# application; a granted order expires.
PROTECTION_ORDER = lifecycle.declare(
    "crisis_cells.protection_order", ProtectionOrder, field="status", transitions={
        _PO.APPLIED: {_PO.GRANTED, _PO.REFUSED},
        _PO.GRANTED: {_PO.EXPIRED},
    })

_T = CaseTransfer.State
TRANSFER = lifecycle.declare("crisis_cells.transfer", CaseTransfer, field="state",
                             transitions={_T.PENDING: {_T.ACCEPTED, _T.DECLINED}})

_CL = ClosureRequest.State
CLOSURE = lifecycle.declare("crisis_cells.closure", ClosureRequest, field="state",
                            transitions={_CL.PENDING: {_CL.APPROVED, _CL.RETURNED}})

ALL = (CASE, EVIDENCE_CUSTODY, SHELTER_REFERRAL, CYBER_REPORT, PROTECTION_ORDER,
       TRANSFER, CLOSURE)
