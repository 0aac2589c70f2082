"""The published OpenAPI documents are generated from the route tables and cannot drift."""

from __future__ import annotations

import json

import jsonschema
import pytest

from services.common.contracts.jsonschema import NO_NUL
from services.common.openapi import DOC_DIR, discover, document, openapi_path, render
from services.common.routes import Route

SERVICES = discover()


def test_the_services_with_a_route_table_are_found():
    assert {"registry", "dispatch"} <= set(SERVICES)
    assert "common" not in SERVICES and "cli" not in SERVICES


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_committed_document_matches_the_code(service):
    path = DOC_DIR / f"{service}.json"
    assert path.exists(), f"run `make contracts` and commit docs/openapi/{service}.json"
    assert path.read_text(encoding="utf-8") == render(service, SERVICES[service]), \
        f"docs/openapi/{service}.json is stale: run `make contracts` and commit it"


def test_no_document_is_left_for_a_service_without_routes():
    documented = {p.stem for p in DOC_DIR.glob("*.json")}
    assert documented == set(SERVICES)


def test_werkzeug_rules_become_openapi_paths():
    assert openapi_path("/residents/<int:resident_id>/move") == (
        "/residents/{resident_id}/move",
        [{"name": "resident_id", "in": "path", "required": True,
          "schema": {"type": "integer"}}])
    path, params = openapi_path("/shifts/<string:key>/people/<volunteer>")
    assert path == "/shifts/{key}/people/{volunteer}"
    assert [p["schema"] for p in params] == [{"type": "string", "pattern": NO_NUL}] * 2


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_route_is_documented_with_its_statuses(service):
    doc = document(service, SERVICES[service])
    assert doc["openapi"] == "3.1.0"
    for route in SERVICES[service]:
        path, params = openapi_path(route.path)
        op = doc["paths"][path][route.method.lower()]
        assert op["tags"] == [service]
        assert {str(s) for s in route.statuses} <= set(op["responses"])
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert declared == {p["name"] for p in params}
        if route.body is not None:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            jsonschema.Draft202012Validator.check_schema(schema)
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_a_request_body_validates_against_the_published_schema():
    doc = json.loads((DOC_DIR / "registry.json").read_text(encoding="utf-8"))
    schema = doc["paths"]["/areas"]["post"]["requestBody"]["content"]["application/json"][
        "schema"]
    assert set(schema["required"]) >= {"code", "level", "name"}
    jsonschema.validate({"code": "4401", "level": "city", "name": "广州市"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"code": "4401", "level": "planet", "name": "x"}, schema)


def test_a_route_listed_twice_is_refused():
    route = Route("GET", "/x", "x")
    with pytest.raises(ValueError, match="listed twice"):
        document("demo", (route, route))
