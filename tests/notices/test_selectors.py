"""Selectors: inbox order and counts, agencies covering a place, notices about a thing."""

from __future__ import annotations

import datetime

import pytest

from hifazat.accounts.roles import AgencyKind
from hifazat.notices import selectors, services
from hifazat.notices.models import Notice
from tests.factories import make_agency

pytestmark = pytest.mark.django_db


def _send(subject, **kw):
    return services.send_notice(kind="tests.note", subject=subject, body="", **kw)


def test_inbox_has_own_and_agency_notices_unacknowledged_first(world):
    old = _send("Old, acknowledged", to_agencies=[world["ps_lhr"]])
    services.acknowledge(notice=old, user=world["officer2"])
    later = _send("No deadline", to_users=[world["officer1"]])
    urgent = _send("Urgent", to_agencies=[world["ps_lhr"]],
                   ack_within=datetime.timedelta(hours=1))
    soon = _send("Soon", to_agencies=[world["ps_lhr"]], ack_within=datetime.timedelta(hours=5))
    _send("Not for them", to_agencies=[world["ps_khi"]])
    inbox = list(selectors.inbox_for(world["officer1"]))
    assert [n.pk for n in inbox] == [urgent.pk, soon.pk, later.pk, old.pk]
    assert [n.is_pending for n in inbox] == [True, True, True, False]
    assert selectors.unacknowledged_count(world["officer1"]) == 3
    # A colleague sees the agency's notices, not officer1's own.
    assert selectors.unacknowledged_count(world["officer2"]) == 2


def test_inactive_user_has_an_empty_inbox(world):
    _send("Hello", to_agencies=[world["ps_lhr"]])
    world["officer1"].is_active = False
    assert list(selectors.inbox_for(world["officer1"])) == []


def test_agencies_for_a_district_are_local_provincial_and_national(world, places):
    national = make_agency(AgencyKind.POLICE_STATION, code="NATIONAL-POLICE")
    off = make_agency(AgencyKind.POLICE_STATION, code="SWITCHED-OFF")
    off.district, off.is_active = places["LHR"], False
    off.save()
    found = set(selectors.agencies_for(kinds=[AgencyKind.POLICE_STATION],
                                       district=places["LHR"]))
    assert found == {world["ps_lhr"], world["ps_punjab"], national}
    in_sindh = set(selectors.agencies_for(kinds=AgencyKind.POLICE_STATION, province=places["SD"]))
    assert in_sindh == {world["ps_khi"], national}
    both = set(selectors.agencies_for(kinds=["police_station", "prosecution"],
                                      district=places["LHR"]))
    assert world["pros_lhr"] in both


def test_notices_about_an_object(world):
    notice = _send("About 7", to_agencies=[world["ps_lhr"]], object_type="register.offender",
                   object_id=7)
    _send("About 8", to_agencies=[world["ps_lhr"]], object_type="register.offender",
          object_id=8)
    assert list(selectors.notices_about(object_type="register.offender", object_id=7)) == \
        [notice]
    assert Notice.objects.count() == 2
