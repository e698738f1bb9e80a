"""The justice pipeline's records: the cell's FIR referral, the FIR with its suspects,
custody events, the case from investigation to verdict and appeal.

One ``JusticeCase`` per FIR carries the stage (``lifecycles.CASE_STAGE``) and, kept up
to date by ``services`` at every step, the next statutory deadline (``next_due_on`` and
``next_due_kind``) so that every overdue list (district, SSOIU, prosecution office,
court) is one indexed range scan. Survivor data never enters these tables: a case from
a cell carries only the cell's pseudonymous case code and the cell (an agency).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hifazat.core.crypto import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class FirReferral(models.Model):
    """A crisis cell's referral to a police station for an FIR, made with the survivor's
    police-reporting consent. The station sees only the case code (its referral inbox);
    the FIR it registers from the referral comes back to the cell as a number and date.
    Moved here from ``crisis_cells`` with its rows (migration justice 0001/0002)."""

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred to police")
        FIR_REGISTERED = "fir_registered", _("FIR registered")

    # The cell's case: kept as its id and pseudonymous code; justice never reads the
    # survivor's record (crisis_cells sits above justice and asks it).
    survivor_case = models.ForeignKey("crisis_cells.SurvivorCase", on_delete=models.CASCADE,
                                      related_name="justice_referrals")
    case_code = models.CharField(_("case code"), max_length=40)
    cell = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+",
                             null=True)
    police_station = models.ForeignKey("places.Facility", on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("police station"))
    referred_at = models.DateTimeField()
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    notice_id = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REFERRED)
    fir_number = models.CharField(_("FIR number"), max_length=40, blank=True)
    fir_date = models.DateField(_("FIR date"), null=True, blank=True)
    fir_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["referred_at", "pk"]
        indexes = [models.Index(fields=["police_station", "status"],
                                name="justice_referral_inbox")]

    def __str__(self) -> str:  # an id, never identity
        return f"fir referral {self.pk}"


class FirSource(models.TextChoices):
    CELL_REFERRAL = "cell_referral", _("Crisis-cell referral")
    DIRECT = "direct", _("Direct complaint at the station")


class Fir(models.Model):
    """A First Information Report registered at a police station (CrPC s.154). The
    number is unique per station and year."""

    station = models.ForeignKey("places.Facility", on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("police station"))
    district = models.ForeignKey("places.District", on_delete=models.PROTECT,
                                 related_name="+")
    number = models.CharField(_("FIR number"), max_length=40)
    year = models.PositiveSmallIntegerField()
    registered_at = models.DateTimeField(_("registered at"))
    sections = models.ManyToManyField("register.PpcSection", related_name="+",
                                      verbose_name=_("PPC sections"))
    act_sections = models.JSONField(_("Act sections"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=FirSource.choices)
    referral = models.OneToOneField(FirReferral, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="fir")
    complainant_case_code = models.CharField(_("complainant (cell case code)"),
                                             max_length=40, blank=True)
    complainant_female = models.BooleanField(_("complainant is female"), default=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["station", "year", "number"],
                                               name="justice_fir_number_per_station_year")]

    def __str__(self) -> str:
        return f"FIR {self.number}/{self.year}"


class CustodyStatus(models.TextChoices):
    AT_LARGE = "at_large", _("Not arrested")
    ARRESTED = "arrested", _("Arrested")
    POLICE_REMAND = "police_remand", _("On physical remand")
    JUDICIAL_CUSTODY = "judicial_custody", _("In judicial custody")
    ON_BAIL = "on_bail", _("On bail")
    CONVICTED = "convicted", _("Convicted, in custody")
    DISCHARGED = "discharged", _("Discharged or acquitted")


class Suspect(models.Model):
    """An accused person named in an FIR, with the particulars police hold. Every entry
    or edit runs the register's reoffence check (``register_matches``: how many likely
    registered offenders; details only through the audited register screens)."""

    fir = models.ForeignKey(Fir, on_delete=models.CASCADE, related_name="suspects")
    name = models.CharField(_("name"), max_length=200)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    father = models.CharField(_("father's name"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, default="M",
                           choices=[("M", _("Male")), ("F", _("Female")), ("X", _("Other"))])
    dob = models.CharField(_("date or year of birth"), max_length=10, blank=True)
    cnic = models.CharField(_("CNIC"), max_length=15, blank=True)
    district = models.ForeignKey("places.District", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    custody_status = models.CharField(_("custody"), max_length=20,
                                      choices=CustodyStatus.choices,
                                      default=CustodyStatus.AT_LARGE)
    register_matches = models.PositiveSmallIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)
    # The register record a conviction was proposed for (set by the verdict).
    register_proposal = models.ForeignKey("register.EntryProposal", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"suspect {self.pk}"


class CustodyEvent(models.Model):
    class Kind(models.TextChoices):
        ARREST = "arrest", _("Arrested")
        POLICE_REMAND = "police_remand", _("Physical remand granted")
        JUDICIAL_REMAND = "judicial_remand", _("Sent to judicial custody")
        BAIL_GRANTED = "bail_granted", _("Bail granted")
        BAIL_REFUSED = "bail_refused", _("Bail refused")
        BAIL_CANCELLED = "bail_cancelled", _("Bail cancelled")

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE,
                                related_name="custody_events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    until = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"custody event {self.pk}"


class Stage(models.TextChoices):
    FIR_REGISTERED = "fir_registered", _("FIR registered")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    CHALLAN_SUBMITTED = "challan_submitted", _("Report submitted to court")
    IN_TRIAL = "in_trial", _("In trial")
    DECIDED = "decided", _("Decided")
    APPEAL = "appeal", _("Under appeal")
    CLOSED = "closed", _("Closed")


class DueKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation to be completed")
    CHALLAN = "challan", _("Interim report to the court")
    SCRUTINY = "scrutiny", _("Prosecutor's scrutiny of the report")
    TRIAL = "trial", _("Trial to be decided")


class JusticeCase(models.Model):
    """The case that an FIR opens, from investigation to the final verdict."""

    fir = models.OneToOneField(Fir, on_delete=models.PROTECT, related_name="case")
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices,
                             default=Stage.FIR_REGISTERED)
    district = models.ForeignKey("places.District", on_delete=models.PROTECT,
                                 related_name="+")
    ssoiu = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("SSOIU"))
    investigating_officer = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                              blank=True, related_name="+")
    prosecution_office = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    prosecutor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    court = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("Special Court"))
    investigation_started_on = models.DateField(null=True, blank=True)
    statements_recorded = models.PositiveIntegerField(_("statements recorded"), default=0)
    charged_on = models.DateField(_("charge framed on"), null=True, blank=True)
    charge_sections = models.ManyToManyField("register.PpcSection", related_name="+",
                                             blank=True)
    trial_number = models.CharField(_("trial number"), max_length=40, blank=True)
    in_camera = models.BooleanField(_("trial in camera"), default=True)
    screen = models.BooleanField(_("screen between survivor and accused"), default=False)
    video_link = models.BooleanField(_("evidence by video link"), default=False)
    no_cross_in_person = models.BooleanField(
        _("no cross-examination by the accused in person"), default=True)
    adjournments = models.PositiveIntegerField(_("adjournments"), default=0)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # The next statutory deadline (kept by services at every step; null when none runs).
    next_due_on = models.DateField(null=True, blank=True)
    next_due_kind = models.CharField(max_length=16, choices=DueKind.choices, blank=True)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    # The last deadline warning sent ("soon:<kind>:<date>" or "due:<kind>:<date>"), so a
    # daily job run twice warns once.
    last_warning = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["next_due_on"], name="justice_due",
                         condition=Q(next_due_on__isnull=False)),
            # The overdue lists: one range scan per scope, oldest first.
            models.Index(fields=["district", "next_due_on"], name="justice_due_district",
                         condition=Q(next_due_on__isnull=False)),
            models.Index(fields=["ssoiu", "next_due_on"], name="justice_due_ssoiu",
                         condition=Q(next_due_on__isnull=False)),
            models.Index(fields=["prosecution_office", "next_due_on"],
                         name="justice_due_prosecution",
                         condition=Q(next_due_on__isnull=False)),
            models.Index(fields=["court", "next_due_on"], name="justice_due_court",
                         condition=Q(next_due_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"case {self.pk}"

    @property
    def needs_female_officer(self) -> bool:
        """A female survivor's case without a woman investigating officer assigned."""
        officer = self.investigating_officer
        return bool(self.fir.complainant_female and (officer is None or officer.sex != "F"))


