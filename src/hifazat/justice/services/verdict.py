"""The verdict and appeals. A conviction proposes the register entry for each convicted
accused at once, the verdict linked, in the verdict's own transaction (NPB's
maker–checker still decides it); a conviction set aside on appeal proposes the
register's correction (``register.services.propose_quash``), an acquittal reversed on
appeal proposes a new entry."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.core.errors import DomainError
from hifazat.justice import errors, lifecycles
from hifazat.justice.models import (
    Appeal,
    CustodyStatus,
    Hearing,
    JusticeCase,
    Sentence,
    Stage,
    Suspect,
    Verdict,
)
from hifazat.justice.services import common
from hifazat.justice.services.fir import clean_sections
from hifazat.register import services as register


def case_number_of(case: JusticeCase, suspect: Suspect) -> str:
    """The register's case number for one accused: the trial number and the accused's
    place in the FIR (A-1, A-2, …), so that co-accused are separate convictions."""
    ordinal = list(case.fir.suspects.order_by("pk").values_list("pk", flat=True)) \
        .index(suspect.pk) + 1
    base = case.trial_number or f"FIR {case.fir.number}/{case.fir.year}"
    retrials = max(case.verdicts.count() - 1, 0)
    return (f"{base} A-{ordinal}" + (f" R{retrials}" if retrials else ""))[:64]


def _propose(*, user, case: JusticeCase, sentence: Sentence, convicted_on, field: str):
    """The register entry proposal for one convicted accused; the register's own
    validation problems are named under ``field``."""
    suspect = sentence.suspect
    payload = {
        "name": suspect.name, "surname": suspect.surname, "father_name": suspect.father,
        "sex": suspect.sex, "dob": suspect.dob, "cnic": suspect.cnic,
        "district": (suspect.district or case.district).code,
        "court": case.court.facility.code, "case_number": case_number_of(case, suspect),
        "sections": [s.code for s in sentence.sections.all()],
        "convicted_on": str(convicted_on), "sentence": sentence.sentence,
        "physical_description": "", "verdict_reference": f"justice:sentence:{sentence.pk}",
    }
    try:
        proposal = register.propose_entry(proposer=user, payload=payload)
    except DomainError as exc:
        fields = {f"{field}.{k}": v for k, v in exc.fields.items()} or \
            {field: exc.message}
        raise errors.InvalidInput(_(
            "The register entry could not be proposed; correct the accused's particulars "
            "first."), fields=fields) from None
    Suspect.objects.filter(pk=suspect.pk).update(register_proposal=proposal)
    return proposal


def _clean_sentences(case, outcome, sentences, p):
    rows = []
    if not isinstance(sentences, list | tuple):
        p.add("sentences", _("Give the convicted accused as a list."))
        return rows
    if outcome == Verdict.Outcome.ACQUITTED:
        if sentences:
            p.add("sentences", _("An acquittal has no sentences."))
        return rows
    if outcome == Verdict.Outcome.CONVICTED and not sentences:
        p.add("sentences", _("Name at least one convicted accused."))
    seen = set()
    ids = set(case.fir.suspects.values_list("pk", flat=True))
    for i, row in enumerate(sentences):
        f = f"sentences.{i}"
        if not isinstance(row, dict):
            p.add(f, _("Give the accused, the sections and the sentence."))
            continue
        suspect = row.get("suspect")
        sid = getattr(suspect, "pk", suspect)
        try:
            sid = int(sid)
        except (TypeError, ValueError):
            sid = None
        if sid not in ids:
            p.add(f"{f}.suspect_id", _("This accused is not in this case."))
        elif sid in seen:
            p.add(f"{f}.suspect_id", _("This accused is named twice."))
        seen.add(sid)
        sections = clean_sections(row.get("sections"), p, field=f"{f}.sections")
        text = p.check(f"{f}.sentence", validation.free_text, row.get("sentence"),
                       max_length=200, required=True, default="")
        rows.append((sid, sections, text))
    return rows


@transaction.atomic
def record_verdict(*, user, case: JusticeCase, outcome: str, decided_on,
                   sentences=()) -> tuple[Verdict, list]:
    """The judgment: ``convicted`` (``sentences``: per convicted accused ``suspect``,
    ``sections``, ``sentence``; accused not named are acquitted) or ``acquitted``. No
    verdict before the charge, none before the last hearing held, no conviction without
    sections. Each conviction proposes the register entry in this same transaction: if
    anything fails, nothing is written. Returns the verdict and the proposals."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    p = validation.Problems()
    if case.charged_on is None:
        p.add("outcome", _("No verdict before the charge is framed."))
    outcome = p.check("outcome", validation.choice, outcome, Verdict.Outcome, default="")
    day = common.case_date(p, "decided_on", decided_on, case)
    if day and case.charged_on and day < case.charged_on:
        p.add("decided_on", _("The verdict cannot come before the charge."))
    last_held = case.hearings.exclude(outcome=Hearing.Outcome.SCHEDULED) \
        .order_by("-on").first()
    if day and last_held and day < last_held.on:
        p.add("decided_on", _("The verdict cannot come before the last hearing (%(day)s).")
              % {"day": last_held.on.isoformat()})
    rows = _clean_sentences(case, outcome, sentences, p)
    p.raise_if_any(errors.InvalidInput)
    verdict = Verdict.objects.create(case=case, outcome=outcome, decided_on=day,
                                     recorded_by=user)
    convicted = {}
    for sid, sections, text in rows:
        sentence = Sentence.objects.create(verdict=verdict, suspect_id=sid, sentence=text)
        sentence.sections.set(sections)
        convicted[sid] = sentence
    proposals = []
    for i, (sid, _sections, _text) in enumerate(rows):
        proposals.append(_propose(user=user, case=case, sentence=convicted[sid],
                                  convicted_on=day, field=f"sentences.{i}"))
    for suspect in case.fir.suspects.all():
        to = CustodyStatus.CONVICTED if suspect.pk in convicted else CustodyStatus.DISCHARGED
        if suspect.custody_status != to:
            common.move(suspect, lifecycle=lifecycles.CUSTODY, to=to,
                        action="custody_changed", user=user, case=case,
                        object_type="justice.suspect", details={"event": "verdict"})
    common.record(action="verdict_recorded", user=user, case=case,
                  object_type="justice.verdict", object_id=verdict.pk,
                  details={"outcome": outcome, "on": str(day),
                           "convicted": sorted(convicted),
                           "proposals": [pr.pk for pr in proposals]})
    common.set_stage(case, to=Stage.DECIDED, user=user, action="decided",
                     extra={"decided_on": day})
    common.tell_cell(case, "verdict", {"outcome": outcome, "on": str(day)})
    return verdict, proposals


