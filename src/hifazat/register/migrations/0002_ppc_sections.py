"""Reference list of PPC sections (data/ppc_sections.json), loaded with the schema."""

from django.db import migrations


def load(apps, schema_editor):
    from hifazat.register.services import load_ppc_sections

    load_ppc_sections(apps.get_model("register", "PpcSection"))


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
