"""Register endpoints: purpose-bound search and record read, each scoped, validated
with field messages, audited with the token's agency, and the same 404 for missing and
forbidden records."""

from __future__ import annotations

import pytest

from hifazat.audit.models import AuditEvent
from hifazat.synthetic import cnic_formatted
from tests.api.conftest import issue, new_key, token_client
from tests.factories import verified_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

SEARCH = "/api/register/search/"


def offender_url(pk) -> str:
    return f"/api/register/offenders/{pk}/"


def search(client, body, key=None):
    return client.post(SEARCH, body, format="json", HTTP_IDEMPOTENCY_KEY=key or new_key())


def body(query, purpose="investigation", reference="FIR-123/2026"):
    return {"purpose": purpose, "reference": reference, "query": query}


@pytest.fixture
def npb(world):
    _token, secret = issue(world, "npb", "register:search", "register:read")
    return token_client(secret)


def test_search_by_cnic_returns_minimal_hit(world, offender, npb):
    registered, person = offender
    response = search(npb, body({"cnic": cnic_formatted(person.cnic)}))
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["count"] == 1
    hit = data["hits"][0]
    assert hit["offender_id"] == registered.pk
    assert hit["register_number"] == registered.register_number
    assert hit["probability"] == 1.0
    assert set(hit) == {"offender_id", "register_number", "name", "father_name",
                        "birth_year", "district", "probability", "explanation"}


def test_search_by_name_gives_probability_and_explanation(world, offender, npb):
    registered, person = offender
    response = search(npb, body({"name": person.given_name, "surname": person.surname,
                                 "father": person.father_name,
                                 "dob": str(person.dob.year), "district": "PB-LHR"}))
    assert response.status_code == 200, response.json()
    hits = response.json()["hits"]
    assert hits and hits[0]["offender_id"] == registered.pk
    assert 0 < hits[0]["probability"] <= 1
    assert hits[0]["explanation"]


def test_search_is_audited_with_token_agency_purpose_and_reference(world, offender, npb):
    registered, person = offender
    search(npb, body({"cnic": person.cnic}, reference="FIR-77/2026"))
    event = AuditEvent.objects.get(action="register.search")
    assert event.agency_code == world["npb"].code
    assert event.purpose == "investigation"
    assert event.case_reference == "FIR-77/2026"
    assert event.details["returned"] == [registered.pk]
    assert event.actor_username.startswith("api.")


@pytest.mark.parametrize("payload,field", [
    ({"reference": "FIR-1", "query": {"cnic": "3520212345671"}}, "purpose"),
    ({"purpose": "curiosity", "reference": "FIR-1", "query": {"cnic": "3520212345671"}},
     "purpose"),
    ({"purpose": "investigation", "query": {"cnic": "3520212345671"}}, "reference"),
    ({"purpose": "investigation", "reference": " ", "query": {"cnic": "3520212345671"}},
     "reference"),
    (body({"cnic": "35202-12345-1"}), "query.cnic"),
    (body({"cnic": "abcdefghijklm"}), "query.cnic"),
    (body({"name": "Ali", "dob": "1990-02-31"}), "query.dob"),
    (body({"name": "Ali", "dob": "yesterday"}), "query.dob"),
    (body({"name": "Ali", "district": "XX-NOPE"}), "query.district"),
    (body({"father": "Ghulam Rasool"}), "query.name"),
    ({"purpose": "investigation", "reference": "FIR-1"}, "query"),
    (body({"name": "Ali"}) | {"limit": 0}, "limit"),
])
def test_bad_search_input_is_a_400_with_field_messages(world, npb, payload, field):
    response = search(npb, payload)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert field in data["fields"], data
    assert all(isinstance(m, str) and m for m in data["fields"][field])
    assert not AuditEvent.objects.filter(action="register.search").exists()


