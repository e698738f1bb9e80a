"""Tables of the notices app: a notice, its recipients (a user or an agency, each with
its own acknowledgement), its deliveries per channel, the contact points deliveries go
to, and the last run of each periodic job."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hifazat.notices import kinds


class Notice(models.Model):
    """One message between agencies about one thing (a release, an FIR referral).

    Carries codes and references only, never a survivor's identity: the service refuses
    text that looks like a CNIC or a phone number before it is stored.
    """

    class Escalation(models.TextChoices):
        NOT_REQUIRED = "not_required", _("No deadline")
        AWAITING = "awaiting", _("Waiting for acknowledgement")
        MET = "met", _("Acknowledged by everyone")
        ESCALATED = "escalated", _("Escalated")
        UNROUTED = "unrouted", _("Overdue, and no one holds the escalation role")
        OVERDUE = "overdue", _("Overdue (no escalation asked for)")

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # The kind's parameters: subject and body are rendered from them in the reader's
    # language (``kinds.render``); subject and body above keep the English rendering
    # (and the text of notices sent before kinds had texts).
    params = models.JSONField(default=dict, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("sender"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    ack_deadline = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    escalate_to_roles = models.JSONField(default=list, blank=True)
    escalation_state = models.CharField(
        _("escalation"), max_length=16, choices=Escalation.choices,
        default=Escalation.NOT_REQUIRED,
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="escalations",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        indexes = [
            models.Index(fields=["escalation_state", "ack_deadline"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"

    @property
    def kind_label(self):
        return kinds.label_for(self.kind)

    @property
    def subject_text(self) -> str:
        """The subject in the active language (the stored one for ready-made text)."""
        return (kinds.render(self.kind, self.params, "subject") if self.params else None) \
            or self.subject

    @property
    def body_text(self) -> str:
        return (kinds.render(self.kind, self.params, "body") if self.params else None) \
            or self.body

    def texts_in(self, language: str) -> tuple[str, str]:
        """Subject and body in ``language`` (e-mail and SMS carry both languages)."""
        if not self.params:
            return self.subject, self.body
        return (kinds.render_in(language, self.kind, self.params, "subject") or self.subject,
                kinds.render_in(language, self.kind, self.params, "body") or self.body)

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.ack_deadline and self.ack_deadline <= now
                    and self.recipients.filter(acknowledged_at__isnull=True).exists())


class NoticeRecipient(models.Model):
    """An addressee: one user, or one agency (every active user of the agency sees the
    notice, and one acknowledgement by any of them acknowledges for the agency)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("acknowledged by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("recipient")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="notice_recipient_user_xor_agency",
                condition=(Q(agency__isnull=False, user__isnull=True)
                           | Q(agency__isnull=True, user__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["notice", "agency"], condition=Q(agency__isnull=False),
                name="notice_recipient_unique_agency",
            ),
            models.UniqueConstraint(
                fields=["notice", "user"], condition=Q(user__isnull=False),
                name="notice_recipient_unique_user",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "acknowledged_at"]),
            models.Index(fields=["user", "acknowledged_at"]),
        ]

    def __str__(self) -> str:
        return str(self.agency or self.user)

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class ContactPoint(models.Model):
    """Where a user's or an agency's notices are delivered outside the system (an agency's
    duty-desk e-mail or mobile; a user's mobile). A user's account e-mail is used too."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="notice_contacts",
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.CASCADE, null=True, blank=True,
        related_name="notice_contacts",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("contact point")
        constraints = [
            models.CheckConstraint(
                name="contact_point_user_xor_agency",
                condition=(Q(agency__isnull=False, user__isnull=True)
                           | Q(agency__isnull=True, user__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.address}"


class Delivery(models.Model):
    """One attempt series to carry a notice over one channel to one address."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Failed; will try again")
        FAILED = "failed", _("Failed")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        NoticeRecipient, on_delete=models.CASCADE, related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "channel", "address"], name="delivery_unique_address",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} ({self.attempts})"


class PeriodicRun(models.Model):
    """When each periodic job was last enqueued: the claim that stops two schedulers
    (or a restart) from enqueueing the same job twice in one interval."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_enqueued_at:%Y-%m-%d %H:%M}"
