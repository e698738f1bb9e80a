"""The Special Court: the charge, hearings (date, purpose, outcome, next date;
adjournments counted with their reason), witnesses with summons and attendance, and the
survivor's protection in court (in camera, a screen, evidence by video link, no
cross-examination by the accused in person)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hifazat.core import validation
from hifazat.justice import errors, lifecycles
from hifazat.justice.models import Hearing, JusticeCase, PoliceReport, Stage, Witness
from hifazat.justice.services import common
from hifazat.justice.services.fir import clean_sections

PROTECTIONS = ("in_camera", "screen", "video_link", "no_cross_in_person")


def _received_in_court(case: JusticeCase):
    """The day the prosecutor accepted the final report and sent the case to court."""
    return case.reports.filter(kind=PoliceReport.Kind.FINAL,
                               scrutiny=PoliceReport.Scrutiny.ACCEPTED) \
        .order_by("-scrutinised_on").values_list("scrutinised_on", flat=True).first()


@transaction.atomic
def frame_charge(*, user, case: JusticeCase, sections, on) -> JusticeCase:
    """The charge framed against the accused, with its PPC sections; the statutory
    trial period runs from this date. Once only. Audited."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    p = validation.Problems()
    if case.charged_on is not None:
        p.add("on", _("The charge was already framed on %(day)s.")
              % {"day": case.charged_on.isoformat()})
    ppc = clean_sections(sections, p)
    day = common.case_date(p, "on", on, case)
    received = _received_in_court(case)
    if day and received and day < received:
        p.add("on", _("The charge cannot come before the case reached the court."))
    p.raise_if_any(errors.InvalidInput)
    case.charged_on = day
    case.save(update_fields=["charged_on"])
    case.charge_sections.set(ppc)
    common.record(action="charge_framed", user=user, case=case,
                  details={"on": str(day), "sections": [s.code for s in ppc]})
    common.refresh_due(case)
    return case


def _last_hearing(case: JusticeCase):
    return case.hearings.order_by("-on", "-pk").first()


def _schedule(case: JusticeCase, *, user, on, purpose: str) -> Hearing:
    hearing = Hearing.objects.create(case=case, court=case.court, on=on, purpose=purpose,
                                     recorded_by=user)
    common.record(action="hearing_scheduled", user=user, case=case,
                  object_type="justice.hearing", object_id=hearing.pk,
                  details={"on": str(on), "purpose": purpose})
    common.tell_cell(case, "hearing", {"on": str(on), "purpose": purpose})
    return hearing


@transaction.atomic
def schedule_hearing(*, user, case: JusticeCase, on, purpose: str) -> Hearing:
    """A hearing on ``on`` (may be in the future) for ``purpose``. Hearings are in date
    order: a date before the last hearing, or before the case reached the court, is
    refused. The cell is told the date. Audited."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    p = validation.Problems()
    day = p.check("on", validation.date, on, required=True)
    purpose = p.check("purpose", validation.choice, purpose, Hearing.Purpose, default="")
    last = _last_hearing(case)
    if day and last and day <= last.on:
        p.add("on", _("Hearings are in date order: the last one is on %(day)s.")
              % {"day": last.on.isoformat()})
    received = _received_in_court(case)
    if day and received and day < received:
        p.add("on", _("A hearing cannot come before the case reached the court."))
    if last and last.outcome == Hearing.Outcome.SCHEDULED:
        p.add("on", _("Record the outcome of the hearing of %(day)s first.")
              % {"day": last.on.isoformat()})
    p.raise_if_any(errors.InvalidInput)
    return _schedule(case, user=user, on=day, purpose=purpose)


@transaction.atomic
def record_hearing(*, user, case: JusticeCase, hearing: Hearing, outcome: str,
                   adjournment_reason: str = "", next_date=None,
                   next_purpose: str = "") -> Hearing:
    """What happened at a hearing that has taken place: held, or adjourned with its
    reason (counted on the case). A next date (after this one) schedules the next
    hearing. Audited."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    if hearing.case_id != case.pk:
        raise errors.InvalidInput(fields={"hearing": _("This hearing is not in this case.")})
    p = validation.Problems()
    outcome = p.check("outcome", validation.choice, outcome,
                      (Hearing.Outcome.HELD, Hearing.Outcome.ADJOURNED), default="")
    if hearing.on > common.today():
        p.add("outcome", _("This hearing has not taken place yet."))
    reason = ""
    if outcome == Hearing.Outcome.ADJOURNED:
        reason = p.check("adjournment_reason", validation.choice, adjournment_reason,
                         Hearing.AdjournmentReason, default="")
    elif adjournment_reason:
        p.add("adjournment_reason", _("Only an adjourned hearing has a reason."))
    nxt = p.check("next_date", validation.date, next_date)
    if nxt is not None and nxt <= hearing.on:
        p.add("next_date", _("The next date must come after this hearing."))
    if outcome == Hearing.Outcome.ADJOURNED and nxt is None:
        p.add("next_date", _("Give the date the case is adjourned to."))
    npurpose = ""
    if nxt is not None:
        npurpose = p.check("next_purpose", validation.choice, next_purpose or hearing.purpose,
                           Hearing.Purpose, default="")
    p.raise_if_any(errors.InvalidInput)
    hearing = common.move(hearing, lifecycle=lifecycles.HEARING, to=outcome,
                          action=f"hearing_{outcome}", user=user, case=case,
                          object_type="justice.hearing",
                          details={"reason": reason, "next": str(nxt or "")},
                          extra={"adjournment_reason": reason, "next_date": nxt})
    if outcome == Hearing.Outcome.ADJOURNED:
        JusticeCase.objects.filter(pk=case.pk).update(adjournments=case.adjournments + 1)
    if nxt is not None:
        _schedule(case, user=user, on=nxt, purpose=npurpose)
    return hearing


