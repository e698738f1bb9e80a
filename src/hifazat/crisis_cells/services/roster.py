"""The duty roster: the in-charge puts a member of the cell's staff on call for a shift
in a role they hold, or takes them off. Checked through the validation kernel (each bad
answer named by field), atomic and audited (purpose "administration": staff, not a
survivor). Another cell's roster answers ``NotFound``. Re-exported by ``services``."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.accounts import selectors as accounts
from hifazat.audit import services as audit
from hifazat.audit.purposes import Purpose
from hifazat.core import clock, permissions, validation
from hifazat.crisis_cells import errors
from hifazat.crisis_cells.models import DutyShift

MANAGE = "crisis_cells.manage_roster"
# A roster is planned ahead and corrected after the fact, within reason.
ROSTER_REACH = timedelta(days=366)
NOT_STAFF_IN_ROLE = _("Choose a member of this cell's staff who holds that role.")
ALREADY_ON_SHIFT = _("This person is already on call on this shift.")
OUT_OF_REACH = _("Choose a date within a year of today.")


def _details(duty: DutyShift) -> dict:
    return {"cell": duty.cell_id, "date": duty.date.isoformat(), "shift": duty.shift,
            "role": duty.role, "user": duty.user_id}


@transaction.atomic
def put_on_shift(*, user, cell, date, shift: str, person, role: str) -> DutyShift:
    """Put ``person`` on call at ``cell`` on ``date`` for ``shift`` in ``role``: the cell
    in-charge of that cell only (``NotFound`` for anyone else's cell); ``person`` must
    be active staff of the cell holding ``role`` in force, and not already on that
    shift. ``InvalidInput`` names each bad field. Audited
    (``crisis_cells.duty_assigned``)."""
    permissions.require(user, MANAGE, cell, hide=True)
    p = validation.Problems()
    date = p.check("date", validation.date, date, required=True)
    today = timezone.localdate(clock.now())
    if date is not None and abs(date - today) > ROSTER_REACH:
        p.add("date", OUT_OF_REACH)
    shift = p.check("shift", validation.choice, shift, DutyShift.Shift)
    role = p.check("role", validation.choice, role, DutyShift.OnCall)
    if not accounts.is_user(person):
        p.add("person", validation.REQUIRED)
    elif role and not accounts.staff_holding(agency_id=cell.pk, roles=[role]).filter(
            pk=person.pk).exists():
        p.add("person", NOT_STAFF_IN_ROLE)
    elif date and shift and DutyShift.objects.filter(user=person, date=date,
                                                     shift=shift).exists():
        p.add("person", ALREADY_ON_SHIFT)
    p.raise_if_any(errors.InvalidInput)
    duty = DutyShift.objects.create(cell=cell, date=date, shift=shift, user=person, role=role,
                                    recorded_by=user, recorded_at=clock.now())
    audit.record(action="crisis_cells.duty_assigned", actor=user,
                 object_type="crisis_cells.duty_shift", object_id=duty.pk,
                 purpose=Purpose.ADMINISTRATION, details=_details(duty))
    return duty


@transaction.atomic
def remove_from_shift(*, user, duty: DutyShift) -> None:
    """Take a person off a shift of the in-charge's own cell (``NotFound`` for another
    cell's). Audited (``crisis_cells.duty_removed``), with what the row said."""
    permissions.require(user, MANAGE, duty, hide=True)
    details = _details(duty)
    pk = duty.pk
    DutyShift.objects.filter(pk=pk).delete()
    audit.record(action="crisis_cells.duty_removed", actor=user,
                 object_type="crisis_cells.duty_shift", object_id=pk,
                 purpose=Purpose.ADMINISTRATION, details=details)
