"""The survivor's side: the cell learns the stages, and — only with her consent to be
told — gets a notice to pass on for hearings, the verdict and news of the convicted
offender from the register, which never learns of the cell."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hifazat.audit.models import AuditEvent
from hifazat.justice import services
from tests.justice.helpers import charged, suspect_of, to_trial

pytestmark = pytest.mark.django_db


def _convicted(justice, referred, person):
    lhr = justice["lhr"]
    case = services.register_fir(user=lhr["police"], station=lhr["station"], number="88",
                                 registered_at=timezone.now(), sections=["376"],
                                 suspects=[suspect_of(person)],
                                 referral=referred["referral"])
    case = charged(lhr, to_trial(lhr, case))
    suspect = case.fir.suspects.get()
    _verdict, (proposal,) = services.record_verdict(
        user=lhr["clerk"], case=case, outcome="convicted", decided_on=timezone.localdate(),
        sentences=[{"suspect": suspect.pk, "sections": ["376"], "sentence": "Ten years"}])
    return case, proposal


def test_offender_moved_reaches_the_survivors_cell_not_the_register(justice, referred,
                                                                     people):
    from hifazat.notices.models import Notice
    from hifazat.register import services as register
    from hifazat.register.whereabouts import services as whereabouts

    survivor_case = referred["case"]
    _case, proposal = _convicted(justice, referred, people.offender())
    offender = register.verify_entry(proposal=proposal, verifier=justice["registrar"])
    before = Notice.objects.filter(kind="crisis_cells.case_news").count()
    whereabouts.transfer_management(offender=offender, actor=justice["registrar"],
                                    district=justice["places"]["MUL"],
                                    reason="Moved to Multan with his family")
    news = Notice.objects.filter(kind="crisis_cells.case_news").order_by("pk")
    assert news.count() == before + 1
    latest = news.last()
    assert latest.reference == survivor_case.code
    assert set(latest.recipients.values_list("agency_id", flat=True)) == {justice["cell"].pk}
    assert survivor_case.activity.filter(kind="justice_offender").exists()
    # Nothing the register keeps or audits names the cell or the survivor's case.
    register_events = AuditEvent.objects.filter(action__startswith="register.")
    assert not register_events.filter(case_reference=survivor_case.code).exists()
    assert survivor_case.code not in str(list(offender.changes.values_list("change",
                                                                           flat=True)))


def test_without_consent_to_be_told_the_cell_gets_no_notice(justice, referred, people):
    from hifazat.crisis_cells import services as cells
    from hifazat.notices.models import Notice

    cells.withdraw_consent(user=justice["doctor"], case=referred["case"], use="case_updates")
    _convicted(justice, referred, people.offender())
    assert not Notice.objects.filter(kind="crisis_cells.case_news").exists()
    # The stages still reach the case page (the cell's own record of the referral).
    assert referred["case"].activity.filter(kind="justice_verdict").exists()