@transaction.atomic
def file_appeal(*, user, case: JusticeCase, suspect: Suspect, forum: str,
                filed_on) -> Appeal:
    """An appeal against the verdict for one accused (by the convict, or by the State
    against an acquittal). Audited."""
    common.require(user, "justice.record_appeal", case)
    case = common.lock(case)
    common.at_stage(case, Stage.DECIDED, Stage.APPEAL)
    verdict = case.verdicts.order_by("-pk").first()
    p = validation.Problems()
    if suspect is None or suspect.fir_id != case.fir_id:
        p.add("suspect", _("This suspect is not in this FIR."))
    elif Appeal.objects.filter(verdict=verdict, suspect=suspect,
                               outcome=Appeal.Outcome.PENDING).exists():
        p.add("suspect", _("An appeal for this accused is already pending."))
    forum = p.check("forum", validation.free_text, forum, max_length=120, required=True,
                    default="")
    day = common.case_date(p, "filed_on", filed_on, case)
    if day and verdict and day < verdict.decided_on:
        p.add("filed_on", _("An appeal comes after the verdict."))
    p.raise_if_any(errors.InvalidInput)
    appeal = Appeal.objects.create(verdict=verdict, suspect=suspect, forum=forum,
                                   filed_on=day, recorded_by=user)
    common.record(action="appeal_filed", user=user, case=case,
                  object_type="justice.appeal", object_id=appeal.pk,
                  details={"suspect": suspect.pk, "on": str(day)})
    if case.stage == Stage.DECIDED:
        common.set_stage(case, to=Stage.APPEAL, user=user, action="appealed")
    return appeal


