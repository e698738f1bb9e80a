"""Every view and API operation that declares an action refuses (a) a signed-in user who
lacks that action and (b) a user who holds it but in another jurisdiction, opening a real
record of the first jurisdiction. Walked from the URL map, so a new page is covered the
day it is added (issue 10, item 2: one access convention, deny by default)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hifazat.accounts.models import Agency, User
from hifazat.accounts.roles import AgencyKind, Role
from hifazat.core import permissions
from hifazat.demo.services import load_demo
from hifazat.places import selectors as places
from tests.factories import give_role, make_agency, make_user, verified_client

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}
# Actions every signed-in, verified user holds (no personal data behind them).
OPEN_TO_ALL_STAFF = {"web.view_home"}


def _routes(patterns=None, prefix=""):
    """(route, url name, converters, declared action, is_api) for every URL."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
            action = getattr(callback, "hifazat_action", None) or getattr(
                view_class, "required_action", None)
            converters = dict(getattr(pattern.pattern, "converters", {}))
            yield (prefix + str(pattern.pattern), pattern.name, converters, action,
                   view_class is not None and (prefix + str(pattern.pattern)).startswith("api/"))


ACTION_ROUTES = [r for r in _routes() if r[3]]


def _url(route: str, converters: dict, values: dict | None = None) -> str:
    """The route with each converter replaced by ``values[name]`` or a harmless dummy."""
    import re

    values = values or {}

    def fill(match):
        name = match.group(2)
        if name in values:
            return str(values[name])
        converter = converters.get(name)
        kind = type(converter).__name__ if converter else ""
        return "1" if kind == "IntConverter" else "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _verified(user: User) -> User:
    """As the permission API sees the user once the second factor has passed."""
    user.is_verified = lambda: True
    return user


def _client(user) -> Client:
    return verified_client(Client(), user)


def _answers(client: Client, url: str, is_api: bool) -> dict[str, int]:
    out = {"GET": client.get(url).status_code}
    if is_api:
        out["POST"] = client.post(url, data={}, content_type="application/json",
                                  HTTP_IDEMPOTENCY_KEY="walk-000000001").status_code
    else:
        out["POST"] = client.post(url, data={}).status_code
    return out


def _refused(answers: dict[str, int]) -> bool:
    """Each method is refused (403/404) or not offered at all (405); at least one is a
    refusal."""
    return all(code in REFUSED | {405} for code in answers.values()) and any(
        code in REFUSED for code in answers.values())


@pytest.fixture
def demo_users():
    names = {spec.username for spec, _user in load_demo()}
    users = {u.username: _verified(u) for u in User.objects.filter(username__in=names)}
    # A signed-in staff member whose role was revoked (or not yet granted).
    roleless = make_user(users["cell.doctor"].agency, username="no.role.yet")
    users[roleless.username] = _verified(roleless)
    return users


def test_the_walk_covers_every_app_and_the_api():
    names = {route.split("/")[0] for route, *_ in ACTION_ROUTES}
    assert {"cells", "justice", "register", "notices", "accounts", "api",
            "api-tokens", "oversight"} <= names
    assert {"oversight/stocktake/", "oversight/stocktake/take/",
            "oversight/stocktake/<int:pk>/"} <= {route for route, *_ in ACTION_ROUTES}
    assert any(is_api for *_, is_api in ACTION_ROUTES)


def test_every_declared_action_refuses_a_user_without_it(demo_users):
    clients: dict[str, Client] = {}
    failures = []
    for route, _name, converters, action, is_api in ACTION_ROUTES:
        lacking = [u for u in demo_users.values() if not permissions.can(u, action)]
        if not lacking:
            assert action in OPEN_TO_ALL_STAFF, f"everyone may {action} ({route})"
            continue
        # Two users who lack it: the first and one from a different agency kind.
        kinds_seen, chosen = set(), []
        for user in lacking:
            kind = user.agency.kind if user.agency else ""
            if kind not in kinds_seen:
                kinds_seen.add(kind)
                chosen.append(user)
            if len(chosen) == 2:
                break
        url = _url(route, converters)
        for user in chosen:
            client = clients.setdefault(user.username, _client(user))
            answers = _answers(client, url, is_api)
            if not _refused(answers):
                failures.append((route, action, user.username, answers))
    assert failures == []


# --- another jurisdiction ---------------------------------------------------------------

def _agency_in(kind: str, facility_kind: str, district_code: str) -> Agency:
    """An agency at a facility of that kind in the district (or, where the district has
    none, anywhere outside Lahore)."""
    district = places.district_by_code(district_code)
    facility = places.facilities(facility_kind, district=district).first() or \
        places.facilities(facility_kind).exclude(district__code="PB-LHR").first()
    assert facility is not None, (facility_kind, district_code)
    existing = Agency.objects.filter(kind=kind, facility=facility).first()
    return existing or make_agency(kind, facility)


