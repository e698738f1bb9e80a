"""Recompute every stored person's comparison forms and blocking keys after issue 15:
titles taken off into their own field, repeated words collapsed, Arabic-keyboard Urdu
folded, and the keys that survive typos (CNIC deletion neighbourhood instead of the two
CNIC halves, given-name letters in any order, given+father+district, the father's name
without a trailing family name, surname+father on pairs of years)."""

from django.db import migrations


def reindex(apps, schema_editor):
    from hifazat.identity.services import reindex as reindex_store

    reindex_store(record_model=apps.get_model("identity", "IdentityRecord"),
                  key_model=apps.get_model("identity", "BlockingKey"))


class Migration(migrations.Migration):

    dependencies = [("identity", "0002_reindex_search_keys")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
