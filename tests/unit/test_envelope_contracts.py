"""The wire format without a server: envelope round trip, field-named errors, contracts,
and masking of personal data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from marshmallow import ValidationError

from services.common.contracts import UnknownEventType, dump_payload, load_payload
from services.common.envelope import new_envelope, parse_envelope, peek_id
from services.common.free_text import mask_identifiers
from services.common.pii import scrub

ID = "11010119900307777X"
AREA = {"area_id": 1, "code": "4401", "level": "city", "name": "广州市", "parent_code": None,
        "path": ["4401"], "version": 1}


def _errors(body) -> dict:
    with pytest.raises(ValidationError) as info:
        parse_envelope(body)
    return info.value.messages_dict


# -- envelope ------------------------------------------------------------------------------
def test_envelope_round_trip_keeps_every_field():
    beijing = timezone(timedelta(hours=8))
    env = new_envelope("registry.area_registered", AREA, source="wangge/registry",
                       subject="4401", time=datetime(2022, 5, 1, 8, 30, tzinfo=beijing))
    body = env.to_json()
    wire = json.loads(body)
    # UTC with an offset on the wire (docs/architecture.md rule 8), names kept readable
    # (no \\u escapes)
    assert wire["time"] == "2022-05-01T00:30:00+00:00"
    assert "广州市".encode() in body
    assert wire["specversion"] == "1.0" and wire["datacontenttype"] == "application/json"
    back = parse_envelope(body)
    assert (back.id, back.source, back.type, back.subject, back.data) == \
        (env.id, env.source, env.type, env.subject, env.data)
    assert back.time == env.time and back.time.tzinfo is not None
    assert (back.service, back.name) == ("registry", "area_registered")


def test_envelope_keeps_extension_attributes_and_omits_empty_subject():
    env = new_envelope("integration.test_result_recorded", {}, source="lab")
    wire = json.loads(env.to_json())
    assert "subject" not in wire
    wire["traceparent"] = "00-abc-def-01"
    back = parse_envelope(json.dumps(wire))
    assert back.extras == {"traceparent": "00-abc-def-01"} and back.subject is None


def test_missing_envelope_fields_are_named():
    errors = _errors(json.dumps({"id": "e1", "data": {}}))
    assert {"specversion", "source", "type", "time"} <= set(errors)
    assert "id" not in errors and "data" not in errors


@pytest.mark.parametrize(("change", "field"), [
    ({"specversion": "0.3"}, "specversion"),
    ({"time": "2022-05-01T08:00:00"}, "time"),  # no offset: ambiguous, refused
    ({"time": "yesterday"}, "time"),
    ({"id": ""}, "id"),
    ({"data": "a string"}, "data"),
    ({"data": None}, "data"),
    ({"datacontenttype": "text/xml"}, "datacontenttype"),
])
def test_bad_envelope_field_is_named(change, field):
    wire = json.loads(new_envelope("integration.x", {}, source="s").to_json())
    assert field in _errors(json.dumps({**wire, **change}))


@pytest.mark.parametrize("body", [b"not json {", b"\xff\xfe garbage", b"[1, 2]", b'"text"'])
def test_a_body_that_is_no_json_object_is_an_error_on_body(body):
    assert set(_errors(body)) == {"_body"}


def test_peek_id_is_best_effort():
    assert peek_id(b'{"id": "e1", "type": "x.y"}') == ("e1", "x.y")
    assert peek_id(b'{"id": 5, "type": ["x"]}') == (None, None)
    assert peek_id(b"not json") == (None, None)
    assert peek_id(b"[]") == (None, None)


# -- contracts -----------------------------------------------------------------------------
def test_dump_payload_serialises_a_good_payload():
    dumped = dump_payload("registry.grid_registered", {**AREA, "level": "grid"})
    assert dumped["level"] == "grid" and dumped["path"] == ["4401"]


@pytest.mark.parametrize(("change", "field"), [
    ({"level": "planet"}, "level"),
    ({"version": None}, "version"),
])
def test_dump_payload_rejects_a_bad_payload(change, field):
    with pytest.raises(ValueError, match=field):
        dump_payload("registry.area_registered", {**AREA, **change})


def test_dump_payload_rejects_a_missing_field():
    payload = {k: v for k, v in AREA.items() if k != "code"}
    with pytest.raises(ValueError, match="code"):
        dump_payload("registry.area_registered", payload)


def test_dump_payload_drops_what_the_contract_does_not_publish():
    # a producer passing a whole row cannot leak a field the contract does not list
    dumped = dump_payload("registry.area_registered", {**AREA, "id_number": ID})
    assert "id_number" not in dumped


def test_unknown_event_type_has_no_contract():
    with pytest.raises(UnknownEventType):
        dump_payload("registry.no_such_event", {})


def test_load_payload_names_the_bad_field():
    with pytest.raises(ValidationError) as info:
        load_payload("integration.test_result_recorded",
                     {"id_number": "12345", "tested_on": "2022-05-01", "result": "negative"})
    assert set(info.value.messages_dict) == {"id_number"}


def test_load_payload_ignores_fields_added_by_a_newer_producer():
    # docs/architecture.md: payloads change additively, so a new field must not get events rejected
    data = load_payload("integration.test_result_recorded", {
        "id_number": "110101199003077774", "tested_on": "2022-05-01", "result": "negative",
        "lab_code": "L1"})
    assert data["tested_on"] == date(2022, 5, 1) and "lab_code" not in data


# -- personal data -------------------------------------------------------------------------
def test_scrub_masks_nested_id_numbers_and_phones():
    body = {"id": "e1", "time": datetime.now(UTC).isoformat(), "data": {
        "id_number": ID, "phone": "13800138000",
        "members": [{"idNumber": ID, "mobile": "+86-13912345678"}, {"ID_CARD": 110101199003077777}],
        "contact": {"phone_number": "020-12345678", "name": "张三"},
    }}
    text = json.dumps(scrub(body), ensure_ascii=False)
    for secret in (ID, "110101199003077777", "13800138000", "13912345678", "12345678"):
        assert secret not in text
    data = scrub(body)["data"]
    assert data["id_number"] == "1101**********777X"
    assert data["phone"] == "138****8000"
    assert data["members"][1]["ID_CARD"] == "1101**********7777"
    assert data["contact"]["name"] == "张*"
    assert body["data"]["id_number"] == ID  # a copy: the original is untouched


def test_mask_identifiers_masks_numbers_in_free_text():
    text = mask_identifiers('{"data": {"id_number": "' + ID + '", "note": "call 13800138000"')
    assert ID not in text and "13800138000" not in text
    assert "1101**********777X" in text
    # other numbers are left alone
    assert mask_identifiers("order 12345, 2022-05-01") == "order 12345, 2022-05-01"


def test_scrub_masks_peoples_names_wherever_they_are():
    body = {"data": {"visit_id": "v-1", "corrections": [
        {"kind": "new_resident", "name": "王小明", "id_number": "440106199001011234"}],
        "coordinator_name": "陈主任"}}
    text = json.dumps(scrub(body), ensure_ascii=False)
    assert "王小明" not in text and "陈主任" not in text and "王*明" in text
    assert "440106199001011234" not in text and "v-1" in text
