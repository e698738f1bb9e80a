"""Reference list of PPC sections (data/ppc_sections.json), loaded with the schema."""

import json
from pathlib import Path

from django.db import migrations


def load(apps, schema_editor):
    PpcSection = apps.get_model("register", "PpcSection")
    data = json.loads((Path(__file__).resolve().parents[1] / "data" / "ppc_sections.json")
                      .read_text(encoding="utf-8"))
    for row in data["sections"]:
        PpcSection.objects.update_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
