"""Inbox, notice detail and acknowledge screens."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from hifazat.notices import services
from tests.factories import verified_client
from tests.web.test_translations import english_leaks

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(world):
    return services.send_notice(
        kind="notices.escalation", subject="Release scheduled", body="See the register.",
        to_agencies=[world["ps_lhr"]], reference="NSOR-2026-0000042",
        ack_within=datetime.timedelta(hours=2),
    )


def test_anonymous_is_sent_to_sign_in(client, notice):
    for url in [reverse("notices:inbox"), reverse("notices:detail", args=[notice.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    response = client.post(reverse("notices:acknowledge", args=[notice.pk]))
    assert response.status_code == 302
    assert not notice.recipients.filter(acknowledged_at__isnull=False).exists()


def test_user_without_a_role_is_forbidden(client, world):
    verified_client(client, world["no_role"])
    assert client.get(reverse("notices:inbox")).status_code == 403


def test_inbox_lists_the_agency_notice_as_to_acknowledge(client, world, notice):
    verified_client(client, world["officer1"])
    response = client.get(reverse("notices:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Release scheduled" in html
    assert "To acknowledge" in html
    assert "1 notice not yet acknowledged" in html
    assert reverse("notices:inbox") in html  # the navigation entry


def test_overdue_notice_is_highlighted(client, world, notice):
    from hifazat.notices.models import Notice

    Notice.objects.filter(pk=notice.pk).update(
        ack_deadline=notice.created_at - datetime.timedelta(minutes=5))
    verified_client(client, world["officer1"])
    html = client.get(reverse("notices:inbox")).content.decode()
    assert "notice-row--overdue" in html and "Overdue" in html
    html = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "notice-banner--overdue" in html


def test_filter_shows_only_unacknowledged(client, world, notice):
    verified_client(client, world["officer1"])
    services.acknowledge(notice=notice, user=world["officer1"])
    html = client.get(reverse("notices:inbox"), {"show": "pending"}).content.decode()
    assert "Release scheduled" not in html
    assert client.get(reverse("notices:inbox"), {"show": "nonsense"}).status_code == 200


def test_others_notice_and_missing_notice_are_the_same_404(client, world, notice):
    verified_client(client, world["officer_khi"])
    forbidden = client.get(reverse("notices:detail", args=[notice.pk]))
    missing = client.get(reverse("notices:detail", args=[notice.pk + 1000]))
    assert forbidden.status_code == missing.status_code == 404
    assert client.post(reverse("notices:acknowledge", args=[notice.pk])).status_code == 404
    assert not notice.recipients.filter(acknowledged_at__isnull=False).exists()


def test_acknowledge_by_post_then_detail_shows_who(client, world, notice):
    verified_client(client, world["officer1"])
    url = reverse("notices:acknowledge", args=[notice.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"note": "Noted by the duty officer"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Notice acknowledged." in html
    assert "Noted by the duty officer" in html
    assert "Acknowledged. Nothing more to do here." in html
    row = notice.recipients.get()
    assert row.acknowledged_by_id == world["officer1"].pk


def test_acknowledge_needs_the_csrf_token(world, notice):
    client = verified_client(Client(enforce_csrf_checks=True), world["officer1"])
    response = client.post(reverse("notices:acknowledge", args=[notice.pk]), {"note": ""})
    assert response.status_code == 403
    assert not notice.recipients.filter(acknowledged_at__isnull=False).exists()


def test_bad_note_is_a_400_with_the_error_next_to_the_field(client, world, notice):
    verified_client(client, world["officer1"])
    url = reverse("notices:acknowledge", args=[notice.pk])
    response = client.post(url, {"note": "call me on 0300 1234567"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "field-error" in html
    response = client.post(url, {"note": "x" * 501})
    assert response.status_code == 400
    assert not notice.recipients.filter(acknowledged_at__isnull=False).exists()


def test_sender_sees_the_notice_but_gets_no_acknowledge_button(client, world):
    notice = services.send_notice(kind="tests.note", subject="For the station", body="",
                                  to_agencies=[world["ps_lhr"]], sender=world["registrar"])
    verified_client(client, world["registrar"])
    html = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "For the station" in html
    assert reverse("notices:acknowledge", args=[notice.pk]) not in html
    response = client.post(reverse("notices:acknowledge", args=[notice.pk]))
    assert response.status_code == 400


def test_urdu_pages_show_no_untranslated_english(client, world, notice):
    verified_client(client, world["officer1"])
    client.cookies["hifazat_language"] = "ur"
    allowed = set(re.findall(r"[A-Za-z]{3,}", world["officer1"].display_name)) | {
        "Hifazat", "Release", "scheduled", "See", "the", "register", "NSOR",
        *re.findall(r"[A-Za-z]{3,}", world["ps_lhr"].name_en),
    }
    for url in [reverse("notices:inbox"), reverse("notices:detail", args=[notice.pk]),
                reverse("notices:contacts")]:
        response = client.get(url)
        html = response.content.decode()
        assert 'dir="rtl"' in html
        # This app's page content (other apps' navigation entries are theirs to check).
        main = "<main" + html.split("<main", 1)[1].split("</main>", 1)[0]
        assert english_leaks(main, allowed) == [], url


def test_user_adds_and_removes_their_own_sms_contact(client, world):
    from hifazat.notices.models import ContactPoint

    verified_client(client, world["officer1"])
    url = reverse("notices:contacts")
    html = client.get(url).content.decode()
    assert 'name="owner"' not in html  # not an administrator: own contacts only
    response = client.post(url, {"channel": "sms", "address": "not a number"})
    assert response.status_code == 400
    assert "Enter a Pakistani mobile number" in response.content.decode()
    response = client.post(url, {"channel": "sms", "address": "0300 7654321"})
    assert response.status_code == 302
    point = ContactPoint.objects.get(user=world["officer1"])
    assert point.address == "+923007654321" and point.is_active
    assert "+923007654321" in client.get(url).content.decode()
    # Another officer cannot remove it: the same 404 as a missing contact.
    verified_client(client, world["officer2"])
    remove = reverse("notices:remove_contact", args=[point.pk])
    assert client.post(remove).status_code == 404
    verified_client(client, world["officer1"])
    assert client.post(remove).status_code == 302
    point.refresh_from_db()
    assert not point.is_active


def test_agency_administrator_adds_the_agency_duty_desk(client, world):
    from hifazat.accounts.roles import Role
    from hifazat.notices.models import ContactPoint
    from tests.factories import give_role, make_user

    admin = make_user(world["ps_lhr"])
    give_role(admin, Role.AGENCY_ADMIN)
    verified_client(client, admin)
    url = reverse("notices:contacts")
    assert 'name="owner"' in client.get(url).content.decode()
    response = client.post(url, {"owner": "agency", "channel": "email",
                                 "address": "Duty@Police.example"})
    assert response.status_code == 302
    assert ContactPoint.objects.get(agency=world["ps_lhr"]).address == "duty@police.example"


def test_contacts_page_needs_a_role(client, world):
    assert client.get(reverse("notices:contacts")).status_code == 302
    verified_client(client, world["no_role"])
    assert client.get(reverse("notices:contacts")).status_code == 403


def test_supervisor_opens_an_escalation_and_follows_it_to_the_original(client, world):
    from django.utils import timezone

    original = services.send_notice(
        kind="tests.note", subject="Release scheduled", body="", to_agencies=[world["ps_lhr"]],
        reference="NSOR-2026-0000042", ack_within=datetime.timedelta(hours=1),
        escalate_to_roles=("npb_supervisor",))
    services.escalate_overdue(now=timezone.now() + datetime.timedelta(hours=2))
    escalation = original.escalations.get()
    verified_client(client, world["supervisor"])
    html = client.get(reverse("notices:detail", args=[escalation.pk])).content.decode()
    assert reverse("notices:detail", args=[original.pk]) in html
    html = client.get(reverse("notices:detail", args=[original.pk])).content.decode()
    assert "Not acknowledged in time" in html  # the escalation is listed on the original
    assert reverse("notices:acknowledge", args=[original.pk]) not in html


def test_detail_shows_delivery_counts_but_never_addresses(client, world):
    world["officer2"].email = "officer2@police.example"
    world["officer2"].save()
    notice = services.send_notice(kind="tests.note", subject="For the station", body="",
                                  to_agencies=[world["ps_lhr"]])
    verified_client(client, world["officer1"])
    html = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "Copies by e-mail and SMS" in html and "Waiting to be sent (1)" in html
    assert "officer2@police.example" not in html
