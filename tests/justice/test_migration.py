"""The cell's FIR referrals move into justice with their data (justice 0002): each row
keeps its id, case, station, dates and FIR number; the way back restores them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("crisis_cells", "0004_encrypt_existing_rows_and_files"),
          ("justice", "0001_initial")]
AFTER = [("crisis_cells", "0005_firreferral_moved_to_justice"),
         ("justice", "0002_referrals_from_crisis_cells")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_referrals_move_with_their_rows_and_back():
    apps = _migrate(BEFORE)
    Province = apps.get_model("places", "Province")
    District = apps.get_model("places", "District")
    Facility = apps.get_model("places", "Facility")
    Agency = apps.get_model("accounts", "Agency")
    User = apps.get_model("accounts", "User")
    Case = apps.get_model("crisis_cells", "SurvivorCase")
    Old = apps.get_model("crisis_cells", "FirReferral")
    pb = Province.objects.create(code="PB", name_en="Punjab", name_ur="پنجاب",
                                 kind="province")
    lhr = District.objects.create(code="PB-LHR", name_en="Lahore", name_ur="لاہور",
                                  province=pb)
    hosp = Facility.objects.create(code="H", kind="hospital", name_en="H", name_ur="H",
                                   district=lhr)
    ps = Facility.objects.create(code="PS", kind="police_station", name_en="PS",
                                 name_ur="PS", district=lhr)
    cell = Agency.objects.create(code="CELL", kind="crisis_cell", name_en="Cell",
                                 name_ur="سیل", facility=hosp, district=lhr, province=pb)
    user = User.objects.create(username="doc", agency=cell)
    now = timezone.now()
    case = Case.objects.create(code="ARCC-H-2026-000001", cell=cell, arrived_at=now,
                               arrival_route="walk_in", sex="F", created_by=user)
    answered = Old.objects.create(case=case, police_station=ps, referred_at=now,
                                  referred_by=user, status="fir_registered",
                                  fir_number="12/26", fir_date=now.date(), notice_id="7")
    waiting = Old.objects.create(case=case, police_station=ps, referred_at=now,
                                 referred_by=user)

    apps = _migrate(AFTER)
    New = apps.get_model("justice", "FirReferral")
    rows = {r.pk: r for r in New.objects.all()}
    assert set(rows) == {answered.pk, waiting.pk}
    moved = rows[answered.pk]
    assert (moved.survivor_case_id, moved.case_code, moved.cell_id) == (
        case.pk, case.code, cell.pk)
    assert (moved.status, moved.fir_number, moved.notice_id) == ("fir_registered", "12/26",
                                                                  "7")
    assert rows[waiting.pk].status == "referred"
    # New rows take ids after the copied ones (the sequence moved on PostgreSQL).
    later = New.objects.create(survivor_case_id=case.pk, case_code=case.code, cell_id=cell.pk,
                               police_station_id=ps.pk, referred_at=now, referred_by_id=user.pk)
    assert later.pk > waiting.pk
    later.delete()

    apps = _migrate(BEFORE)
    Old = apps.get_model("crisis_cells", "FirReferral")
    assert set(Old.objects.values_list("pk", "fir_number")) == {(answered.pk, "12/26"),
                                                                (waiting.pk, "")}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the schema as the suite expects
