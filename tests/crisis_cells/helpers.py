"""Helpers for the crisis-cell tests: cells, staff with roles, open cases."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hifazat.accounts.models import User
from hifazat.accounts.roles import AgencyKind, Role
from tests.factories import give_role, make_agency, make_user


def verified(user: User) -> User:
    """The user as a request would see it after the second factor."""
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


def staff(agency, role: str = Role.CELL_DOCTOR) -> User:
    user = make_user(agency)
    give_role(user, role)
    return verified(user)


def open_test_case(places, *, agency=None, user=None, **kwargs):
    """A case opened the direct way (for tests that are not about intake)."""
    from hifazat.crisis_cells.models import SurvivorCase

    agency = agency or make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"])
    user = user or make_user(agency)
    values = {"arrived_at": timezone.now() - timedelta(hours=1), "arrival_route": "walk_in",
              "sex": "F", "age": 24}
    values.update(kwargs)
    n = SurvivorCase.objects.count() + 1
    return SurvivorCase.objects.create(code=f"ARCC-TEST-2026-{n:06d}", cell=agency,
                                       created_by=user, **values)
