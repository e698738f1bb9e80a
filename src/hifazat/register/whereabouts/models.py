"""Tables of an offender's whereabouts. Each row belongs to one register offender; every
write goes through ``whereabouts.services`` (history via register.record_change)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OFFENDER = "register.Offender"
USER = settings.AUTH_USER_MODEL


class Address(models.Model):
    """Where the offender lives, with validity dates: the open row is the current one."""

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    line = models.CharField(_("address"), max_length=300)
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=40)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("address")
        constraints = [
            models.UniqueConstraint(fields=["offender"], condition=Q(valid_until__isnull=True),
                                    name="whereabouts_one_current_address"),
        ]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.line} — {self.district} ({self.valid_from.isoformat()} – {until})"


class CustodyEvent(models.Model):
    class Kind(models.TextChoices):
        ADMITTED = "admitted", _("Admitted to prison")
        TRANSFERRED = "transferred", _("Transferred to another prison")
        RELEASE_SCHEDULED = "release_scheduled", _("Release scheduled")
        RELEASED = "released", _("Released")
        REARRESTED = "rearrested", _("Re-arrested")

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    prison = models.ForeignKey("places.Facility", on_delete=models.PROTECT, related_name="+",
                               null=True, blank=True, verbose_name=_("prison"))
    occurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("custody event")

    def __str__(self) -> str:
        prison = f" · {self.prison}" if self.prison_id else ""
        return f"{self.occurred_on.isoformat()} · {self.get_kind_display()}{prison}"


class CustodyTakeover(models.Model):
    """A prison's request to be recorded as holding an offender whom no prison, or
    another prison, holds on record. NPB (a registrar or supervisor) accepts or refuses
    it; until accepted the requesting prison has no access to the offender, so a prison
    cannot lock the real one out by claiming its prisoner."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting NPB")
        ACCEPTED = "accepted", _("Accepted by NPB")
        REFUSED = "refused", _("Refused by NPB")

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    prison = models.ForeignKey("places.Facility", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("prison"))
    kind = models.CharField(_("event"), max_length=20, choices=[
        ("admitted", _("Admitted to prison")),
        ("transferred", _("Transferred to another prison"))])
    occurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("custody takeover request")
        constraints = [
            models.UniqueConstraint(fields=["offender", "prison"],
                                    condition=Q(state="requested"),
                                    name="whereabouts_one_open_takeover_per_prison"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on.isoformat()} · {self.prison} · {self.get_state_display()}"


class ReleaseNotice(models.Model):
    """A prison's notice that an offender will be released to a destination; the
    destination district's police, the prosecution office and NPB acknowledge it."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RELEASED = "released", _("Released")

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    prison = models.ForeignKey("places.Facility", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("prison"))
    release_on = models.DateField(_("release date"))
    destination_address = models.CharField(_("destination address"), max_length=300)
    destination_district = models.ForeignKey(
        "places.District", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("destination district"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    ack_deadline = models.DateTimeField(_("acknowledge by"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.SCHEDULED)
    scheduled_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(auto_now_add=True)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    released_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)
    notice_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["release_on", "pk"]
        verbose_name = _("release notice")
        constraints = [
            models.UniqueConstraint(fields=["offender"], condition=Q(state="scheduled"),
                                    name="whereabouts_one_pending_release"),
        ]

    def __str__(self) -> str:
        return f"{self.release_on.isoformat()} · {self.prison} → {self.destination_district}"


class ReportingObligation(models.Model):
    """After release the offender reports in person to the police by ``due_on``
    (RELEASE_REPORT_DAYS); not reporting makes the record overdue, then absconded."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the offender to report")
        REPORTED = "reported", _("Reported")
        OVERDUE = "overdue", _("Overdue")
        ABSCONDED = "absconded", _("Absconded")

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    release_notice = models.ForeignKey(ReleaseNotice, on_delete=models.PROTECT,
                                       related_name="+", null=True, blank=True)
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    released_on = models.DateField(_("released on"))
    due_on = models.DateField(_("report by"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.PENDING)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    is_late = models.BooleanField(_("reported late"), default=False)
    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)
    overdue_on = models.DateField(null=True, blank=True)
    absconded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("reporting obligation")
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.offender_id} by {self.due_on}"


