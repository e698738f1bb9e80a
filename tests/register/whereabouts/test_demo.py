"""The demo shows every whereabouts screen with something on it."""

from __future__ import annotations

import pytest

from hifazat.register.whereabouts import selectors

pytestmark = pytest.mark.django_db


def test_demo_has_a_release_an_overdue_offender_and_a_verification_due():
    from hifazat.demo.services import load_demo

    users = {spec.username: user for spec, user in load_demo()}
    for user in users.values():
        user.is_verified = lambda: True
    assert len(selectors.upcoming_releases(users["prison.officer"])) == 1
    assert [o.state for o in selectors.overdue_in_district(users["police.station"])] == \
        ["overdue"]
    assert len(selectors.compliance_queue(users["police.station"])) == 1
    load_demo()  # idempotent
    assert len(selectors.upcoming_releases(users["npb.registrar"])) == 1
