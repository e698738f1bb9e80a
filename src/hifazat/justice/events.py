"""What the justice pipeline tells the layers above it, as Django signals sent inside the
writing transaction (a rolled-back step sends nothing that lasts: receivers write in
the same transaction).

``crisis_cells`` (above justice) listens: an FIR registered from its referral puts the
number and date on the survivor's case; a stage change, a hearing date, a verdict and
an offender's release, move or abscondence reach the cell (and, with her consent, the
survivor) without justice or the register ever reading who she is.

Every signal carries ``survivor_case_id`` (the cell case's id, or None for a direct
complaint) and plain values only.
"""

from __future__ import annotations

from django.dispatch import Signal

#: kwargs: survivor_case_id, fir_number, fir_date, registered_at
fir_registered = Signal()
#: kwargs: survivor_case_id, event ("stage" | "hearing" | "verdict" | "offender"),
#: params (dict of plain values: stage, date, outcome, ...)
case_news = Signal()
