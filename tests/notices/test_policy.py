"""Policy as a table: who may see the inbox, see a notice, acknowledge it."""

from __future__ import annotations

import datetime

import pytest

from hifazat.core import permissions
from hifazat.notices import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(world):
    return services.send_notice(
        kind="tests.note", subject="Release scheduled", body="",
        to_agencies=[world["ps_lhr"]], to_users=[world["prosecutor"]],
        ack_within=datetime.timedelta(hours=2), sender=world["registrar"],
    )


@pytest.mark.parametrize("who,inbox,view,ack", [
    ("officer1", True, True, True),      # in the addressed agency
    ("officer2", True, True, True),      # colleague: same agency
    ("prosecutor", True, True, True),    # addressed by name
    ("registrar", True, True, False),    # the sender sees it, but does not acknowledge
    ("supervisor", True, False, False),  # not addressed
    ("officer_khi", True, False, False),  # another district's station
    ("doctor", True, False, False),
    ("no_role", False, False, False),    # signed in, no role: no inbox at all
])
def test_policy_matrix(world, notice, who, inbox, view, ack):
    user = world[who]
    assert permissions.can(user, "notices.view_inbox") is inbox
    assert permissions.can(user, "notices.view", notice) is view
    assert permissions.can(user, "notices.acknowledge", notice) is ack


def test_agency_switched_off_loses_its_notices(world, notice):
    world["ps_lhr"].is_active = False
    world["ps_lhr"].save()
    from hifazat.accounts.models import User

    officer = User.objects.get(pk=world["officer1"].pk)
    officer.is_verified = lambda: True
    assert not permissions.can(officer, "notices.view", notice)


def test_anonymous_and_unverified_are_denied(world, notice):
    from django.contrib.auth.models import AnonymousUser

    from hifazat.accounts.models import User

    assert not permissions.can(AnonymousUser(), "notices.view_inbox")
    unverified = User.objects.get(pk=world["officer1"].pk)
    assert not permissions.can(unverified, "notices.view", notice)


def test_scope_lists_only_visible_notices(world, notice):
    from hifazat.notices.models import Notice

    assert list(permissions.scoped(world["officer1"], "notices.view", Notice.objects.all())) \
        == [notice]
    assert list(permissions.scoped(world["officer_khi"], "notices.view",
                                   Notice.objects.all())) == []


def test_contacts_are_managed_by_their_owner_or_the_agency_administrator(world):
    from hifazat.accounts.roles import Role
    from tests.factories import give_role, make_user

    from .conftest import verified

    admin = make_user(world["ps_lhr"])
    give_role(admin, Role.AGENCY_ADMIN)
    admin = verified(admin)
    can = permissions.can
    assert can(world["officer1"], "notices.manage_contacts")
    assert can(world["officer1"], "notices.manage_contacts", world["officer1"])
    assert not can(world["officer1"], "notices.manage_contacts", world["officer2"])
    assert not can(world["officer1"], "notices.manage_contacts", world["ps_lhr"])
    assert can(admin, "notices.manage_contacts", world["ps_lhr"])
    assert not can(admin, "notices.manage_contacts", world["ps_khi"])
    assert not can(world["no_role"], "notices.manage_contacts")
