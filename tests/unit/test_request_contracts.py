"""What the OpenAPI documents promise about requests and errors is what the services do
(findings 17 and 18 of issue 11)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from marshmallow import Schema, ValidationError, fields, validate

from services.common.contracts.jsonschema import schema_to_json
from services.common.openapi import discover, document, openapi_path
from services.common.strict import StrictBody, StrictQuery
from services.common.web import json_api
from services.dispatch.entrypoints.schemas import UnitCreate, UnitUpdate, VolunteerQuery
from services.registry.entrypoints.schemas import ResidentCreate

SERVICES = discover()


class Nullable(Schema):
    result = fields.String(allow_none=True, validate=validate.OneOf(("a", "b")))
    fixed = fields.String(allow_none=True, validate=validate.Equal("x"))


def test_a_nullable_enum_admits_null_as_marshmallow_does():
    schema = schema_to_json(Nullable)
    jsonschema.validate({"result": None, "fixed": None}, schema)
    jsonschema.validate({"result": "a", "fixed": "x"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"result": "c"}, schema)
    assert Nullable().load({"result": None, "fixed": None}) == {"result": None, "fixed": None}


def test_request_bodies_are_closed_event_payloads_open():
    assert schema_to_json(ResidentCreate, closed=True)["additionalProperties"] is False
    assert schema_to_json(ResidentCreate, closed=True)["properties"]["status"][
        "additionalProperties"] is False
    assert schema_to_json(ResidentCreate)["additionalProperties"] is True
    with pytest.raises(ValidationError) as refused:
        ResidentCreate().load({"id_number": "x", "name": "y", "household_code": "h",
                               "nickname": "z"})
    assert "nickname" in refused.value.messages


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_request_schema_takes_json_types_strictly(service):
    for route in SERVICES[service]:
        if route.body is not None:
            assert issubclass(route.body, StrictBody), (route.method, route.path)
        if route.query is not None:
            assert issubclass(route.query, StrictQuery), (route.method, route.path)


def test_a_number_is_no_boolean_and_a_string_no_integer():
    unit = {"unit_id": "u1", "name": "税务局", "coordinator_name": "王",
            "coordinator_phone": "13900000000"}
    for bad in (0, 1, "true", None):
        with pytest.raises(ValidationError) as refused:
            UnitCreate().load({**unit, "active": bad})
        assert "active" in refused.value.messages
    assert UnitUpdate().load({"active": False}) == {"active": False}
    with pytest.raises(ValidationError) as refused:
        VolunteerQuery().load({"active": "1", "limit": " 5"})
    assert set(refused.value.messages) == {"active", "limit"}
    assert VolunteerQuery().load({"active": "true", "limit": "5"})["limit"] == 5


def test_a_bad_field_at_any_depth_is_named_by_its_path_in_the_documented_shape():
    @json_api
    def handler():
        raise ValidationError({"status": {"vaccination": ["Must be one of: …"]},
                               "tags": {0: ["Not a valid tag."]}, "name": ["Too long."]})

    response = handler()
    body = json.loads(response.get_data())
    assert response.status_code == 400
    assert body["errors"] == {"status.vaccination": ["Must be one of: …"],
                              "tags.0": ["Not a valid tag."], "name": ["Too long."]}
    assert "status.vaccination: Must be one of" in body["error"]
    error_schema = document("registry", SERVICES["registry"])["components"]["schemas"]["Error"]
    jsonschema.validate(body, error_schema)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_guarded_operations_declare_the_bearer_scheme(service):
    doc = document(service, SERVICES[service])
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    open_routes = {(route.method.lower(), route.path) for route in SERVICES[service]
                   if route.open}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if any(m == method and openapi_path(p)[0] == path for m, p in open_routes):
                # open to anyone though it may answer 401 (a wrong password): no scheme
                assert op.get("security") == [], (method, path)
                continue
            guarded = "401" in op["responses"]
            assert (op.get("security") == [{"bearer": []}]) == guarded, (method, path)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_json_answer_is_published_with_its_fields(service):
    # a bare {"type": "object"} let schemathesis check nothing about an answer
    doc = document(service, SERVICES[service])
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                content = response.get("content", {}).get("application/json")
                if content is not None:
                    assert content["schema"].get("properties") or "$ref" in content["schema"], \
                        (method, path, status)
