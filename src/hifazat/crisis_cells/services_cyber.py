"""Cyber harassment (PECA 2016): platform, account identifiers (encrypted), evidence
files stored privately with their SHA-256, referral to the federal cyber-crime agency or
the helpline, status. Atomic and audited; re-exported by ``services``.

Uploaded evidence goes to ``settings.CELL_PRIVATE_FILES_DIR`` under a random name,
never under a static or media URL, with its SHA-256 recorded at upload.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.crisis_cells import errors
from hifazat.crisis_cells import services_base as base
from hifazat.crisis_cells.models import (
    CyberEvidenceFile,
    CyberHarassmentReport,
    SurvivorCase,
)

# Evidence uploads: at most this many bytes (screenshots, short recordings, PDFs);
# settings.CELL_CYBER_EVIDENCE_MAX_BYTES overrides.
CYBER_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
CYBER_EVIDENCE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".txt",
                             ".mp4", ".mp3", ".m4a", ".ogg", ".opus", ".zip", ".html"}


def _max_bytes() -> int:
    return getattr(settings, "CELL_CYBER_EVIDENCE_MAX_BYTES", CYBER_EVIDENCE_MAX_BYTES)


@transaction.atomic
def record_cyber_harassment(*, user, case: SurvivorCase, platform: str,
                            account_identifiers: str = "",
                            platform_other: str = "") -> CyberHarassmentReport:
    """Record (or correct) the cyber-harassment particulars: platform and the account
    identifiers involved (encrypted at rest). Audited without the identifiers."""
    base.require(user, "crisis_cells.record_cyber", case)
    case = base.lock_case(case)
    base.writable(case)
    p = base.Problems()
    platform = base.choice(platform, CyberHarassmentReport.Platform, "platform", p)
    platform_other = base.text(platform_other, "platform_other", p, max_length=80,
                               required=platform == "other",
                               message=_("Name the platform."))
    identifiers = base.text(account_identifiers, "account_identifiers", p, max_length=2000)
    p.raise_if_any()
    report, created = CyberHarassmentReport.objects.update_or_create(case=case, defaults={
        "platform": platform, "platform_other": platform_other,
        "account_identifiers": identifiers, "recorded_by": user})
    base.record(action="cyber_report_recorded" if created else "cyber_report_corrected",
                user=user, case=case, object_type="crisis_cells.cyber", object_id=report.pk,
                details={"platform": platform})
    return report


@transaction.atomic
def attach_cyber_evidence(*, user, report: CyberHarassmentReport, uploaded_file,
                          description: str = "") -> CyberEvidenceFile:
    """Store an evidence file privately (random name, 0600, outside any URL) with its
    SHA-256. Refuses empty, oversized or unexpected file types (``FileRejected``).
    Audited with the hash, never the original file name."""
    case = report.case
    base.require(user, "crisis_cells.record_cyber", case)
    base.writable(case)
    p = base.Problems()
    description = base.text(description, "description", p, max_length=200)
    p.raise_if_any()
    size = getattr(uploaded_file, "size", None) or 0
    extension = PurePath(getattr(uploaded_file, "name", "") or "").suffix.lower()
    if size <= 0:
        raise errors.FileRejected(fields={"file": _("The file is empty.")})
    if size > _max_bytes():
        raise errors.FileRejected(fields={"file": _("The file is larger than %(mb)s MB.") % {
            "mb": _max_bytes() // (1024 * 1024)}})
    if extension not in CYBER_EVIDENCE_EXTENSIONS:
        raise errors.FileRejected(fields={"file": _(
            "Upload a screenshot, photo, PDF, text, audio, video or zip file.")})
    digest = hashlib.sha256()
    chunks = []
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    evidence = CyberEvidenceFile(
        report=report, sha256=digest.hexdigest(), size=size,
        content_type=(getattr(uploaded_file, "content_type", "") or "")[:100],
        description=description, uploaded_by=user)
    evidence.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(b"".join(chunks)),
                       save=False)
    try:
        evidence.save()
        base.record(action="cyber_evidence_attached", user=user, case=case,
                    object_type="crisis_cells.cyber_file", object_id=evidence.pk,
                    details={"sha256": evidence.sha256, "size": size})
    except Exception:
        evidence.file.delete(save=False)  # no orphan file if the row is not written
        raise
    return evidence


def verify_cyber_evidence(evidence: CyberEvidenceFile) -> bool:
    """True when the stored file still hashes to the SHA-256 recorded at upload."""
    digest = hashlib.sha256()
    with evidence.file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest() == evidence.sha256


@transaction.atomic
def refer_cyber_report(*, user, report: CyberHarassmentReport, referred_to: str,
                       referral_reference: str = "") -> CyberHarassmentReport:
    """Refer to the federal cyber-crime agency or the cyber harassment helpline. Needs
    the police-reporting consent for the agency (it is a criminal complaint)."""
    case = report.case
    base.require(user, "crisis_cells.record_cyber", case)
    base.writable(case)
    p = base.Problems()
    if referred_to not in {CyberHarassmentReport.ReferredTo.CYBER_CRIME_AGENCY,
                           CyberHarassmentReport.ReferredTo.HELPLINE}:
        p.add("referred_to", _("Choose where the report is referred."))
    reference = base.text(referral_reference, "referral_reference", p, max_length=80)
    p.raise_if_any()
    if referred_to == CyberHarassmentReport.ReferredTo.CYBER_CRIME_AGENCY:
        base.require_consent(case, "police_report")
    report.referred_to, report.referral_reference = referred_to, reference
    report.referred_at, report.status = base.now(), CyberHarassmentReport.Status.REFERRED
    report.save(update_fields=["referred_to", "referral_reference", "referred_at", "status"])
    base.record(action="cyber_report_referred", user=user, case=case,
                object_type="crisis_cells.cyber", object_id=report.pk,
                details={"referred_to": referred_to})
    return report


@transaction.atomic
def update_cyber_status(*, user, report: CyberHarassmentReport,
                        status: str) -> CyberHarassmentReport:
    base.require(user, "crisis_cells.record_cyber", report.case)
    base.writable(report.case)
    p = base.Problems()
    status = base.choice(status, CyberHarassmentReport.Status, "status", p)
    p.raise_if_any()
    report.status = status
    report.save(update_fields=["status"])
    base.record(action="cyber_status_updated", user=user, case=report.case,
                object_type="crisis_cells.cyber", object_id=report.pk,
                details={"status": status})
    return report


@transaction.atomic
def record_cyber_report(*, user, case: SurvivorCase, platform: str,
                        account_identifiers: str = "", platform_other: str = "",
                        referred_to: str = "", referral_reference: str = ""
                        ) -> CyberHarassmentReport:
    """The cyber-harassment form in one step: the particulars, then (when
    ``referred_to`` is given and differs from what is recorded) the referral."""
    report = record_cyber_harassment(user=user, case=case, platform=platform,
                                     account_identifiers=account_identifiers,
                                     platform_other=platform_other)
    if referred_to and (referred_to != report.referred_to
                        or referral_reference != report.referral_reference):
        report = refer_cyber_report(user=user, report=report, referred_to=referred_to,
                                    referral_reference=referral_reference)
    return report


def add_cyber_evidence(*, user, report: CyberHarassmentReport, upload,
                       description: str = "") -> CyberEvidenceFile:
    return attach_cyber_evidence(user=user, report=report, uploaded_file=upload,
                                 description=description)
