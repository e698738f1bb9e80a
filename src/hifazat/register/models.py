"""Register tables. An offender exists on the register only once an NPB registrar has
verified a prosecution proposal (maker–checker); every change keeps its history."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Files under settings.REGISTER_PRIVATE_FILES_DIR/register (read at each use), outside
    every static or media URL: served only by the audited, permission-checked view."""

    @property
    def base_location(self):
        return Path(settings.REGISTER_PRIVATE_FILES_DIR) / "register"

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("register files have no public URL")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def _photo_path(instance, filename: str) -> str:
    # A random name: nothing about the offender is guessable from the file name.
    return f"photos/{uuid.uuid4().hex}.jpg"


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
    photo = models.FileField(_("photograph"), storage=private_storage, upload_to=_photo_path,
                             blank=True, max_length=200)
    photo_taken_on = models.DateField(null=True, blank=True)
    # The latest end of the registration periods of the convictions (convicted_on +
    # period); extended by a registrar's removal review. Null: no period yet.
    registration_ends = models.DateField(_("registration ends"), null=True, blank=True,
                                         db_index=True)
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

    class Script(models.TextChoices):
        LATIN = "latin", _("Latin script")
        URDU = "urdu", _("Urdu script")

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    is_primary = models.BooleanField(default=False)
    script = models.CharField(_("script"), max_length=8, choices=Script.choices,
                              default=Script.LATIN)
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
    # The justice pipeline's verdict this conviction comes from, once that app exists:
    # null means "no verdict linked" (the brief asks for a nullable reference).
    verdict_reference = models.CharField(  # noqa: DJ001
        _("verdict reference"), max_length=100, null=True, blank=True)
    # Set aside on appeal (a verified QUASH proposal): kept for history, no longer counted
    # towards the registration period.
    quashed_on = models.DateField(_("set aside on"), null=True, blank=True)

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
        QUASH = "quash", _("Conviction set aside on appeal")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned to proposer")
        MERGED = "merged", _("Merged into an existing record")

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


class RetrievalFlag(models.Model):
    """A retrieval an NPB supervisor should look at (Rules 2023: supervision of
    retrieval): a weak reference, many searches in a short time, a record outside the
    user's jurisdiction, or out of office hours. Thresholds are settings."""

    class Reason(models.TextChoices):
        NO_REFERENCE = "no_reference", _("No case or FIR reference")
        MANY_SEARCHES = "many_searches", _("Many searches in a short time")
        OUT_OF_JURISDICTION = "out_of_jurisdiction", _("Outside the user's jurisdiction")
        OUT_OF_HOURS = "out_of_hours", _("Out of office hours")

    # How much each reason weighs in the supervisor's queue: a record outside the user's
    # area or a run of searches points at misuse more than a late hour or a thin
    # reference does. A flag's risk is the sum of its reasons' weights.
    WEIGHTS = {Reason.OUT_OF_JURISDICTION: 3, Reason.MANY_SEARCHES: 3,
               Reason.NO_REFERENCE: 2, Reason.OUT_OF_HOURS: 1}

    audit_seq = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    purpose = models.CharField(max_length=32, blank=True)
    case_reference = models.CharField(max_length=100, blank=True)
    reasons = models.JSONField(default=list)
    risk = models.PositiveSmallIntegerField(default=0, db_index=True)
    offender = models.ForeignKey(Offender, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    flagged_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["flagged_at"]

    def __str__(self) -> str:
        return f"flag {self.pk} ({self.action})"

    def reason_labels(self) -> list[str]:
        labels = dict(self.Reason.choices)
        return [str(labels.get(r, r)) for r in self.reasons]

    # The retrieval flagged, as its reader says it (the audit log's action names).
    ACTION_LABELS = {
        "register.search": _("Search of the register"),
        "register.view": _("Record opened"),
        "register.suspect_check": _("Suspect check"),
        "register.extract": _("Extract printed"),
        "register.photo_viewed": _("Photograph viewed"),
    }

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS.get(self.action, self.action))

    @property
    def purpose_label(self) -> str:
        from hifazat.audit.purposes import Purpose

        return str(dict(Purpose.choices).get(self.purpose, self.purpose))

    @classmethod
    def risk_of(cls, reasons) -> int:
        return sum(cls.WEIGHTS.get(r, 1) for r in reasons)


class OffenderRequest(models.Model):
    """The offender's request for a copy of their record or for a correction, and its
    outcome (a subject's right to see and correct what is held about them)."""

    class Kind(models.TextChoices):
        COPY = "copy", _("Copy of the record")
        CORRECTION = "correction", _("Correction of the record")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    offender = models.ForeignKey(Offender, on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("kind of request"), max_length=12, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    details = models.CharField(_("what is asked"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices,
                               default=Outcome.PENDING)
    outcome_note = models.CharField(_("outcome note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.kind}, {self.outcome})"


class RemovalReview(models.Model):
    """A registrar's decision at the end of the registration period: remove the
    offender from the register, or extend the period with a reason."""

    class Decision(models.TextChoices):
        REMOVE = "remove", _("Remove from the register")
        EXTEND = "extend", _("Extend the registration period")

    offender = models.ForeignKey(Offender, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    extend_years = models.PositiveSmallIntegerField(null=True, blank=True)
    period_ended_on = models.DateField()
    reason = models.CharField(_("reason"), max_length=500)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"review {self.pk} ({self.decision})"
