"""The oversight app's own aggregate tables (and nothing else): counts per bucket, no
person, no code, no free text. Written only by ``services.refresh``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hifazat.oversight.errors import RoundIsHistory


class RefreshRun(models.Model):
    class Kind(models.TextChoices):
        INCREMENTAL = "incremental", _("Incremental")
        FULL = "full", _("Full rebuild")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.QUEUED)
    queued_at = models.DateTimeField(_("queued at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The watermark: changes at or after this instant were looked for.
    since = models.DateTimeField(null=True, blank=True)
    # The newest consent id seen when the run started (consents may be back-dated).
    consent_mark = models.BigIntegerField(default=0)
    report_mark = models.BigIntegerField(default=0)  # the same for police reports
    days_to_process = models.PositiveIntegerField(_("day buckets to process"), default=0)
    days_processed = models.PositiveIntegerField(_("day buckets processed"), default=0)
    months_processed = models.PositiveIntegerField(_("month buckets processed"), default=0)
    error = models.CharField(_("error"), max_length=80, blank=True)  # exception class only

    class Meta:
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} {self.queued_at:%Y-%m-%d %H:%M}"


class CellDay(models.Model):
    """Crisis-cell cases that arrived on ``day`` at a cell of ``district``."""

    day = models.DateField()
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    incident_type = models.CharField(max_length=24, blank=True)  # crisis-cell IncidentType
    gbv_type = models.CharField(max_length=24)  # GBVIMS classification (gbvims.py)
    age_group = models.CharField(max_length=6)  # child | adult
    sex = models.CharField(max_length=1)
    cases = models.PositiveIntegerField(default=0)
    within_72h = models.PositiveIntegerField(default=0)
    pep_in_window = models.PositiveIntegerField(default=0)
    ec_in_window = models.PositiveIntegerField(default=0)
    with_fir = models.PositiveIntegerField(default=0)
    firs = models.PositiveIntegerField(default=0)
    consenting = models.PositiveIntegerField(default=0)
    # Whole hours from arrival to FIR, one number per case with an FIR (for percentiles).
    fir_hours = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["day", "district", "incident_type", "age_group", "sex"],
            name="oversight_one_cellday_bucket")]
        indexes = [models.Index(fields=["district", "day"]),
                   models.Index(fields=["province", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.district_id} {self.incident_type}: {self.cases}"


class JusticeMonth(models.Model):
    """Justice cases whose FIR was registered in ``month`` (first day) in ``district``."""

    month = models.DateField()
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    firs = models.PositiveIntegerField(default=0)
    reports_in_time = models.PositiveIntegerField(default=0)  # interim report ≤ CHALLAN days
    investigations_done = models.PositiveIntegerField(default=0)
    investigations_in_time = models.PositiveIntegerField(default=0)
    challans_accepted = models.PositiveIntegerField(default=0)
    trials = models.PositiveIntegerField(default=0)  # charge framed
    decided = models.PositiveIntegerField(default=0)
    decided_in_time = models.PositiveIntegerField(default=0)
    adjournments = models.PositiveIntegerField(default=0)
    convicted = models.PositiveIntegerField(default=0)
    acquitted = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "district"],
                                               name="oversight_one_justice_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.district_id}: {self.firs}"


class RegisterDistrict(models.Model):
    """The register today, per responsible district (a snapshot, refreshed whole)."""

    district = models.OneToOneField("places.District", on_delete=models.PROTECT,
                                    related_name="+")
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    size = models.PositiveIntegerField(default=0)
    compliant = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    absconded = models.PositiveIntegerField(default=0)
    days_to_entry = models.JSONField(default=list)  # conviction → verified entry, per offender
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.district_id}: {self.size}"


# --- crisis-cell stocktake ----------------------------------------------------------------

class StocktakeRound(models.Model):
    """One round of the crisis-cell stocktake for a period: taken once, never changed
    (its district rows are its history). Taking the same period again makes a new
    round; both are kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        TAKEN = "taken", _("Taken")
        FAILED = "failed", _("Failed")

    label = models.CharField(_("period"), max_length=32)  # periods.Period.label
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The last day counted: the period's end, or the day the round was taken if earlier.
    counted_until = models.DateField(_("counted until"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued at"))
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    taken_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.QUEUED)
    error = models.CharField(_("error"), max_length=80, blank=True)  # exception class only

    class Meta:
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.status} {self.queued_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # A taken round is history: refused, like the audit log's rows.
        if self.pk and StocktakeRound.objects.filter(pk=self.pk,
                                                     status=self.Status.TAKEN).exists():
            raise RoundIsHistory
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RoundIsHistory


class StocktakeDistrict(models.Model):
    """One district in one round: counts and flags only — no person, no user id, no
    free text (a facility's name is an institution's, from the reference data)."""

    round = models.ForeignKey(StocktakeRound, on_delete=models.PROTECT,
                              related_name="districts")
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT, related_name="+")
    cells = models.PositiveIntegerField(_("cells operating"), default=0)
    facility_en = models.CharField(max_length=600, blank=True)  # "; " between cells
    facility_ur = models.CharField(max_length=600, blank=True)
    is_open_24_7 = models.BooleanField(_("open 24/7"), default=False)
    cases = models.PositiveIntegerField(_("cases in the period"), default=0)
    # {role: [total, trained]}: staff holding the role, and of them those with an
    # in-date certificate of the role's course (oversight.stocktake.ROLE_COURSES).
    staff = models.JSONField(default=dict)
    shifts = models.PositiveIntegerField(_("shifts in the period"), default=0)
    shifts_unstaffed = models.PositiveIntegerField(_("shifts with nobody on call"), default=0)
    shifts_without_wmlo = models.PositiveIntegerField(
        _("shifts without a trained woman medico-legal officer"), default=0)
    no_cell = models.BooleanField(_("no cell"), default=False)
    wmlo_gaps = models.BooleanField(_("shifts without a trained woman MLO"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "district"],
                                               name="oversight_one_stocktake_district")]
        indexes = [models.Index(fields=["round", "province"])]

    def __str__(self) -> str:
        return f"{self.round_id} {self.district_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RoundIsHistory
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RoundIsHistory
