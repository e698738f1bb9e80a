"""Whereabouts screens: sign-in required everywhere, 403 for the wrong role, 404 for an
offender out of reach, forms that answer 400 with field errors, the PDF."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from hifazat.audit.models import AuditEvent
from hifazat.register.models import Offender
from hifazat.register.whereabouts import selectors, services
from hifazat.register.whereabouts.models import ComplianceVerification, ReleaseNotice
from tests.factories import verified_client
from tests.register.whereabouts.conftest import hold_at, make_offender

pytestmark = pytest.mark.django_db


@pytest.fixture
def offender(world):
    return make_offender(world["places"]["LHR"])


@pytest.fixture
def released(world, offender):
    hold_at(offender, world["facilities"]["prison_lhr"], on=date(2021, 2, 3),
            by=world["registrar"])
    release = services.schedule_release(
        offender=offender, actor=world["prison_officer"], release_on=selectors.today(),
        destination_address="House 9, Model Town", destination_district="PB-LHR")
    services.record_release(release_notice=release, actor=world["prison_officer"],
                            released_on=selectors.today())
    offender.refresh_from_db()
    return offender


def all_urls(offender_id, release_id=1, verification_id=1):
    o = {"offender_id": offender_id}
    return [
        reverse("whereabouts:releases"), reverse("whereabouts:schedule_release"),
        reverse("whereabouts:admit"),
        reverse("whereabouts:record_release", args=[release_id]),
        reverse("whereabouts:overdue"), reverse("whereabouts:compliance"),
        reverse("whereabouts:offender", kwargs=o), reverse("whereabouts:report_in", kwargs=o),
        reverse("whereabouts:report_change", kwargs={**o, "kind": "name"}),
        reverse("whereabouts:obligations_pdf", kwargs=o),
        reverse("whereabouts:acknowledgement", kwargs=o), reverse("whereabouts:risk", kwargs=o),
        reverse("whereabouts:review_note", kwargs=o), reverse("whereabouts:transfer", kwargs=o),
        reverse("whereabouts:verification", args=[verification_id]),
        reverse("whereabouts:verification_photo", args=[verification_id]),
    ]


def test_every_page_sends_anonymous_users_to_sign_in(client, offender):
    for url in all_urls(offender.pk):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"], url


def test_a_cell_doctor_and_an_analyst_are_refused_everywhere(client, world, offender):
    for who in ("doctor", "analyst"):
        verified_client(client, world[who])
        for url in all_urls(offender.pk):
            assert client.get(url).status_code in (403, 405), (who, url)


def test_police_of_another_district_get_404_for_the_offender(client, world, released):
    verified_client(client, world["police_mul"])
    for name in ("offender", "report_in", "obligations_pdf", "acknowledgement"):
        url = reverse(f"whereabouts:{name}", kwargs={"offender_id": released.pk})
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("whereabouts:offender",
                              kwargs={"offender_id": 999999})).status_code == 404


def test_prison_officer_schedules_a_release_through_the_form(client, world, offender):
    hold_at(offender, world["facilities"]["prison_lhr"], on=date(2019, 1, 1),
            by=world["registrar"])
    verified_client(client, world["prison_officer"])
    url = reverse("whereabouts:schedule_release")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"register_number": offender.register_number,
                            "release_on": "2020-01-01", "destination_address": "",
                            "destination_district": "PB-MUL"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    assert set(bad.context["form"].errors) == {"destination_address"}
    past = client.post(url, {"register_number": offender.register_number,
                             "release_on": "2020-01-01", "destination_address": "House 1",
                             "destination_district": "PB-MUL"})
    assert past.status_code == 400 and set(past.context["form"].errors) == {"release_on"}
    unknown = client.post(url, {"register_number": "NSOR-2099-0000001",
                                "release_on": (selectors.today() + timedelta(days=3)).isoformat(),
                                "destination_address": "x", "destination_district": "PB-MUL"})
    assert unknown.status_code == 400 and "register_number" in unknown.context["form"].errors
    ok = client.post(url, {"register_number": offender.register_number.lower(),
                           "release_on": (selectors.today() + timedelta(days=3)).isoformat(),
                           "destination_address": "House 1, Gulgasht",
                           "destination_district": "PB-MUL"})
    assert ok.status_code == 302
    release = ReleaseNotice.objects.get(offender=offender)
    page = client.get(reverse("whereabouts:releases")).content.decode()
    assert offender.register_number in page
    # Record it: a date in the future re-renders with the error, today's works.
    record = reverse("whereabouts:record_release", args=[release.pk])
    assert client.post(record, {"released_on": "2999-01-01"}).status_code == 400
    assert client.post(record, {"released_on": selectors.today().isoformat()}).status_code == 302
    assert Offender.objects.get(pk=offender.pk).status == "released_reporting"
    # Another prison's officer neither sees it nor may record it.
    other = verified_client(Client(), world["prison_officer_mul"])
    assert offender.register_number not in other.get(reverse("whereabouts:releases")) \
        .content.decode()


def test_police_see_overdue_list_and_record_a_report_in(client, world, released):
    services.check_overdue(today=selectors.today() + timedelta(days=8))
    verified_client(client, world["police_lhr"])
    page = client.get(reverse("whereabouts:overdue")).content.decode()
    assert released.register_number in page
    listed = AuditEvent.objects.get(action="whereabouts.overdue_listed")
    assert listed.purpose == "compliance" and listed.details["returned"] == [released.pk]
    url = reverse("whereabouts:report_in", kwargs={"offender_id": released.pk})
    assert client.post(url, {"reported_on": "not a date"}).status_code == 400
    assert client.post(url, {"reported_on": selectors.today().isoformat()}).status_code == 302
    assert Offender.objects.get(pk=released.pk).status == "compliant"


def test_offender_page_is_audited_as_a_compliance_read(client, world, released):
    verified_client(client, world["io_lhr"])
    response = client.get(reverse("whereabouts:offender", kwargs={"offender_id": released.pk}))
    assert response.status_code == 200
    assert "House 9, Model Town" in response.content.decode()
    assert AuditEvent.objects.filter(action="whereabouts.viewed", purpose="compliance",
                                     object_id=str(released.pk)).exists()


def test_report_change_form_per_kind(client, world, released):
    verified_client(client, world["police_lhr"])
    url = reverse("whereabouts:report_change",
                  kwargs={"offender_id": released.pk, "kind": "travel_domestic"})
    page = client.get(url)
    assert page.status_code == 200 and set(page.context["form"].fields) == {
        "reported_on", "district", "starts_on", "ends_on"}
    bad = client.post(url, {"reported_on": selectors.today().isoformat(), "district": "PB-MUL",
                            "starts_on": "2026-12-05", "ends_on": "2026-12-01"})
    assert bad.status_code == 400 and "ends_on" in bad.context["form"].errors
    assert client.get(reverse("whereabouts:report_change", kwargs={
        "offender_id": released.pk, "kind": "bicycle"})).status_code == 404


def test_verification_form_takes_a_photograph(client, world, released):
    services.record_report_in(offender=released, actor=world["police_lhr"],
                              reported_on=selectors.today())
    item = ComplianceVerification.objects.get(offender=released)
    verified_client(client, world["police_lhr"])
    url = reverse("whereabouts:verification", args=[item.pk])
    data = {"outcome": "verified", "done_on": selectors.today().isoformat()}
    assert client.post(url, data).status_code == 400
    photo = io.BytesIO()
    Image.new("RGB", (10, 10)).save(photo, format="PNG")
    photo.name = "face.png"
    photo.seek(0)
    assert client.post(url, {**data, "photo": photo}).status_code == 302
    item.refresh_from_db()
    assert item.photo_type == "image/jpeg"
    photo_url = reverse("whereabouts:verification_photo", args=[item.pk])
    shown = client.get(photo_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert shown["Cache-Control"].startswith("no-store")
    assert AuditEvent.objects.filter(action="whereabouts.photo_viewed").exists()
    assert verified_client(Client(), world["police_mul"]).get(photo_url).status_code == 404
    assert Client().get(photo_url).status_code == 302


def test_notice_of_obligations_pdf_and_signed_acknowledgement(client, world, released):
    verified_client(client, world["police_lhr"])
    pdf = client.get(reverse("whereabouts:obligations_pdf", kwargs={"offender_id": released.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="whereabouts.obligations_printed").exists()
    url = reverse("whereabouts:acknowledgement", kwargs={"offender_id": released.pk})
    assert client.post(url, {"signed_on": "", "language": "ur",
                             "witness_name": ""}).status_code == 400
    assert client.post(url, {"signed_on": selectors.today().isoformat(), "language": "ur",
                             "witness_name": "ASI Rubina"}).status_code == 302


def test_navigation_shows_entries_by_role(client, world):
    verified_client(client, world["prison_officer"])
    html = client.get("/").content.decode()
    assert reverse("whereabouts:releases") in html
    assert reverse("whereabouts:overdue") not in html
    verified_client(client, world["police_lhr"])
    html = client.get("/").content.decode()
    assert reverse("whereabouts:overdue") in html and reverse("whereabouts:compliance") in html


def test_urdu_pages_show_no_untranslated_english(client, world, released):
    import re

    from tests.web.test_translations import english_leaks

    services.schedule_verifications()
    allowed = {"NSOR", "Hifazat", "PDF", "JPEG", "PNG", "YYYY", "House", "Model", "Town"}
    for person in world.values():
        allowed |= set(re.findall(r"[A-Za-z]{3,}", str(person)))
    allowed |= set(re.findall(r"[A-Za-z]{3,}", str(released.primary_name)))
    o = {"offender_id": released.pk}
    pages = {
        "police_lhr": [reverse("whereabouts:overdue"), reverse("whereabouts:compliance"),
                       reverse("whereabouts:offender", kwargs=o),
                       reverse("whereabouts:report_in", kwargs=o),
                       reverse("whereabouts:report_change", kwargs={**o, "kind": "address"}),
                       reverse("whereabouts:acknowledgement", kwargs=o),
                       reverse("whereabouts:risk", kwargs=o)],
        "prison_officer": [reverse("whereabouts:releases"),
                           reverse("whereabouts:schedule_release"),
                           reverse("whereabouts:admit")],
    }
    for who, urls in pages.items():
        verified_client(client, world[who])
        client.cookies["hifazat_language"] = "ur"
        for url in urls:
            html = client.get(url).content.decode()
            main = html[html.index("<main"):html.index("</main>")]
            assert english_leaks(main, allowed) == [], url


def test_an_admission_is_a_request_npb_confirms_before_the_prison_gets_access(
        client, world, offender):
    """Regression: any prison could take over an in-custody offender with no prison on
    record (the admission was recorded at once) and the real prison was locked out."""
    from hifazat.notices.models import Notice
    from hifazat.register.whereabouts.models import CustodyTakeover

    schedule_url = reverse("whereabouts:schedule_release")
    release = {"register_number": offender.register_number,
               "release_on": (selectors.today() + timedelta(days=3)).isoformat(),
               "destination_address": "House 1", "destination_district": "PB-LHR"}
    other = verified_client(Client(), world["prison_officer_mul"])
    verified_client(client, world["prison_officer"])
    url = reverse("whereabouts:admit")
    assert client.get(url).status_code == 200
    assert client.post(url, {"register_number": "NSOR-2099-0000009", "kind": "admitted",
                             "occurred_on": "2024-01-01"}).status_code == 400
    assert client.post(url, {"register_number": offender.register_number, "kind": "admitted",
                             "occurred_on": "2999-01-01"}).status_code == 400
    assert client.post(url, {"register_number": offender.register_number, "kind": "admitted",
                             "occurred_on": "2024-01-01"}).status_code == 302
    # Another prison asks too: neither holds the offender until NPB decides.
    assert other.post(url, {"register_number": offender.register_number, "kind": "admitted",
                            "occurred_on": "2024-02-01"}).status_code == 302
    assert selectors.current_prison(offender) is None
    for who in (client, other):
        refused = who.post(schedule_url, release)
        assert refused.status_code == 400 and "register_number" in refused.context["form"].errors
        page = reverse("whereabouts:offender", kwargs={"offender_id": offender.pk})
        assert who.get(page).status_code == 404
    assert Notice.objects.filter(kind="register.custody_takeover_requested").count() == 2
    assert AuditEvent.objects.filter(action="whereabouts.takeover_requested").count() == 2
    # NPB sees both, refuses the Multan one (a reason is required) and accepts Lahore's.
    npb = verified_client(Client(), world["registrar"])
    listing = npb.get(reverse("whereabouts:takeovers"))
    assert listing.status_code == 200 and offender.register_number in listing.content.decode()
    lahore = CustodyTakeover.objects.get(prison=world["facilities"]["prison_lhr"])
    multan = CustodyTakeover.objects.get(prison=world["facilities"]["prison_mul"])
    decide = "whereabouts:decide_takeover"
    assert npb.post(reverse(decide, args=[multan.pk]),
                    {"decision": "refuse", "note": ""}).status_code == 400
    assert npb.post(reverse(decide, args=[multan.pk]),
                    {"decision": "refuse", "note": "Not held there"}).status_code == 302
    assert npb.post(reverse(decide, args=[lahore.pk]), {"decision": "accept"}).status_code == 302
    assert AuditEvent.objects.filter(action="whereabouts.takeover_accepted").exists()
    assert AuditEvent.objects.filter(action="whereabouts.takeover_refused").exists()
    assert selectors.current_prison(offender) == world["facilities"]["prison_lhr"]
    assert client.post(schedule_url, release).status_code == 302
    assert other.get(reverse("whereabouts:offender",
                             kwargs={"offender_id": offender.pk})).status_code == 404
    # Prison officers cannot decide; a decided request cannot be decided again.
    assert client.get(reverse("whereabouts:takeovers")).status_code == 403
    assert npb.post(reverse(decide, args=[lahore.pk]), {"decision": "refuse",
                                                        "note": "x"}).status_code == 400


def test_a_whereabouts_form_refuses_an_unknown_field(client, world, released):
    """Regression: unknown POST fields were silently dropped."""
    verified_client(client, world["police_lhr"])
    url = reverse("whereabouts:report_in", kwargs={"offender_id": released.pk})
    response = client.post(url, {"reported_on": selectors.today().isoformat(),
                                 "two_finger_test": "yes"})
    assert response.status_code == 400
    assert "two_finger_test" in response.content.decode()
    assert Offender.objects.get(pk=released.pk).status == "released_reporting"
