"""escalate_overdue: once, to the right role holders, as a linked notice."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from hifazat.accounts.roles import AgencyKind, Role, Scope
from hifazat.audit.models import AuditEvent
from hifazat.notices import kinds, services
from hifazat.notices.models import Notice
from tests.factories import give_role, make_agency, make_user

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _notice(world, **kw):
    kwargs = {"kind": "register.release_scheduled", "subject": "Release scheduled",
              "body": "", "to_agencies": [world["ps_lhr"], world["pros_lhr"]],
              "reference": "NSOR-2026-0000007", "ack_within": DAY,
              "escalate_to_roles": ("npb_supervisor",)}
    kwargs.update(kw)
    return services.send_notice(**kwargs)


def test_overdue_notice_is_escalated_once_to_the_supervisor(world):
    notice = _notice(world)
    services.acknowledge(notice=notice, user=world["prosecutor"])
    assert services.escalate_overdue(now=timezone.now() + DAY / 2) == 0
    later = timezone.now() + DAY * 2
    assert services.escalate_overdue(now=later) == 1
    assert services.escalate_overdue(now=later) == 0  # once only

    notice.refresh_from_db()
    assert notice.escalation_state == Notice.Escalation.ESCALATED
    escalation = notice.escalations.get()
    assert escalation.kind == kinds.ESCALATION
    assert escalation.reference == notice.reference
    assert (escalation.object_type, escalation.object_id) == ("notices.notice", str(notice.pk))
    assert [r.user_id for r in escalation.recipients.all()] == [world["supervisor"].pk]
    # The text names who has not acknowledged (the police station), not who has.
    assert world["ps_lhr"].name_en in escalation.body
    assert world["pros_lhr"].name_en not in escalation.body
    assert escalation.ack_deadline is None
    assert AuditEvent.objects.filter(action="notices.escalated",
                                     object_id=str(notice.pk)).count() == 1


def test_acknowledged_notice_is_not_escalated(world):
    notice = _notice(world)
    services.acknowledge(notice=notice, user=world["officer2"])
    services.acknowledge(notice=notice, user=world["prosecutor"])
    assert services.escalate_overdue(now=timezone.now() + DAY * 2) == 0
    notice.refresh_from_db()
    assert notice.escalation_state == Notice.Escalation.MET


def test_notice_without_deadline_is_never_escalated(world):
    _notice(world, ack_within=None, escalate_to_roles=())
    assert services.escalate_overdue(now=timezone.now() + DAY * 365) == 0


def test_escalation_goes_only_to_holders_covering_the_late_agency_district(world, places):
    # A district prosecutor in Lahore and one in Multan; the late agency is in Lahore.
    lhr = make_user(world["pros_lhr"])
    give_role(lhr, Role.PROSECUTOR, scope=Scope.DISTRICT, target=places["LHR"])
    mul_agency = make_agency(AgencyKind.PROSECUTION)
    mul_agency.district, mul_agency.province = places["MUL"], places["PB"]
    mul_agency.save()
    mul = make_user(mul_agency)
    give_role(mul, Role.PROSECUTOR, scope=Scope.DISTRICT, target=places["MUL"])
    notice = _notice(world, to_agencies=[world["ps_lhr"]], escalate_to_roles=("prosecutor",))
    assert services.escalate_overdue(now=timezone.now() + DAY * 2) == 1
    escalation = notice.escalations.get()
    to = {r.user_id for r in escalation.recipients.all()}
    assert lhr.pk in to and mul.pk not in to


def test_escalation_with_no_role_holder_is_marked_unrouted_and_audited(world):
    notice = _notice(world, escalate_to_roles=("committee_analyst",))
    assert services.escalate_overdue(now=timezone.now() + DAY * 2) == 0
    notice.refresh_from_db()
    assert notice.escalation_state == Notice.Escalation.UNROUTED
    assert AuditEvent.objects.filter(action="notices.escalation_unrouted").exists()
    assert services.escalate_overdue(now=timezone.now() + DAY * 3) == 0


def test_escalation_text_is_bilingual_and_passes_the_identity_guard(world):
    notice = _notice(world)
    services.escalate_overdue(now=timezone.now() + DAY * 2)
    escalation = notice.escalations.get()
    assert "Not acknowledged in time" in escalation.subject
    # Stored as a kind and parameters: each reader sees their language.
    assert world["ps_lhr"].name_en in escalation.body
    with translation.override("ur"):
        assert world["ps_lhr"].name_ur in escalation.body_text
        assert "Not acknowledged" not in escalation.subject_text


def test_deadline_without_escalation_roles_is_marked_overdue_once(world):
    notice = _notice(world, escalate_to_roles=())
    assert services.escalate_overdue(now=timezone.now() + DAY * 2) == 0
    notice.refresh_from_db()
    assert notice.escalation_state == Notice.Escalation.OVERDUE
    assert not notice.escalations.exists()
    services.escalate_overdue(now=timezone.now() + DAY * 3)
    assert AuditEvent.objects.filter(action="notices.overdue").count() == 1


def test_supervisor_who_got_the_escalation_may_read_the_original(world):
    from hifazat.core import permissions

    notice = _notice(world)
    assert not permissions.can(world["supervisor"], "notices.view", notice)
    services.escalate_overdue(now=timezone.now() + DAY * 2)
    assert permissions.can(world["supervisor"], "notices.view", notice)
    assert not permissions.can(world["supervisor"], "notices.acknowledge", notice)
    assert not permissions.can(world["officer_khi"], "notices.view", notice)
