"""Keyed MAC on every audit event (audit/keys.py).

Existing events are MACed here with the newest key of HIFAZAT_AUDIT_KEYS, but only as
far as they verify as a hash chain: from the first event whose link or hash is broken
on, none gets a MAC, so ``audit_verify`` keeps naming that event instead of this
migration blessing a tampered tail. The MAC vouches for the past only from the moment
this migration runs (docs/security.md "Audit chain").
"""

from django.db import migrations, models


def mac_existing(apps, schema_editor):
    from hifazat.audit import keys
    from hifazat.audit.chain import event_hash, event_mac

    AuditEvent = apps.get_model("audit", "AuditEvent")
    if not AuditEvent.objects.exists():
        return
    key_id, key = keys.signing_key()
    is_pg = schema_editor.connection.vendor == "postgresql"
    if is_pg:  # the append-only trigger (0002) refuses UPDATE; the owner lifts it here
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER "
                              "audit_event_append_only")
    expected_prev, expected_seq = "0" * 64, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        values = {f.attname: getattr(event, f.attname)
                  for f in AuditEvent._meta.concrete_fields}
        if (event.seq != expected_seq or event.prev_hash != expected_prev
                or event_hash(values) != event.hash):
            break
        AuditEvent.objects.filter(pk=event.pk).update(
            key_id=key_id, mac=event_mac(event.hash, key_id=key_id, key=key))
        expected_prev, expected_seq = event.hash, expected_seq + 1
    if is_pg:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER "
                              "audit_event_append_only")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_actor_time_index")]
    operations = [
        migrations.AddField(
            model_name="auditevent", name="key_id",
            field=models.CharField(blank=True, default="", editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="auditevent", name="mac",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(mac_existing, migrations.RunPython.noop),
    ]
