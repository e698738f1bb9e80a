"""Periodic verification, the notice of obligations, risk level, review notes, transfer."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.http import Http404
from PIL import Image

from hifazat.audit.models import AuditEvent
from hifazat.core.errors import IllegalTransition
from hifazat.notices.models import Notice
from hifazat.register.models import Offender
from hifazat.register.whereabouts import selectors, services
from hifazat.register.whereabouts.errors import InvalidWhereabouts
from hifazat.register.whereabouts.models import ComplianceVerification
from tests.register.whereabouts.conftest import make_offender

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 90, 60)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def living(world):
    return make_offender(world["places"]["LHR"], status=Offender.Status.COMPLIANT)


def test_schedule_verifications_queues_one_per_offender_in_the_community(world, living,
                                                                        settings):
    settings.COMPLIANCE_INTERVAL_DAYS = 90
    make_offender(world["places"]["LHR"])  # in custody: not verified in the community
    today = selectors.today()
    assert services.schedule_verifications() == 1
    assert services.schedule_verifications() == 0  # idempotent: one open at a time
    item = ComplianceVerification.objects.get()
    assert item.offender == living and item.due_on == today + timedelta(days=90)
    assert list(selectors.compliance_queue(world["police_lhr"])) == []
    queue = selectors.compliance_queue(world["police_lhr"], on=item.due_on)
    assert [v.pk for v in queue] == [item.pk]
    assert list(selectors.compliance_queue(world["police_mul"], on=item.due_on)) == []
    assert [v.pk for v in selectors.compliance_queue(world["registrar"], on=item.due_on)] \
        == [item.pk]


@pytest.fixture
def due(world, living):
    services.schedule_verifications()
    return ComplianceVerification.objects.get(offender=living)


def test_verified_in_person_needs_a_new_photograph(world, due):
    with pytest.raises(InvalidWhereabouts) as error:
        services.record_verification(verification=due, actor=world["police_lhr"],
                                     outcome="verified", done_on=selectors.today())
    assert "photo" in error.value.fields
    with pytest.raises(InvalidWhereabouts) as error:
        services.record_verification(verification=due, actor=world["police_lhr"],
                                     outcome="verified", done_on=selectors.today(),
                                     photo=b"GIF89a not a photo")
    assert "photo" in error.value.fields
    done = services.record_verification(verification=due, actor=world["police_lhr"],
                                        outcome="verified", done_on=selectors.today(),
                                        photo=jpeg())
    assert done.has_photo and done.photo_type == "image/jpeg"
    # The next one is queued at once.
    nxt = ComplianceVerification.objects.get(offender=due.offender, done_on__isnull=True)
    assert nxt.due_on > selectors.today()
    with pytest.raises(IllegalTransition):
        services.record_verification(verification=due, actor=world["police_lhr"],
                                     outcome="verified", done_on=selectors.today(),
                                     photo=jpeg())


def test_verification_outcome_and_date_are_checked(world, due):
    with pytest.raises(InvalidWhereabouts) as error:
        services.record_verification(verification=due, actor=world["police_lhr"],
                                     outcome="asleep", done_on=date(2999, 1, 1))
    assert {"outcome", "done_on"} <= set(error.value.fields)


def test_found_deceased_closes_the_record(world, due):
    services.record_verification(verification=due, actor=world["police_lhr"],
                                 outcome="deceased", done_on=selectors.today())
    assert Offender.objects.get(pk=due.offender_id).status == Offender.Status.DECEASED
    assert not ComplianceVerification.objects.filter(done_on__isnull=True).exists()


def test_verification_by_another_district_is_a_404(world, due):
    with pytest.raises(Http404):
        services.record_verification(verification=due, actor=world["police_mul"],
                                     outcome="not_at_address", done_on=selectors.today())


def test_obligations_acknowledgement_is_recorded_and_audited(world, living):
    ack = services.record_obligations_acknowledgement(
        offender=living, actor=world["police_lhr"], signed_on=selectors.today(),
        witness_name="ASI Rubina Kausar", language="ur")
    assert ack.given_by == world["police_lhr"]
    assert AuditEvent.objects.filter(action="whereabouts.obligations_acknowledged").exists()
    with pytest.raises(InvalidWhereabouts) as error:
        services.record_obligations_acknowledgement(
            offender=living, actor=world["police_lhr"], signed_on="", witness_name="",
            language="fr")
    assert {"signed_on", "witness_name", "language"} <= set(error.value.fields)


def test_risk_level_history_and_review_notes(world, living):
    services.set_risk_level(offender=living, actor=world["police_lhr"], level="medium",
                            reason="First assessment after release")
    services.set_risk_level(offender=living, actor=world["supervisor"], level="high",
                            reason="Missed two verifications")
    assert selectors.current_risk(living).level == "high"
    with pytest.raises(InvalidWhereabouts):
        services.set_risk_level(offender=living, actor=world["police_lhr"], level="extreme",
                                reason="x")
    with pytest.raises(Http404):
        services.set_risk_level(offender=living, actor=world["registrar"], level="low",
                                reason="x")
    note = services.add_review_note(offender=living, actor=world["registrar"],
                                    text="Reviewed at the quarterly meeting.")
    assert note.agency == world["registrar"].agency
    with pytest.raises(Http404):
        services.add_review_note(offender=living, actor=world["prosecutor"], text="x")
    panels = selectors.record_panels(living)
    assert len(panels["risk_history"]) == 2 and len(panels["review_notes"]) == 1


def test_transfer_of_management_moves_the_record_and_notifies(world, living):
    services.schedule_verifications()
    services.transfer_management(offender=living, actor=world["registrar"], district="PB-MUL",
                                 reason="Family moved to Multan")
    living.refresh_from_db()
    assert living.district.code == "PB-MUL"
    assert ComplianceVerification.objects.get(offender=living).district.code == "PB-MUL"
    assert Notice.objects.filter(kind="register.management_transferred").exists()
    with pytest.raises(InvalidWhereabouts) as error:
        services.transfer_management(offender=living, actor=world["registrar"],
                                     district="PB-MUL", reason="")
    assert {"district", "reason"} <= set(error.value.fields)


def test_rearrest_by_police_puts_the_offender_back_in_custody(world, living):
    services.record_custody_event(offender=living, actor=world["police_lhr"],
                                  kind="rearrested", occurred_on=selectors.today())
    assert Offender.objects.get(pk=living.pk).status == Offender.Status.IN_CUSTODY


def test_a_prison_records_an_admission_only_as_a_request(world, living):
    with pytest.raises(InvalidWhereabouts) as error:
        services.record_custody_event(offender=living, actor=world["prison_officer"],
                                      kind="admitted", occurred_on=selectors.today(),
                                      prison=world["facilities"]["prison_lhr"])
    assert "kind" in error.value.fields
    assert selectors.current_prison(living) is None


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF GPS tags, as a phone camera writes them."""
    image = Image.new("RGB", (16, 16), (10, 200, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (31.0, 33.0, 0.0)  # latitude: Lahore
    gps[3], gps[4] = "E", (74.0, 20.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_verification_photo_is_stored_without_its_exif_and_gps(world, due):
    """Regression: the photograph was stored as uploaded, with its EXIF GPS position."""
    upload = jpeg_with_gps()
    with Image.open(io.BytesIO(upload)) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the fixture really carries GPS
    done = services.record_verification(verification=due, actor=world["police_lhr"],
                                        outcome="verified", done_on=selectors.today(),
                                        photo=upload)
    stored = bytes(ComplianceVerification.objects.get(pk=done.pk).photo)
    assert stored != upload
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as kept:
        assert kept.format == "JPEG" and not kept.getexif()


def test_a_witness_name_with_hidden_direction_controls_is_refused(world, living):
    with pytest.raises(InvalidWhereabouts) as error:
        services.record_obligations_acknowledgement(
            offender=living, actor=world["police_lhr"], signed_on=selectors.today(),
            witness_name="Ayesha \u202eibiB hsiA", language="ur")
    assert "witness_name" in error.value.fields
