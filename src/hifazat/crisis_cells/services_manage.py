"""Case management: assigning a case to a staff member, transferring it to another cell
(which must accept), and closing it with an outcome approved by the cell in-charge.
Atomic and audited like every crisis-cell service; re-exported by ``services``."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.models import Agency, User
from hifazat.crisis_cells import errors
from hifazat.crisis_cells import services_base as base
from hifazat.crisis_cells.models import (
    CaseOutcome,
    CaseTransfer,
    ClosureRequest,
    EvidenceItem,
    FollowUp,
    SurvivorCase,
)
from hifazat.crisis_cells.policy import CELL_KINDS, cell_roles


@transaction.atomic
def assign_case(*, user, case: SurvivorCase, assignee: User) -> SurvivorCase:
    """The in-charge assigns the case to a staff member of the same cell. Audited."""
    base.require(user, "crisis_cells.assign", case)
    case = base.lock_case(case)
    base.writable(case)
    if assignee is None or assignee.agency_id != case.cell_id or not cell_roles(assignee):
        raise errors.InvalidInput(fields={"assignee": _(
            "Choose a member of this cell's staff.")})
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated_at"])
    base.record(action="case_assigned", user=user, case=case,
                details={"assignee": assignee.pk})
    return case


@transaction.atomic
def request_transfer(*, user, case: SurvivorCase, to_cell: Agency, reason: str) -> CaseTransfer:
    """The in-charge asks another cell to take the case; it stays here until that cell's
    in-charge accepts. Audited."""
    base.require(user, "crisis_cells.request_transfer", case)
    case = base.lock_case(case)
    base.writable(case, allow_pending=False)
    p = base.Problems()
    if not isinstance(to_cell, Agency) or to_cell.kind not in CELL_KINDS or not to_cell.is_active:
        p.add("to_cell", _("Choose another crisis cell or centre."))
    elif to_cell.pk == case.cell_id:
        p.add("to_cell", _("The case is already at this cell."))
    reason = base.text(reason, "reason", p, max_length=300, required=True,
                       message=_("Say why the case is transferred."))
    p.raise_if_any()
    transfer = CaseTransfer.objects.create(case=case, from_cell_id=case.cell_id,
                                           to_cell=to_cell, reason=reason,
                                           requested_by=user, requested_at=base.now())
    case.status = SurvivorCase.Status.TRANSFER_PENDING
    case.save(update_fields=["status", "updated_at"])
    base.record(action="transfer_requested", user=user, case=case,
                details={"to_cell": to_cell.code, "transfer": transfer.pk})
    return transfer


def _lock_pending_transfer(transfer: CaseTransfer) -> CaseTransfer:
    transfer = CaseTransfer.objects.select_for_update().select_related("case").get(
        pk=transfer.pk)
    if transfer.state != CaseTransfer.State.PENDING:
        raise errors.TransferNotPending
    return transfer


@transaction.atomic
def accept_transfer(*, user, transfer: CaseTransfer, note: str = "") -> SurvivorCase:
    """The receiving cell's in-charge accepts: the case (same code) now belongs to that
    cell, unassigned, and the sending cell no longer sees it. Audited."""
    base.require(user, "crisis_cells.decide_transfer", transfer)
    transfer = _lock_pending_transfer(transfer)
    case = base.lock_case(transfer.case)
    transfer.state, transfer.decided_by, transfer.decided_at = (
        CaseTransfer.State.ACCEPTED, user, base.now())
    transfer.decision_note = (note or "").strip()[:300]
    transfer.save()
    case.cell_id, case.assigned_to = transfer.to_cell_id, None
    case.status = SurvivorCase.Status.OPEN
    case.save(update_fields=["cell", "assigned_to", "status", "updated_at"])
    EvidenceItem.objects.filter(case=case).update(cell_id=case.cell_id)
    FollowUp.objects.filter(case=case).update(cell_id=case.cell_id)
    base.record(action="transfer_accepted", user=user, case=case,
                details={"from_cell": transfer.from_cell.code, "transfer": transfer.pk})
    return case


@transaction.atomic
def decline_transfer(*, user, transfer: CaseTransfer, note: str) -> CaseTransfer:
    """The receiving cell's in-charge declines with a reason; the case stays. Audited."""
    base.require(user, "crisis_cells.decide_transfer", transfer)
    p = base.Problems()
    note = base.text(note, "note", p, max_length=300, required=True,
                     message=_("Say why the transfer is declined."))
    p.raise_if_any()
    transfer = _lock_pending_transfer(transfer)
    case = base.lock_case(transfer.case)
    transfer.state, transfer.decided_by, transfer.decided_at = (
        CaseTransfer.State.DECLINED, user, base.now())
    transfer.decision_note = note
    transfer.save()
    case.status = SurvivorCase.Status.OPEN
    case.save(update_fields=["status", "updated_at"])
    base.record(action="transfer_declined", user=user, case=case,
                details={"to_cell": transfer.to_cell.code, "transfer": transfer.pk})
    return transfer


