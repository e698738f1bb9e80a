"""Index every stored person under the new narrowing search keys
(``blocking.SEARCH_RULES``: given+year+district, father+year)."""

from django.db import migrations


def reindex(apps, schema_editor):
    from hifazat.identity.services import reindex as reindex_store

    reindex_store(record_model=apps.get_model("identity", "IdentityRecord"),
                  key_model=apps.get_model("identity", "BlockingKey"))


class Migration(migrations.Migration):

    dependencies = [("identity", "0001_initial")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
