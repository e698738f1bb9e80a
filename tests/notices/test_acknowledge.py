"""acknowledge: one acknowledgement per agency, idempotent, audited, refused for others."""

from __future__ import annotations

import datetime

import pytest

from hifazat.audit.models import AuditEvent
from hifazat.notices import services
from hifazat.notices.errors import IdentityDataInNotice, InvalidNotice, NotAnAddressee
from hifazat.notices.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(world):
    return services.send_notice(
        kind="register.release_scheduled", subject="Release scheduled", body="",
        to_agencies=[world["ps_lhr"], world["pros_lhr"]], to_users=[world["registrar"]],
        reference="NSOR-2026-0000001", ack_within=datetime.timedelta(hours=24),
        escalate_to_roles=("npb_supervisor",),
    )


def test_one_officer_acknowledges_for_the_whole_agency(world, notice):
    rows = services.acknowledge(notice=notice, user=world["officer1"], note="Beat officer told")
    assert len(rows) == 1
    row = notice.recipients.get(agency=world["ps_lhr"])
    assert row.acknowledged_by_id == world["officer1"].pk
    assert row.acknowledged_at is not None
    assert row.note == "Beat officer told"
    # The colleague sees it acknowledged; acknowledging again changes nothing.
    again = services.acknowledge(notice=notice, user=world["officer2"])
    assert again[0].acknowledged_by_id == world["officer1"].pk
    assert AuditEvent.objects.filter(action="notices.acknowledged").count() == 1


def test_acknowledgement_is_audited_with_the_reference(world, notice):
    services.acknowledge(notice=notice, user=world["prosecutor"])
    event = AuditEvent.objects.get(action="notices.acknowledged")
    assert event.actor_id == world["prosecutor"].pk
    assert event.case_reference == "NSOR-2026-0000001"
    assert event.details == {"recipients": [world["pros_lhr"].code], "late": False}


def test_notice_is_met_when_every_addressee_has_acknowledged(world, notice):
    services.acknowledge(notice=notice, user=world["officer1"])
    services.acknowledge(notice=notice, user=world["prosecutor"])
    notice.refresh_from_db()
    assert notice.escalation_state == Notice.Escalation.AWAITING
    services.acknowledge(notice=notice, user=world["registrar"])
    notice.refresh_from_db()
    assert notice.escalation_state == Notice.Escalation.MET


@pytest.mark.parametrize("who", ["officer_khi", "doctor", "supervisor", "no_role"])
def test_someone_not_addressed_cannot_acknowledge(world, notice, who):
    with pytest.raises(NotAnAddressee):
        services.acknowledge(notice=notice, user=world[who])
    assert not notice.recipients.filter(acknowledged_at__isnull=False).exists()


def test_user_who_has_not_passed_the_second_factor_cannot_acknowledge(world, notice):
    from hifazat.accounts.models import User

    unverified = User.objects.get(pk=world["officer1"].pk)
    with pytest.raises(NotAnAddressee):
        services.acknowledge(notice=notice, user=unverified)


def test_switched_off_user_cannot_acknowledge(world, notice):
    world["officer1"].is_active = False
    with pytest.raises(NotAnAddressee):
        services.acknowledge(notice=notice, user=world["officer1"])


def test_note_with_a_phone_number_or_too_long_is_refused(world, notice):
    with pytest.raises(IdentityDataInNotice):
        services.acknowledge(notice=notice, user=world["officer1"], note="ring 0321 1234567")
    with pytest.raises(InvalidNotice):
        services.acknowledge(notice=notice, user=world["officer1"], note="x" * 501)


def test_late_acknowledgement_is_recorded_as_late(world, notice):
    Notice.objects.filter(pk=notice.pk).update(
        ack_deadline=notice.created_at - datetime.timedelta(minutes=1))
    notice.refresh_from_db()
    services.acknowledge(notice=notice, user=world["officer1"])
    assert AuditEvent.objects.get(action="notices.acknowledged").details["late"] is True
