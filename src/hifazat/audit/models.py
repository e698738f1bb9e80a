"""The audit event table: append-only, each row chained to the previous by SHA-256 and
MACed with a key held outside the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hifazat.audit.errors import AuditImmutable
from hifazat.audit.purposes import Purpose

GENESIS_HASH = "0" * 64


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable

    def delete(self):
        raise AuditImmutable

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditImmutable


class AuditEvent(models.Model):
    """One thing that happened. Never updated, never deleted.

    ``seq`` is gap-free and unique, ``prev_hash`` is unique: two writers that read the
    same chain head cannot both commit, so the chain cannot fork even without the lock.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(editable=False, db_index=True)
    actor_id = models.BigIntegerField(null=True, editable=False, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True, editable=False)
    agency_code = models.CharField(max_length=40, blank=True, editable=False)
    role = models.CharField(max_length=32, blank=True, editable=False)
    action = models.CharField(max_length=64, editable=False, db_index=True)
    object_type = models.CharField(max_length=64, blank=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    purpose = models.CharField(max_length=32, blank=True, choices=Purpose.choices, editable=False)
    reason = models.CharField(max_length=500, blank=True, editable=False)
    case_reference = models.CharField(max_length=100, blank=True, editable=False)
    details = models.JSONField(default=dict, blank=True, editable=False)
    request_id = models.CharField(max_length=64, blank=True, editable=False)
    ip_address = models.CharField(max_length=45, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, unique=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    # HMAC-SHA256 of ``hash`` under the audit key named ``key_id`` (audit/keys.py):
    # without the key, a rewritten or forged event cannot carry a valid one.
    key_id = models.CharField(max_length=32, blank=True, default="", editable=False)
    mac = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # One user's events in a time window (the register's "many searches in a
            # short time" flag; a supervisor reading one account's trail).
            models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor_username or '-'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutable
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable
