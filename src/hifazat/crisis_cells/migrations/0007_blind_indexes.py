"""Keyed blind indexes of the survivor's and the guardian's CNIC and phone (issue 15,
item 5), and the indexes of the rows stored before: each row's CNIC and phone are
decrypted in batches and indexed under the newest HIFAZAT_BLIND_INDEX_KEYS key
(``core.blind_index.reindex_model``). Reversing drops the columns."""

from django.db import migrations

import hifazat.core.blind_index
from hifazat.core import blind_index


def index_existing_rows(apps, schema_editor):
    for name in ("SurvivorIdentity", "Guardian"):
        blind_index.reindex_model(apps.get_model("crisis_cells", name))


class Migration(migrations.Migration):

    dependencies = [
        ("crisis_cells", "0006_dutyshift"),
    ]

    operations = [
        migrations.AddField(
            model_name="guardian",
            name="cnic_bidx",
            field=hifazat.core.blind_index.BlindIndexField(kind="cnic", source="cnic"),
        ),
        migrations.AddField(
            model_name="guardian",
            name="phone_bidx",
            field=hifazat.core.blind_index.BlindIndexField(kind="phone", source="phone"),
        ),
        migrations.AddField(
            model_name="survivoridentity",
            name="cnic_bidx",
            field=hifazat.core.blind_index.BlindIndexField(kind="cnic", source="cnic"),
        ),
        migrations.AddField(
            model_name="survivoridentity",
            name="phone_bidx",
            field=hifazat.core.blind_index.BlindIndexField(kind="phone", source="phone"),
        ),
        migrations.RunPython(index_existing_rows, migrations.RunPython.noop),
    ]
