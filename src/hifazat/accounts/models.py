"""Users, agencies and role assignments with a jurisdiction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hifazat.accounts.roles import ROLE_SPECS, AgencyKind, Role, Scope

# Police stations, SSOIUs and hospital crisis cells work nights: a register search there
# at 3 a.m. is routine, not a sign of misuse (Rules 2023: supervision of retrieval).
AROUND_THE_CLOCK_KINDS = frozenset({AgencyKind.POLICE_STATION, AgencyKind.SSOIU,
                                    AgencyKind.CRISIS_CELL})


class Agency(models.Model):
    """One organisation a user works for: a hospital's crisis cell, a police station, an
    SSOIU, a prosecution office, a prison, NPB, NADRA, the Special Committee."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ur = models.CharField(_("name (Urdu)"), max_length=200)
    facility = models.ForeignKey(
        "places.Facility", on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    district = models.ForeignKey(
        "places.District", on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Office hours (settings.REGISTER_OFFICE_HOURS) apply to agencies that keep them; a
    # retrieval outside them is flagged for the supervisor only there.
    works_around_the_clock = models.BooleanField(_("works around the clock"), default=False)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A new police station, SSOIU or crisis cell works around the clock unless an
        # administrator later says otherwise.
        if self._state.adding and self.kind in AROUND_THE_CLOCK_KINDS:
            self.works_around_the_clock = True
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.name_ur if (get_language() or "").startswith("ur") else self.name_en


class User(AbstractUser):
    """A person who signs in. Belongs to exactly one agency; no shared accounts."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("en", "English"), ("ur", "اردو")],
        default="en",
    )
    # Act 2021 and the seeds: survivors are examined, interviewed and investigated by
    # female personnel; the justice pipeline flags a female survivor's case without a
    # woman investigating officer. Empty: not recorded.
    sex = models.CharField(_("sex"), max_length=1, blank=True, default="",
                           choices=[("F", _("Female")), ("M", _("Male")), ("X", _("Other"))])
    # The one activation link in force: the SHA-256 of its random part (never the link
    # itself), cleared when used or replaced by a reset. Empty: no link in force.
    activation_digest = models.CharField(max_length=64, blank=True, default="")
    activation_issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def active_roles(self) -> list[RoleAssignment]:
        """Role assignments in force now (cached on the instance for the request)."""
        cached = getattr(self, "_active_roles_cache", None)
        if cached is None:
            cached = list(
                RoleAssignment.objects.in_force()
                .filter(user=self)
                .select_related("facility", "district", "province")
            )
            self._active_roles_cache = cached
        return cached

    def role_names(self) -> set[str]:
        return {a.role for a in self.active_roles()}

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names() & set(roles))

    def requires_second_factor(self) -> bool:
        """Every role that can see personal data requires TOTP (and superusers always)."""
        if self.is_superuser:
            return True
        return any(ROLE_SPECS[a.role].sees_personal_data for a in self.active_roles())


class RoleAssignmentQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Approved, not revoked, and inside its validity window. A grant awaiting its
        second administrator (``pending``) is not in force."""
        at = at or timezone.now()
        return self.filter(status=RoleAssignment.Status.APPROVED, revoked_at__isnull=True,
                           valid_from__lte=at).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=at)
        )


class RoleAssignment(models.Model):
    """A role held by a user over a jurisdiction: a facility, a district, a province, or
    the whole country. Revoked, never deleted, so history stays.

    A grant of a role that sees personal data starts ``pending`` and is in force only
    once a second administrator approves it (``accounts.lifecycles.GRANT``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a second administrator")
        APPROVED = "approved", _("In force")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    scope = models.CharField(_("jurisdiction"), max_length=16, choices=Scope.choices)
    facility = models.ForeignKey(
        "places.Facility", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "places.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set-up and the demo provision roles directly (approved, no approver); a grant
    # from the screens is approved by a second administrator.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.APPROVED)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    first_used_at = models.DateTimeField(null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        constraints = [
            models.CheckConstraint(
                name="role_scope_target_matches",
                condition=(
                    Q(scope=Scope.FACILITY, facility__isnull=False, district__isnull=True,
                      province__isnull=True)
                    | Q(scope=Scope.DISTRICT, facility__isnull=True, district__isnull=False,
                        province__isnull=True)
                    | Q(scope=Scope.PROVINCE, facility__isnull=True, district__isnull=True,
                        province__isnull=False)
                    | Q(scope=Scope.NATIONAL, facility__isnull=True, district__isnull=True,
                        province__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.get_scope_display()}: {self.target_label})"

    @property
    def target_label(self) -> str:
        target = self.facility or self.district or self.province
        return str(target) if target else str(_("Pakistan"))

    def clean(self):
        spec = ROLE_SPECS.get(self.role)
        if spec is None:
            raise ValidationError({"role": _("Unknown role.")})
        if self.scope not in spec.scopes:
            raise ValidationError(
                {"scope": _("This role cannot be granted at that jurisdiction level.")}
            )
        agency = self.user.agency if self.user_id else None
        if agency is None or agency.kind not in spec.agency_kinds:
            raise ValidationError({"role": _("This role does not belong to the user's agency.")})

    # Jurisdiction tests used by every app's policy.
    def covers_facility(self, facility) -> bool:
        if self.scope == Scope.NATIONAL:
            return True
        if self.scope == Scope.PROVINCE:
            return facility.district.province_id == self.province_id
        if self.scope == Scope.DISTRICT:
            return facility.district_id == self.district_id
        return facility.pk == self.facility_id

    def covers_district(self, district) -> bool:
        if self.scope == Scope.NATIONAL:
            return True
        if self.scope == Scope.PROVINCE:
            return district.province_id == self.province_id
        if self.scope == Scope.DISTRICT:
            return district.pk == self.district_id
        return self.facility is not None and self.facility.district_id == district.pk


class Course(models.TextChoices):
    """Courses a member of staff is trained or certified in (the stocktake of crisis
    cells asks whether each shift has a woman medico-legal officer certified in the
    medico-legal examination of survivors)."""

    WMLO = "wmlo_certification", _(
        "Medico-legal examination of sexual-violence survivors (WMLO certification)")
    WHO_CMR = "who_cmr", _("Clinical management of rape (WHO CMR)")
    COUNSELLING = "survivor_counselling", _("Survivor-centred counselling")
    SSOIU = "ssoiu_investigation", _("Investigating sexual offences (SSOIU)")
    PROSECUTION = "trauma_informed_prosecution", _("Trauma-informed prosecution")
    SPECIAL_COURT = "special_court_procedure", _("Special Court procedure")
    DATA_PROTECTION = "data_protection", _("Data protection")


class TrainingRecord(models.Model):
    """One course a member of staff passed: when certified, until when it is in date
    (``expires_on`` is the first day it no longer counts; empty: it does not expire),
    the certificate's number. Withdrawn (a record entered in error, a certificate
    revoked), never deleted, so the stocktake's history stays."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="training_records")
    course = models.CharField(_("course"), max_length=40, choices=Course.choices)
    certified_on = models.DateField(_("certified on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True,
                                          default="")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("training record")
        indexes = [models.Index(fields=["course", "user"], name="acc_training_course_user")]
        constraints = [
            models.CheckConstraint(
                name="training_expires_after_certified",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("certified_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_course_display()} ({self.certified_on})"

    def in_date_on(self, on) -> bool:
        """Certified by ``on`` and not yet expired that day."""
        return self.withdrawn_at is None and self.certified_on <= on and (
            self.expires_on is None or on < self.expires_on)
