"""Four-eyes role grants (status, approver, first use) and activation links.
Rows revoked before this migration get the status ``revoked``."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _mark_revoked(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    RoleAssignment.objects.filter(revoked_at__isnull=False).update(status="revoked")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='roleassignment',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='roleassignment',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='roleassignment',
            name='first_used_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='roleassignment',
            name='status',
            field=models.CharField(choices=[('pending', 'Awaiting a second administrator'), ('approved', 'In force'), ('refused', 'Refused'), ('withdrawn', 'Withdrawn'), ('revoked', 'Revoked')], default='approved', max_length=16, verbose_name='status'),
        ),
        migrations.AddField(
            model_name='user',
            name='activation_digest',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.AddField(
            model_name='user',
            name='activation_issued_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(_mark_revoked, migrations.RunPython.noop),
    ]
