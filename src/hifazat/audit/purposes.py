"""The purposes an access to personal data is made for: the audit log's vocabulary, which
every app states when it reads or writes (Rules 2023: retrieval for a stated purpose)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why personal data was touched (Rules 2023: retrieval for a stated purpose only)."""

    NONE = "", _("Not applicable")
    CARE = "care", _("Survivor care")
    INVESTIGATION = "investigation", _("Investigation")
    PROSECUTION = "prosecution", _("Prosecution")
    TRIAL = "trial", _("Trial")
    PRISON_RELEASE = "prison_release", _("Prison release")
    COMPLIANCE = "compliance", _("Compliance check")
    AUDIT = "audit", _("Audit")
    ADMINISTRATION = "administration", _("Account administration")
