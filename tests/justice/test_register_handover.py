"""NPB's side of the hand-over: a verdict's proposal and an appeal's set-aside proposal
read and verify on the register's own proposal page, in English and Urdu."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hifazat.justice import services
from hifazat.register.models import Offender
from tests.factories import verified_client
from tests.justice.helpers import charged, new_case, suspect_of, to_trial

pytestmark = pytest.mark.django_db


def test_registrar_verifies_the_verdict_then_the_appeal_on_the_proposal_page(
        client, justice, people):
    lhr = justice["lhr"]
    case = charged(lhr, to_trial(lhr, new_case(lhr, suspects=[suspect_of(people.offender())])))
    suspect = case.fir.suspects.get()
    today = timezone.localdate()
    _verdict, (proposal,) = services.record_verdict(
        user=lhr["clerk"], case=case, outcome="convicted", decided_on=today,
        sentences=[{"suspect": suspect.pk, "sections": ["376"], "sentence": "Ten years"}])
    c = verified_client(client, justice["registrar"])
    url = reverse("register:proposal", args=[proposal.pk])
    page = c.get(url).content.decode()
    assert "proposed by the Special Court" in page and "justice:sentence:" in page
    assert c.post(url, {"action": "verify", "note": ""}).status_code == 302
    offender = Offender.objects.get(proposals=proposal)
    appeal = services.file_appeal(user=lhr["prosecutor"], case=case, suspect=suspect,
                                  forum="Lahore High Court", filed_on=today)
    appeal = services.decide_appeal(user=lhr["prosecutor"], case=case, appeal=appeal,
                                    outcome="set_aside", decided_on=today,
                                    reason="Benefit of the doubt")
    quash_url = reverse("register:proposal", args=[appeal.register_proposal_id])
    # The same registrar may verify: the proposer is the prosecutor, not them.
    page = c.get(quash_url).content.decode()
    assert "Conviction set aside on appeal" in page and "Benefit of the doubt" in page
    c.cookies["django_language"] = "ur"
    urdu = c.get(quash_url)
    assert urdu.status_code == 200 and 'dir="rtl"' in urdu.content.decode()
    response = c.post(quash_url, {"action": "verify", "note": ""}, follow=True)
    assert response.status_code == 200
    offender.refresh_from_db()
    assert offender.status == Offender.Status.REMOVED
