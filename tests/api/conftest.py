"""API test world: agencies of every kind that may hold tokens, a system administrator
who issues tokens and a second one who approves them (four eyes), registered synthetic
offenders, and helpers to call the API."""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from hifazat.accounts.models import User
from hifazat.accounts.roles import AgencyKind, Role
from hifazat.api import services as api_services
from hifazat.places.models import Facility
from hifazat.register import services as register_services
from hifazat.synthetic import PeopleGenerator
from tests.factories import give_role, make_agency, make_user

_seeds = itertools.count(100)


def verified(user: User) -> User:
    user = User.objects.get(pk=user.pk)
    user.is_verified = lambda: True
    return user


def new_key() -> str:
    return str(uuid.uuid4())


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle windows and coalesced refusals live in the (per-process) cache: each
    # test starts with none.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every issued token creates a service account with a password: Argon2 would
    # dominate these tests' time, and the hasher is not what they test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(places):
    # Reference data from a migration does not survive another worker's flush
    # (transactional tests), so the tests load it as the demo does.
    register_services.load_ppc_sections()
    lhr = places["LHR"]
    court = Facility.objects.create(code="COURT-LHR", kind="special_court", name_en="Court",
                                    name_ur="عدالت", district=lhr)
    jail = Facility.objects.create(code="JAIL-LHR", kind="prison", name_en="Camp Jail",
                                   name_ur="جیل", district=lhr)
    w = {"places": places, "court": court, "jail": jail}
    w["prison"] = make_agency(AgencyKind.PRISON, jail)
    w["police"] = make_agency(AgencyKind.POLICE_STATION, places["ps_lhr"])
    w["ssoiu"] = make_agency(AgencyKind.SSOIU, places["ps_lhr"])
    w["prosecution"] = make_agency(AgencyKind.PROSECUTION, places["ps_lhr"])
    w["npb"] = make_agency(AgencyKind.NPB, places["npb"])
    w["cell"] = make_agency(AgencyKind.CRISIS_CELL, places["hosp_lhr"])
    w["system"] = make_agency(AgencyKind.SYSTEM, code="SYSTEM")
    admin = make_user(w["system"])
    give_role(admin, Role.SYSTEM_ADMIN)
    w["admin"] = verified(admin)
    approver = make_user(w["system"])
    give_role(approver, Role.SYSTEM_ADMIN)
    w["approver"] = verified(approver)
    for key, agency, role in [("prosecutor", "prosecution", Role.PROSECUTOR),
                              ("registrar", "npb", Role.NPB_REGISTRAR),
                              ("io", "ssoiu", Role.INVESTIGATING_OFFICER)]:
        user = make_user(w[agency])
        give_role(user, role)
        w[key] = verified(user)
    return w


def register_offender(world, person=None, **overrides):
    """A verified register entry for a synthetic offender (through the register's own
    maker-checker services)."""
    person = person or PeopleGenerator(seed=next(_seeds)).offender()
    payload = {
        "name": person.given_name, "surname": person.surname,
        "father_name": person.father_name, "sex": "M", "dob": person.dob.isoformat(),
        "cnic": person.cnic, "district": "PB-LHR", "court": "COURT-LHR",
        "case_number": f"SC-{next(_seeds)}/2025", "sections": ["376"],
        "convicted_on": "2025-06-01", "sentence": "14 years rigorous imprisonment",
    }
    payload.update(overrides)
    proposal = register_services.propose_entry(proposer=world["prosecutor"], payload=payload)
    offender = register_services.verify_entry(proposal=proposal, verifier=world["registrar"])
    return offender, person


def issue(world, agency_key: str, *scopes: str, name: str | None = None,
          approved: bool = True):
    """A token issued by the system administrator and, unless ``approved`` is False,
    approved by the second one when it waits for that (any scope but schema:read)."""
    token, secret = api_services.issue_token(
        actor=world["admin"], agency=world[agency_key], name=name or f"{agency_key} feed",
        scopes=list(scopes), expires_at=timezone.now() + timedelta(days=30))
    if approved and token.status == token.Status.PENDING:
        token = api_services.approve_token(actor=world["approver"], token=token)
    return token, secret


def token_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def offender(world):
    return register_offender(world)