@transaction.atomic
def set_protection(*, user, case: JusticeCase, **measures) -> JusticeCase:
    """The survivor's protection at trial: ``in_camera``, ``screen``, ``video_link``,
    ``no_cross_in_person`` (booleans). Audited with the measures in force."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    unknown = sorted(set(measures) - set(PROTECTIONS))
    if unknown:
        raise errors.InvalidInput(fields={unknown[0]: _("Unknown protection measure.")})
    for name in PROTECTIONS:
        if name in measures:
            setattr(case, name, bool(measures[name]))
    case.save(update_fields=list(PROTECTIONS))
    common.record(action="protection_set", user=user, case=case,
                  details={n: getattr(case, n) for n in PROTECTIONS})
    return case


@transaction.atomic
def add_witness(*, user, case: JusticeCase, label: str, side: str) -> Witness:
    """A witness on the list (a role label such as "PW-3 medical officer", never the
    survivor's name). Audited."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    p = validation.Problems()
    label = p.check("label", validation.free_text, label, max_length=120, required=True,
                    default="")
    side = p.check("side", validation.choice, side, Witness.Side, default="")
    p.raise_if_any(errors.InvalidInput)
    witness = Witness.objects.create(case=case, label=label, side=side)
    common.record(action="witness_listed", user=user, case=case,
                  object_type="justice.witness", object_id=witness.pk,
                  details={"side": side})
    return witness


@transaction.atomic
def summon_witness(*, user, case: JusticeCase, witness: Witness, hearing: Hearing,
                   issued_on) -> Witness:
    """A summons issued for a scheduled hearing (issued on or before its date)."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    p = validation.Problems()
    if witness.case_id != case.pk or hearing.case_id != case.pk:
        p.add("hearing", _("This hearing is not in this case."))
    elif hearing.outcome != Hearing.Outcome.SCHEDULED:
        p.add("hearing", _("Summon a witness to a hearing still to come."))
    day = common.case_date(p, "issued_on", issued_on, case)
    if day and hearing.on and day > hearing.on:
        p.add("issued_on", _("A summons is issued before the hearing."))
    p.raise_if_any(errors.InvalidInput)
    witness.summoned_for, witness.summons_issued_on, witness.attended = hearing, day, None
    witness.save(update_fields=["summoned_for", "summons_issued_on", "attended"])
    common.record(action="witness_summoned", user=user, case=case,
                  object_type="justice.witness", object_id=witness.pk,
                  details={"hearing": hearing.pk, "issued_on": str(day)})
    return witness


@transaction.atomic
def record_attendance(*, user, case: JusticeCase, witness: Witness, attended: bool,
                      examined: bool = False) -> Witness:
    """Whether a summoned witness attended the hearing (and was examined there)."""
    common.require(user, "justice.conduct_trial", case)
    case = common.lock(case)
    common.at_stage(case, Stage.IN_TRIAL)
    hearing = witness.summoned_for
    if witness.case_id != case.pk or hearing is None:
        raise errors.InvalidInput(fields={"attended": _("This witness was not summoned.")})
    if hearing.on > common.today():
        raise errors.InvalidInput(fields={"attended": _(
            "The hearing has not taken place yet.")})
    witness.attended = bool(attended)
    witness.examined_on = hearing.on if attended and examined else None
    witness.save(update_fields=["attended", "examined_on"])
    common.record(action="witness_attendance", user=user, case=case,
                  object_type="justice.witness", object_id=witness.pk,
                  details={"attended": witness.attended, "hearing": hearing.pk})
    return witness
