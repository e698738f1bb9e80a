"""Every status field of the register, with its allowed transitions (``core.lifecycle``).
Each change goes through ``audit.services.transition``, which writes the status and its
audit event in one transaction and refuses anything not in these tables with
``IllegalTransition`` naming both states.

A flagged retrieval has no status field: its one decision (reviewed, with a note) is
the ``reviewed_at`` stamp that ``services.clear_flag`` sets once. A removal review is a
decision recorded once, not a status.
"""

from __future__ import annotations

from hifazat.core import lifecycle
from hifazat.register.models import EntryProposal, Offender, OffenderRequest

S = Offender.Status
# Out of prison the offender reports, is overdue, absconds, travels abroad; any of these
# may end in custody again (re-arrest, or found in custody at a verification).
AT_LARGE = {S.RELEASED_REPORTING, S.COMPLIANT, S.OVERDUE, S.ABSCONDED, S.ABROAD}
# Act s.24 and Rules 2023: at the end of the registration period a registrar removes the
# record (also a deceased offender's); death is recorded from any living state.
OFFENDER_STATUS = lifecycle.declare(
    "register.offender_status", Offender, field="status",
    transitions={
        S.IN_CUSTODY: {S.RELEASED_REPORTING, S.DECEASED, S.REMOVED},
        **{state: (AT_LARGE - {state, S.RELEASED_REPORTING}) | {S.IN_CUSTODY, S.DECEASED,
                                                                S.REMOVED}
           for state in AT_LARGE},
        S.DECEASED: {S.REMOVED},
    })

P = EntryProposal.State
# Maker–checker: a proposal is decided once, by a registrar who did not propose it.
ENTRY_PROPOSAL = lifecycle.declare(
    "register.entry_proposal", EntryProposal, field="state",
    transitions={P.PROPOSED: {P.VERIFIED, P.RETURNED, P.MERGED}})

R = OffenderRequest.Outcome
OFFENDER_REQUEST = lifecycle.declare(
    "register.offender_request", OffenderRequest, field="outcome",
    transitions={R.PENDING: {R.GRANTED, R.REFUSED}})
