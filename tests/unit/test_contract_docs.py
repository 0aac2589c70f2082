"""The published AsyncAPI document is generated from the code and cannot drift."""

import json
from datetime import date

import jsonschema

from services.common.contracts import CONTRACTS, dump_payload
from services.common.contracts.asyncapi import DOC_PATH, document, render
from services.common.envelope import new_envelope


def test_committed_document_matches_the_code():
    assert DOC_PATH.exists(), "run `make contracts` and commit docs/contracts/asyncapi.json"
    assert DOC_PATH.read_text(encoding="utf-8") == render(), \
        "docs/contracts/asyncapi.json is stale: run `make contracts` and commit it"


def test_every_contract_is_documented_with_its_exchange():
    channels = document()["channels"]
    for type_, contract in CONTRACTS.items():
        channel = channels[f"{contract.exchange}/{contract.routing_key}"]
        assert channel["bindings"]["amqp"]["exchange"]["name"] == contract.exchange
        assert type_ in json.dumps(channel)


def test_an_emitted_event_validates_against_its_published_schema():
    data = dump_payload("registry.resident_moved", {
        "resident_id": 7, "from_household_id": 1, "to_household_id": None,
        "from_grid_code": "G1", "to_grid_code": None, "moved_on": date(2026, 11, 1),
        "reason": "moved away", "version": 3})
    body = new_envelope("registry.resident_moved", data, source="wangge/registry").to_dict()
    schema = document()["channels"]["registry.events/resident_moved"]["subscribe"]["message"]
    jsonschema.validate(body, schema["payload"])
    body["data"]["moved_on"] = 12
    try:
        jsonschema.validate(body, schema["payload"])
    except jsonschema.ValidationError as exc:
        assert "moved_on" in str(exc.path) or "12" in exc.message
    else:
        raise AssertionError("a wrong type must break the published schema")
