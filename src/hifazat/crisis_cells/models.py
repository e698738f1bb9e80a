"""Tables of the crisis_cells app.

A ``SurvivorCase`` is known outside its cell only by its pseudonymous ``code``. The
survivor's identity (and a guardian's, and the alleged perpetrator's particulars) live
in separate rows whose columns are encrypted at rest (``core.crypto``), so listing or
counting cases never loads them. Every write goes through ``services``; every read
other code needs goes through ``selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from hifazat.core.blind_index import BlindIndexField
from hifazat.core.crypto import EncryptedFileField, EncryptedTextField

USER = settings.AUTH_USER_MODEL


class CellCode(models.Model):
    """The short code of a cell used in its case codes: ``ARCC-LHR1``, ``VAWC-MUL1``."""

    agency = models.OneToOneField("accounts.Agency", on_delete=models.PROTECT,
                                  related_name="cell_code")
    prefix = models.CharField(max_length=8)  # ARCC | VAWC
    short_code = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "short_code"],
                                               name="crisis_cells_unique_cell_code")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.short_code}"


class CaseSequence(models.Model):
    """The last serial issued per cell and year (locked while issuing the next)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="crisis_cells_one_sequence_per_year")]

    def __str__(self) -> str:  # an id, never identity
        return f"{self.agency_id}/{self.year}"


