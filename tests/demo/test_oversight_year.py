"""The committee's synthetic year (``demo.oversight_year``), scaled down (the same
generator, fewer cases): the seeds' proportions, every province and stage, the
oversight tables filled, encryption at rest, the analyst's page telling the story, and
idempotence — in one test, as each load of the demo costs seconds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from hifazat.accounts.models import Agency, User
from hifazat.audit.selectors import verify_chain
from hifazat.crisis_cells.models import Consent, MedicalEntry, SurvivorCase
from hifazat.demo.oversight_year import CELLS, quotas
from hifazat.justice.models import Fir, JusticeCase, Stage, Verdict
from hifazat.oversight import indicators, periods
from hifazat.oversight.models import CellDay, JusticeMonth, RegisterDistrict
from hifazat.places.models import Facility, Province
from hifazat.register.models import Offender
from tests.factories import verified_client

pytestmark = pytest.mark.django_db
SCALED = 400  # cases (the command's default is YEAR_CASES)


def _counts():
    return (SurvivorCase.objects.count(), Consent.objects.count(), Fir.objects.count(),
            JusticeCase.objects.count(), Verdict.objects.count(), Offender.objects.count(),
            Agency.objects.count(), User.objects.count(), Facility.objects.count(),
            CellDay.objects.count(), JusticeMonth.objects.count(),
            RegisterDistrict.objects.count())


def _year_period():
    today = timezone.localdate()
    return periods.parse(f"{(today - timedelta(days=364)).isoformat()}..{today.isoformat()}")


def test_quotas_keep_the_shares_at_any_scale_and_every_cell_gets_a_case():
    weights = [w for _d, _k, w, _f in CELLS]
    for total in (200, 400, 1500):  # a few more cases than cells
        counts = quotas(total, weights)
        assert sum(counts) == total and min(counts) >= 1
        punjab = sum(n for (code, *_rest), n in zip(CELLS, counts, strict=True)
                     if code.startswith("PB-"))
        assert 0.90 <= punjab / total <= 0.97


def test_the_year_tells_the_seeds_story_and_loading_twice_changes_nothing(capsys):
    call_command("load_demo", "--year-cases", str(SCALED))
    out = capsys.readouterr().out
    assert "[8/9] the committee's year" in out and "[9/9] oversight" in out

    cases = SurvivorCase.objects.select_related("cell__province")
    total = cases.count()
    assert total >= SCALED  # the year and the demo's own handful
    # Punjab about 95 % of cases; every province and territory has a cell with cases.
    punjab = cases.filter(cell__province__code="PB").count()
    assert 0.92 <= punjab / total <= 0.97
    assert set(cases.values_list("cell__province__code", flat=True)) == \
        set(Province.objects.values_list("code", flat=True))
    # About half the survivors at the Anti-Rape Crisis Cells are children; mostly
    # female, with some boys.
    arcc = cases.filter(cell__kind="crisis_cell")
    assert 0.35 <= arcc.filter(is_child=True).count() / arcc.count() <= 0.65
    assert cases.filter(sex="F").count() / total > 0.85
    assert cases.filter(sex="M", is_child=True).exists()
    # VAWC centres: domestic violence the largest category.
    vawc = cases.filter(cell__kind="vawc_centre", incident__isnull=False)
    assert vawc.filter(incident__kind="domestic_violence").count() / vawc.count() > 0.45
    # Clinical windows met and missed; consents given, refused and never asked.
    assert MedicalEntry.objects.filter(kind="pep", late_reason="").exists()
    assert MedicalEntry.objects.filter(kind="pep").exclude(late_reason="").exists()
    arrivals = [(c.arrived_at - c.incident_at).total_seconds() / 3600
                for c in cases.filter(incident_at__isnull=False)]
    assert any(h <= 72 for h in arrivals) and any(h > 72 for h in arrivals)
    stats = Consent.objects.filter(use="anonymous_statistics")
    assert stats.filter(is_given=True).exists() and stats.filter(is_given=False).exists()
    assert cases.exclude(consents__use="anonymous_statistics").exists()
    # Cases still open and closed.
    assert cases.filter(status="open").exists() and cases.filter(status="closed").exists()

    # The justice pipeline: every stage, some overdue, Punjab about 95 % of FIRs,
    # conviction under 4 % of reported cases (and some convictions), a few appeals.
    firs = JusticeCase.objects.select_related("district__province")
    stages = set(firs.values_list("stage", flat=True))
    assert {Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION, Stage.CHALLAN_SUBMITTED,
            Stage.IN_TRIAL, Stage.DECIDED, Stage.APPEAL} <= stages
    assert firs.filter(next_due_on__lt=timezone.localdate()).exists()
    assert 0.90 <= firs.filter(district__province__code="PB").count() / firs.count() <= 0.98
    convicted = Verdict.objects.filter(outcome="convicted").count()
    assert 0 < convicted / firs.count() < 0.04
    punjab_firs = firs.filter(district__province__code="PB").count()
    assert Verdict.objects.filter(outcome="convicted", case__district__province__code="PB"
                                  ).count() / punjab_firs < 0.04
    assert firs.filter(adjournments__gt=0).exists()
    # FIRs in districts that have no crisis cell at all.
    no_cell = firs.filter(district__code__in=["PB-OKR", "PB-KSR"])
    assert no_cell.exists()
    assert not Agency.objects.filter(kind__in=["crisis_cell", "vawc_centre"],
                                     district__code__in=["PB-OKR", "PB-KSR"]).exists()
    # A conviction leads to a register entry (through the register's services).
    assert Offender.objects.filter(convictions__case_number__startswith="YEAR-").exists()

    # Encrypted columns are encrypted at rest in the bulk rows too.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, cnic FROM crisis_cells_survivoridentity")
        rows = cursor.fetchall()
    assert len(rows) == total
    assert all(v.startswith("gAAAAA") for row in rows for v in row if v)
    assert verify_chain().ok

    # The oversight tables are filled and the year's totals are the source rows'.
    assert CellDay.objects.exists() and JusticeMonth.objects.exists()
    assert RegisterDistrict.objects.exists()
    tables = {t.name: t for t in indicators.build(indicators.Filters(period=_year_period()))}
    cell_total = tables["cell_care"].total.cells[0].shown
    assert cell_total == total
    small = [c.shown for row in tables["cases_by_age"].rows for c in row.cells]
    assert "<5" in small  # districts with a handful of cases

    # The analyst's page tells it (every province's districts, small counts as "<5").
    analyst = User.objects.get(username="committee.analyst")
    page = verified_client(Client(), analyst).get("/oversight/",
                                                  {"period": _year_period().label})
    assert page.status_code == 200
    html = page.content.decode()
    for district in ("Lahore", "Faisalabad", "Karachi South", "Peshawar", "Quetta",
                     "Gilgit", "Muzaffarabad", "Islamabad"):
        assert district in html
    assert "&lt;5" in html

    before = _counts()
    call_command("load_demo", "--year-cases", str(SCALED))
    assert _counts() == before


def test_a_negative_year_is_refused():
    with pytest.raises(CommandError, match="year-cases"):
        call_command("load_demo", "--year-cases", "-1")
