"""The OpenAPI 3 schema renders, is only for those who need it (a token with
``schema:read``, an administrator's session), and describes every register endpoint
under the "register" tag with its scopes and the Idempotency-Key header."""

from __future__ import annotations

import pytest

from hifazat.accounts.roles import Role
from tests.api.conftest import issue, token_client
from tests.factories import give_role, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(world, client):
    verified_client(client, world["admin"])
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_schema_is_openapi_3_with_the_register_tag(schema):
    assert schema["openapi"].startswith("3.")
    assert any(t["name"] == "register" for t in schema["tags"])


def test_schema_lists_every_register_endpoint_under_the_tag(schema):
    paths = schema["paths"]
    expected = {("/api/register/search/", "post"),
                ("/api/register/offenders/{offender_id}/", "get"),
                ("/api/register/releases/", "post"), ("/api/register/changes/", "post")}
    for path, method in expected:
        assert path in paths, sorted(paths)
        assert paths[path][method]["tags"] == ["register"]
    for path, operations in paths.items():
        if path.startswith("/api/register/"):
            for method, operation in operations.items():
                assert operation["tags"] == ["register"], (path, method)


def test_every_post_documents_the_idempotency_key(schema):
    for path, operations in schema["paths"].items():
        if "post" in operations:
            names = {p["name"] for p in operations["post"].get("parameters", [])}
            assert "Idempotency-Key" in names, path


def test_schema_declares_bearer_tokens(schema):
    scheme = schema["components"]["securitySchemes"]["serviceToken"]
    assert scheme["scheme"] == "bearer"


def test_token_needs_schema_scope(world):
    _t, without = issue(world, "npb", "register:search")
    assert token_client(without).get("/api/schema/").status_code == 403
    _t, with_scope = issue(world, "npb", "schema:read", name="docs")
    assert token_client(with_scope).get("/api/schema/").status_code == 200


def test_every_operation_declares_its_scope_and_error_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["x-required-scope"], (path, method)
            for code in ("400", "401", "403", "404"):
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref["$ref"].endswith("/Error"), (path, method, code)


@pytest.mark.parametrize(("agency", "role"), [("cell", Role.CELL_DOCTOR),
                                              ("ssoiu", Role.INVESTIGATING_OFFICER),
                                              ("npb", Role.NPB_REGISTRAR)])
def test_a_case_workers_session_may_not_read_the_schema(world, client, agency, role):
    user = make_user(world[agency])
    give_role(user, role)
    verified_client(client, user)
    response = client.get("/api/schema/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "schema:read" in response.json()["detail"]


def test_an_agency_administrators_session_may_read_the_schema(world, client):
    user = make_user(world["npb"])
    give_role(user, Role.AGENCY_ADMIN)
    verified_client(client, user)
    assert client.get("/api/schema/").status_code == 200
