"""The crisis cells' windows are declared once (``crisis_cells.deadlines``) and read
from there: no ``settings.CELL_*_HOURS`` default is left, a setting still overrides."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from hifazat.core import clock
from hifazat.core import deadlines as registry
from hifazat.crisis_cells import deadlines, selectors, services

pytestmark = pytest.mark.django_db

APP = Path(deadlines.__file__).parent


def test_windows_are_declared_with_source_and_who_is_told():
    for name in ("crisis_cells.pep", "crisis_cells.emergency_contraception",
                 "crisis_cells.fir_referral_ack"):
        deadline = registry.get(name)
        assert deadline.source and deadline.told and deadline.overdue
        module, _dot, attribute = deadline.overdue.rpartition(".")
        assert module == "hifazat.crisis_cells.selectors"
        assert callable(getattr(selectors, attribute))
    assert (deadlines.PEP.default, deadlines.EMERGENCY_CONTRACEPTION.default) == (72, 120)


def test_no_module_reads_the_windows_from_settings():
    from django.conf import settings

    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "settings.CELL_PEP" not in text and "settings.CELL_EC" not in text, path
    assert not hasattr(settings, "CELL_PEP_WINDOW_HOURS")
    assert not hasattr(settings, "CELL_EC_WINDOW_HOURS")


def test_a_setting_still_overrides_the_window(settings, cell, opened):
    settings.CELL_PEP_WINDOW_HOURS = 8  # the incident was 10 hours ago
    with pytest.raises(Exception) as exc:
        services.record_medical_care(user=cell["doctor"], case=opened, kind="pep",
                                     description="PEP")
    assert "late_reason" in exc.value.fields
    windows = {w.code: w for w in selectors.clinical_windows(opened)}
    assert windows["pep"].hours == 8 and windows["pep"].is_passed


def test_fir_referrals_past_the_acknowledgement_window_are_overdue(cell, opened):
    from hifazat.justice.models import FirReferral

    services.record_consent(user=cell["legal"], case=opened, use="police_report",
                            is_given=True, given_by="survivor")
    referral = services.refer_for_fir(user=cell["legal"], case=opened,
                                      police_station=cell["places"]["ps_lhr"])
    assert list(selectors.fir_referrals_overdue(cell["legal"])) == []
    FirReferral.objects.filter(pk=referral.pk).update(
        referred_at=clock.now() - deadlines.FIR_REFERRAL_ACK.delta() - timedelta(hours=1))
    assert list(selectors.fir_referrals_overdue(cell["legal"])) == [referral]
    assert list(selectors.fir_referrals_overdue(cell["other_doctor"])) == []
