"""Tables of the api app: per-agency service tokens and stored POST answers for
idempotency keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ServiceToken(models.Model):
    """A credential another agency's system uses to call the API.

    Only a SHA-256 hash of the secret is stored (the secret has 256 random bits, so a
    fast hash is enough; it is shown once, when issued). The token acts through its own
    service account (``principal``), a user of the agency with no stored roles and no
    usable password: the roles it acts with are implied by the agency's kind at each
    request (see ``hifazat.api.principal``).

    A token whose scopes reach personal data is ``pending`` — refused at every call —
    until a second administrator approves it (``api.lifecycles.SERVICE_TOKEN``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a second administrator")
        APPROVED = "approved", _("In force")
        REVOKED = "revoked", _("Revoked")

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                               related_name="service_tokens", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=100)
    principal = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="service_token")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    revoke_reason = models.CharField(max_length=500, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    first_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency_id", "name"]
        verbose_name = _("service token")
        constraints = [models.UniqueConstraint(fields=["agency", "name"],
                                               name="api_token_name_unique_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, at=None) -> bool:
        at = at or timezone.now()
        return self.status == self.Status.APPROVED and self.expires_at > at

    @property
    def standing(self) -> str:
        """What a reader of the lists needs: "pending", "revoked", "expired" or
        "active" (the status, with an approved token past its expiry as expired)."""
        if self.status != self.Status.APPROVED:
            return str(self.status)
        return "active" if self.expires_at > timezone.now() else "expired"

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class IdempotencyRecord(models.Model):
    """The first successful answer to a POST, kept per principal and key so a retried
    request is answered again instead of being executed twice."""

    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        constraints = [models.UniqueConstraint(fields=["principal", "key"],
                                               name="api_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
