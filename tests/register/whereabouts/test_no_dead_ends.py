"""No dead ends on the register and whereabouts screens (issue 12): every button and link
a register role is shown leads somewhere it may go (no 403), a move to another district
confirms the hand-over instead of landing on a 404, and an empty field says what is
missing."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from hifazat.register.whereabouts import selectors, services
from hifazat.register.whereabouts.models import ComplianceVerification
from tests.factories import verified_client
from tests.register.whereabouts.conftest import hold_at, make_offender

pytestmark = pytest.mark.django_db

REGISTER_ROLES = ("prison_officer", "police_lhr", "io_lhr", "prosecutor", "registrar",
                  "supervisor")
START_PAGES = ("register:search", "register:queue", "register:flags", "register:removals",
               "register:requests", "register:my_proposals", "register:suspect_check",
               "whereabouts:releases", "whereabouts:overdue", "whereabouts:compliance",
               "whereabouts:takeovers")


class _Targets(HTMLParser):
    """The links and post forms a page offers under /register/."""

    def __init__(self):
        super().__init__()
        self.links: set[str] = set()
        self.forms: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and (a.get("href") or "").startswith("/register/"):
            self.links.add(a["href"].replace("&amp;", "&"))
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.add(a.get("action") or "")


@pytest.fixture
def busy_world(world):
    """A released offender in Lahore with a verification due, and one in custody at the
    Lahore prison with its release scheduled."""
    lhr = world["places"]["LHR"]
    released = make_offender(lhr)
    hold_at(released, world["facilities"]["prison_lhr"], by=world["registrar"],
            on=date(2021, 2, 3))
    notice = services.schedule_release(
        offender=released, actor=world["prison_officer"], release_on=selectors.today(),
        destination_address="House 9, Model Town", destination_district="PB-LHR")
    services.record_release(release_notice=notice, actor=world["prison_officer"],
                            released_on=selectors.today())
    ComplianceVerification.objects.create(offender=released, district=lhr,
                                          due_on=selectors.today())
    held = make_offender(lhr)
    hold_at(held, world["facilities"]["prison_lhr"], by=world["registrar"],
            on=date(2022, 3, 4))
    services.schedule_release(
        offender=held, actor=world["prison_officer"], release_on=selectors.today(),
        destination_address="House 10, Model Town", destination_district="PB-LHR")
    return {**world, "released": released, "held": held}


@pytest.mark.parametrize("role", REGISTER_ROLES)
def test_no_link_or_form_shown_to_a_register_role_leads_to_a_403(busy_world, role):
    client = verified_client(Client(), busy_world[role])
    pages = [reverse(name) for name in START_PAGES]
    pages.append(reverse("whereabouts:offender", args=[busy_world["released"].pk]))
    pages.append(reverse("whereabouts:offender", args=[busy_world["held"].pk]))
    dead_ends = []
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            continue  # not offered to this role (the menu follows the same rules)
        targets = _Targets()
        targets.feed(response.content.decode())
        for link in sorted(targets.links):
            if client.get(link).status_code == 403:
                dead_ends.append(("link", page, link))
        for action in sorted(targets.forms):
            if client.post(action or page, {}).status_code == 403:
                dead_ends.append(("form", page, action))
    assert dead_ends == []


def test_the_npb_supervisor_is_not_offered_to_record_a_verification(busy_world):
    client = verified_client(Client(), busy_world["supervisor"])
    page = client.get(reverse("whereabouts:compliance")).content.decode()
    assert busy_world["released"].register_number in page
    assert "Record the verification" not in page
    police = verified_client(Client(), busy_world["police_lhr"])
    assert "Record the verification" in police.get(reverse("whereabouts:compliance")) \
        .content.decode()


def test_a_reported_move_to_another_district_confirms_the_hand_over_and_returns_to_the_list(
        busy_world):
    offender = busy_world["released"]
    client = verified_client(Client(), busy_world["police_lhr"])
    response = client.post(
        reverse("whereabouts:report_change", args=[offender.pk, "address"]),
        {"reported_on": selectors.today().isoformat(), "address": "House 3, Cantt",
         "district": "PB-MUL", "moved_on": selectors.today().isoformat()}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("whereabouts:compliance")
    page = response.content.decode()
    assert "is now managed by Multan" in page
    assert busy_world["agencies"]["ps_mul"].name_en in page


def test_a_transfer_by_the_police_confirms_the_hand_over(busy_world):
    offender = busy_world["released"]
    client = verified_client(Client(), busy_world["police_lhr"])
    response = client.post(reverse("whereabouts:transfer", args=[offender.pk]),
                           {"district": "PB-MUL", "reason": "Moved for work"}, follow=True)
    assert response.status_code == 200
    assert "is now managed by Multan" in response.content.decode()


def test_an_empty_field_says_which_answer_is_missing(busy_world):
    client = verified_client(Client(), busy_world["prison_officer"])
    page = client.post(reverse("whereabouts:schedule_release"), {
        "register_number": busy_world["held"].register_number}).content.decode()
    assert "Enter a date as YYYY-MM-DD" not in page
    assert "Enter: Release date." in page
    assert "Choose a district." in page


def test_scheduling_a_release_for_a_prisoner_not_held_on_record_says_to_record_the_admission(
        busy_world):
    stranger = make_offender(busy_world["places"]["LHR"])
    client = verified_client(Client(), busy_world["prison_officer"])
    page = client.post(reverse("whereabouts:schedule_release"), {
        "register_number": stranger.register_number, "release_on": "2030-01-01",
        "destination_address": "House 1", "destination_district": "PB-LHR"}).content.decode()
    assert "holds no custody of this register number on record" in page
    assert reverse("whereabouts:admit") in page


def test_whereabouts_dates_read_in_one_format(busy_world):
    client = verified_client(Client(), busy_world["registrar"])
    page = client.get(reverse("whereabouts:releases")).content.decode()
    today = selectors.today()
    assert f"{today.day} {today:%b} {today.year}" in page
    assert today.isoformat() not in page.replace(f'value="{today.isoformat()}"', "")
