"""The synthetic demo: one user per role, idempotent, never in production."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from hifazat.accounts.models import Agency, RoleAssignment, User
from hifazat.accounts.roles import Role
from hifazat.audit.selectors import verify_chain
from hifazat.demo.services import DEMO_PASSWORD, current_code, load_demo

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Agency.objects.count(), RoleAssignment.objects.count(),
            TOTPDevice.objects.count())


def test_every_role_has_a_demo_user_and_loading_twice_changes_nothing():
    load_demo()
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    first = _counts()
    load_demo()
    assert _counts() == first
    assert verify_chain().ok


def test_demo_users_sign_in_with_the_printed_password_and_a_live_code(client):
    load_demo()
    user = User.objects.get(username="cell.doctor")
    assert user.check_password(DEMO_PASSWORD)
    assert user.agency.kind == "crisis_cell"
    assert not re.search(r"^(Mst|Mr|Dr)\.", user.display_name)
    response = client.post("/accounts/sign-in/", {"username": "cell.doctor",
                                                  "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.post("/accounts/sign-in/code/", {"code": current_code("cell.doctor")})
    assert response.status_code == 302 and response.url == "/"


def test_demo_otp_command(capsys):
    load_demo()
    call_command("demo_otp", "npb.registrar")
    assert re.fullmatch(r"\d{6}\n", capsys.readouterr().out)
    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_otp", "nobody")


def test_demo_refuses_production(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        load_demo()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_load_demo_takes_two_stocktake_rounds_once():
    """The committee's stocktake page opens on a history: last quarter and this one,
    taken once (a second load keeps them and adds none)."""
    from hifazat.oversight import periods
    from hifazat.oversight.models import StocktakeDistrict, StocktakeRound

    load_demo()
    rounds = list(StocktakeRound.objects.order_by("period_start"))
    assert [r.status for r in rounds] == [StocktakeRound.Status.TAKEN] * 2
    assert rounds[1].label == periods.current_quarter().label
    assert rounds[0].period_end < rounds[1].period_start
    assert StocktakeDistrict.objects.filter(round=rounds[1]).count() > 100
    load_demo()
    assert StocktakeRound.objects.count() == 2
