"""notices.access: a notice and a delivery contact are fetched and checked in one
place, with core NotFound for missing and not-yours alike; notices' write forms refuse
unknown fields."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from hifazat.core.errors import NotFound
from hifazat.notices import services
from hifazat.notices.access import access_contact_point, access_notice
from hifazat.notices.models import ContactPoint
from tests.factories import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(world):
    return services.send_notice(
        kind="register.release_scheduled", subject="Release scheduled", body="",
        to_agencies=[world["ps_lhr"]], reference="NSOR-2026-0000042",
        ack_within=datetime.timedelta(hours=2), sender=world["registrar"])


def test_access_notice_answers_addressees_and_sender_only(world, notice):
    assert access_notice(user=world["officer1"], notice_id=notice.pk) == notice
    assert access_notice(user=world["registrar"], notice_id=notice.pk) == notice
    for user, notice_id in [(world["officer_khi"], notice.pk), (world["no_role"], notice.pk),
                            (world["officer1"], 999_999), (world["officer1"], "1 or 1=1")]:
        with pytest.raises(NotFound):
            access_notice(user=user, notice_id=notice_id)


def test_the_sender_may_read_but_not_acknowledge(world, notice):
    with pytest.raises(NotFound):
        access_notice(user=world["registrar"], notice_id=notice.pk,
                      action="notices.acknowledge")
    assert access_notice(user=world["officer2"], notice_id=notice.pk,
                         action="notices.acknowledge") == notice


def test_access_contact_point_answers_its_owner_only(world):
    mine = ContactPoint.objects.create(user=world["officer1"], channel="sms",
                                       address="+923001112223")
    gone = ContactPoint.objects.create(user=world["officer1"], channel="sms",
                                       address="+923001112224", is_active=False)
    assert access_contact_point(user=world["officer1"], contact_id=mine.pk) == mine
    for user, contact_id in [(world["officer2"], mine.pk), (world["officer1"], gone.pk),
                             (world["officer1"], 999_999)]:
        with pytest.raises(NotFound):
            access_contact_point(user=user, contact_id=contact_id)


def test_removing_someone_elses_contact_is_404_and_changes_nothing(client, world):
    theirs = ContactPoint.objects.create(user=world["officer2"], channel="sms",
                                         address="+923001112223")
    response = verified_client(client, world["officer1"]).post(
        reverse("notices:remove_contact", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_acknowledge_refuses_an_unknown_field_naming_it(client, world, notice):
    response = verified_client(client, world["officer1"]).post(
        reverse("notices:acknowledge", args=[notice.pk]),
        {"note": "", "acknowledged_by": str(world["officer2"].pk)})
    assert response.status_code == 400
    assert b"acknowledged_by" in response.content
    assert not notice.recipients.filter(acknowledged_at__isnull=False).exists()


def test_contact_form_refuses_an_unknown_field_naming_it(client, world):
    response = verified_client(client, world["officer1"]).post(
        reverse("notices:contacts"),
        {"channel": "sms", "address": "0300 1112223", "user": str(world["officer2"].pk)})
    assert response.status_code == 400
    assert b"user" in response.content
    assert not ContactPoint.objects.exists()
