"""Register screens: every register URL refuses anonymous users and roles without a
register duty; each role's flow works through the pages, bad input is a 400 with field
errors (never a 500), and every retrieval is audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hifazat.accounts.roles import AgencyKind, Role
from hifazat.audit.models import AuditEvent
from hifazat.register import extracts, services
from hifazat.register.models import EntryProposal, Offender, RetrievalFlag
from hifazat.synthetic import PeopleGenerator
from tests.factories import give_role, make_agency, make_user, verified_client
from tests.register.helpers import payload as _payload
from tests.web.test_translations import english_leaks

pytestmark = pytest.mark.django_db

REGISTER_PREFIXES = ("register/", "api/register/")


def _routes(resolvers=None, prefix=""):
    """Every URL pattern of the site as (route text, pattern), includes flattened."""
    for entry in (resolvers if resolvers is not None else get_resolver().url_patterns):
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, text)
        elif isinstance(entry, URLPattern):
            yield text, entry


def register_urls(any_id: int) -> list[str]:
    """Every register URL with its ids substituted (converters and regex groups)."""
    urls = set()
    for route, _pattern in _routes():
        route = route.replace("^", "").replace("$", "").replace("\\Z", "")
        if not route.startswith(REGISTER_PREFIXES) or "format" in route:
            continue
        route = re.sub(r"<int:\w+>", str(any_id), route)
        route = re.sub(r"<(?:slug|str):\w+>", "name", route)
        route = re.sub(r"\(\?P<\w+>[^)]*\)", str(any_id), route)
        urls.add("/" + route)
    return sorted(urls)


@pytest.fixture
def registered(world):
    person = PeopleGenerator(seed=31).offender()
    proposal = services.propose_entry(proposer=world["prosecutor"], payload=_payload(person))
    offender = services.verify_entry(proposal=proposal, verifier=world["registrar"])
    return person, offender


def test_the_walk_covers_the_register_screens(registered):
    urls = register_urls(registered[1].pk)
    for name in ("search", "queue", "flags", "removals", "requests", "my_proposals"):
        assert reverse(f"register:{name}") in urls
    assert f"/register/offenders/{registered[1].pk}/extract/" in urls


def test_no_register_url_is_reachable_without_signing_in(client, registered):
    for url in register_urls(registered[1].pk):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if url.startswith("/api/"):
                assert response.status_code in (401, 403), (method, url)
            else:
                assert response.status_code == 302, (method, url, response.status_code)
                assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("role,kind,facility_key", [
    (Role.CELL_DOCTOR, AgencyKind.CRISIS_CELL, "hosp_lhr"),
    (Role.CELL_IN_CHARGE, AgencyKind.CRISIS_CELL, "hosp_lhr"),
    (Role.COMMITTEE_ANALYST, AgencyKind.COMMITTEE, "npb"),
    (Role.SYSTEM_ADMIN, AgencyKind.SYSTEM, None),
])
def test_roles_without_a_register_duty_are_refused_everywhere(places, registered, role, kind,
                                                              facility_key):
    agency = make_agency(kind, places[facility_key] if facility_key else None)
    user = make_user(agency)
    give_role(user, role, **({"scope": "national"} if facility_key is None else {}))
    client = verified_client(Client(), user)
    # The screens (register/ and its whereabouts pages); the API's own denial tests live
    # with the API (it checks a staff session inside each endpoint).
    for url in [u for u in register_urls(registered[1].pk) if not u.startswith("/api/")]:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404), (role, method, url, response.status_code)
    assert not AuditEvent.objects.filter(actor_id=user.pk, action="register.view").exists()


def _client(user):
    return verified_client(Client(), user)


def test_prosecutor_proposes_with_field_errors_then_sees_the_proposal(world):
    c = _client(world["prosecutor"])
    assert c.get(reverse("register:propose")).status_code == 200
    bad = c.post(reverse("register:propose"), {"name": "", "cnic": "123", "sex": "M"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "There is a problem" in html and "This is required." in html
    data = _payload(sections=None)
    data["sections"] = ["376", "999"]
    bad = c.post(reverse("register:propose"), data)
    assert bad.status_code == 400  # an unknown section is refused by the form's choices
    data["sections"] = ["376"]
    data["convicted_on"] = "1950-01-01"
    bad = c.post(reverse("register:propose"), data)
    assert bad.status_code == 400
    assert "before the date of birth" in bad.content.decode()
    data["convicted_on"] = "2025-06-01"
    ok = c.post(reverse("register:propose"), data)
    assert ok.status_code == 302
    proposal = EntryProposal.objects.get()
    assert ok["Location"] == reverse("register:proposal", args=[proposal.pk])
    page = c.get(reverse("register:my_proposals")).content.decode()
    assert "Awaiting verification" in page and "SC-12/2025" in page
    assert c.get(reverse("register:queue")).status_code == 403
    # Another prosecutor cannot open it: the same 404 as a missing proposal.
    other = _client(world["prosecutor2"])
    assert other.get(reverse("register:proposal", args=[proposal.pk])).status_code == 404
    assert other.get(reverse("register:proposal", args=[999999])).status_code == 404


def test_registrar_verifies_returns_and_sees_duplicates(world, registered):
    person, offender = registered
    variant = PeopleGenerator(seed=31).variant_of(person, rng_strength=0.2)
    dup = services.propose_entry(proposer=world["prosecutor"],
                                 payload=_payload(variant, case_number="SC-77/2026",
                                                  convicted_on="2026-01-02"))
    fresh = services.propose_entry(proposer=world["prosecutor"],
                                   payload=_payload(PeopleGenerator(seed=99).offender(),
                                                    case_number="SC-78/2026"))
    c = _client(world["registrar"])
    queue = c.get(reverse("register:queue")).content.decode()
    assert queue.count('href="/register/proposals/') == 2
    page = c.get(reverse("register:proposal", args=[dup.pk])).content.decode()
    assert offender.register_number in page and "Merge into this record" in page
    r = c.post(reverse("register:proposal", args=[dup.pk]),
               {"action": "merge", "offender": offender.pk, "note": "same person"})
    assert r.status_code == 302
    assert Offender.objects.count() == 1 and offender.convictions.count() == 2
    r = c.post(reverse("register:proposal", args=[fresh.pk]), {"action": "return", "note": ""})
    assert r.status_code == 400 and "Say why the proposal is returned." in r.content.decode()
    r = c.post(reverse("register:proposal", args=[fresh.pk]), {"action": "verify"})
    assert r.status_code == 302 and Offender.objects.count() == 2
    r = c.post(reverse("register:proposal", args=[fresh.pk]), {"action": "verify"})
    assert r.status_code == 404  # decided: no longer decidable
    mine = _client(world["prosecutor"]).get(reverse("register:my_proposals")).content.decode()
    assert "Merged into an existing record" in mine and "Verified" in mine


def test_investigator_searches_with_purpose_opens_record_and_downloads_extract(
        world, registered, monkeypatch):
    person, offender = registered
    c = _client(world["io"])
    r = c.post(reverse("register:search"), {"given": person.given_name})
    assert r.status_code == 400
    assert AuditEvent.objects.filter(action="register.search").count() == 0
    r = c.post(reverse("register:search"), {"purpose": "investigation",
                                            "reference": "FIR 9/2026", "cnic": "12"})
    assert r.status_code == 400 and "13 digits" in r.content.decode()
    r = c.post(reverse("register:search"), {"purpose": "investigation",
                                            "reference": "FIR 9/2026",
                                            "given": person.given_name,
                                            "father": person.father_name,
                                            "dob": str(person.dob.year)})
    assert r.status_code == 200
    html = r.content.decode()
    assert offender.register_number in html and offender.cnic not in html  # minimal fields
    record_url = reverse("register:record", args=[offender.pk])
    assert c.get(record_url)["Location"] == reverse("register:open", args=[offender.pk])
    views_before = AuditEvent.objects.filter(action="register.view").count()
    r = c.post(reverse("register:open", args=[offender.pk]), {"purpose": "prosecution",
                                                              "reference": "FIR 9/2026"})
    assert r.status_code == 400  # not a purpose an investigating officer may state
    r = c.post(reverse("register:open", args=[offender.pk]), {"purpose": "investigation",
                                                              "reference": "FIR 9/2026"})
    assert r["Location"] == record_url
    page = c.get(record_url).content.decode()
    assert offender.cnic in page and "Convictions" in page
    assert AuditEvent.objects.filter(action="register.view").count() == views_before + 1
    assert c.get(reverse("register:photo", args=[offender.pk])).status_code == 404
    monkeypatch.setattr(extracts, "render_pdf", lambda *a, **k: b"%PDF-1.7 test")
    r = c.post(reverse("register:extract", args=[offender.pk]))
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="register.extract").count() == 1
    # A missing record asks for the purpose, then answers 404 like a forbidden one.
    c.post(reverse("register:open", args=[999999]), {"purpose": "investigation",
                                                     "reference": "FIR 9/2026"})
    assert c.get(reverse("register:record", args=[999999])).status_code == 404


def test_supervisor_reviews_flagged_retrievals(world, registered, settings):
    settings.REGISTER_OFFICE_HOURS = (0, 24)
    _person, offender = registered
    c = _client(world["io"])
    c.post(reverse("register:search"), {"purpose": "investigation", "reference": "just looking",
                                        "cnic": offender.cnic})
    flag = RetrievalFlag.objects.get()
    supervisor = make_user(world["registrar"].agency)
    give_role(supervisor, Role.NPB_SUPERVISOR)
    s = _client(supervisor)
    page = s.get(reverse("register:flags")).content.decode()
    assert "No case or FIR reference" in page and "just looking" in page
    r = s.post(reverse("register:review_flag", args=[flag.pk]), {"note": ""})
    assert r.status_code == 400
    r = s.post(reverse("register:review_flag", args=[flag.pk]), {"note": "IO confirmed FIR"})
    assert r.status_code == 302
    flag.refresh_from_db()
    assert flag.reviewed_by_id == supervisor.pk
    assert s.post(reverse("register:review_flag", args=[flag.pk]),
                  {"note": "again"}).status_code == 404


def test_registrar_records_requests_and_removal_decisions(world, registered):
    _person, offender = registered
    c = _client(world["registrar"])
    r = c.post(reverse("register:requests"), {"register_number": "NSOR-0000-0000000",
                                              "kind": "copy", "received_on": "2026-01-02",
                                              "details": "copy please"})
    assert r.status_code == 400 and "No record has this register number." in r.content.decode()
    r = c.post(reverse("register:requests"), {"register_number": offender.register_number,
                                              "kind": "copy", "received_on": "not a date",
                                              "details": "copy please"})
    assert r.status_code == 400
    r = c.post(reverse("register:requests"), {"register_number": offender.register_number,
                                              "kind": "correction", "received_on": "2026-01-02",
                                              "details": "Father's name misspelt"})
    assert r.status_code == 302
    req = offender.requests.get()
    r = c.post(reverse("register:decide_request", args=[req.pk]), {"outcome": "granted"})
    assert r.status_code == 400
    r = c.post(reverse("register:decide_request", args=[req.pk]),
               {"outcome": "granted", "note": "Correction proposed by prosecution"})
    assert r.status_code == 302
    Offender.objects.filter(pk=offender.pk).update(registration_ends="2024-01-01")
    page = c.get(reverse("register:removals")).content.decode()
    assert offender.register_number in page
    r = c.post(reverse("register:decide_removal", args=[offender.pk]),
               {"decision": "extend", "extend_years": "50", "reason": "x"})
    assert r.status_code == 400
    r = c.post(reverse("register:decide_removal", args=[offender.pk]),
               {"decision": "remove", "reason": "Period ended, compliant throughout"})
    assert r.status_code == 302
    offender.refresh_from_db()
    assert offender.status == Offender.Status.REMOVED


def test_register_pages_are_in_urdu(world):
    for user, url in ((world["io"], reverse("register:search")),
                      (world["registrar"], reverse("register:queue")),
                      (world["registrar"], reverse("register:requests")),
                      (world["prosecutor"], reverse("register:propose"))):
        c = _client(user)
        c.cookies["hifazat_language"] = "ur"
        html = c.get(url).content.decode()
        assert 'dir="rtl"' in html
        allowed = {"Hifazat", "PPC", "CNIC", "FIR", "YYYY", "NSOR"} | set(
            re.findall(r"[A-Za-z]{3,}", user.display_name))
        leaks = [x for x in english_leaks(html, allowed)
                 if not re.fullmatch(r"[\w\s.,()\-–—/]*", x) or not x.strip()
                 or re.search(r"[A-Za-z]{3,}", x)]
        # Court and section names come from reference data; ignore option texts.
        leaks = [x for x in leaks if not re.match(r"^\d{3}", x) and "COURT" not in x]
        assert leaks == [], (url, leaks)
