"""Release, reporting and the periodic overdue/absconded job, with a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.http import Http404

from hifazat.audit.models import AuditEvent
from hifazat.core import clock
from hifazat.core.errors import IllegalTransition
from hifazat.notices.models import Notice
from hifazat.register.models import Offender, OffenderChange
from hifazat.register.whereabouts import selectors, services
from hifazat.register.whereabouts.errors import (
    AlreadyScheduled,
    InvalidWhereabouts,
    NothingToReport,
    NotInCustody,
)
from hifazat.register.whereabouts.models import CustodyEvent, ReportingObligation
from tests.register.whereabouts.conftest import hold_at, make_offender

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """The clock every service reads; tests move it with ``set_today``."""
    state = {"today": TODAY}

    def now():
        from django.utils import timezone

        return timezone.make_aware(datetime.combine(state["today"], datetime.min.time())
                                   + timedelta(hours=12))

    monkeypatch.setattr(clock, "now", now)
    return state


def schedule(world, offender, **overrides):
    if selectors.current_prison(offender) is None:
        hold_at(offender, world["facilities"]["prison_lhr"], by=world["registrar"])
    kwargs = {"offender": offender, "actor": world["prison_officer"],
              "release_on": TODAY + timedelta(days=10),
              "destination_address": "House 12, Street 4, Gulgasht Colony",
              "destination_district": "PB-MUL"}
    kwargs.update(overrides)
    return services.schedule_release(**kwargs)


def agencies_of(notice):
    return {r.agency_id for r in notice.recipients.all()}


def test_scheduling_a_release_notifies_destination_police_prosecution_and_npb(world, offender):
    release = schedule(world, offender)
    a = world["agencies"]
    notice = Notice.objects.get(pk=release.notice_id)
    assert notice.kind == "register.release_scheduled"
    assert agencies_of(notice) == {a["ps_mul"].pk, a["pros_mul"].pk, a["npb"].pk}
    assert notice.ack_deadline is not None and notice.escalate_to_roles == ["npb_supervisor"]
    assert offender.register_number in notice.subject
    assert "Gulgasht" not in notice.body  # no address in a notice
    assert selectors.current_prison(offender) == world["facilities"]["prison_lhr"]
    assert AuditEvent.objects.filter(action="whereabouts.release_scheduled",
                                     purpose="prison_release").exists()
    assert OffenderChange.objects.filter(offender=offender).exists()
    [shown] = selectors.with_acknowledgements([release])
    assert (shown.acknowledged, shown.addressed) == (0, 3)
    from hifazat.notices import services as notices

    notices.acknowledge(notice=notice, user=world["police_mul"])
    [shown] = selectors.with_acknowledgements([release])
    assert (shown.acknowledged, shown.addressed) == (1, 3)


def test_release_cannot_be_scheduled_twice_or_when_not_in_custody(world, offender):
    schedule(world, offender)
    with pytest.raises(AlreadyScheduled):
        schedule(world, offender)
    free = make_offender(world["places"]["LHR"], status=Offender.Status.COMPLIANT)
    CustodyEvent.objects.create(offender=free, kind="admitted", recorded_by=world["registrar"],
                                prison=world["facilities"]["prison_lhr"],
                                occurred_on=date(2020, 1, 1))
    with pytest.raises(NotInCustody):
        schedule(world, free)


@pytest.mark.parametrize("overrides, field", [
    ({"release_on": TODAY - timedelta(days=1)}, "release_on"),
    ({"release_on": "2026-02-30"}, "release_on"),
    ({"destination_district": "XX-NOWHERE"}, "destination_district"),
    ({"destination_address": "  "}, "destination_address"),
])
def test_bad_release_details_are_field_errors(world, offender, overrides, field):
    with pytest.raises(InvalidWhereabouts) as error:
        schedule(world, offender, **overrides)
    assert field in error.value.fields
    assert not Notice.objects.exists()


def test_release_before_admission_is_refused(world, offender):
    hold_at(offender, world["facilities"]["prison_lhr"], on=TODAY + timedelta(days=20),
            by=world["prison_officer"])
    with pytest.raises(InvalidWhereabouts) as error:
        schedule(world, offender, release_on=TODAY + timedelta(days=5))
    assert "release_on" in error.value.fields


def test_another_prisons_officer_cannot_schedule_and_gets_404(world, offender):
    schedule(world, offender)  # the offender is now held at the Lahore prison
    offender.refresh_from_db()
    with pytest.raises(Http404):
        services.record_release(release_notice=selectors.pending_release(offender),
                                actor=world["prison_officer_mul"], released_on=TODAY)
    with pytest.raises(Http404):
        schedule(world, offender, actor=world["police_lhr"])


def test_recording_the_release_moves_the_offender_and_starts_reporting(world, offender):
    release = schedule(world, offender)
    obligation = services.record_release(release_notice=release, actor=world["prison_officer"],
                                         released_on=TODAY)
    offender.refresh_from_db()
    assert offender.status == Offender.Status.RELEASED_REPORTING
    assert offender.district.code == "PB-MUL"
    assert obligation.due_on == TODAY + timedelta(days=7)
    address = selectors.current_address(offender)
    assert address.district.code == "PB-MUL" and address.valid_from == TODAY
    assert selectors.current_prison(offender) is None
    assert Notice.objects.filter(kind="register.management_transferred").exists()
    with pytest.raises(IllegalTransition):
        services.record_release(release_notice=release, actor=world["prison_officer"],
                                released_on=TODAY)


def test_release_date_in_the_future_or_before_admission_is_refused(world, offender):
    release = schedule(world, offender)
    for bad in (TODAY + timedelta(days=1), date(2019, 12, 31)):
        with pytest.raises(InvalidWhereabouts) as error:
            services.record_release(release_notice=release, actor=world["prison_officer"],
                                    released_on=bad)
        assert "released_on" in error.value.fields


@pytest.fixture
def released(world, offender):
    release = schedule(world, offender)
    services.record_release(release_notice=release, actor=world["prison_officer"],
                            released_on=TODAY)
    offender.refresh_from_db()
    return offender


def test_report_in_makes_the_record_compliant(world, released, fixed_clock):
    fixed_clock["today"] = TODAY + timedelta(days=2)
    obligation = services.record_report_in(offender=released, actor=world["police_mul"],
                                           reported_on=TODAY + timedelta(days=2))
    released.refresh_from_db()
    assert released.status == Offender.Status.COMPLIANT
    assert obligation.is_late is False
    assert selectors.open_obligation(released) is None
    # The first periodic verification is queued at once.
    assert released.district.code == "PB-MUL"
    with pytest.raises(NothingToReport):
        services.record_report_in(offender=released, actor=world["police_mul"],
                                  reported_on=TODAY + timedelta(days=2))


def test_report_in_by_police_of_another_district_is_a_404(world, released):
    with pytest.raises(Http404):
        services.record_report_in(offender=released, actor=world["police_lhr"],
                                  reported_on=TODAY)


def test_report_in_dates_are_checked(world, released):
    for bad in (TODAY - timedelta(days=1), TODAY + timedelta(days=1), "yesterday"):
        with pytest.raises(InvalidWhereabouts) as error:
            services.record_report_in(offender=released, actor=world["police_mul"],
                                      reported_on=bad)
        assert "reported_on" in error.value.fields


def test_overdue_then_absconded_with_notices_to_district_police_and_npb(
        world, released, fixed_clock):
    a = world["agencies"]
    fixed_clock["today"] = TODAY + timedelta(days=7)  # the report-by date itself: not yet
    assert services.check_overdue()["overdue"] == 0
    fixed_clock["today"] = TODAY + timedelta(days=8)
    assert services.check_overdue()["overdue"] == 1
    released.refresh_from_db()
    assert released.status == Offender.Status.OVERDUE
    notice = Notice.objects.get(kind="register.reporting_overdue")
    assert agencies_of(notice) == {a["ps_mul"].pk, a["npb"].pk}
    user = world["police_mul"]
    assert [o.offender_id for o in selectors.overdue_in_district(user)] == [released.pk]
    assert list(selectors.overdue_in_district(world["police_lhr"])) == []
    assert services.check_overdue() == {"overdue": 0, "absconded": 0, "abroad": 0}

    fixed_clock["today"] = TODAY + timedelta(days=7 + 14)
    assert services.check_overdue()["absconded"] == 0
    fixed_clock["today"] = TODAY + timedelta(days=7 + 15)
    assert services.check_overdue()["absconded"] == 1
    released.refresh_from_db()
    assert released.status == Offender.Status.ABSCONDED
    assert agencies_of(Notice.objects.get(kind="register.absconded")) == \
        {a["ps_mul"].pk, a["npb"].pk}
    obligation = ReportingObligation.objects.get(offender=released)
    assert obligation.state == "absconded"
    # Found later: the report-in is recorded as late and the record is compliant again.
    fixed_clock["today"] = TODAY + timedelta(days=23)
    services.record_report_in(offender=released, actor=world["police_mul"],
                              reported_on=TODAY + timedelta(days=23))
    obligation.refresh_from_db()
    assert obligation.is_late is True
    released.refresh_from_db()
    assert released.status == Offender.Status.COMPLIANT


def test_release_report_days_is_a_setting(world, offender, settings):
    settings.RELEASE_REPORT_DAYS = 3
    release = schedule(world, offender)
    obligation = services.record_release(release_notice=release, actor=world["prison_officer"],
                                         released_on=TODAY)
    assert obligation.due_on == TODAY + timedelta(days=3)


def test_periodic_jobs_are_registered_with_notices():
    from hifazat.notices import periodic

    names = {job.name for job in periodic.registered()}
    assert {"register.whereabouts.check_overdue",
            "register.whereabouts.schedule_verifications"} <= names


def test_record_panels_show_release_and_reporting(world, released):
    panels = selectors.record_panels(released)
    assert panels["current_address"].district.code == "PB-MUL"
    assert panels["report_by"] == TODAY + timedelta(days=7)
    assert panels["last_release_notice"].state == "released"
    assert {e.kind for e in panels["custody_events"]} == {"admitted", "release_scheduled",
                                                          "released"}
    for key in ("addresses", "reported_changes", "travel", "verifications", "risk",
                "review_notes", "employment", "vehicles", "acknowledgements"):
        assert key in panels