def _outsiders() -> list[User]:
    """A user for each role that has a jurisdiction, outside the demo's Lahore agencies:
    every cell role at the Multan VAWC, and a Multan police station, SSOIU, prosecutor,
    a prison officer outside Lahore and the agency administrator of the Multan VAWC."""
    vawc = _agency_in(AgencyKind.VAWC_CENTRE, places.FacilityKind.VAWC_CENTRE, "PB-MUL")
    users = []
    for role in (Role.CELL_DOCTOR, Role.WMLO, Role.CELL_COUNSELLOR, Role.CELL_LEGAL_ADVISER,
                 Role.CELL_IN_CHARGE, Role.AGENCY_ADMIN):
        user = make_user(vawc)
        give_role(user, role)
        users.append(_verified(user))
    for kind, facility_kind, district, role in (
            (AgencyKind.POLICE_STATION, places.FacilityKind.POLICE_STATION, "PB-MUL",
             Role.POLICE_STATION_OFFICER),
            (AgencyKind.SSOIU, places.FacilityKind.SSOIU, "PB-MUL", Role.INVESTIGATING_OFFICER),
            (AgencyKind.PROSECUTION, places.FacilityKind.PROSECUTION_OFFICE, "PB-MUL",
             Role.PROSECUTOR),
            (AgencyKind.PRISON, places.FacilityKind.PRISON, "SD-KHS", Role.PRISON_OFFICER)):
        user = make_user(_agency_in(kind, facility_kind, district))
        give_role(user, role)
        users.append(_verified(user))
    return users


def _lahore_values(demo_users) -> dict[str, dict]:
    """Real ids of records that belong to Lahore agencies, by route prefix (the longest
    prefix of a route decides)."""
    from hifazat.accounts import selectors as accounts
    from hifazat.core import clock
    from hifazat.crisis_cells import selectors as cells
    from hifazat.notices import selectors as notices
    from hifazat.register.models import EntryProposal, Offender
    from hifazat.register.whereabouts.models import ComplianceVerification, ReleaseNotice

    doctor = demo_users["cell.doctor"]
    case = cells.cases_for(doctor).order_by("pk").first()
    assert case is not None, "the demo has cases at the Lahore cell"
    notice = notices.inbox_for(demo_users["police.station"]).first()
    managed = Offender.objects.filter(district__code="PB-LHR").order_by("pk").first()
    release = ReleaseNotice.objects.filter(prison__district__code="PB-LHR").order_by("pk").first()
    verification = ComplianceVerification.objects.filter(
        offender__district__code="PB-LHR").order_by("pk").first()
    proposal = EntryProposal.objects.filter(proposed_by=demo_users["prosecutor"]).first()
    justice_case, referral = _lahore_justice(demo_users)
    duty = cells.roster(doctor.agency, clock.now().date())[0][1][0].on_call[0]
    training = accounts.training_of(demo_users["cell.counsellor"]).first()
    assert training is not None, "the demo counsellor has a training record"
    values = {
        "cells/": {"code": case.code},
        "cells/roster/": {"pk": duty.pk},
        "accounts/": {"pk": demo_users["cell.counsellor"].pk, "action": "deactivate",
                      "record_id": training.pk},
        "notices/": {"pk": notice.pk} if notice is not None else {},
        "register/whereabouts/": {"offender_id": managed.pk} if managed else {},
        "register/releases/": {"release_id": release.pk} if release else {},
        "register/verifications/": {"verification_id": verification.pk}
        if verification else {},
        "register/proposals/": {"pk": proposal.pk} if proposal else {},
        "justice/": {"case_id": justice_case.pk,
                     "suspect_id": justice_case.fir.suspects.first().pk,
                     "referral_id": referral.pk},
    }
    assert all(values.values()), {k: v for k, v in values.items() if not v}
    return values


def _lahore_justice(demo_users):
    """A Lahore FIR (registered by the demo station officer, one suspect) and a cell
    referral to a Lahore station."""
    from datetime import timedelta

    from hifazat.core import clock
    from hifazat.crisis_cells import services as cells
    from hifazat.justice import selectors as justice
    from hifazat.justice import services as justice_services

    police = demo_users["police.station"]
    station = justice.stations_of(police)[0]
    case = justice_services.register_fir(
        user=police, station=station, number="WALK-1",
        registered_at=clock.now() - timedelta(minutes=1), sections=["376"],
        suspects=[{"name": "Walk", "surname": "Suspect"}])
    referral = next(iter(justice.referral_inbox(police)), None)
    if referral is None:
        from hifazat.crisis_cells import selectors as cell_selectors

        survivor = cell_selectors.cases_for(demo_users["cell.legal"]).order_by("pk").first()
        cells.record_consent(user=demo_users["cell.legal"], case=survivor,
                             use="police_report", is_given=True, given_by="survivor")
        referral = cells.refer_for_fir(user=demo_users["cell.legal"], case=survivor,
                                       police_station=station)
    return case, referral


def _values_for(route: str, values: dict[str, dict]) -> dict:
    prefixes = [p for p in values if route.startswith(p)]
    return values[max(prefixes, key=len)] if prefixes else {}


def test_a_record_of_another_jurisdiction_is_not_found(demo_users):
    outsiders = _outsiders()
    values = _lahore_values(demo_users)
    failures, walked = [], 0
    for route, _name, converters, action, is_api in ACTION_ROUTES:
        given = _values_for(route, values)
        if not converters or not set(converters) <= set(given):
            continue
        holders = [u for u in outsiders if permissions.can(u, action)]
        url = _url(route, converters, given)
        for user in holders:
            walked += 1
            answers = _answers(_client(user), url, is_api)
            if not _refused(answers):
                failures.append((route, action, user.active_roles()[0].role, answers))
    assert walked >= 20, walked
    assert failures == []