class ArrivalRoute(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    POLICE = "police", _("Brought by police")
    REFERRAL = "referral", _("Referred (hospital, NGO, other)")
    HELPLINE = "helpline", _("Helpline")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")


class SurvivorCase(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TRANSFER_PENDING = "transfer_pending", _("Transfer awaiting acceptance")
        CLOSURE_PENDING = "closure_pending", _("Closure awaiting approval")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("case code"), max_length=40, unique=True)
    cell = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                             related_name="survivor_cases", verbose_name=_("cell"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    arrived_at = models.DateTimeField(_("arrived at"))
    arrival_route = models.CharField(_("how the survivor arrived"), max_length=16,
                                     choices=ArrivalRoute.choices)
    age = models.PositiveSmallIntegerField(_("age (years)"), null=True, blank=True)
    is_child = models.BooleanField(_("child (under 18)"), default=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    disability_note = EncryptedTextField(_("disability (needs)"))
    language = models.CharField(_("preferred language"), max_length=40, blank=True)
    # Copied from the incident so the clinical-window dashboard needs no join.
    incident_at = models.DateTimeField(_("incident at"), null=True, blank=True)
    pep_given_at = models.DateTimeField(null=True, blank=True)
    ec_given_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("assigned to"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    fir_number = models.CharField(_("FIR number"), max_length=40, blank=True)
    fir_date = models.DateField(_("FIR date"), null=True, blank=True)
    # Arrival to FIR registration, for oversight (Act: direct link to police).
    arrival_to_fir = models.DurationField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survivor case")
        indexes = [
            models.Index(fields=["cell", "status", "-arrived_at"], name="cc_case_cell_status"),
            models.Index(fields=["cell", "-arrived_at"], name="cc_case_cell_arrived"),
            models.Index(fields=["cell", "incident_at"], name="cc_case_cell_incident"),
            models.Index(fields=["assigned_to", "status"], name="cc_case_assignee"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_vawc(self) -> bool:
        return self.code.startswith("VAWC-")

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class SurvivorIdentity(models.Model):
    """Who the survivor is. Every column encrypted; read only through
    ``selectors.survivor_identity`` (cell staff, audited with purpose "care"). The CNIC
    and phone also have keyed blind indexes (recomputed on every save), so a returning
    survivor is found without decrypting anything (``selectors.find_returning``)."""

    case = models.OneToOneField(SurvivorCase, on_delete=models.CASCADE,
                                related_name="identity")
    name = EncryptedTextField(_("name"))
    father_or_husband_name = EncryptedTextField(_("father's or husband's name"))
    cnic = EncryptedTextField(_("CNIC"))
    phone = EncryptedTextField(_("phone"))
    address = EncryptedTextField(_("address"))
    cnic_bidx = BlindIndexField(kind="cnic", source="cnic")
    phone_bidx = BlindIndexField(kind="phone", source="phone")

    def __str__(self) -> str:  # an id, never identity
        return f"survivor identity {self.pk}"


class Guardian(models.Model):
    """A child survivor's guardian (required under 18). Identity encrypted; CNIC and
    phone blind-indexed like the survivor's (a child returns with her guardian)."""

    case = models.OneToOneField(SurvivorCase, on_delete=models.CASCADE,
                                related_name="guardian")
    name = EncryptedTextField(_("guardian's name"))
    cnic = EncryptedTextField(_("guardian's CNIC"))
    phone = EncryptedTextField(_("guardian's phone"))
    cnic_bidx = BlindIndexField(kind="cnic", source="cnic")
    phone_bidx = BlindIndexField(kind="phone", source="phone")
    relationship = models.CharField(_("relationship to the child"), max_length=60)

    def __str__(self) -> str:  # an id, never identity
        return f"guardian {self.pk}"


class IncidentType(models.TextChoices):
    RAPE = "rape", _("Rape")
    GANG_RAPE = "gang_rape", _("Gang rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("Child sexual abuse")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    FAMILY_DISPUTE = "family_dispute", _("Family dispute")
    HARASSMENT = "harassment", _("Harassment")
    CYBER_HARASSMENT = "cyber_harassment", _("Cyber harassment")
    OTHER = "other", _("Other")


class Relationship(models.TextChoices):
    STRANGER = "stranger", _("Stranger")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    NEIGHBOUR = "neighbour", _("Neighbour")
    SPOUSE = "spouse", _("Spouse or former spouse")
    FAMILY = "family", _("Family member")
    EMPLOYER = "employer", _("Employer or co-worker")
    TEACHER = "teacher", _("Teacher or caregiver")
    ONLINE = "online", _("Online contact")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class Incident(models.Model):
    case = models.OneToOneField(SurvivorCase, on_delete=models.CASCADE,
                                related_name="incident")
    occurred_at = models.DateTimeField(_("date and time of the incident"))
    district = models.ForeignKey("places.District", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("district"))
    kind = models.CharField(_("type"), max_length=24, choices=IncidentType.choices)
    relationship = models.CharField(_("relationship to the alleged perpetrator"),
                                    max_length=16, choices=Relationship.choices)
    perpetrator_count = models.PositiveSmallIntegerField(_("number of alleged perpetrators"),
                                                         default=1)
    # Kept for the FIR only; never in any oversight selector, export or notice.
    perpetrator_particulars = EncryptedTextField(_("alleged perpetrator particulars"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:  # an id, never identity
        return f"incident {self.pk}"


class ConsentUse(models.TextChoices):
    MEDICAL_EXAMINATION = "medical_examination", _("Medical examination")
    FORENSIC_SAMPLES = "forensic_samples", _("Forensic samples")
    PHOTOGRAPHS = "photographs", _("Photographs")
    POLICE_REPORT = "police_report", _("Reporting to police")
    PROSECUTION_SHARING = "prosecution_sharing", _("Sharing with prosecution")
    ANONYMOUS_STATISTICS = "anonymous_statistics", _("Use in anonymous statistics")
    # Act 2021: the survivor is kept informed; told through the cell, only if she wants.
    CASE_UPDATES = "case_updates", _("Being told of the court case (hearings, verdict, "
                                     "the offender's release)")


class ConsentGiver(models.TextChoices):
    SURVIVOR = "survivor", _("Survivor")
    GUARDIAN = "guardian", _("Guardian")


class Consent(models.Model):
    """One decision about one use. A withdrawal stamps ``withdrawn_at``; a later grant is
    a new row, so the history of decisions stays."""

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE, related_name="consents")
    use = models.CharField(_("use"), max_length=24, choices=ConsentUse.choices)
    is_given = models.BooleanField(_("consent given"))
    given_by = models.CharField(_("decided by"), max_length=10, choices=ConsentGiver.choices)
    decided_at = models.DateTimeField(_("decided at"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    note = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "use"], condition=Q(withdrawn_at__isnull=True),
                                    name="crisis_cells_one_current_consent_per_use"),
        ]

    def __str__(self) -> str:  # an id, never identity
        return f"consent {self.pk}"


class MedicalEntry(models.Model):
    """Medical care: injuries seen, treatment, tests, PEP and emergency contraception."""

    class Kind(models.TextChoices):
        INJURY = "injury", _("Injury")
        TREATMENT = "treatment", _("Treatment")
        TEST = "test", _("Test")
        PEP = "pep", _("Post-exposure prophylaxis (PEP)")
        EMERGENCY_CONTRACEPTION = "emergency_contraception", _("Emergency contraception")

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="medical_entries")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = EncryptedTextField(_("description"), blank=False)
    given_at = models.DateTimeField(_("when"))
    late_reason = EncryptedTextField(_("reason for care after the window"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"medical entry {self.pk}"


class MedicoLegalExam(models.Model):
    """The medico-legal examination. Deliberately has no field for the two-finger or
    "virginity" test: the Anti-Rape (Investigation and Trial) Act 2021 prohibits it,
    and ``services.record_medico_legal_exam`` refuses any attempt to record one."""

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="medico_legal_exams")
    examiner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("examiner"))
    examined_at = models.DateTimeField(_("examined at"))
    chaperone_name = models.CharField(_("chaperone"), max_length=150)
    chaperone_role = models.CharField(_("chaperone's role"), max_length=80)
    general_findings = EncryptedTextField(_("general examination findings"), blank=False)
    injuries_findings = EncryptedTextField(_("injuries"))
    opinion = EncryptedTextField(_("medico-legal opinion"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["examined_at", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"medico legal exam {self.pk}"


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        SWAB = "swab", _("Swab")
        CLOTHING = "clothing", _("Clothing")
        PHOTOGRAPH = "photograph", _("Photograph")
        BLOOD = "blood", _("Blood sample")
        URINE = "urine", _("Urine sample")
        DIGITAL = "digital", _("Digital evidence")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        COLLECTED = "collected", _("Collected")
        SEALED = "sealed", _("Sealed")
        HANDED_OVER = "handed_over", _("Handed over")
        SENT_TO_LAB = "sent_to_lab", _("Sent to the forensic laboratory")
        RECEIVED = "received", _("Received by the laboratory")
        RESULT = "result", _("Result received")

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE, related_name="evidence")
    # The case's cell, copied (and moved on transfer) so the dashboard needs no join.
    cell = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    exam = models.ForeignKey(MedicoLegalExam, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="samples")
    label_code = models.CharField(_("label"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = EncryptedTextField(_("description"), blank=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.COLLECTED)
    collected_at = models.DateTimeField(_("collected at"))
    collected_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    result = models.TextField(_("laboratory result"), blank=True)
    result_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["collected_at", "pk"]
        indexes = [models.Index(fields=["status", "case"], name="cc_evidence_status"),
                   models.Index(fields=["cell", "status", "collected_at"],
                                name="cc_evidence_cell_status")]

    def __str__(self) -> str:
        return self.label_code


class CustodyStep(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    SEALED = "sealed", _("Sealed")
    HANDED_OVER = "handed_over", _("Handed over")
    SENT_TO_LAB = "sent_to_lab", _("Sent to the forensic laboratory")
    RECEIVED = "received", _("Received by the laboratory")
    RESULT = "result", _("Result received")


class ChainOfCustodyEntry(models.Model):
    """One hand-over. ``hash`` = SHA-256 of the canonical JSON of this entry including
    ``prev_hash`` (the previous entry's hash), so editing any entry breaks the chain."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="custody")
    seq = models.PositiveIntegerField()
    step = models.CharField(_("step"), max_length=16, choices=CustodyStep.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    handed_to = models.CharField(_("handed to"), max_length=200, blank=True)
    seal_intact = models.BooleanField(_("seal intact"))
    note = EncryptedTextField(_("note"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["item", "seq"]
        constraints = [models.UniqueConstraint(fields=["item", "seq"],
                                               name="crisis_cells_custody_seq")]

    def __str__(self) -> str:  # an id, never identity
        return f"chain of custody entry {self.pk}"


class CounsellingSession(models.Model):
    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="counselling_sessions")
    counsellor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"counselling session {self.pk}"


class LegalGuidance(models.Model):
    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="legal_guidance")
    adviser = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("given at"))
    rights_explained = models.BooleanField(_("rights explained"), default=False)
    legal_aid_referred = models.BooleanField(_("referred for legal aid"), default=False)
    legal_aid_provider = models.CharField(_("legal-aid provider"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"legal guidance {self.pk}"


class ShelterReferral(models.Model):
    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        ADMITTED = "admitted", _("Admitted")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="shelter_referrals")
    shelter = models.CharField(_("shelter (Dar-ul-Aman)"), max_length=200)
    referred_at = models.DateTimeField(_("referred at"))
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.REFERRED)

    def __str__(self) -> str:  # an id, never identity
        return f"shelter referral {self.pk}"


class FollowUp(models.Model):
    class Kind(models.TextChoices):
        MEDICAL = "medical", _("Medical")
        COUNSELLING = "counselling", _("Counselling")
        LEGAL = "legal", _("Legal")
        POLICE = "police", _("Police or FIR")
        OTHER = "other", _("Other")

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE, related_name="follow_ups")
    # The case's cell, copied (and moved on transfer) so the dashboard needs no join.
    cell = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    description = EncryptedTextField(_("what is due"), blank=False)
    assigned_to = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    outcome_note = EncryptedTextField(_("outcome"))

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"], name="cc_followup_due"),
                   models.Index(fields=["cell", "done_at", "due_on"],
                                name="cc_followup_cell_due")]

    def __str__(self) -> str:  # an id, never identity
        return f"follow up {self.pk}"


class MediationSession(models.Model):
    """VAWC-type centres only (family disputes, domestic violence)."""

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="mediation_sessions")
    mediator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held at"))
    parties_present = EncryptedTextField(_("parties present"), blank=False)
    outcome = EncryptedTextField(_("outcome"))

    class Meta:
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"mediation session {self.pk}"


class ProtectionOrder(models.Model):
    """VAWC-type centres only (Punjab Protection of Women against Violence Act 2016)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied for")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        EXPIRED = "expired", _("Expired")

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="protection_orders")
    court = models.CharField(_("court"), max_length=200)
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.APPLIED)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:  # an id, never identity
        return f"protection order {self.pk}"


class CyberHarassmentReport(models.Model):
    """Cyber harassment under PECA 2016."""

    class Platform(models.TextChoices):
        WHATSAPP = "whatsapp", "WhatsApp"
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        TIKTOK = "tiktok", "TikTok"
        OTHER = "other", _("Other")

    class ReferredTo(models.TextChoices):
        NONE = "", _("Not referred")
        CYBER_CRIME_AGENCY = "cyber_crime_agency", _("Federal cyber-crime agency")
        HELPLINE = "helpline", _("Cyber harassment helpline")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        REFERRED = "referred", _("Referred")
        IN_PROGRESS = "in_progress", _("Under investigation")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    case = models.OneToOneField(SurvivorCase, on_delete=models.CASCADE,
                                related_name="cyber_report")
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    platform_other = models.CharField(_("other platform"), max_length=80, blank=True)
    # Account names/numbers of the harasser (and possibly the survivor): encrypted.
    account_identifiers = EncryptedTextField(_("account identifiers"))
    referred_to = models.CharField(_("referred to"), max_length=20, choices=ReferredTo.choices,
                                   blank=True)
    referral_reference = models.CharField(_("referral reference"), max_length=80, blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.RECORDED)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:  # an id, never identity
        return f"cyber harassment report {self.pk}"


class PrivateFileStorage(FileSystemStorage):
    """A file system storage with no URL: files are read only through a view that checks
    the policy and audits the access."""

    def url(self, name):
        raise ValueError("private files have no URL")


class _PrivateStorage(LazyObject):
    """Files under settings.CELL_PRIVATE_FILES_DIR, never served by any URL."""

    def _setup(self):
        self._wrapped = PrivateFileStorage(location=settings.CELL_PRIVATE_FILES_DIR,
                                           file_permissions_mode=0o600,
                                           directory_permissions_mode=0o700)


private_storage = _PrivateStorage()


def _private_storage():
    return private_storage


class CyberEvidenceFile(models.Model):
    """An evidence file, encrypted on disk (``core.crypto`` frames, field keys) under a
    random name (the original name may identify the survivor). ``sha256`` and ``size``
    are those of the file as kept (its plaintext), not of the ciphertext; read only
    through ``access.access_cyber_evidence`` and ``services.cyber_evidence_chunks``."""

    report = models.ForeignKey(CyberHarassmentReport, on_delete=models.CASCADE,
                               related_name="files")
    file = EncryptedFileField(storage=_private_storage, upload_to="cyber/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    description = EncryptedTextField(_("description"))
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:  # an id, never identity
        return f"cyber evidence file {self.pk}"


class CaseTransfer(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE, related_name="transfers")
    from_cell = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                  related_name="+")
    to_cell = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"), blank=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField()

    class Meta:
        indexes = [models.Index(fields=["to_cell", "state"], name="cc_transfer_inbox")]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(state="pending"),
                                    name="crisis_cells_one_pending_transfer"),
        ]

    def __str__(self) -> str:  # an id, never identity
        return f"case transfer {self.pk}"


class CaseOutcome(models.TextChoices):
    CARE_COMPLETED = "care_completed", _("Care completed")
    REFERRED_ONWARD = "referred_onward", _("Referred to another service")
    FIR_REGISTERED = "fir_registered", _("FIR registered, case with police")
    SURVIVOR_WITHDREW = "survivor_withdrew", _("Survivor chose not to continue")
    RESOLVED_MEDIATION = "resolved_mediation", _("Resolved through mediation")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")


class ClosureRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE,
                             related_name="closure_requests")
    outcome = models.CharField(_("outcome"), max_length=24, choices=CaseOutcome.choices)
    note = EncryptedTextField(_("note"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(state="pending"),
                                    name="crisis_cells_one_pending_closure"),
        ]

    def __str__(self) -> str:  # an id, never identity
        return f"closure request {self.pk}"


class CaseActivity(models.Model):
    """The case timeline: one row per thing done, written by the service that did it.
    ``details`` holds codes and counts only, never identity."""

    case = models.ForeignKey(SurvivorCase, on_delete=models.CASCADE, related_name="activity")
    at = models.DateTimeField()
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="cc_activity_case_at")]

    def __str__(self) -> str:  # an id, never identity
        return f"case activity {self.pk}"


class DutyShift(models.Model):
    """One person on call at a cell for one shift of one day, in one role. The roster
    is a plan: a person taken off a shift leaves the table (the audit log keeps who
    put them on and who took them off). The night shift belongs to the day it starts."""

    class Shift(models.TextChoices):
        MORNING = "morning", _("Morning, 08:00–14:00")
        EVENING = "evening", _("Evening, 14:00–20:00")
        NIGHT = "night", _("Night, 20:00–08:00")

    class OnCall(models.TextChoices):
        WMLO = "wmlo", _("Women medico-legal officer")
        CELL_DOCTOR = "cell_doctor", _("Cell doctor")
        COUNSELLOR = "cell_counsellor", _("Counsellor")
        IN_CHARGE = "cell_in_charge", _("In-charge")

    cell = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                             related_name="duty_shifts")
    date = models.DateField(_("date"))
    shift = models.CharField(_("shift"), max_length=8, choices=Shift.choices)
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="duty_shifts",
                             verbose_name=_("on call"))
    role = models.CharField(_("role on call"), max_length=16, choices=OnCall.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["date", "shift", "role", "pk"]
        indexes = [models.Index(fields=["cell", "date"], name="cc_duty_cell_date")]
        constraints = [models.UniqueConstraint(fields=["user", "date", "shift"],
                                               name="cc_duty_one_person_once")]

    def __str__(self) -> str:
        return f"{self.date} {self.shift} {self.role}"
