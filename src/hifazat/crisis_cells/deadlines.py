"""The windows a crisis cell counts, declared once (``core.deadlines``).

Read them here (``PEP.delta()``), never from settings directly; the default below is
the only one. Imported by ``CrisisCellsConfig.ready`` so the administrators' deadline
page lists them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hifazat.core import deadlines

PEP = deadlines.declare(
    "crisis_cells.pep", setting="CELL_PEP_WINDOW_HOURS", default=72, unit=deadlines.HOURS,
    label=_("HIV post-exposure prophylaxis (PEP), from the incident"),
    source=_("WHO, Clinical management of rape and intimate partner violence survivors "
             "(2020): PEP within 72 hours"),
    told=_("The cell's clinicians, on the case page and the dashboard; care after it "
           "needs a reason"),
    overdue="hifazat.crisis_cells.selectors.running_clinical_windows")

EMERGENCY_CONTRACEPTION = deadlines.declare(
    "crisis_cells.emergency_contraception", setting="CELL_EC_WINDOW_HOURS", default=120,
    unit=deadlines.HOURS,
    label=_("Emergency contraception, from the incident"),
    source=_("WHO, Clinical management of rape and intimate partner violence survivors "
             "(2020): emergency contraception within 120 hours"),
    told=_("The cell's clinicians, on the case page and the dashboard; care after it "
           "needs a reason"),
    overdue="hifazat.crisis_cells.selectors.running_clinical_windows")

FIR_REFERRAL_ACK = deadlines.declare(
    "crisis_cells.fir_referral_ack", setting="CELL_FIR_REFERRAL_ACK_HOURS", default=24,
    unit=deadlines.HOURS,
    label=_("Police station acknowledges a crisis cell's FIR referral"),
    source=_("Anti-Rape (Investigation and Trial) Act 2021: the report is registered "
             "without delay; Hifazat escalates after a day"),
    told=_("The police station's inbox; then the district's investigating officers"),
    overdue="hifazat.crisis_cells.selectors.fir_referrals_overdue")

ALL = (PEP, EMERGENCY_CONTRACEPTION, FIR_REFERRAL_ACK)
