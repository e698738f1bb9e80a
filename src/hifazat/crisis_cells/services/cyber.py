"""Cyber harassment (PECA 2016): platform, account identifiers (encrypted), evidence
files stored privately with their SHA-256, referral to the federal cyber-crime agency or
the helpline, status. Atomic and audited; re-exported by ``services``.

An evidence file is accepted by its content (``validation.upload``: magic bytes, not its
name); a page a browser could run (HTML, SVG, script) is refused. A photograph or
screenshot is re-encoded by ``validation.image`` so no metadata (the survivor's GPS
position, the device) is kept; the audit event keeps the SHA-256 of the file as
received too. Files go to ``settings.CELL_PRIVATE_FILES_DIR`` under a random name,
never under a static or media URL, encrypted on disk (``core.crypto`` frames under the
field keys, streamed), with the SHA-256 and size of the file as kept (the plaintext).
``cyber_evidence_chunks`` decrypts one for the audited download
(``access.access_cyber_evidence``), frame by frame.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.core import crypto, validation
from hifazat.crisis_cells import errors, lifecycles
from hifazat.crisis_cells.models import (
    CyberEvidenceFile,
    CyberHarassmentReport,
    SurvivorCase,
)
from hifazat.crisis_cells.services import cases, consent

# Evidence uploads: at most this many bytes (screenshots, short recordings, PDFs);
# settings.CELL_CYBER_EVIDENCE_MAX_BYTES overrides.
CYBER_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
# Photographs are re-encoded (metadata dropped) at up to this many pixels a side, enough
# to read a full-page screenshot.
CYBER_IMAGE_MAX_SIDE = 4096
_IMAGE_KINDS = {"png", "jpeg"}
# GIF and WebP pictures cannot be re-encoded by the image check: asked for as PNG/JPEG.
_EVIDENCE_KINDS = tuple(k for k in validation.EVIDENCE_KINDS if k.name not in {"gif", "webp"})
_STATUS = CyberHarassmentReport.Status


def _max_bytes() -> int:
    return getattr(settings, "CELL_CYBER_EVIDENCE_MAX_BYTES", CYBER_EVIDENCE_MAX_BYTES)


@transaction.atomic
def record_cyber_harassment(*, user, case: SurvivorCase, platform: str,
                            account_identifiers: str = "",
                            platform_other: str = "") -> CyberHarassmentReport:
    """Record (or correct) the cyber-harassment particulars: platform and the account
    identifiers involved (encrypted at rest). Audited without the identifiers."""
    cases.require(user, "crisis_cells.record_cyber", case)
    case = cases.lock_case(case)
    cases.writable(case)
    p = validation.Problems()
    platform = p.check("platform", validation.choice, platform,
                       CyberHarassmentReport.Platform)
    platform_other = p.check("platform_other", validation.free_text, platform_other,
                             max_length=80, required=platform == "other", default="")
    identifiers = p.check("account_identifiers", validation.free_text, account_identifiers,
                          max_length=2000, default="")
    p.raise_if_any(errors.InvalidInput)
    report, created = CyberHarassmentReport.objects.update_or_create(case=case, defaults={
        "platform": platform, "platform_other": platform_other,
        "account_identifiers": identifiers, "recorded_by": user})
    cases.record(action="cyber_report_recorded" if created else "cyber_report_corrected",
                 user=user, case=case, object_type="crisis_cells.cyber", object_id=report.pk,
                 details={"platform": platform})
    return report


def _evidence_bytes(uploaded_file) -> tuple[bytes, str, str]:
    """The bytes to store, their content type and extension; ``FileRejected`` names why
    a file is refused."""
    try:
        data, kind = validation.upload(uploaded_file, max_bytes=_max_bytes(),
                                       allowed=validation.EVIDENCE_KINDS)
        if kind not in _EVIDENCE_KINDS:
            raise validation.Invalid(_("Save the picture as PNG or JPEG and upload that."))
        if kind.name in _IMAGE_KINDS:
            return (validation.image(data, max_bytes=_max_bytes(),
                                     max_side=CYBER_IMAGE_MAX_SIDE), "image/jpeg", ".jpg")
    except validation.Invalid as exc:
        raise errors.FileRejected(fields={"file": exc.message}) from None
    return data, kind.content_type, kind.extension


@transaction.atomic
def attach_cyber_evidence(*, user, report: CyberHarassmentReport, uploaded_file,
                          description: str = "") -> CyberEvidenceFile:
    """Store an evidence file privately (random name, 0600, outside any URL) with its
    SHA-256. Refuses an empty or oversized file, or one whose content is not an allowed
    kind (``FileRejected``); pictures are re-encoded without metadata. Audited with the
    hashes, never the original file name."""
    case = report.case
    cases.require(user, "crisis_cells.record_cyber", case)
    cases.writable(case)
    p = validation.Problems()
    description = p.check("description", validation.free_text, description, max_length=200,
                          default="")
    p.raise_if_any(errors.InvalidInput)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    received = uploaded_file.read() if uploaded_file is not None else b""
    received_sha256 = hashlib.sha256(received).hexdigest()
    data, content_type, extension = _evidence_bytes(received)
    evidence = CyberEvidenceFile(
        report=report, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        content_type=content_type, description=description, uploaded_by=user)
    evidence.file.save(f"{uuid.uuid4().hex}{extension}.enc",
                       crypto.EncryptingFile(io.BytesIO(data)), save=False)
    try:
        evidence.save()
        cases.record(action="cyber_evidence_attached", user=user, case=case,
                     object_type="crisis_cells.cyber_file", object_id=evidence.pk,
                     details={"sha256": evidence.sha256, "size": evidence.size,
                              "received_sha256": received_sha256,
                              "received_size": len(received)})
    except Exception:
        evidence.file.delete(save=False)  # no orphan file if the row is not written
        raise
    return evidence


def cyber_evidence_chunks(evidence: CyberEvidenceFile) -> Iterator[bytes]:
    """The file as uploaded (kept), decrypted frame by frame while it is read; the file
    is closed when the iterator is exhausted or closed. ``crypto.FieldDecryptionError``
    for a damaged file or one made under a key no longer configured. Callers check
    access first (``access.access_cyber_evidence``); this reads, it does not audit."""
    fh = evidence.file.storage.open(evidence.file.name, "rb")
    try:
        yield from crypto.decrypt_chunks(fh)
    finally:
        fh.close()


def download_name(evidence: CyberEvidenceFile) -> str:
    """The file name a download is offered under: the case code, the file's number and
    the extension of its kind (never the name it was uploaded with)."""
    extension = next((k.extension for k in validation.EVIDENCE_KINDS
                      if k.content_type == evidence.content_type), ".bin")
    return f"{evidence.report.case.code}-evidence-{evidence.pk}{extension}"


def verify_cyber_evidence(evidence: CyberEvidenceFile) -> bool:
    """True when the stored file decrypts to the SHA-256 recorded at upload (False when
    it is damaged or cannot be decrypted)."""
    digest = hashlib.sha256()
    try:
        for chunk in cyber_evidence_chunks(evidence):
            digest.update(chunk)
    except crypto.FieldDecryptionError:
        return False
    return digest.hexdigest() == evidence.sha256


@transaction.atomic
def refer_cyber_report(*, user, report: CyberHarassmentReport, referred_to: str,
                       referral_reference: str = "") -> CyberHarassmentReport:
    """Refer to the federal cyber-crime agency or the cyber harassment helpline (status
    "referred", as the lifecycle allows). Needs the police-reporting consent for the
    agency (it is a criminal complaint). Audited."""
    case = report.case
    cases.require(user, "crisis_cells.record_cyber", case)
    cases.writable(case)
    p = validation.Problems()
    if referred_to not in {CyberHarassmentReport.ReferredTo.CYBER_CRIME_AGENCY,
                           CyberHarassmentReport.ReferredTo.HELPLINE}:
        p.add("referred_to", _("Choose where the report is referred."))
    reference = p.check("referral_reference", validation.free_text, referral_reference,
                        max_length=80, default="")
    p.raise_if_any(errors.InvalidInput)
    if referred_to == CyberHarassmentReport.ReferredTo.CYBER_CRIME_AGENCY:
        consent.require_consent(case, "police_report")
    return cases.move(report, lifecycle=lifecycles.CYBER_REPORT, to=_STATUS.REFERRED,
                      action="cyber_report_referred", user=user, case=case,
                      object_type="crisis_cells.cyber",
                      details={"referred_to": referred_to},
                      extra={"referred_to": referred_to, "referral_reference": reference,
                             "referred_at": cases.now()})


@transaction.atomic
def update_cyber_status(*, user, report: CyberHarassmentReport,
                        status: str) -> CyberHarassmentReport:
    """Move the report on as its lifecycle allows (``IllegalTransition`` otherwise;
    "referred" only with a referral, through ``refer_cyber_report``). Audited."""
    cases.require(user, "crisis_cells.record_cyber", report.case)
    cases.writable(report.case)
    p = validation.Problems()
    status = p.check("status", validation.choice, status, _STATUS)
    p.raise_if_any(errors.InvalidInput)
    if status == _STATUS.REFERRED:
        raise errors.InvalidInput(fields={"status": _(
            "Record where the report is referred, on the cyber-harassment form.")})
    return cases.move(report, lifecycle=lifecycles.CYBER_REPORT, to=status,
                      action="cyber_status_updated", user=user, case=report.case,
                      object_type="crisis_cells.cyber", details={"status": status})


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
