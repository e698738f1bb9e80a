"""Administrative geography and facilities. Codes are stable keys; names are bilingual."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ur = models.CharField(_("name (Urdu)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_ur if (get_language() or "").startswith("ur") else self.name_en


class Province(BilingualName):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        TERRITORY = "territory", _("Territory")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("province or territory")


class District(BilingualName):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("district")


class Facility(BilingualName):
    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        VAWC_CENTRE = "vawc_centre", _("Violence Against Women Centre")
        POLICE_STATION = "police_station", _("Police station")
        SSOIU = "ssoiu", _("Special Sexual Offences Investigation Unit")
        PROSECUTION_OFFICE = "prosecution_office", _("Prosecution office")
        PRISON = "prison", _("Prison")
        SPECIAL_COURT = "special_court", _("Special Court")
        FORENSIC_LAB = "forensic_lab", _("Forensic laboratory")
        NPB_OFFICE = "npb_office", _("National Police Bureau")
        NADRA_OFFICE = "nadra_office", _("NADRA")
        COMMITTEE_OFFICE = "committee_office", _("Special Committee secretariat")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="facilities")
    has_crisis_cell = models.BooleanField(_("has an Anti-Rape Crisis Cell"), default=False)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    address_ur = models.CharField(_("address (Urdu)"), max_length=300, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        indexes = [models.Index(fields=["kind", "district"])]

    @property
    def province(self) -> Province:
        return self.district.province
