"""Declared lifecycles and the one audited transition (core.lifecycle, audit.transition)."""

from __future__ import annotations

import pytest

from hifazat.audit.models import AuditEvent
from hifazat.audit.services import transition
from hifazat.core import lifecycle
from hifazat.core.errors import IllegalTransition


def test_declaring_an_unknown_state_fails_at_start_up():
    from hifazat.notices.models import Delivery

    with pytest.raises(ValueError, match="unknown states"):
        lifecycle.declare("tests.bad", Delivery, field="status",
                          transitions={"nonsense": {"sent"}})


def test_every_declared_lifecycle_names_only_real_states():
    assert lifecycle.LIFECYCLES, "apps declare their lifecycles at start-up"
    for declared in lifecycle.LIFECYCLES.values():
        states = set(declared.states)
        for current, targets in declared.transitions.items():
            assert current in states and targets <= states, declared.name


@pytest.mark.django_db
def test_transition_writes_status_and_audit_in_one_step_and_refuses_illegal(places):
    from hifazat.places.models import Facility

    facility = places["hosp_lhr"]
    kinds = Facility.Kind
    cycle = lifecycle.Lifecycle("tests.facility_kind", Facility, "kind",
                                {kinds.HOSPITAL: frozenset({kinds.POLICE_STATION})})
    before = AuditEvent.objects.count()
    saved = transition(facility, lifecycle=cycle, to=kinds.POLICE_STATION, actor=None,
                       action="tests.kind_changed", object_type="places.facility")
    assert saved.kind == kinds.POLICE_STATION
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.details == {"from": "hospital", "to": "police_station"}
    with pytest.raises(IllegalTransition) as caught:
        transition(saved, lifecycle=cycle, to=kinds.HOSPITAL, actor=None,
                   action="tests.kind_changed", object_type="places.facility")
    message = str(caught.value.message)
    assert cycle.label(kinds.POLICE_STATION) in message and cycle.label(kinds.HOSPITAL) in message
    assert AuditEvent.objects.count() == before + 1
    facility.refresh_from_db()
    assert facility.kind == kinds.POLICE_STATION
