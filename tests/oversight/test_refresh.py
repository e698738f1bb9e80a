"""The aggregate tables, filled by ``services.refresh`` from cases made through the
apps' services: every case counted (consent is its own indicator), incremental refresh
recomputes only the touched buckets, justice and register figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hifazat.oversight import indicators, periods, services
from hifazat.oversight.models import CellDay, JusticeMonth, RefreshRun, RegisterDistrict
from tests.justice.helpers import charged, new_case, suspect_of, to_trial
from tests.oversight.conftest import open_case

pytestmark = pytest.mark.django_db


def _tables(**filters):
    data = {"period": str(timezone.localdate().year), **filters}
    return {t.name: t for t in indicators.build(indicators.parse_filters(data))}


def _col(table, slug, row="TOTAL"):
    idx = [s for s, _l in table.columns].index(slug)
    rows = [table.total] if row == "TOTAL" else [r for r in table.rows if r.code == row]
    return rows[0].cells[idx].shown


def test_every_case_is_counted_and_consent_is_its_own_indicator(world):
    for i in range(7):
        open_case(world, consent=i < 5, pep=i < 6)
    run = services.refresh()
    assert run.status == RefreshRun.Status.DONE and run.days_processed == 1
    care = _tables()["cell_care"]
    assert _col(care, "cases", "PB-LHR") == 7  # not only the five who consented
    assert _col(care, "consenting", "PB-LHR") == 5
    assert _col(care, "consent_pct", "PB-LHR") == pytest.approx(71.4)
    assert _col(care, "within_72h", "PB-LHR") == 7
    assert _col(care, "pep_in_window", "PB-LHR") == 6
    assert sum(CellDay.objects.values_list("cases", flat=True)) == 7


def test_small_counts_are_suppressed_on_every_table(world):
    for _ in range(6):
        open_case(world)
    for _ in range(2):
        open_case(world, kind="domestic_violence")
    services.refresh()
    tables = _tables()
    by_type = tables["cases_by_type"]
    assert _col(by_type, "physical_assault", "PB-LHR") == "<5"
    # Its row has a partner hidden, so 8 - 6 cannot be worked out.
    row = next(r for r in by_type.rows if r.code == "PB-LHR")
    assert "x" in [c.shown for c in row.cells] or row.cells[-1].shown in ("x", "<5")
    # No table carries text from a case.
    published = [c.shown for t in tables.values() for r in [*t.rows, t.total] for c in r.cells]
    assert all(isinstance(v, int | float) or v in ("<5", "x", "—") for v in published)


def test_incremental_refresh_recomputes_only_the_touched_buckets(world, monkeypatch):
    for days_ago in (40, 20, 10, 3):
        for _ in range(5):
            open_case(world, arrived_days_ago=days_ago)
    first = services.refresh()
    assert first.days_processed == 4
    recomputed = []
    real = services._recompute_day
    monkeypatch.setattr(services, "_recompute_day",
                        lambda day, district: (recomputed.append((day, district)),
                                               real(day, district)))
    assert services.refresh().days_processed == 0  # nothing changed
    open_case(world)  # one new case today
    run = services.refresh()
    assert run.days_processed == 1 and len(recomputed) == 1
    assert recomputed[0][0] == timezone.localdate()
    assert sum(CellDay.objects.values_list("cases", flat=True)) == 21
    # A full rebuild touches every bucket and gives the same figures.
    full = services.refresh(full=True)
    assert full.kind == RefreshRun.Kind.FULL and full.days_processed == 5
    assert sum(CellDay.objects.values_list("cases", flat=True)) == 21


def test_justice_and_register_figures(world, people):
    from hifazat.justice import services as justice
    from hifazat.register import services as register

    lhr = world["lhr"]
    cases = [new_case(lhr, suspects=[suspect_of(people.offender())]) for _ in range(6)]
    proposals = []
    for case in cases[:5]:
        case = charged(lhr, to_trial(lhr, case))
        suspect = case.fir.suspects.get()
        _verdict, made = justice.record_verdict(
            user=lhr["clerk"], case=case, outcome="convicted",
            decided_on=timezone.localdate(),
            sentences=[{"suspect": suspect.pk, "sections": ["376"], "sentence": "Ten years"}])
        proposals.extend(made)
    for proposal in proposals:
        register.verify_entry(proposal=proposal, verifier=world["registrar"])
    services.refresh()
    assert JusticeMonth.objects.get().firs == 6
    tables = _tables()
    jt = tables["justice"]
    assert _col(jt, "firs", "PB-LHR") == 6
    assert _col(jt, "convicted", "PB-LHR") == 5
    assert _col(jt, "decided_in_time", "PB-LHR") == 5
    assert _col(jt, "conviction_rate_decided", "PB-LHR") == 100.0
    assert _col(jt, "conviction_rate_reported", "PB-LHR") == pytest.approx(83.3)
    assert RegisterDistrict.objects.get().size == 5
    assert _col(tables["register"], "size", "PB-LHR") == 5
    assert _col(tables["register"], "median_days_to_entry", "PB-LHR") == 0


def test_a_new_verdict_recomputes_only_its_fir_month(world, people):
    lhr = world["lhr"]
    old = new_case(lhr, days_ago=70)
    new_case(lhr)
    services.refresh()
    to_trial(lhr, old)
    run = services.refresh()
    assert run.months_processed == 1


def test_province_filter_and_periods(world):
    open_case(world)
    open_case(world, doctor=world["khi_doctor"])
    services.refresh()
    punjab = _tables(province="PB")["cell_care"]
    assert [r.code for r in punjab.rows] == ["PB-LHR"]
    national = _tables()["cell_care"]
    assert {r.code for r in national.rows} == {"PB-LHR", "SD-KHS"}
    last_year = periods.parse(str(timezone.localdate().year - 1)) \
        if timezone.localdate().year > 2021 else None
    if last_year:
        assert indicators.build(indicators.Filters(period=last_year))[0].rows == []


def test_on_demand_refresh_records_its_progress(world, django_capture_on_commit_callbacks):
    open_case(world)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.request_refresh()
    assert run.status == RefreshRun.Status.QUEUED
    services.refresh(run=run)
    run.refresh_from_db()
    assert run.status == RefreshRun.Status.DONE and run.days_processed == 1
    assert run.finished_at >= run.started_at
    assert services.last_run() == run
    assert timedelta(0) <= run.finished_at - run.started_at


def test_conviction_rates_by_province(world, people):
    from hifazat.justice import services as justice

    for chain, n, outcome in ((world["lhr"], 6, "convicted"), (world["mul"], 5, "acquitted")):
        for i in range(n):
            case = new_case(chain, suspects=[suspect_of(people.offender(),
                                                        district=chain["district"].code)])
            if i < 5:
                case = charged(chain, to_trial(chain, case))
                suspect = case.fir.suspects.get()
                justice.record_verdict(
                    user=chain["clerk"], case=case,
                    outcome=outcome, decided_on=timezone.localdate(),
                    sentences=[{"suspect": suspect.pk, "sections": ["376"],
                                "sentence": "Ten years"}] if outcome == "convicted" else [])
    services.refresh()
    table = _tables()["justice_by_province"]
    assert [r.code for r in table.rows] == ["PB"]
    assert _col(table, "firs", "PB") == 11 and _col(table, "decided", "PB") == 10
    assert _col(table, "convicted", "PB") == 5 and _col(table, "acquitted", "PB") == 5
    assert _col(table, "conviction_rate_decided", "PB") == 50.0
    assert _col(table, "conviction_rate_reported", "PB") == pytest.approx(45.5)
    districts = _tables()["justice"]
    assert _col(districts, "conviction_rate_decided", "PB-LHR") == 100.0
    assert _col(districts, "conviction_rate_decided", "PB-MUL") == 0.0


def test_a_small_outcome_hides_its_partner(world, people):
    """Two acquittals of ten decided: "<5", and the convictions hidden with them (else
    10 - 8 gives them away)."""
    from hifazat.oversight import suppression

    values = {("j", "convicted", 1): 8, ("j", "acquitted", 1): 2, ("j", "decided", 1): 10}
    kinds = suppression.suppress(values, [suppression.line(
        [("j", "convicted", 1), ("j", "acquitted", 1)], ("j", "decided", 1))])
    assert kinds == {("j", "acquitted", 1): "primary", ("j", "convicted", 1): "secondary"}


def test_a_back_dated_consent_is_picked_up(world):
    from hifazat.crisis_cells import services as cells

    case = open_case(world, arrived_days_ago=5)
    for _ in range(5):
        open_case(world, arrived_days_ago=5)
    services.refresh()
    cells.record_consent(user=world["doctor"], case=case, use="anonymous_statistics",
                         is_given=True, given_by="survivor",
                         decided_at=case.arrived_at + timedelta(minutes=5))
    assert services.refresh().days_processed == 1
    assert sum(CellDay.objects.values_list("consenting", flat=True)) == 1


def test_an_interim_report_and_a_charge_reach_the_justice_figures(world):
    from hifazat.justice import services as justice

    lhr = world["lhr"]
    cases = [new_case(lhr, days_ago=3) for _ in range(5)]
    services.refresh()
    for case in cases:
        justice.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
        justice.submit_report(user=lhr["io"], case=case, kind="interim",
                              submitted_on=timezone.localdate())
    services.refresh()
    assert JusticeMonth.objects.get().reports_in_time == 5
    for case in cases:
        charged(lhr, to_trial(lhr, case))
    services.refresh()
    assert JusticeMonth.objects.get().trials == 5


def _snapshot():
    cell_fields = [f.name for f in CellDay._meta.concrete_fields if f.name != "id"]
    month_fields = [f.name for f in JusticeMonth._meta.concrete_fields if f.name != "id"]
    return (sorted(tuple(str(v) for v in r) for r in CellDay.objects.values_list(*cell_fields)),
            sorted(tuple(str(v) for v in r) for r in
                   JusticeMonth.objects.values_list(*month_fields)))


def test_a_full_rebuild_equals_the_bucket_by_bucket_results(world, people):
    """The full rebuild reads the history a district-year at a time; recomputing every
    bucket on its own (the incremental path) must give exactly the same rows."""
    from hifazat.crisis_cells import selectors as cell_selectors
    from hifazat.crisis_cells import services as cells
    from hifazat.justice import selectors as justice_selectors
    from hifazat.justice import services as justice
    from tests.justice.helpers import _numbers

    lhr, mul = world["lhr"], world["mul"]
    # Cases on many days (one a year back, across a year chunk), both cells, every kind
    # of survivor, consent, PEP, late arrival.
    for i, (days_ago, kind, age, sex) in enumerate([
            (0, "rape", 24, "F"), (0, "rape", 15, "F"), (1, "domestic_violence", 30, "F"),
            (1, "sexual_assault", 12, "M"), (40, "harassment", 40, "X"), (40, "rape", 19, "F"),
            (400, "gang_rape", 22, "F"), (400, "cyber_harassment", 17, "F"),
            (3, "other", 50, "M")]):
        open_case(world, kind=kind, age=age, sex=sex, consent=i % 2 == 0, pep=i % 3 == 0,
                  arrived_days_ago=days_ago, hours_after_incident=100 if i % 4 == 1 else 10)
        open_case(world, doctor=world["khi_doctor"], kind=kind, age=age, sex=sex,
                  arrived_days_ago=days_ago, consent=i % 3 == 0)
    # Referrals from the Lahore cell, most with an FIR (arrival-to-FIR hours, FIRs).
    for days_ago in (0, 1, 40, 400):
        case = open_case(world, arrived_days_ago=days_ago)
        cells.record_consent(user=world["doctor"], case=case, use="police_report",
                             is_given=True, given_by="survivor")
        referral = cells.refer_for_fir(user=world["legal"], case=case,
                                       police_station=lhr["station"])
        if days_ago:
            justice.register_fir(user=lhr["police"], station=lhr["station"],
                                 number=str(next(_numbers)), registered_at=timezone.now(),
                                 sections=["376"], referral=referral)
    # Justice cases over several FIR months and both districts, at every stage.
    for chain, days_ago in ((lhr, 0), (lhr, 70), (lhr, 400), (mul, 70), (mul, 5)):
        for step in range(4):
            case = new_case(chain, days_ago=days_ago,
                            suspects=[suspect_of(people.offender(),
                                                 district=chain["district"].code)])
            if step >= 1:
                justice.assign_investigation(user=chain["io"], case=case, officer=chain["io"])
                justice.submit_report(user=chain["io"], case=case, kind="interim",
                                      submitted_on=timezone.localdate())
            if step >= 2:
                case = charged(chain, to_trial(chain, case))
            if step >= 3:
                justice.record_verdict(
                    user=chain["clerk"], case=case, outcome="acquitted",
                    decided_on=timezone.localdate(), sentences=[])

    services.refresh(full=True)
    full = _snapshot()
    assert len(full[0]) >= 15 and len(full[1]) >= 5
    CellDay.objects.all().delete()
    JusticeMonth.objects.all().delete()
    for day, district in cell_selectors.oversight_all_buckets():
        services._recompute_day(day, district)
    for month, district in justice_selectors.oversight_all_buckets():
        services._recompute_month(month, district)
    assert _snapshot() == full
    assert sum(CellDay.objects.values_list("firs", flat=True)) == 3


def test_a_publication_is_kept_until_the_next_refresh(world, django_assert_max_num_queries):
    """Suppressing a national year costs seconds, so a publication is cached under the
    aggregate tables' marks: the same view again costs only the marks, a refresh that
    changes the figures is seen at once, and the cached copy holds no suppressed count's
    raw value."""
    for _ in range(6):
        open_case(world)
    for _ in range(2):
        open_case(world, kind="domestic_violence")
    services.refresh()
    assert _col(_tables()["cell_care"], "cases", "PB-LHR") == 8
    with django_assert_max_num_queries(4):  # the four marks, nothing else
        tables = _tables()
    assert _col(tables["cell_care"], "cases", "PB-LHR") == 8
    hidden = [c for t in tables.values() for r in [*t.rows, t.total] for c in r.cells
              if c.kind is not None]
    assert hidden and all(c.value is None for c in hidden)
    assert {c.shown for c in hidden} <= {"<5", "x"}
    open_case(world)
    services.refresh()
    assert _col(_tables()["cell_care"], "cases", "PB-LHR") == 9
    # Another reach is another publication.
    from hifazat.oversight.policy import analyst_provinces

    filters = indicators.parse_filters({"period": str(timezone.localdate().year)})
    assert indicators.publication_key(filters) != indicators.publication_key(
        filters, reach=analyst_provinces(world["punjab"]))


def test_a_publication_is_kept_per_language(world):
    """District names are part of a publication: an Urdu view after an English one shows
    Urdu names, not the cached English ones."""
    from django.utils import translation

    for _ in range(6):
        open_case(world)
    services.refresh()
    with translation.override("en"):
        english = next(r.label for r in _tables()["cell_care"].rows if r.code == "PB-LHR")
    with translation.override("ur"):
        urdu = next(r.label for r in _tables()["cell_care"].rows if r.code == "PB-LHR")
    assert english == "Lahore" and urdu != english and urdu.strip()
