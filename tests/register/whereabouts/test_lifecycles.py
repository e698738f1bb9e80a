"""Every whereabouts lifecycle, table-driven: each allowed transition goes through
audit.transition and writes its audit event; every other pair is refused with a message
naming the current and the requested state."""

from __future__ import annotations

from datetime import date

import pytest

from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.core import lifecycle
from hifazat.core.errors import IllegalTransition
from hifazat.register.whereabouts import lifecycles
from hifazat.register.whereabouts.models import (
    ComplianceVerification,
    CustodyTakeover,
    ReleaseNotice,
    ReportingObligation,
)
from tests.register.whereabouts.conftest import make_offender

pytestmark = pytest.mark.django_db

DECLARED = [lifecycles.CUSTODY_TAKEOVER, lifecycles.RELEASE_NOTICE,
            lifecycles.REPORTING_OBLIGATION, lifecycles.VERIFICATION]
PAIRS = [(lc, current, requested) for lc in DECLARED
         for current in lc.states for requested in lc.states]


def test_every_status_field_of_whereabouts_is_declared():
    declared = {(lc.model, lc.field) for lc in lifecycle.LIFECYCLES.values()
                if lc.name.startswith("whereabouts.")}
    assert declared == {(CustodyTakeover, "state"), (ReleaseNotice, "state"),
                        (ReportingObligation, "state"), (ComplianceVerification, "outcome")}


def make_row(model, world, state):
    offender = make_offender(world["places"]["LHR"])
    lhr, user = world["places"]["LHR"], world["registrar"]
    prison = world["facilities"]["prison_lhr"]
    if model is CustodyTakeover:
        return CustodyTakeover.objects.create(offender=offender, prison=prison, kind="admitted",
                                              occurred_on=date(2025, 1, 1), state=state,
                                              requested_by=user)
    if model is ReleaseNotice:
        return ReleaseNotice.objects.create(
            offender=offender, prison=prison, release_on=date(2026, 1, 1),
            destination_address="x", destination_district=lhr, state=state,
            ack_deadline="2026-01-01T00:00Z", scheduled_by=user)
    if model is ReportingObligation:
        return ReportingObligation.objects.create(offender=offender, district=lhr, state=state,
                                                  released_on=date(2026, 1, 1),
                                                  due_on=date(2026, 1, 8))
    return ComplianceVerification.objects.create(offender=offender, district=lhr,
                                                 due_on=date(2026, 1, 1), outcome=state)


@pytest.mark.parametrize("lc, current, requested", PAIRS,
                         ids=[f"{lc.name.split('.')[1]}:{c or 'due'}->{r or 'due'}"
                              for lc, c, r in PAIRS])
def test_transition_table(world, lc, current, requested):
    row = make_row(lc.model, world, current)
    if lc.is_allowed(current, requested):
        moved = audit.transition(row, lifecycle=lc, to=requested, actor=world["registrar"],
                                 action="test.moved", object_type="test")
        assert getattr(moved, lc.field) == requested
        event = AuditEvent.objects.get(action="test.moved")
        assert (event.details["from"], event.details["to"]) == (current, requested)
    else:
        with pytest.raises(IllegalTransition) as refused:
            audit.transition(row, lifecycle=lc, to=requested, actor=world["registrar"],
                             action="test.moved", object_type="test")
        assert str(lc.label(current)) in str(refused.value.message)
        assert str(lc.label(requested)) in str(refused.value.message)
        row.refresh_from_db()
        assert getattr(row, lc.field) == current
        assert not AuditEvent.objects.filter(action="test.moved").exists()
