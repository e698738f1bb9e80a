"""Every status of the justice pipeline and the changes each allows (``core.lifecycle``).
A status changes only through ``audit.services.transition`` (via ``services.common.move``):
the table is checked, the row saved and the audit event written in one transaction;
anything else is refused with ``IllegalTransition`` naming both states.

A suspect's custody moves with the events recorded (arrest, remand, bail: each event's
target in ``CUSTODY_EVENT_TARGET``); diary entries and disclosures are records, not
processes.
"""

from __future__ import annotations

from hifazat.core import lifecycle
from hifazat.justice.models import (
    Appeal,
    CustodyEvent,
    CustodyStatus,
    FirReferral,
    Hearing,
    JusticeCase,
    PoliceReport,
    Stage,
    Suspect,
)

_R = FirReferral.Status
FIR_REFERRAL = lifecycle.declare(
    "justice.fir_referral", FirReferral, field="status", transitions={
        _R.REFERRED: {_R.FIR_REGISTERED},
    })

# FIR -> investigation -> report (challan) -> trial -> decided -> appeal -> decided.
# A report returned with defects sends the case back to investigation; a retrial
# ordered on appeal sends it back to trial; a case ends closed (cancelled FIR,
# untraced, or appeal time run out) only from before trial or after a decision.
CASE_STAGE = lifecycle.declare(
    "justice.case_stage", JusticeCase, field="stage", transitions={
        Stage.FIR_REGISTERED: {Stage.UNDER_INVESTIGATION, Stage.CLOSED},
        Stage.UNDER_INVESTIGATION: {Stage.CHALLAN_SUBMITTED, Stage.CLOSED},
        Stage.CHALLAN_SUBMITTED: {Stage.UNDER_INVESTIGATION, Stage.IN_TRIAL},
        Stage.IN_TRIAL: {Stage.DECIDED},
        Stage.DECIDED: {Stage.APPEAL, Stage.CLOSED},
        Stage.APPEAL: {Stage.DECIDED, Stage.IN_TRIAL},
    })

_S = PoliceReport.Scrutiny
REPORT_SCRUTINY = lifecycle.declare(
    "justice.report_scrutiny", PoliceReport, field="scrutiny", transitions={
        _S.PENDING: {_S.RETURNED, _S.ACCEPTED},
    })

_H = Hearing.Outcome
HEARING = lifecycle.declare(
    "justice.hearing", Hearing, field="outcome", transitions={
        _H.SCHEDULED: {_H.HELD, _H.ADJOURNED},
    })

_A = Appeal.Outcome
APPEAL = lifecycle.declare(
    "justice.appeal", Appeal, field="outcome", transitions={
        _A.PENDING: {_A.DISMISSED, _A.CONVICTION_SET_ASIDE, _A.ACQUITTAL_REVERSED,
                     _A.RETRIAL},
    })

_C = CustodyStatus
_HELD = {_C.ARRESTED, _C.POLICE_REMAND, _C.JUDICIAL_CUSTODY}
# Arrest, physical remand (CrPC s.167), judicial custody, bail and its cancellation; a
# verdict ends in convicted or discharged from any state, and a retrial ordered on
# appeal may send a convicted or discharged accused back to judicial custody or bail.
CUSTODY = lifecycle.declare(
    "justice.custody", Suspect, field="custody_status", transitions={
        _C.AT_LARGE: {_C.ARRESTED, _C.ON_BAIL, _C.CONVICTED, _C.DISCHARGED},
        _C.ARRESTED: {_C.POLICE_REMAND, _C.JUDICIAL_CUSTODY, _C.ON_BAIL, _C.CONVICTED,
                      _C.DISCHARGED},
        _C.POLICE_REMAND: {_C.JUDICIAL_CUSTODY, _C.ON_BAIL, _C.CONVICTED, _C.DISCHARGED},
        _C.JUDICIAL_CUSTODY: {_C.POLICE_REMAND, _C.ON_BAIL, _C.CONVICTED, _C.DISCHARGED},
        _C.ON_BAIL: {_C.ARRESTED, _C.JUDICIAL_CUSTODY, _C.CONVICTED, _C.DISCHARGED},
        _C.CONVICTED: {_C.DISCHARGED, _C.JUDICIAL_CUSTODY},
        _C.DISCHARGED: {_C.CONVICTED, _C.JUDICIAL_CUSTODY, _C.ON_BAIL},
    })

_E = CustodyEvent.Kind
#: The custody status each event leads to (None: recorded, no change).
CUSTODY_EVENT_TARGET = {
    _E.ARREST: _C.ARRESTED,
    _E.POLICE_REMAND: _C.POLICE_REMAND,
    _E.JUDICIAL_REMAND: _C.JUDICIAL_CUSTODY,
    _E.BAIL_GRANTED: _C.ON_BAIL,
    _E.BAIL_REFUSED: None,
    _E.BAIL_CANCELLED: _C.JUDICIAL_CUSTODY,
}
HELD = frozenset(_HELD)
