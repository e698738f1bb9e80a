"""What the managing agencies record about an offender in the community: the signed
notice of obligations, the risk level, and review notes. Atomic and audited through
register.record_change."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hifazat.core import validation as v
from hifazat.register import services as register
from hifazat.register.whereabouts import selectors
from hifazat.register.whereabouts import validation as checks
from hifazat.register.whereabouts.errors import InvalidWhereabouts
from hifazat.register.whereabouts.models import (
    ObligationsAcknowledgement,
    ReviewNote,
    RiskAssessment,
    RiskLevel,
)
from hifazat.register.whereabouts.services.management import require


@transaction.atomic
def record_obligations_acknowledgement(*, offender, actor, signed_on, witness_name: str,
                                       language: str) -> ObligationsAcknowledgement:
    """The offender signed the printed notice of obligations (in ``language``) in front
    of ``witness_name`` (a person's name: no hidden direction controls); recorded by the
    officer who gave it."""
    require(actor, "whereabouts.record_acknowledgement", offender)
    problems = v.Problems()
    signed_on = problems.check("signed_on", v.date, signed_on, required=True)
    signed_on = problems.check("signed_on", v.not_future, signed_on)
    witness = problems.check("witness_name", v.person_name, witness_name,
                             max_length=checks.MAX_TEXT["witness_name"], required=True)
    language = problems.check("language", v.choice, language, ("en", "ur"))
    problems.raise_if_any(InvalidWhereabouts)
    ack = ObligationsAcknowledgement.objects.create(
        offender_id=offender.pk, signed_on=signed_on, language=language, witness_name=witness,
        given_by=actor)
    register.record_change(offender=offender, actor=actor,
                           reason=_("Notice of obligations signed"),
                           change={"obligations_signed_on": signed_on, "language": language},
                           action="whereabouts.obligations_acknowledged")
    return ack


@transaction.atomic
def set_risk_level(*, offender, actor, level: str, reason: str) -> RiskAssessment:
    """Assess the offender's risk level (police of the district or an NPB supervisor);
    the history of assessments is kept."""
    require(actor, "whereabouts.set_risk_level", offender)
    problems = v.Problems()
    level = problems.check("level", v.choice, level, RiskLevel)
    reason = problems.check("reason", v.free_text, reason, max_length=checks.MAX_TEXT["reason"],
                            required=True)
    problems.raise_if_any(InvalidWhereabouts)
    previous = selectors.current_risk(offender)
    assessment = RiskAssessment.objects.create(offender_id=offender.pk, level=level,
                                               reason=reason, assessed_by=actor)
    register.record_change(offender=offender, actor=actor, reason=reason,
                           change={"risk_level": [previous.level if previous else "", level]},
                           action="whereabouts.risk_level_set")
    return assessment


@transaction.atomic
def add_review_note(*, offender, actor, text: str) -> ReviewNote:
    """A managing agency's review note (police of the district or NPB)."""
    require(actor, "whereabouts.add_review_note", offender)
    problems = v.Problems()
    text = problems.check("text", v.free_text, text, max_length=checks.MAX_TEXT["text"],
                          required=True)
    problems.raise_if_any(InvalidWhereabouts)
    note = ReviewNote.objects.create(offender_id=offender.pk, text=text, author=actor,
                                     agency=actor.agency)
    register.record_change(offender=offender, actor=actor, reason=_("Review note added"),
                           change={"review_note": note.pk},
                           action="whereabouts.review_note_added")
    return note