class DiaryEntry(models.Model):
    """The case diary (CrPC s.172): dated entries by the investigating officer."""

    case = models.ForeignKey(JusticeCase, on_delete=models.CASCADE, related_name="diary")
    on = models.DateField(_("date"))
    text = EncryptedTextField(_("entry"))
    statements = models.PositiveSmallIntegerField(_("statements recorded"), default=0)
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"diary entry {self.pk}"


class PoliceReport(models.Model):
    """A report under CrPC s.173 to the court: interim, or final (the challan), and its
    scrutiny by the prosecutor."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report (challan)")

    class Scrutiny(models.TextChoices):
        PENDING = "pending", _("Awaiting scrutiny")
        RETURNED = "returned", _("Returned with defects")
        ACCEPTED = "accepted", _("Accepted")

    case = models.ForeignKey(JusticeCase, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    scrutiny = models.CharField(_("scrutiny"), max_length=10, choices=Scrutiny.choices,
                                default=Scrutiny.PENDING)
    defects = models.TextField(_("defects"), blank=True)
    scrutinised_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+")
    scrutinised_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_on", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"report {self.pk}"


class Disclosure(models.Model):
    """What the prosecution disclosed to the defence, and when."""

    case = models.ForeignKey(JusticeCase, on_delete=models.CASCADE,
                             related_name="disclosures")
    on = models.DateField(_("disclosed on"))
    items = models.CharField(_("what was disclosed"), max_length=500)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"disclosure {self.pk}"


class Hearing(models.Model):
    class Purpose(models.TextChoices):
        CHARGE = "charge", _("Framing of charge")
        PROSECUTION_EVIDENCE = "prosecution_evidence", _("Prosecution evidence")
        DEFENCE_EVIDENCE = "defence_evidence", _("Defence evidence")
        STATEMENT_OF_ACCUSED = "statement_of_accused", _("Statement of the accused (s.342)")
        ARGUMENTS = "arguments", _("Final arguments")
        JUDGMENT = "judgment", _("Judgment")
        BAIL = "bail", _("Bail application")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        ADJOURNED = "adjourned", _("Adjourned")

    class AdjournmentReason(models.TextChoices):
        DEFENCE_COUNSEL_ABSENT = "defence_counsel_absent", _("Defence counsel absent")
        PROSECUTOR_ABSENT = "prosecutor_absent", _("Prosecutor absent")
        WITNESS_ABSENT = "witness_absent", _("Witness absent")
        ACCUSED_NOT_PRODUCED = "accused_not_produced", _("Accused not produced")
        REPORT_AWAITED = "report_awaited", _("Forensic or other report awaited")
        JUDGE_ON_LEAVE = "judge_on_leave", _("Presiding officer on leave")
        STRIKE = "strike", _("Lawyers' strike")
        OTHER = "other", _("Other")

    case = models.ForeignKey(JusticeCase, on_delete=models.CASCADE, related_name="hearings")
    court = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("hearing date"))
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               default=Outcome.SCHEDULED)
    adjournment_reason = models.CharField(_("reason for adjournment"), max_length=24,
                                          choices=AdjournmentReason.choices, blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["court", "on"], name="justice_cause_list")]

    def __str__(self) -> str:  # an id, never identity
        return f"hearing {self.pk}"


class Witness(models.Model):
    class Side(models.TextChoices):
        PROSECUTION = "prosecution", _("Prosecution")
        DEFENCE = "defence", _("Defence")
        COURT = "court", _("Court")

    case = models.ForeignKey(JusticeCase, on_delete=models.CASCADE, related_name="witnesses")
    label = models.CharField(_("witness"), max_length=120)  # e.g. "PW-3 medical officer"
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    summoned_for = models.ForeignKey(Hearing, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    summons_issued_on = models.DateField(_("summons issued on"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True)
    examined_on = models.DateField(_("examined on"), null=True, blank=True)

    class Meta:
        ordering = ["side", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"witness {self.pk}"


class Verdict(models.Model):
    class Outcome(models.TextChoices):
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")

    # A retrial ordered on appeal leads to a second verdict; the first stays as history.
    case = models.ForeignKey(JusticeCase, on_delete=models.PROTECT, related_name="verdicts")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"verdict {self.pk}"


class Sentence(models.Model):
    """One convicted accused: the sections and the sentence."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="sentences")
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="sentences")
    sections = models.ManyToManyField("register.PpcSection", related_name="+")
    sentence = models.CharField(_("sentence"), max_length=200)

    def __str__(self) -> str:  # an id, never identity
        return f"sentence {self.pk}"


class Appeal(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        DISMISSED = "dismissed", _("Dismissed (verdict upheld)")
        CONVICTION_SET_ASIDE = "set_aside", _("Conviction set aside (acquitted)")
        ACQUITTAL_REVERSED = "reversed", _("Acquittal reversed (convicted)")
        RETRIAL = "retrial", _("Sent back for retrial")

    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="appeals")
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="appeals")
    forum = models.CharField(_("appellate court"), max_length=120)
    filed_on = models.DateField(_("filed on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               default=Outcome.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    register_proposal = models.ForeignKey("register.EntryProposal", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:  # an id, never identity
        return f"appeal {self.pk}"
