"""Evidence items and the hash-chained chain of custody."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from hifazat.core import clock
from hifazat.crisis_cells import errors, selectors, services
from hifazat.crisis_cells.models import ChainOfCustodyEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(cell, opened):
    services.record_consent(user=cell["doctor"], case=opened, use="forensic_samples",
                            is_given=True, given_by="survivor")
    return services.collect_evidence(user=cell["doctor"], case=opened, kind="swab",
                                     description="oral swab",
                                     collected_at=clock.now() - timedelta(minutes=30))


def _walk(cell, item):
    services.record_custody(user=cell["doctor"], item=item, step="sealed")
    services.record_custody(user=cell["doctor"], item=item, step="handed_over",
                            handed_to="Cell in-charge")
    services.record_custody(user=cell["incharge"], item=item, step="sent_to_lab",
                            handed_to="PFSA courier")
    services.record_custody(user=cell["incharge"], item=item, step="received",
                            handed_to="PFSA Lahore")
    return services.record_lab_result(user=cell["incharge"], item=item,
                                      result="DNA profile obtained")


def test_full_chain_verifies_and_result_attaches_to_case(cell, opened, item):
    assert item.label_code == f"{opened.code}-E01"
    assert item in selectors.evidence_awaiting_dispatch(cell["doctor"])
    done = _walk(cell, item)
    assert done.status == "result" and done.result == "DNA profile obtained"
    assert [e.step for e in selectors.custody_chain(item)] == [
        "collected", "sealed", "handed_over", "sent_to_lab", "received", "result"]
    assert services.verify_custody(item) == (True, None)
    assert item not in selectors.evidence_awaiting_dispatch(cell["doctor"])
    assert "lab_result_recorded" in [a.kind for a in selectors.timeline(cell["doctor"],
                                                                        opened)]


def test_tampering_with_an_entry_breaks_the_chain(cell, item):
    _walk(cell, item)
    ChainOfCustodyEntry.objects.filter(item=item, seq=3).update(handed_to="someone else")
    assert services.verify_custody(item) == (False, 3)


def test_hand_over_that_skips_a_step_is_refused(cell, item):
    with pytest.raises(errors.CustodyStepSkipped) as exc:
        services.record_custody(user=cell["doctor"], item=item, step="sent_to_lab",
                                handed_to="courier")
    assert "step" in exc.value.fields
    services.record_custody(user=cell["doctor"], item=item, step="sealed")
    with pytest.raises(errors.CustodyStepSkipped):
        services.record_custody(user=cell["doctor"], item=item, step="received",
                                handed_to="lab")
    assert ChainOfCustodyEntry.objects.filter(item=item).count() == 2


def test_broken_seal_needs_a_note_and_recipient_is_required(cell, item):
    services.record_custody(user=cell["doctor"], item=item, step="sealed")
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_custody(user=cell["doctor"], item=item, step="handed_over")
    assert "handed_to" in exc.value.fields
    with pytest.raises(errors.SealBroken):
        services.record_custody(user=cell["doctor"], item=item, step="handed_over",
                                handed_to="in-charge", seal_intact=False)
    entry = services.record_custody(user=cell["doctor"], item=item, step="handed_over",
                                    handed_to="in-charge", seal_intact=False,
                                    note="seal torn in transit, resealed")
    assert entry.seal_intact is False


def test_step_earlier_than_previous_is_refused(cell, item):
    with pytest.raises(errors.InvalidInput) as exc:
        services.record_custody(user=cell["doctor"], item=item, step="sealed",
                                at=item.collected_at - timedelta(minutes=5))
    assert "at" in exc.value.fields


def test_evidence_needs_consent_and_a_clinician(cell, opened):
    with pytest.raises(errors.ConsentRequired):
        services.collect_evidence(user=cell["doctor"], case=opened, kind="swab",
                                  description="swab")
    services.record_consent(user=cell["doctor"], case=opened, use="forensic_samples",
                            is_given=True, given_by="survivor")
    with pytest.raises(errors.ConsentRequired):
        services.collect_evidence(user=cell["doctor"], case=opened, kind="photograph",
                                  description="injury photo")
    with pytest.raises(PermissionDenied):
        services.collect_evidence(user=cell["counsellor"], case=opened, kind="swab",
                                  description="swab")


def test_withdrawn_forensic_consent_stops_further_collection(cell, opened, item):
    services.withdraw_consent(user=cell["doctor"], case=opened, use="forensic_samples")
    with pytest.raises(errors.ConsentRequired):
        services.collect_evidence(user=cell["doctor"], case=opened, kind="clothing",
                                  description="dupatta")


def test_verify_custody_command_names_the_broken_item(cell, item):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("verify_custody", stdout=out)
    assert "1 custody chains verify" in out.getvalue()
    ChainOfCustodyEntry.objects.filter(item=item, seq=1).update(seal_intact=False)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_custody", stderr=err)
    assert item.label_code in err.getvalue()
