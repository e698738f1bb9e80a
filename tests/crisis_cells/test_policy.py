"""The crisis-cell policy as a table: role × action × cell → allowed. Everything not
listed is denied; nobody outside the cell (police, prosecution, NPB, analysts,
administrators) may do anything with a case."""

from __future__ import annotations

import pytest

from hifazat.core import permissions
from hifazat.crisis_cells import policy
from hifazat.crisis_cells.models import CaseTransfer
from tests.crisis_cells.helpers import open_test_case

pytestmark = pytest.mark.django_db

ALL_STAFF = {"doctor", "wmlo", "counsellor", "legal", "incharge"}
CLINICIANS = {"doctor", "wmlo", "incharge"}
# Who may do each action on a female survivor's case at their own cell.
EXPECTED = {
    "crisis_cells.view_case": ALL_STAFF,
    "crisis_cells.view_identity": ALL_STAFF,
    "crisis_cells.update_case": ALL_STAFF,
    "crisis_cells.record_consent": ALL_STAFF,
    "crisis_cells.record_medical": CLINICIANS,
    "crisis_cells.examine": {"wmlo"},
    "crisis_cells.handle_evidence": CLINICIANS,
    "crisis_cells.record_counselling": {"counsellor", "incharge"},
    "crisis_cells.record_legal": {"legal", "incharge"},
    "crisis_cells.record_mediation": {"counsellor", "legal", "incharge"},
    "crisis_cells.record_follow_up": ALL_STAFF,
    "crisis_cells.record_cyber": ALL_STAFF,
    "crisis_cells.refer_fir": ALL_STAFF,
    "crisis_cells.share_with_prosecution": {"legal", "incharge"},
    "crisis_cells.request_closure": ALL_STAFF,
    "crisis_cells.approve_closure": {"incharge"},
    "crisis_cells.assign": {"incharge"},
    "crisis_cells.request_transfer": {"incharge"},
    "crisis_cells.view_roster": ALL_STAFF,
    "crisis_cells.manage_roster": {"incharge"},
}
OWN = ["doctor", "wmlo", "counsellor", "legal", "incharge"]
OUTSIDERS = ["other_doctor", "other_incharge", "vawc_counsellor", "vawc_incharge", "police",
             "io", "prosecutor", "npb", "analyst", "cell_admin", "sysadmin"]


def test_the_table_covers_every_registered_action():
    registered = {a for a in permissions.registered_actions() if a.startswith("crisis_cells.")}
    assert registered == set(EXPECTED) | {"crisis_cells.open_case",
                                          "crisis_cells.view_dashboard",
                                          # tests/crisis_cells/test_returning.py
                                          "crisis_cells.find_returning",
                                          "crisis_cells.decide_transfer",
                                          "crisis_cells.view_records_for_prosecution",
                                          "crisis_cells.view_records_for_investigation",
                                          "crisis_cells.download_cyber_evidence"}


@pytest.mark.parametrize("who", OWN + OUTSIDERS)
def test_the_cells_records_go_to_nobody_without_a_court_case(cell, who):
    # Outside the cell only the prosecutor and investigating officer of the court case
    # the referral led to read them (tests/justice/test_views.py); no case, nobody.
    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"])
    for action in ("crisis_cells.view_records_for_prosecution",
                   "crisis_cells.view_records_for_investigation"):
        assert not permissions.can(cell[who], action, case)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("who", OWN + OUTSIDERS)
def test_case_action_matrix(cell, action, who):
    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"], sex="F")
    allowed = permissions.can(cell[who], action, case)
    assert allowed == (who in EXPECTED[action]), (who, action)


@pytest.mark.parametrize("who", OWN + OUTSIDERS)
def test_male_survivor_may_be_examined_by_wmlo_or_cell_doctor(cell, who):
    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"], sex="M")
    assert permissions.can(cell[who], "crisis_cells.examine", case) == (who in {"wmlo",
                                                                               "doctor"})


@pytest.mark.parametrize("action", ["crisis_cells.open_case", "crisis_cells.view_dashboard"])
@pytest.mark.parametrize("who", OWN + OUTSIDERS)
def test_opening_and_dashboard_are_for_cell_staff(cell, action, who):
    is_cell_staff = who in OWN or who in {"other_doctor", "other_incharge", "vawc_counsellor",
                                          "vawc_incharge"}
    assert permissions.can(cell[who], action) == is_cell_staff


@pytest.mark.parametrize("who", OWN + OUTSIDERS)
def test_only_the_receiving_in_charge_decides_a_transfer(cell, who):
    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"])
    transfer = CaseTransfer(case=case, from_cell=cell["agency"], to_cell=cell["other_agency"])
    assert permissions.can(cell[who], "crisis_cells.decide_transfer", transfer) == (
        who == "other_incharge")


@pytest.mark.parametrize("who", OWN + OUTSIDERS)
def test_case_scope_is_the_own_cell(cell, who):
    from hifazat.crisis_cells.models import SurvivorCase

    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"])
    visible = permissions.scoped(cell[who], "crisis_cells.view_case",
                                 SurvivorCase.objects.all())
    assert list(visible) == ([case] if who in OWN else [])


def test_unverified_cell_staff_are_denied(cell):
    from hifazat.accounts.models import User

    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"])
    fresh = User.objects.get(pk=cell["doctor"].pk)  # no second factor this session
    assert not permissions.can(fresh, "crisis_cells.view_case", case)


def test_revoked_role_loses_access(cell):
    from django.utils import timezone

    from hifazat.accounts.models import RoleAssignment
    from tests.crisis_cells.helpers import verified

    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"])
    RoleAssignment.objects.filter(user=cell["counsellor"]).update(revoked_at=timezone.now())
    assert not permissions.can(verified(cell["counsellor"]), "crisis_cells.view_case", case)
    assert policy.cell_roles(verified(cell["counsellor"])) == frozenset()


@pytest.mark.parametrize("who", OWN + OUTSIDERS)
def test_cyber_evidence_is_downloaded_by_in_charge_legal_adviser_or_assignee(cell, who):
    case = open_test_case(cell["places"], agency=cell["agency"], user=cell["doctor"])
    action = "crisis_cells.download_cyber_evidence"
    assert permissions.can(cell[who], action, case) == (who in {"incharge", "legal"})
    case.assigned_to = cell["counsellor"]
    assert permissions.can(cell[who], action, case) == (
        who in {"incharge", "legal", "counsellor"})
