"""Set-up services (the demo and installers): agencies and accounts made through
accounts.services, checked like the administrators' pages, idempotent, audited; and the
demo builds its accounts through them only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hifazat.accounts import selectors, services
from hifazat.accounts.errors import InvalidAccountDetails, RoleNotAllowed
from hifazat.accounts.models import Agency, RoleAssignment, User
from hifazat.accounts.roles import AgencyKind, Role, Scope
from hifazat.audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _cell(places):
    return services.ensure_agency(code="ARCC-X", kind=AgencyKind.CRISIS_CELL, name_en="Cell",
                                  name_ur="سیل", facility=places["hosp_lhr"],
                                  district=places["LHR"], province=places["PB"])


def test_ensure_agency_creates_once_then_updates(places):
    agency = _cell(places)
    again = services.ensure_agency(code="ARCC-X", kind=AgencyKind.CRISIS_CELL,
                                   name_en="Cell renamed", name_ur="سیل",
                                   facility=places["hosp_lhr"], district=places["LHR"],
                                   province=places["PB"])
    assert again.pk == agency.pk and again.name_en == "Cell renamed"
    assert Agency.objects.filter(code="ARCC-X").count() == 1
    assert AuditEvent.objects.filter(action="accounts.agency_created").count() == 1
    assert selectors.agency_by(code="ARCC-X") == again
    assert selectors.agency_by(pk="x") is None


def test_provision_user_is_idempotent_and_audited(places):
    agency = _cell(places)
    kwargs = {"username": "cell.doc", "agency": agency, "display_name": "Ayesha Bibi",
              "email": "", "password": PASSWORD, "role": Role.CELL_DOCTOR,
              "scope": Scope.FACILITY, "facility": places["hosp_lhr"],
              "confirmed_device": True}
    user, created = services.provision_user(**kwargs)
    assert created and user.check_password(PASSWORD)
    again, created_again = services.provision_user(**kwargs)
    assert again == user and not created_again
    assert RoleAssignment.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action="accounts.user_provisioned").count() == 1
    assert len(selectors.current_totp_code(username="cell.doc")) == 6


def test_provision_user_refuses_a_bad_name_and_a_role_the_agency_cannot_hold(places):
    agency = _cell(places)
    base = {"username": "x.y", "agency": agency, "email": "", "password": PASSWORD,
            "scope": Scope.FACILITY, "facility": places["hosp_lhr"]}
    with pytest.raises(InvalidAccountDetails):
        services.provision_user(display_name="Ayesha \u202eibiB", role=Role.CELL_DOCTOR,
                                **base)
    with pytest.raises(RoleNotAllowed):
        services.provision_user(display_name="Ayesha", role=Role.NPB_REGISTRAR, **base)
    assert not User.objects.filter(username="x.y").exists()


def test_demo_builds_accounts_and_places_through_services_and_selectors_only():
    import hifazat.demo.services as demo

    tree = ast.parse(Path(demo.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    hifazat = {m for m in imported if m and m.startswith("hifazat.")}
    assert not {m for m in hifazat if m.endswith(".models")}, hifazat
    assert not {m for m in imported if m and m.startswith("django_otp")}, imported
    assert "hifazat.audit.services" not in hifazat  # the services audit their own writes
