"""The whole pipeline through the services: a cell's referral, the FIR with a suspect
who is a registered offender, investigation, challan, trial, conviction, the register
proposal and NPB's verification; the cell sees each stage and nothing more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hifazat.core import clock
from hifazat.justice import selectors, services
from hifazat.justice.models import JusticeCase, Stage

pytestmark = pytest.mark.django_db


def _suspect(person, **over):
    data = {"name": person.given_name, "surname": person.surname,
            "father": person.father_name, "dob": person.dob.isoformat(),
            "cnic": person.cnic, "district": "PB-LHR"}
    data.update(over)
    return data


def register_from_referral(justice, referred, suspects):
    lhr = justice["lhr"]
    return services.register_fir(
        user=lhr["police"], station=lhr["station"], number="101",
        registered_at=clock.now() - timedelta(minutes=1) + timedelta(seconds=30),
        sections=["376"], act_sections=["3"], suspects=suspects,
        referral=referred["referral"])


def test_referral_to_verified_register_entry(justice, referred, offender, people):
    from hifazat.crisis_cells import selectors as cells
    from hifazat.notices.models import Notice
    from hifazat.register import services as register
    from hifazat.register.models import EntryProposal

    lhr = justice["lhr"]
    other = people.offender()
    case = register_from_referral(justice, referred, [_suspect(offender), _suspect(other)])
    suspects = list(case.fir.suspects.order_by("pk"))
    assert suspects[0].register_matches >= 1 and suspects[1].register_matches == 0
    # The SSOIU and the prosecution of the FIR's district are alerted to the match.
    alert = Notice.objects.filter(kind="register.suspect_match").latest("pk")
    assert set(alert.recipients.values_list("agency_id", flat=True)) >= {
        lhr["ssoiu"].pk, lhr["prosecution"].pk}
    # The cell's case carries the FIR number and date, and the stage.
    survivor_case = referred["case"]
    survivor_case.refresh_from_db()
    assert survivor_case.fir_number == "101"
    stages = cells.justice_stages(survivor_case)
    assert stages[0]["case"].stage == Stage.FIR_REGISTERED

    case = services.assign_investigation(user=lhr["io"], case=case, officer=lhr["io"])
    assert case.stage == Stage.UNDER_INVESTIGATION and not case.needs_female_officer
    today = timezone.localdate()
    services.add_diary_entry(user=lhr["io"], case=case, on=today,
                             text="Scene visited; two witnesses examined.", statements=2)
    report = services.submit_report(user=lhr["io"], case=case, kind="final",
                                    submitted_on=today)
    services.scrutinise(user=lhr["prosecutor"], case=case, report=report,
                        decision="accept", on=today)
    case = JusticeCase.objects.get(pk=case.pk)
    assert case.stage == Stage.IN_TRIAL and case.court == lhr["court"]
    assert case.statements_recorded == 2
    services.frame_charge(user=lhr["clerk"], case=case, sections=["376"], on=today)
    hearing = services.schedule_hearing(user=lhr["clerk"], case=case, on=today,
                                        purpose="prosecution_evidence")
    services.record_hearing(user=lhr["clerk"], case=case, hearing=hearing, outcome="held")
    _verdict, proposals = services.record_verdict(
        user=lhr["clerk"], case=case, outcome="convicted", decided_on=today,
        sentences=[{"suspect": suspects[0].pk, "sections": ["376"],
                    "sentence": "Life imprisonment"}])
    assert len(proposals) == 1 and proposals[0].state == EntryProposal.State.PROPOSED
    assert proposals[0].payload["verdict_reference"].startswith("justice:sentence:")
    offender_row = register.verify_entry(proposal=proposals[0],
                                         verifier=justice["registrar"])
    assert offender_row.register_number
    case = JusticeCase.objects.get(pk=case.pk)
    assert case.stage == Stage.DECIDED and case.next_due_on is None
    labels = [s[0] for s in cells.justice_stages(survivor_case)[0]["steps"]]
    assert labels == ["FIR registered", "Under investigation", "Report submitted to court",
                      "In trial", "Decided"]
    # With consent to case updates the cell's inbox was told of the hearing and verdict.
    news = Notice.objects.filter(kind="crisis_cells.case_news")
    assert news.count() == 2
    assert all(survivor_case.code == n.reference for n in news)


def test_overdue_lists(justice, referred):
    case = register_from_referral(justice, referred, [])
    assert case.next_due_kind == "challan"
    later = timezone.localdate() + timedelta(days=61)
    lists = selectors.overdue(justice["lhr"]["io"], now=timezone.now() + timedelta(days=61))
    assert any(case.pk in [c.pk for c in ol.cases] for ol in lists)
    assert list(selectors.overdue_for(scope="district", target_id=justice["mul"]["district"].pk,
                                      today=later)) == []