class ReportedChange(models.Model):
    """What the offender reported to police: a change of name, address, travel,
    employment or vehicle. Late when reported more than CHANGE_REPORT_DAYS after it
    happened (or, for travel abroad, less than FOREIGN_TRAVEL_NOTICE_DAYS before)."""

    class Kind(models.TextChoices):
        NAME = "name", _("Change of name")
        ADDRESS = "address", _("Change of address")
        TRAVEL_DOMESTIC = "travel_domestic", _("Travel within Pakistan")
        TRAVEL_ABROAD = "travel_abroad", _("Travel abroad")
        EMPLOYMENT = "employment", _("Employment")
        VEHICLE = "vehicle", _("Vehicle")

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    details = models.JSONField(default=dict)
    happened_on = models.DateField(_("date of the change"))
    reported_on = models.DateField(_("reported on"))
    is_late = models.BooleanField(_("reported late"), default=False)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("reported change")

    def __str__(self) -> str:
        late = f" · {_('reported late')}" if self.is_late else ""
        return f"{self.reported_on.isoformat()} · {self.get_kind_display()}{late}"


class Travel(models.Model):
    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    change = models.OneToOneField(ReportedChange, on_delete=models.PROTECT, related_name="travel")
    is_abroad = models.BooleanField(_("abroad"))
    starts_on = models.DateField(_("leaves on"))
    ends_on = models.DateField(_("returns on"))
    destination_district = models.ForeignKey(
        "places.District", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("destination district"))
    destination_country = models.CharField(_("destination country"), max_length=100,
                                           blank=True)
    days_of_notice = models.IntegerField(_("days of notice"))

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("travel")
        constraints = [
            models.CheckConstraint(name="whereabouts_travel_ends_after_start",
                                   condition=Q(ends_on__gte=models.F("starts_on"))),
        ]

    def __str__(self) -> str:
        where = self.destination_country if self.is_abroad else self.destination_district
        return f"{self.starts_on.isoformat()} – {self.ends_on.isoformat()} · {where}"


class ComplianceVerification(models.Model):
    """A periodic in-person check (every COMPLIANCE_INTERVAL_DAYS), a task in the
    responsible district's queue until the police record its outcome."""

    class Outcome(models.TextChoices):
        DUE = "", _("Due")  # not recorded yet: the open state of the lifecycle
        VERIFIED = "verified", _("Verified in person")
        NOT_AT_ADDRESS = "not_at_address", _("Not found at the address")
        MOVED = "moved", _("Moved without reporting")
        IN_CUSTODY = "in_custody", _("In custody")
        DECEASED = "deceased", _("Deceased")

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    due_on = models.DateField(_("due on"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices,
                               blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    verified_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)
    # The new photograph, kept in the database (never at a public URL).
    photo = models.BinaryField(null=True, blank=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("compliance verification")
        constraints = [
            models.UniqueConstraint(fields=["offender"], condition=Q(done_on__isnull=True),
                                    name="whereabouts_one_open_verification"),
        ]
        indexes = [models.Index(fields=["district", "done_on", "due_on"])]

    def __str__(self) -> str:
        if self.done_on:
            return f"{self.done_on.isoformat()} · {self.get_outcome_display()}"
        return f"{_('due on')} {self.due_on.isoformat()}"

    @property
    def has_photo(self) -> bool:
        return bool(self.photo_type)


class ObligationsAcknowledgement(models.Model):
    """The offender signed the notice of obligations: when, given by whom, witnessed."""

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))
    language = models.CharField(_("language of the notice"), max_length=8,
                                choices=[("en", "English"), ("ur", "اردو")])
    witness_name = models.CharField(_("witness"), max_length=200)
    given_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("acknowledgement of obligations")

    def __str__(self) -> str:
        return f"{self.offender_id} {self.signed_on}"


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class RiskAssessment(models.Model):
    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("risk level"), max_length=12, choices=RiskLevel.choices)
    reason = models.CharField(_("reason"), max_length=500)
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        verbose_name = _("risk assessment")

    def __str__(self) -> str:
        return str(self.get_level_display())


class ReviewNote(models.Model):
    """A managing agency's note on the offender (police, prosecution, NPB)."""

    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                               null=True, blank=True)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        verbose_name = _("review note")

    def __str__(self) -> str:
        return f"{self.written_at:%Y-%m-%d} · {self.text[:200]}"


class Employment(models.Model):
    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    employer = models.CharField(_("employer"), max_length=200)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, related_name="+",
                                 null=True, blank=True, verbose_name=_("district"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    change = models.ForeignKey(ReportedChange, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("employment")

    def __str__(self) -> str:
        return self.employer


class Vehicle(models.Model):
    offender = models.ForeignKey(OFFENDER, on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(_("registration number"), max_length=20)
    description = models.CharField(_("make, model and colour"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    change = models.ForeignKey(ReportedChange, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("vehicle")

    def __str__(self) -> str:
        return self.registration_number
