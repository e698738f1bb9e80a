from django.db import migrations, models

# Police stations, SSOIUs and crisis cells work nights (accounts.models.AROUND_THE_CLOCK_KINDS,
# spelled out here: a migration does not import the code it may outlive).
AROUND_THE_CLOCK_KINDS = ("police_station", "ssoiu", "crisis_cell")


def by_kind(apps, schema_editor):
    Agency = apps.get_model("accounts", "Agency")
    Agency.objects.filter(kind__in=AROUND_THE_CLOCK_KINDS).update(works_around_the_clock=True)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_four_eyes_grants_and_activation"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="works_around_the_clock",
            field=models.BooleanField(default=False, verbose_name="works around the clock"),
        ),
        migrations.RunPython(by_kind, migrations.RunPython.noop),
    ]
