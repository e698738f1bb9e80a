"""The indexed store that online candidate search reads: one row per person record held
by another app (an offender on the register, a suspect in a case), and its blocking keys
as 64-bit hashes (small, fast indexes on SQLite and PostgreSQL)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentityRecord(models.Model):
    """A person as written in one source record. Names are kept as written (either
    script); comparison forms are computed when scored."""

    source = models.CharField(_("source"), max_length=32)  # e.g. "register.offender"
    source_id = models.CharField(_("source id"), max_length=64)
    given = models.CharField(_("name"), max_length=200, blank=True)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    father = models.CharField(_("father's name"), max_length=200, blank=True)
    dob = models.CharField(_("date of birth"), max_length=10, blank=True)  # ISO or YYYY
    cnic = models.CharField(_("CNIC"), max_length=13, blank=True)
    district = models.CharField(_("district"), max_length=16, blank=True)
    # Comparison forms, computed once when indexed so that search does not normalise
    # hundreds of stored names per query (see identity.normalize).
    given_canon = models.CharField(max_length=200, blank=True)
    given_key = models.CharField(max_length=200, blank=True)
    surname_canon = models.CharField(max_length=100, blank=True)
    surname_key = models.CharField(max_length=100, blank=True)
    father_canon = models.CharField(max_length=200, blank=True)
    father_key = models.CharField(max_length=200, blank=True)
    scripts = models.CharField(max_length=3, blank=True)  # given/surname/father: l, u, -
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity record")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="identity_source_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"

    def as_row(self) -> dict:
        return {"id": str(self.pk), "given": self.given, "surname": self.surname,
                "father": self.father, "dob": self.dob, "cnic": self.cnic,
                "district": self.district}


class BlockingKey(models.Model):
    record = models.ForeignKey(IdentityRecord, on_delete=models.CASCADE, related_name="keys",
                               db_index=False)
    key_hash = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["key_hash", "record"], name="identity_key_hash"),
            models.Index(fields=["record"], name="identity_key_record"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}:{self.key_hash}"


class TrainedModel(models.Model):
    """Fitted m/u probabilities and term frequencies, kept so online search scores the
    same way as the last training run."""

    name = models.CharField(max_length=40, unique=True, default="default")
    params = models.TextField()
    trained_at = models.DateTimeField(auto_now=True)
    record_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} ({self.trained_at:%Y-%m-%d})"