def test_body_that_is_not_json_is_a_400(world, npb):
    response = npb.post(SEARCH, "{not json", content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"


def test_purpose_the_agency_may_not_state_is_refused_and_audited(world, offender):
    _registered, person = offender
    _token, secret = issue(world, "prison", "register:search")
    response = search(token_client(secret), body({"cnic": person.cnic},
                                                 purpose="investigation"))
    assert response.status_code == 404
    refused = AuditEvent.objects.get(action="register.search_refused")
    assert refused.agency_code == world["prison"].code
    assert not AuditEvent.objects.filter(action="register.search").exists()
    allowed = search(token_client(secret), body({"cnic": person.cnic},
                                                purpose="prison_release"))
    assert allowed.status_code == 200


def test_read_record_for_a_purpose(world, offender, npb):
    registered, person = offender
    response = npb.get(offender_url(registered.pk),
                       {"purpose": "investigation", "reference": "FIR-9/2026"})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["register_number"] == registered.register_number
    assert data["cnic"] == person.cnic
    assert data["names"][0]["is_primary"] is True
    assert data["convictions"][0]["sections"] == ["376"]
    event = AuditEvent.objects.get(action="register.view")
    assert event.object_id == str(registered.pk)
    assert event.agency_code == world["npb"].code
    assert event.case_reference == "FIR-9/2026"


@pytest.mark.parametrize("params,field", [
    ({"reference": "FIR-1"}, "purpose"), ({"purpose": "investigation"}, "reference"),
    ({"purpose": "gossip", "reference": "FIR-1"}, "purpose"),
])
def test_read_without_purpose_or_reference_is_a_400(world, offender, npb, params, field):
    registered, _person = offender
    response = npb.get(offender_url(registered.pk), params)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not AuditEvent.objects.filter(action="register.view").exists()


def test_missing_and_forbidden_records_give_the_same_404(world, offender):
    registered, _person = offender
    _t, npb_secret = issue(world, "npb", "register:read")
    _t, prison_secret = issue(world, "prison", "register:read")
    missing = token_client(npb_secret).get(
        offender_url(registered.pk + 999), {"purpose": "investigation", "reference": "F-1"})
    forbidden = token_client(prison_secret).get(
        offender_url(registered.pk), {"purpose": "investigation", "reference": "F-1"})
    assert missing.status_code == forbidden.status_code == 404
    assert missing.json() == forbidden.json()


def test_wrong_scope_is_403(world, offender):
    registered, person = offender
    _t, secret = issue(world, "npb", "register:read")
    client = token_client(secret)
    response = search(client, body({"cnic": person.cnic}))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    _t, secret = issue(world, "npb", "register:search", name="search only")
    response = token_client(secret).get(offender_url(registered.pk),
                                        {"purpose": "investigation", "reference": "F-1"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action__in=["register.search",
                                                     "register.view"]).exists()


def test_verified_staff_session_may_call_the_api(world, offender, client):
    _registered, person = offender
    verified_client(client, world["io"])
    response = client.post(SEARCH, body({"cnic": person.cnic}),
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 200, response.json()
    event = AuditEvent.objects.get(action="register.search")
    assert event.actor_id == world["io"].pk


def test_staff_session_without_second_factor_gets_nothing(world, offender, client):
    registered, _person = offender
    client.force_login(world["io"])
    response = client.get(offender_url(registered.pk),
                          {"purpose": "investigation", "reference": "F-1"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not AuditEvent.objects.filter(action="register.view").exists()


def test_staff_session_without_second_factor_cannot_write_either(world, client):
    client.force_login(world["io"])
    response = client.post(SEARCH, body({"cnic": "3520112345671"}),
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=new_key())
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert not AuditEvent.objects.filter(action="register.search").exists()


# --- Issue 10: the purpose's jurisdiction, refusals audited, unknown fields -------------


def test_camp_jail_lahore_reading_a_multan_offender_for_prison_release_is_not_found(world):
    from tests.api.conftest import register_offender

    multan, _person = register_offender(world, district="PB-MUL")
    _t, prison_secret = issue(world, "prison", "register:read")
    prison = token_client(prison_secret)
    params = {"purpose": "prison_release", "reference": "Release 4/2026"}
    out_of_rule = prison.get(offender_url(multan.pk), params)
    missing = prison.get(offender_url(multan.pk + 999), params)
    assert out_of_rule.status_code == missing.status_code == 404
    assert out_of_rule.content == missing.content
    refused = AuditEvent.objects.get(action="register.view_refused",
                                     object_id=str(multan.pk))
    assert refused.purpose == "prison_release"
    assert not AuditEvent.objects.filter(action="register.view").exists()


def test_prison_reads_an_offender_it_holds_for_prison_release(world):
    from hifazat.register.whereabouts.models import CustodyEvent
    from tests.api.conftest import register_offender

    held, _person = register_offender(world, district="PB-MUL")
    CustodyEvent.objects.create(offender=held, kind="admitted", prison=world["jail"],
                                occurred_on="2025-07-01", recorded_by=world["registrar"])
    _t, prison_secret = issue(world, "prison", "register:read")
    response = token_client(prison_secret).get(
        offender_url(held.pk), {"purpose": "prison_release", "reference": "Release 4/2026"})
    assert response.status_code == 200, response.json()


def test_search_refused_by_the_serializer_is_audited_with_the_query_kind(world, npb):
    response = search(npb, {"purpose": "investigation",
                            "query": {"cnic": "35202-1234567-1"}})
    assert response.status_code == 400
    assert "reference" in response.json()["fields"]
    event = AuditEvent.objects.get(action="register.search_refused")
    assert event.purpose == "investigation"
    assert event.agency_code == world["npb"].code
    assert event.details == {"reason": "no purpose or reference", "query_kind": "cnic"}


def test_read_refused_by_the_serializer_is_audited(world, offender, npb):
    registered, _person = offender
    response = npb.get(offender_url(registered.pk), {"purpose": "gossip", "reference": "F-1"})
    assert response.status_code == 400
    event = AuditEvent.objects.get(action="register.view_refused")
    assert event.object_id == str(registered.pk)
    assert event.details["purpose_given"] == "gossip"


def test_an_unknown_field_in_a_search_is_a_400_naming_it(world, offender, npb):
    _registered, person = offender
    response = search(npb, {**body({"cnic": person.cnic}), "two_finger_test": "yes"})
    assert response.status_code == 400
    assert "two_finger_test" in response.json()["fields"]
    assert not AuditEvent.objects.filter(action="register.search").exists()