@transaction.atomic
def request_closure(*, user, case: SurvivorCase, outcome: str, note: str = "") -> ClosureRequest:
    """Any cell staff member proposes closing with an outcome; the in-charge approves.
    Audited."""
    base.require(user, "crisis_cells.request_closure", case)
    case = base.lock_case(case)
    base.writable(case, allow_pending=False)
    p = base.Problems()
    outcome = base.choice(outcome, CaseOutcome, "outcome", p)
    note = base.text(note, "note", p, max_length=500)
    p.raise_if_any()
    request = ClosureRequest.objects.create(case=case, outcome=outcome, note=note,
                                            requested_by=user, requested_at=base.now())
    case.status = SurvivorCase.Status.CLOSURE_PENDING
    case.save(update_fields=["status", "updated_at"])
    base.record(action="closure_requested", user=user, case=case,
                details={"outcome": outcome, "request": request.pk})
    return request


def _lock_pending_closure(request: ClosureRequest) -> ClosureRequest:
    request = ClosureRequest.objects.select_for_update().select_related("case").get(
        pk=request.pk)
    if request.state != ClosureRequest.State.PENDING:
        raise errors.ClosureNotPending
    return request


@transaction.atomic
def approve_closure(*, user, request: ClosureRequest, note: str = "") -> SurvivorCase:
    """The cell in-charge approves: the case is closed with the outcome. Audited."""
    base.require(user, "crisis_cells.approve_closure", request.case)
    request = _lock_pending_closure(request)
    case = base.lock_case(request.case)
    now = base.now()
    request.state, request.decided_by, request.decided_at = (
        ClosureRequest.State.APPROVED, user, now)
    request.decision_note = (note or "").strip()[:500]
    request.save()
    case.status, case.outcome, case.closed_at = SurvivorCase.Status.CLOSED, request.outcome, now
    case.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    base.record(action="case_closed", user=user, case=case,
                details={"outcome": request.outcome, "request": request.pk})
    return case


@transaction.atomic
def return_closure(*, user, request: ClosureRequest, note: str) -> ClosureRequest:
    """The in-charge sends a closure request back with a reason; the case stays open."""
    base.require(user, "crisis_cells.approve_closure", request.case)
    p = base.Problems()
    note = base.text(note, "note", p, max_length=500, required=True,
                     message=_("Say why the case stays open."))
    p.raise_if_any()
    request = _lock_pending_closure(request)
    case = base.lock_case(request.case)
    request.state, request.decided_by, request.decided_at = (
        ClosureRequest.State.RETURNED, user, base.now())
    request.decision_note = note
    request.save()
    case.status = SurvivorCase.Status.OPEN
    case.save(update_fields=["status", "updated_at"])
    base.record(action="closure_returned", user=user, case=case,
                details={"request": request.pk})
    return request
