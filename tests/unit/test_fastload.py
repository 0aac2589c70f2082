"""Reporting's fast validation path gives marshmallow's answer, every time: the same
result for valid input, and for input marshmallow refuses it steps aside (so the
rejection carries marshmallow's own per-field reasons)."""

from __future__ import annotations

import json

import pytest
from marshmallow import EXCLUDE, ValidationError, fields, validate

from services.common import fastload
from services.common.contracts import CONTRACTS, contract, load_payload
from services.common.envelope import parse_envelope

COMPILED = sorted(t for t in CONTRACTS if fastload._payload_checker(t) is not None)
HOT = ("visits.visit_recorded", "visits.household_state_changed")

# values of every JSON shape, and strings near the formats the fields parse
ODD = [None, 0, 7, -1, 1.0, 2.5, True, False, "", "x", "12", "true", [], ["a"], [1], {},
       {"a": 1}, "2030-03-04", "2030-02-30", "20300304", "2030-03-04T08:00:00",
       "2030-03-04T08:00:00+08:00", "2030-03-04 08:00:00Z", "2030-03-04T08:00:00.123+00:00",
       "not a date", "x" * 300]


def sample_value(field):
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            return v.choices[0]
        if isinstance(v, validate.Equal):
            return v.comparable
    kind = type(field)
    if kind is fields.Integer:
        return 3
    if kind is fields.Boolean:
        return True
    if kind is fields.Date:
        return "2030-03-04"
    if kind is fields.AwareDateTime:
        return "2030-03-04T08:00:00+08:00"
    if kind is fields.Dict:
        return {"a": 1}
    if kind is fields.List:
        return ["a", "b"]
    return "abc"


def sample(type_: str) -> dict:
    schema = contract(type_).schema(unknown=EXCLUDE)
    return {f.data_key or name: sample_value(f) for name, f in schema.load_fields.items()}


def marshmallow_says(type_: str, data):
    try:
        return "ok", load_payload(type_, data)
    except ValidationError as exc:
        return "error", exc.messages


def fast_says(type_: str, data):
    try:
        return "ok", fastload.load(type_, data)
    except ValidationError as exc:
        return "error", exc.messages


def variants(data: dict):
    yield data
    yield {**data, "unexpected": "ignored"}
    for key in data:
        yield {k: v for k, v in data.items() if k != key}
        for odd in ODD:
            yield {**data, key: odd}


def test_the_hot_event_types_and_the_envelope_take_the_fast_path():
    for type_ in HOT:
        assert type_ in COMPILED
        assert fastload._payload_checker(type_)(sample(type_)) is not None
    assert fastload._envelope_checker is not None


@pytest.mark.parametrize("type_", COMPILED)
def test_fast_path_equals_marshmallow_on_valid_and_broken_payloads(type_):
    checker = fastload._payload_checker(type_)
    for data in variants(sample(type_)):
        expected = marshmallow_says(type_, data)
        assert fast_says(type_, data) == expected, data
        # the checker alone never accepts what marshmallow refuses
        if expected[0] == "error":
            assert checker(data) is None, data
        else:
            assert checker(data) in (None, expected[1]), data


def test_a_payload_that_is_not_an_object_is_refused_by_marshmallow_words():
    for data in ([], "x", 3, None):
        assert fast_says("visits.visit_recorded", data) == \
            marshmallow_says("visits.visit_recorded", data)


def test_schemas_with_hooks_or_unknown_fields_are_left_to_marshmallow():
    from marshmallow import Schema, post_load

    class Hooked(Schema):
        a = fields.String()

        @post_load
        def upper(self, data, **kwargs):
            return {"a": data["a"].upper()}

    class Strict(Schema):
        a = fields.String()

    class Regexed(Schema):
        a = fields.String(validate=validate.Regexp("^a"))

    assert fastload.compile_schema(Hooked(unknown=EXCLUDE)) is None
    assert fastload.compile_schema(Strict()) is None  # RAISE refuses unknown keys
    assert fastload.compile_schema(Regexed(unknown=EXCLUDE)) is None
    assert fastload.compile_schema(Strict(unknown=EXCLUDE))({"a": "x", "b": 1}) == {"a": "x"}


def envelope_says(parse, body):
    try:
        env = parse(body)
        return "ok", (env.id, env.source, env.type, env.time, env.data, env.subject,
                      env.extras)
    except ValidationError as exc:
        return "error", exc.messages


def test_fast_envelope_equals_parse_envelope():
    good = {"specversion": "1.0", "id": "e1", "source": "wangge/visits",
            "type": "visits.visit_recorded", "time": "2030-03-04T08:00:00+08:00",
            "datacontenttype": "application/json", "subject": "H1", "data": {"a": 1}}
    bodies = [json.dumps(good).encode(), b"not json", b"[1]", b"\xff\xfe",
              json.dumps({**good, "extension": "kept"}).encode()]
    for key in good:
        bodies.append(json.dumps({k: v for k, v in good.items() if k != key}).encode())
        for odd in ODD:
            bodies.append(json.dumps({**good, key: odd}).encode())
    for body in bodies:
        assert envelope_says(fastload.envelope, body) == envelope_says(parse_envelope, body), \
            body
