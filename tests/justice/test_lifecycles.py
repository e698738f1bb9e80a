"""Every declared justice lifecycle, table-driven: for each (from, to) pair of a status
field's states, an allowed change succeeds with its audit event; any other is refused
with ``IllegalTransition`` naming both states, and nothing is written."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from hifazat.audit import services as audit
from hifazat.audit.models import AuditEvent
from hifazat.core.errors import IllegalTransition
from hifazat.core.lifecycle import LIFECYCLES
from hifazat.justice import lifecycles
from hifazat.justice.models import (
    Appeal,
    FirReferral,
    Hearing,
    JusticeCase,
    PoliceReport,
    Suspect,
    Verdict,
)
from tests.justice.helpers import new_case

pytestmark = pytest.mark.django_db

ALL = (lifecycles.FIR_REFERRAL, lifecycles.CASE_STAGE, lifecycles.REPORT_SCRUTINY,
       lifecycles.HEARING, lifecycles.APPEAL, lifecycles.CUSTODY)


def _row(lifecycle, justice, request):
    lhr = justice["lhr"]
    if lifecycle.model is FirReferral:  # only these rows need a survivor's case
        return request.getfixturevalue("referred")["referral"], lhr["police"]
    case = new_case(lhr, suspects=[{"name": "Kamran", "father": "Aslam"}])
    user = lhr["clerk"]
    today = timezone.localdate()
    make = {
        JusticeCase: lambda: case,
        Suspect: lambda: case.fir.suspects.get(),
        PoliceReport: lambda: PoliceReport.objects.create(
            case=case, kind="final", submitted_on=today, submitted_by=user),
        Hearing: lambda: Hearing.objects.create(case=case, court=lhr["court"], on=today,
                                                purpose="charge", recorded_by=user),
        Appeal: lambda: Appeal.objects.create(
            verdict=Verdict.objects.create(case=case, outcome="convicted", decided_on=today,
                                           recorded_by=user),
            suspect=case.fir.suspects.get(), forum="High Court", filed_on=today,
            recorded_by=user),
    }
    return make[lifecycle.model](), user


def test_every_status_field_of_the_app_is_declared():
    declared = {name for name in LIFECYCLES if name.startswith("justice.")}
    assert declared == {lc.name for lc in ALL}
    fields = {(lc.model, lc.field) for lc in ALL}
    assert len(fields) == len(ALL)


@pytest.mark.parametrize("name", [lc.name for lc in ALL])
def test_lifecycle_table(justice, request, name):
    """Every (from, to) pair of the lifecycle's states, each on a fresh row (one set of
    agencies and staff per lifecycle keeps the table fast)."""
    lifecycle = LIFECYCLES[name]
    for current, requested in itertools.product(lifecycle.states, repeat=2):
        row, user = _row(lifecycle, justice, request)
        type(row).objects.filter(pk=row.pk).update(**{lifecycle.field: current})
        row.refresh_from_db()
        before = AuditEvent.objects.count()
        if lifecycle.is_allowed(current, requested):
            moved = audit.transition(row, lifecycle=lifecycle, to=requested, actor=user,
                                     action="justice.test_moved", object_type="test")
            assert getattr(moved, lifecycle.field) == requested
            event = AuditEvent.objects.filter(action="justice.test_moved").latest("seq")
            assert (event.details["from"], event.details["to"]) == (current, requested)
        else:
            with pytest.raises(IllegalTransition) as exc:
                audit.transition(row, lifecycle=lifecycle, to=requested, actor=user,
                                 action="justice.test_moved", object_type="test")
            message = str(exc.value.message)
            assert lifecycle.label(current) in message, (current, requested)
            assert lifecycle.label(requested) in message, (current, requested)
            row.refresh_from_db()
            assert getattr(row, lifecycle.field) == current
            assert AuditEvent.objects.count() == before


def test_every_custody_event_leads_somewhere_the_lifecycle_knows():
    for event, target in lifecycles.CUSTODY_EVENT_TARGET.items():
        assert target is None or target in lifecycles.CUSTODY.states, event
