"""Who may do what with whereabouts: role x action x jurisdiction, every cell explicit.
The offender is held at the Lahore prison and managed by Lahore."""

from __future__ import annotations

from datetime import date

import pytest

from hifazat.core import permissions
from hifazat.register.whereabouts.models import CustodyEvent
from tests.register.whereabouts.conftest import make_offender

pytestmark = pytest.mark.django_db

PEOPLE = ["prison_officer", "prison_officer_mul", "police_lhr", "police_mul", "io_lhr",
          "prosecutor", "registrar", "supervisor", "doctor", "analyst"]
LHR_POLICE = {"police_lhr", "io_lhr"}
NPB = {"registrar", "supervisor"}
ALLOWED = {
    # action: (object, who may)
    "whereabouts.schedule_release": ("offender", {"prison_officer"}),
    "whereabouts.record_report_in": ("offender", LHR_POLICE),
    "whereabouts.report_change": ("offender", LHR_POLICE),
    "whereabouts.record_verification": ("offender", LHR_POLICE),
    "whereabouts.view": ("offender", LHR_POLICE | NPB | {"prison_officer"}),
    "whereabouts.record_acknowledgement": ("offender", LHR_POLICE | {"prison_officer"}),
    "whereabouts.set_risk_level": ("offender", LHR_POLICE | {"supervisor"}),
    "whereabouts.add_review_note": ("offender", LHR_POLICE | NPB),
    "whereabouts.transfer_management": ("offender", LHR_POLICE | {"registrar"}),
    "whereabouts.request_takeover": ("offender", {"prison_officer_mul"}),
    "whereabouts.decide_takeover": (None, NPB),
    "whereabouts.view_district_lists": ("district", LHR_POLICE | NPB),
    "whereabouts.view_releases": (None, {"prison_officer", "prison_officer_mul"} | NPB),
}
CASES = [(action, who, who in ALLOWED[action][1]) for action in ALLOWED for who in PEOPLE]


@pytest.fixture
def objects(world):
    offender = make_offender(world["places"]["LHR"])
    CustodyEvent.objects.create(offender=offender, kind="admitted",
                                prison=world["facilities"]["prison_lhr"],
                                occurred_on=date(2024, 1, 1), recorded_by=world["registrar"])
    return {"offender": offender, "prison": world["facilities"]["prison_lhr"],
            "district": world["places"]["LHR"], None: None}


@pytest.mark.parametrize("action, who, allowed", CASES,
                         ids=[f"{a.split('.')[1]}-{w}" for a, w, _ in CASES])
def test_policy_matrix(world, objects, action, who, allowed):
    obj = objects[ALLOWED[action][0]]
    assert permissions.can(world[who], action, obj) is allowed


def test_unverified_second_factor_is_denied_everything(world, objects):
    from hifazat.accounts.models import User

    officer = User.objects.get(pk=world["police_lhr"].pk)  # no second factor this session
    for action in ALLOWED:
        assert permissions.can(officer, action, objects[ALLOWED[action][0]]) is False


def test_offender_without_prison_on_record_is_no_prisons_until_npb_confirms(world):
    """Regression: any prison officer could schedule the release of (and so take over)
    an in-custody offender with no prison on record."""
    offender = make_offender(world["places"]["LHR"])
    for officer in ("prison_officer", "prison_officer_mul"):
        assert not permissions.can(world[officer], "whereabouts.schedule_release", offender)
        assert not permissions.can(world[officer], "whereabouts.view", offender)
        assert permissions.can(world[officer], "whereabouts.request_takeover", offender)
    assert not permissions.can(world["police_lhr"], "whereabouts.request_takeover", offender)
