"""Case management: assigning a case to a staff member, transferring it to another cell
(which must accept), and closing it with an outcome approved by the cell in-charge.
Every status change follows the declared lifecycles (``lifecycles.CASE``,
``TRANSFER``, ``CLOSURE``). Atomic and audited; re-exported by ``services``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.accounts import selectors as accounts
from hifazat.core import validation
from hifazat.crisis_cells import errors, lifecycles
from hifazat.crisis_cells.models import (
    CaseOutcome,
    CaseTransfer,
    ClosureRequest,
    EvidenceItem,
    FollowUp,
    SurvivorCase,
)
from hifazat.crisis_cells.policy import CELL_KINDS, cell_roles
from hifazat.crisis_cells.services import cases

_CASE = SurvivorCase.Status

if TYPE_CHECKING:  # annotations only: other apps are read through their selectors
    from hifazat.accounts.models import Agency, User


def _case_to(case: SurvivorCase, status: str, *, user, extra: dict | None = None
             ) -> SurvivorCase:
    """The case's status following a decision on a transfer or closure (its own audit
    event ``crisis_cells.case_status_changed``; the decision has the timeline row)."""
    return cases.move(case, lifecycle=lifecycles.CASE, to=status,
                      action="case_status_changed", user=user, case=case,
                      object_type="crisis_cells.case", timeline=False,
                      extra={"updated_at": cases.now(), **(extra or {})})


@transaction.atomic
def assign_case(*, user, case: SurvivorCase, assignee: User) -> SurvivorCase:
    """The in-charge assigns the case to a staff member of the same cell. Audited."""
    cases.require(user, "crisis_cells.assign", case)
    case = cases.lock_case(case)
    cases.writable(case)
    if assignee is None or assignee.agency_id != case.cell_id or not cell_roles(assignee):
        raise errors.InvalidInput(fields={"assignee": _(
            "Choose a member of this cell's staff.")})
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated_at"])
    cases.record(action="case_assigned", user=user, case=case,
                 details={"assignee": assignee.pk})
    return case


@transaction.atomic
def request_transfer(*, user, case: SurvivorCase, to_cell: Agency, reason: str) -> CaseTransfer:
    """The in-charge asks another cell to take the case; it stays here until that cell's
    in-charge accepts. Audited."""
    cases.require(user, "crisis_cells.request_transfer", case)
    case = cases.lock_case(case)
    cases.writable(case, allow_pending=False)
    p = validation.Problems()
    if not accounts.is_agency(to_cell) or to_cell.kind not in CELL_KINDS or \
            not to_cell.is_active:
        p.add("to_cell", _("Choose another crisis cell or centre."))
    elif to_cell.pk == case.cell_id:
        p.add("to_cell", _("The case is already at this cell."))
    reason = p.check("reason", validation.free_text, reason, max_length=300, required=True)
    p.raise_if_any(errors.InvalidInput)
    transfer = CaseTransfer.objects.create(case=case, from_cell_id=case.cell_id,
                                           to_cell=to_cell, reason=reason,
                                           requested_by=user, requested_at=cases.now())
    cases.move(case, lifecycle=lifecycles.CASE, to=_CASE.TRANSFER_PENDING,
               action="transfer_requested", user=user, case=case,
               object_type="crisis_cells.case",
               details={"to_cell": to_cell.code, "transfer": transfer.pk},
               extra={"updated_at": cases.now()})
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
    cases.require(user, "crisis_cells.decide_transfer", transfer)
    p = validation.Problems()
    note = p.check("note", validation.free_text, note, max_length=300, default="")
    p.raise_if_any(errors.InvalidInput)
    transfer = _lock_pending_transfer(transfer)
    case = cases.lock_case(transfer.case)
    case = _case_to(case, _CASE.OPEN, user=user,
                    extra={"cell": transfer.to_cell, "assigned_to": None})
    EvidenceItem.objects.filter(case=case).update(cell_id=case.cell_id)
    FollowUp.objects.filter(case=case).update(cell_id=case.cell_id)
    cases.move(transfer, lifecycle=lifecycles.TRANSFER, to=CaseTransfer.State.ACCEPTED,
               action="transfer_accepted", user=user, case=case,
               object_type="crisis_cells.transfer",
               details={"from_cell": transfer.from_cell.code, "transfer": transfer.pk},
               extra={"decided_by": user, "decided_at": cases.now(), "decision_note": note})
    return case


@transaction.atomic
def decline_transfer(*, user, transfer: CaseTransfer, note: str) -> CaseTransfer:
    """The receiving cell's in-charge declines with a reason; the case stays. Audited."""
    cases.require(user, "crisis_cells.decide_transfer", transfer)
    p = validation.Problems()
    note = p.check("note", validation.free_text, note, max_length=300, required=True)
    p.raise_if_any(errors.InvalidInput)
    transfer = _lock_pending_transfer(transfer)
    case = _case_to(cases.lock_case(transfer.case), _CASE.OPEN, user=user)
    return cases.move(transfer, lifecycle=lifecycles.TRANSFER,
                      to=CaseTransfer.State.DECLINED, action="transfer_declined", user=user,
                      case=case, object_type="crisis_cells.transfer",
                      details={"to_cell": transfer.to_cell.code, "transfer": transfer.pk},
                      extra={"decided_by": user, "decided_at": cases.now(),
                             "decision_note": note})


