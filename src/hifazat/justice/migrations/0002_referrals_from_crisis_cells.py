"""The cell's FIR referrals move into justice with their data: each row keeps its id (so
notices that name it still point at it), its case and code, and its FIR number and
date. Referrals whose FIR the cell had recorded by hand stay as answered referrals
(no FIR record is invented for them). Reversible: the rows go back."""

from django.core.management.color import no_style
from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("crisis_cells", "FirReferral")
    New = apps.get_model("justice", "FirReferral")
    rows = [New(pk=r.pk, survivor_case_id=r.case_id, case_code=r.case.code,
                cell_id=r.case.cell_id, police_station_id=r.police_station_id,
                referred_at=r.referred_at, referred_by_id=r.referred_by_id,
                notice_id=r.notice_id, status=r.status, fir_number=r.fir_number,
                fir_date=r.fir_date, fir_recorded_at=r.fir_recorded_at)
            for r in Old.objects.select_related("case").order_by("pk")]
    New.objects.bulk_create(rows, batch_size=500)
    _reset_sequence(schema_editor, New)


def backward(apps, schema_editor):
    Old = apps.get_model("crisis_cells", "FirReferral")
    New = apps.get_model("justice", "FirReferral")
    Old.objects.bulk_create([
        Old(pk=r.pk, case_id=r.survivor_case_id, police_station_id=r.police_station_id,
            referred_at=r.referred_at, referred_by_id=r.referred_by_id,
            notice_id=r.notice_id, status=r.status, fir_number=r.fir_number,
            fir_date=r.fir_date, fir_recorded_at=r.fir_recorded_at)
        for r in New.objects.order_by("pk")], batch_size=500)
    New.objects.all().delete()
    _reset_sequence(schema_editor, Old)


def _reset_sequence(schema_editor, model):
    """Copied ids: on PostgreSQL the id sequence must move past them."""
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("justice", "0001_initial"),
        ("crisis_cells", "0004_encrypt_existing_rows_and_files"),
    ]

    operations = [migrations.RunPython(forward, backward)]