@transaction.atomic
def decide_appeal(*, user, case: JusticeCase, appeal: Appeal, outcome: str, decided_on,
                  reason: str = "", sections=(), sentence: str = "") -> Appeal:
    """The appellate court's decision. A conviction set aside proposes the register's
    correction (the conviction marked set aside, the record removed when none stands);
    an acquittal reversed proposes a new entry (``sections``, ``sentence``); a retrial
    sends the case back to trial. One transaction; audited."""
    common.require(user, "justice.record_appeal", case)
    case = common.lock(case)
    common.at_stage(case, Stage.APPEAL)
    p = validation.Problems()
    outcome = p.check("outcome", validation.choice, outcome,
                      [o for o in Appeal.Outcome.values if o != Appeal.Outcome.PENDING],
                      default="")
    day = common.case_date(p, "decided_on", decided_on, case)
    if day and day < appeal.filed_on:
        p.add("decided_on", _("The decision cannot come before the appeal was filed."))
    reason = p.check("reason", validation.free_text, reason, max_length=500, default="")
    suspect = appeal.suspect
    has_sentence = Sentence.objects.filter(verdict=appeal.verdict, suspect=suspect).exists()
    if outcome == Appeal.Outcome.CONVICTION_SET_ASIDE and not has_sentence:
        p.add("outcome", _("This accused was not convicted."))
    if outcome == Appeal.Outcome.ACQUITTAL_REVERSED:
        if has_sentence:
            p.add("outcome", _("This accused was already convicted."))
        ppc = clean_sections(sections, p)
        sentence = p.check("sentence", validation.free_text, sentence, max_length=200,
                           required=True, default="")
    p.raise_if_any(errors.InvalidInput)
    proposal = None
    reference = f"Appeal {appeal.pk}, {appeal.forum}"[:100]
    if outcome in (Appeal.Outcome.CONVICTION_SET_ASIDE, Appeal.Outcome.RETRIAL) \
            and has_sentence:
        # Set aside, or sent back for a new trial: the conviction no longer stands.
        proposal = register.propose_quash(
            proposer=user, court=case.court.facility.code,
            case_number=case_number_of(case, suspect), set_aside_on=day,
            reference=reference, reason=reason or str(_("Conviction set aside on appeal")))
        to = CustodyStatus.DISCHARGED if outcome == Appeal.Outcome.CONVICTION_SET_ASIDE \
            else CustodyStatus.JUDICIAL_CUSTODY
        common.move(suspect, lifecycle=lifecycles.CUSTODY, to=to,
                    action="custody_changed", user=user, case=case,
                    object_type="justice.suspect", details={"event": "appeal"})
    elif outcome == Appeal.Outcome.ACQUITTAL_REVERSED:
        row = Sentence.objects.create(verdict=appeal.verdict, suspect=suspect,
                                      sentence=sentence)
        row.sections.set(ppc)
        proposal = _propose(user=user, case=case, sentence=row, convicted_on=day,
                            field="sentence")
        common.move(suspect, lifecycle=lifecycles.CUSTODY, to=CustodyStatus.CONVICTED,
                    action="custody_changed", user=user, case=case,
                    object_type="justice.suspect", details={"event": "appeal"})
    appeal = common.move(appeal, lifecycle=lifecycles.APPEAL, to=outcome,
                         action="appeal_decided", user=user, case=case,
                         object_type="justice.appeal",
                         details={"proposal": proposal.pk if proposal else None},
                         extra={"decided_on": day, "register_proposal": proposal})
    pending = Appeal.objects.filter(verdict=appeal.verdict,
                                    outcome=Appeal.Outcome.PENDING).exists()
    if outcome == Appeal.Outcome.RETRIAL:
        common.set_stage(case, to=Stage.IN_TRIAL, user=user, action="retrial_ordered")
    elif not pending:
        common.set_stage(case, to=Stage.DECIDED, user=user, action="appeal_concluded")
    common.tell_cell(case, "verdict", {"outcome": f"appeal_{outcome}", "on": str(day)})
    return appeal