@transaction.atomic
def request_closure(*, user, case: SurvivorCase, outcome: str, note: str = "") -> ClosureRequest:
    """Any cell staff member proposes closing with an outcome; the in-charge approves.
    Audited."""
    cases.require(user, "crisis_cells.request_closure", case)
    case = cases.lock_case(case)
    cases.writable(case, allow_pending=False)
    p = validation.Problems()
    outcome = p.check("outcome", validation.choice, outcome, CaseOutcome)
    note = p.check("note", validation.free_text, note, max_length=500, default="")
    p.raise_if_any(errors.InvalidInput)
    request = ClosureRequest.objects.create(case=case, outcome=outcome, note=note,
                                            requested_by=user, requested_at=cases.now())
    cases.move(case, lifecycle=lifecycles.CASE, to=_CASE.CLOSURE_PENDING,
               action="closure_requested", user=user, case=case,
               object_type="crisis_cells.case",
               details={"outcome": outcome, "request": request.pk},
               extra={"updated_at": cases.now()})
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
    cases.require(user, "crisis_cells.approve_closure", request.case)
    p = validation.Problems()
    note = p.check("note", validation.free_text, note, max_length=500, default="")
    p.raise_if_any(errors.InvalidInput)
    request = _lock_pending_closure(request)
    now = cases.now()
    cases.move(request, lifecycle=lifecycles.CLOSURE, to=ClosureRequest.State.APPROVED,
               action="closure_approved", user=user, case=request.case,
               object_type="crisis_cells.closure_request", timeline=False,
               extra={"decided_by": user, "decided_at": now, "decision_note": note})
    case = cases.lock_case(request.case)
    return cases.move(case, lifecycle=lifecycles.CASE, to=_CASE.CLOSED, action="case_closed",
                      user=user, case=case, object_type="crisis_cells.case",
                      details={"outcome": request.outcome, "request": request.pk},
                      extra={"outcome": request.outcome, "closed_at": now,
                             "updated_at": now})


@transaction.atomic
def return_closure(*, user, request: ClosureRequest, note: str) -> ClosureRequest:
    """The in-charge sends a closure request back with a reason; the case stays open."""
    cases.require(user, "crisis_cells.approve_closure", request.case)
    p = validation.Problems()
    note = p.check("note", validation.free_text, note, max_length=500, required=True)
    p.raise_if_any(errors.InvalidInput)
    request = _lock_pending_closure(request)
    case = _case_to(cases.lock_case(request.case), _CASE.OPEN, user=user)
    return cases.move(request, lifecycle=lifecycles.CLOSURE,
                      to=ClosureRequest.State.RETURNED, action="closure_returned",
                      user=user, case=case, object_type="crisis_cells.closure_request",
                      details={"request": request.pk},
                      extra={"decided_by": user, "decided_at": cases.now(),
                             "decision_note": note})
