"""The demo Lahore cell's duty roster for this week and next, and the demo staff's
training records, made through the accounts and crisis-cell services (so every row has
its audit event). One shift this week has no woman medico-legal officer on call (the
roster flags it), and the cell doctor's WHO CMR certificate has expired. Idempotent:
a slot already filled and a course already recorded are left as they are."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hifazat.accounts import selectors as accounts
from hifazat.accounts import services as account_services
from hifazat.core import clock
from hifazat.crisis_cells import selectors as cells
from hifazat.crisis_cells import services as cell_services

# (username, course, certified this many days ago, valid this many days from then or
# None, certificate number). The doctor's CMR expired a month ago.
TRAINING = [
    ("cell.wmlo", "wmlo_certification", 400, 3 * 365, "WMLO-PB-2025-0117"),
    ("cell.wmlo", "who_cmr", 400, 3 * 365, "CMR-PB-2025-0342"),
    ("cell.doctor", "who_cmr", 3 * 365 + 30, 3 * 365, "CMR-PB-2022-0088"),
    ("cell.doctor", "data_protection", 200, None, "DP-2026-0031"),
    ("cell.counsellor", "survivor_counselling", 300, 2 * 365, "SCC-PB-2025-0219"),
    ("cell.incharge", "who_cmr", 500, 3 * 365, "CMR-PB-2025-0004"),
    ("cell.incharge", "data_protection", 200, None, "DP-2026-0030"),
    ("io.ssoiu", "ssoiu_investigation", 250, 2 * 365, "SSOIU-LHR-2026-0012"),
    ("prosecutor", "trauma_informed_prosecution", 150, None, "TIP-PB-2026-0007"),
]

# Who is on call in each shift (username, role on call); the WMLO covers every shift
# but one: this week's Wednesday night, left to the doctor alone.
SHIFTS = {
    "morning": [("cell.wmlo", "wmlo"), ("cell.doctor", "cell_doctor")],
    "evening": [("cell.wmlo", "wmlo"), ("cell.counsellor", "cell_counsellor")],
    "night": [("cell.wmlo", "wmlo"), ("cell.incharge", "cell_in_charge")],
}
GAP_WEEKDAY = 2  # Wednesday


def _acting(user):
    user.is_verified = lambda: True
    return user


def load_demo_training(users: dict) -> None:
    cell_admin, sysadmin = users.get("cell.admin"), users.get("sysadmin")
    today = timezone.localdate(clock.now())
    for username, course, days_ago, valid_days, number in TRAINING:
        holder = users.get(username)
        if holder is None:
            continue
        if accounts.training_of(holder).filter(course=course).exists():
            continue
        actor = cell_admin if cell_admin and holder.agency_id == cell_admin.agency_id \
            else sysadmin
        certified_on = today - timedelta(days=days_ago)
        account_services.record_training(
            actor=_acting(actor), user=holder, course=course, certified_on=certified_on,
            expires_on=certified_on + timedelta(days=valid_days) if valid_days else None,
            certificate_number=number)


def load_demo_roster(users: dict) -> None:
    incharge = users.get("cell.incharge")
    if incharge is None or incharge.agency is None:
        return
    incharge = _acting(incharge)
    cell = incharge.agency
    monday = cells.week_of(timezone.localdate(clock.now()))
    for week_start in (monday, monday + timedelta(days=7)):
        filled = {(duty.date, duty.shift, duty.user_id)
                  for _day, slots in cells.roster(cell, week_start)
                  for slot in slots for duty in slot.on_call}
        for offset in range(7):
            day = week_start + timedelta(days=offset)
            for shift, people in SHIFTS.items():
                for username, role in people:
                    person = users.get(username)
                    if person is None or (day, shift, person.pk) in filled:
                        continue
                    if (week_start == monday and offset == GAP_WEEKDAY and shift == "night"
                            and role == "wmlo"):
                        continue
                    cell_services.put_on_shift(user=incharge, cell=cell, date=day,
                                               shift=shift, person=person, role=role)
