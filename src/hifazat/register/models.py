"""Register tables. An offender exists on the register only once an NPB registrar has
verified a prosecution proposal (maker–checker); every change keeps its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PpcSection(models.Model):
    """Pakistan Penal Code sections that put a convicted person on the register."""

    code = models.CharField(_("section"), max_length=16, unique=True)
    category = models.CharField(_("category"), max_length=32)
    title_en = models.CharField(max_length=200)
    title_ur = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"PPC {self.code}"


class Offender(models.Model):
    class Status(models.TextChoices):
        IN_CUSTODY = "in_custody", _("In custody")
        RELEASED_REPORTING = "released_reporting", _("Released, reporting")
        COMPLIANT = "compliant", _("Compliant")
        OVERDUE = "overdue", _("Overdue")
        ABSCONDED = "absconded", _("Absconded")
        ABROAD = "abroad", _("Abroad (notified)")
        DECEASED = "deceased", _("Deceased")
        REMOVED = "removed", _("Removed at end of period")

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")
        OTHER = "X", _("Other")

    register_number = models.CharField(_("register number"), max_length=20, unique=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    dob = models.DateField(_("date of birth"), null=True, blank=True)
    dob_precision = models.CharField(max_length=8, blank=True)  # day | year | jan1
    cnic = models.CharField(_("CNIC"), max_length=13, blank=True, db_index=True)
    father_name = models.CharField(_("father's name"), max_length=200)
    district = models.ForeignKey("places.District", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("responsible district"))
    status = models.CharField(_("status"), max_length=24, choices=Status.choices,
                              default=Status.IN_CUSTODY)
    physical_description = models.TextField(_("physical description"), blank=True)
    verified_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offender")

    def __str__(self) -> str:
        return self.register_number

    @property
    def primary_name(self) -> OffenderName | None:
        return self.names.filter(is_primary=True).first()


class OffenderName(models.Model):
    """A name the offender is known by: the primary one and aliases, in either script."""

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    is_primary = models.BooleanField(default=False)
    source = models.CharField(_("source"), max_length=100, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offender"], condition=models.Q(is_primary=True),
                                    name="register_one_primary_name"),
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.name, self.surname) if p)


class Conviction(models.Model):
    offender = models.ForeignKey(Offender, on_delete=models.PROTECT,
                                 related_name="convictions")
    court = models.ForeignKey("places.Facility", on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(_("case number"), max_length=64)
    sections = models.ManyToManyField(PpcSection, related_name="+")
    convicted_on = models.DateField(_("date of conviction"))
    sentence = models.CharField(_("sentence"), max_length=200)
    registration_years = models.PositiveSmallIntegerField(_("registration period (years)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "case_number"],
                                    name="register_one_conviction_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} ({self.convicted_on:%Y})"


class EntryProposal(models.Model):
    """A new entry or a correction proposed by prosecution or court staff. Nothing is
    registered until a different person, an NPB registrar, verifies it."""

    class Kind(models.TextChoices):
        NEW = "new", _("New entry")
        CORRECTION = "correction", _("Correction")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned to proposer")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NEW)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    payload = models.JSONField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    offender = models.ForeignKey(Offender, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="proposals")

    def __str__(self) -> str:
        return f"proposal {self.pk} ({self.state})"


class OffenderChange(models.Model):
    """History of every change to a register record: who, when, why, what."""

    offender = models.ForeignKey(Offender, on_delete=models.PROTECT, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500)
    change = models.JSONField()

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return f"{self.offender_id} {self.changed_at:%Y-%m-%d}"
