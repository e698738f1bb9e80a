"""Who may do what with a Lahore case: the table in ``justice.policy`` against every
role holder of both districts, the cell and NPB. A case is reached only by a role held
over it; everyone else is denied (and the services answer "not found")."""

from __future__ import annotations

import pytest

from hifazat.core import permissions
from hifazat.justice import policy
from tests.justice.helpers import new_case, to_trial

pytestmark = pytest.mark.django_db

LHR = {"police": "police_station_officer", "io": "investigating_officer",
       "male_io": "investigating_officer", "prosecutor": "prosecutor",
       "clerk": "court_staff"}


def test_every_registered_action_is_in_the_table():
    registered = {a for a in permissions.registered_actions() if a.startswith("justice.")}
    assert registered == set(policy.ACTIONS) | {"justice.station_inbox",
                                                "justice.view_referral",
                                                "justice.cause_list"}


@pytest.mark.parametrize("action", sorted(policy.ACTIONS))
def test_case_action_matrix(justice, action):
    lhr, mul = justice["lhr"], justice["mul"]
    case = to_trial(lhr, new_case(lhr))  # before the Lahore court, so the clerk covers it
    for who, role in LHR.items():
        assert permissions.can(lhr[who], action, case) == (role in policy.ACTIONS[action]), \
            (who, action)
        # The same role in Multan reaches nothing in Lahore.
        assert not permissions.can(mul[who], action, case), ("multan", who, action)
    for outsider in ("doctor", "legal", "registrar"):
        assert not permissions.can(justice[outsider], action, case), (outsider, action)


def test_the_court_reaches_a_case_only_once_it_is_before_it(justice):
    lhr = justice["lhr"]
    case = new_case(lhr)
    assert not permissions.can(lhr["clerk"], "justice.view_case", case)
    case = to_trial(lhr, case)
    assert permissions.can(lhr["clerk"], "justice.view_case", case)
    assert permissions.can(lhr["clerk"], "justice.cause_list", lhr["court"])
    assert not permissions.can(justice["mul"]["clerk"], "justice.cause_list", lhr["court"])


def test_one_navigation_entry_is_current(justice):
    """/justice/overdue/ is "Overdue cases", not also "Justice cases" at /justice/."""
    from hifazat.web.navigation import entries_for

    items = entries_for(justice["lhr"]["io"], "/justice/overdue/")
    current = [str(i["label"]) for i in items if i["is_current"]]
    assert current == ["Overdue cases"]
    assert [str(i["label"]) for i in entries_for(justice["lhr"]["io"], "/justice/cases/4/")
            if i["is_current"]] == ["Justice cases"]
