"""The fast validation path gives marshmallow's answer, every time: the same result for
valid input, and for input marshmallow refuses it steps aside (so the rejection carries
marshmallow's own per-field reasons). Checked on the load side (consumers) and on the dump
side (`dump_payload`, every producer)."""

from __future__ import annotations

import json

import pytest
from marshmallow import EXCLUDE, INCLUDE, Schema, ValidationError, fields, validate

from services.common import contracts, fastload
from services.common.contracts import CONTRACTS, contract, dump_payload, load_payload
from services.common.envelope import parse_envelope

COMPILED = sorted(t for t in CONTRACTS if fastload._payload_checker(t) is not None)
DUMP_COMPILED = sorted(t for t in CONTRACTS if contracts._dump_checker(t) is not None)
HOT = ("visits.visit_recorded", "visits.household_state_changed",
       "integration.visit_captured")

# values of every JSON shape, and strings near the formats the fields parse
ODD = [None, 0, 7, -1, 1.0, 2.5, True, False, "", "x", "12", "true", [], ["a"], [1], {},
       {"a": 1}, "2030-03-04", "2030-02-30", "20300304", "2030-03-04T08:00:00",
       "2030-03-04T08:00:00+08:00", "2030-03-04 08:00:00Z", "2030-03-04T08:00:00.123+00:00",
       "not a date", "x" * 300]


# strings that pass the contracts' patterns (codes, ID numbers, phones, skills, ids ≥ 8)
STRINGS = ["abc", "abcdefgh-1", "110101199003077774", "+8613800138000", "medic"]


def candidates(field):
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            return [v.choices[0]]
        if isinstance(v, validate.Equal):
            return [v.comparable]
    kind = type(field)
    if kind is fields.Integer:
        return [3]
    if kind is fields.Float:
        return [0.5]
    if kind is fields.Boolean:
        return [True]
    if kind is fields.Date:
        return ["2030-03-04"]
    if kind is fields.AwareDateTime:
        return ["2030-03-04T08:00:00+08:00"]
    if kind is fields.Dict:
        return [{"a": 1}]
    if kind is fields.Nested:
        return [sample_of(field.schema)]
    if kind is fields.List:
        return [[item, item] for item in candidates(field.inner)]
    return STRINGS


def sample_value(field):
    """A value the field loads (the first candidate its validators take)."""
    for value in candidates(field):
        try:
            field.deserialize(value)
        except ValidationError:
            continue
        return value
    raise AssertionError(f"no valid sample for {field!r}")


def sample_of(schema) -> dict:
    return {f.data_key or name: sample_value(f) for name, f in schema.load_fields.items()}


def sample(type_: str) -> dict:
    return sample_of(contract(type_).schema(unknown=EXCLUDE))


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
    """`data`, then with an unknown key, each key dropped, each value swapped for every odd
    one; the same inside nested objects and the first item of lists of objects."""
    yield data
    yield {**data, "unexpected": "ignored"}
    for key, value in data.items():
        yield {k: v for k, v in data.items() if k != key}
        for odd in ODD:
            yield {**data, key: odd}
        if type(value) is dict and value and all(type(k) is str for k in value):
            for inner in variants(value):
                yield {**data, key: inner}
        if type(value) is list and value and type(value[0]) is dict:
            for inner in variants(value[0]):
                yield {**data, key: [value[0], inner]}


def test_the_hot_event_types_and_the_envelope_take_the_fast_path():
    for type_ in HOT:
        assert type_ in COMPILED
        assert fastload._payload_checker(type_)(sample(type_)) is not None
    assert fastload._envelope_checker is not None


def test_the_contracts_compile_on_both_sides_and_their_samples_are_valid():
    # every contract of today compiles; a new one with a field kind fastload does not know
    # still works (through marshmallow), so only the two sides agreeing is required
    assert COMPILED == DUMP_COMPILED
    assert len(COMPILED) >= 64
    for type_ in COMPILED:
        load_payload(type_, sample(type_))  # else the comparisons would test refusals only


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


def test_schemas_with_hooks_or_unknown_rules_are_left_to_marshmallow():
    from marshmallow import post_load

    class Hooked(Schema):
        a = fields.String()

        @post_load
        def upper(self, data, **kwargs):
            return {"a": data["a"].upper()}

    class Plain(Schema):
        a = fields.String()

    class CustomRule(Schema):
        a = fields.String(validate=lambda value: value.startswith("a"))

    class Processed(Schema):
        a = fields.String(post_load=str.upper)

    assert fastload.compile_schema(Hooked(unknown=EXCLUDE)) is None
    assert fastload.compile_schema(Plain(unknown=INCLUDE)) is None
    assert fastload.compile_schema(CustomRule(unknown=EXCLUDE)) is None
    assert fastload.compile_schema(Processed(unknown=EXCLUDE)) is None
    assert fastload.compile_schema(Plain(unknown=EXCLUDE))({"a": "x", "b": 1}) == {"a": "x"}
    # RAISE (marshmallow's default) refuses unknown keys: the checker steps aside for them
    strict = fastload.compile_schema(Plain())
    assert strict({"a": "x"}) == {"a": "x"}
    assert strict({"a": "x", "b": 1}) is None


class Leaf(Schema):
    n = fields.Integer(required=True, validate=validate.Range(min=0, max=10,
                                                              max_inclusive=False))
    f = fields.Float(load_default=None, allow_none=True,
                     validate=validate.Range(min=0, min_inclusive=False))


class Tree(Schema):
    leaf = fields.Nested(Leaf, required=True)
    loose = fields.Nested(Leaf, unknown=EXCLUDE, load_default=None, allow_none=True)
    leaves = fields.List(fields.Nested(Leaf), load_default=list)
    counts = fields.Dict(keys=fields.String(validate=validate.OneOf(("a", "b"))),
                         values=fields.Integer(validate=validate.Range(max=5)),
                         load_default=dict)
    anything = fields.Dict(load_default=dict)
    code = fields.String(load_default="a1", validate=validate.Regexp(r"^[a-z]\d$"))


TREE_ODD = ODD + [{"n": 0}, {"n": 10}, {"n": 9, "f": 0}, {"n": 9, "f": 1e-9}, {"n": -1},
                  {"n": 3, "extra": 1}, [{"n": 1}], [{"n": 1}, {"n": 11}], [None],
                  {"a": 5}, {"a": 6}, {"c": 1}, {"a": True}, {"b": 5.0}, "b2", "b22", 1e309,
                  float("nan"), 10 ** 400, {"n": 3, "f": float("inf")}]


def tree_variants():
    good = {"leaf": {"n": 1, "f": 2.5}, "loose": {"n": 2, "junk": 1},
            "leaves": [{"n": 3}, {"n": 4, "f": 1}], "counts": {"a": 1, "b": 5},
            "anything": {"k": [1, {"x": None}]}, "code": "z9"}
    yield from variants(good)
    for key in good:
        for odd in TREE_ODD:
            yield {**good, key: odd}
            yield {**good, "leaf": {"n": 1, key: odd}}


def say(schema, data):
    try:
        return "ok", schema.load(data)
    except ValidationError as exc:
        return "error", exc.messages


def test_nested_lists_dicts_ranges_floats_and_patterns_equal_marshmallow():
    for schema in (Tree(), Tree(unknown=EXCLUDE)):
        checker = fastload.compile_schema(schema)
        assert checker is not None
        accepted = 0
        for data in tree_variants():
            expected = say(schema, data)
            got = checker(data)
            if expected[0] == "error":
                assert got is None, data
            else:
                assert got in (None, expected[1]), data
                accepted += got is not None
        assert accepted > 50  # the fast path is taken, not just stepped aside from


def test_a_broken_nested_visit_item_is_refused_with_marshmallows_path_to_it():
    data = sample("integration.visit_captured")
    data["corrections"] = [data["corrections"][0], {**data["corrections"][0], "kind": "x"}]
    data["hazards"] = [{"kind": "fire", "unexpected": 1}]
    status, messages = fast_says("integration.visit_captured", data)
    assert status == "error"
    assert set(messages["corrections"][1]) == {"kind"}
    assert messages["hazards"] == {0: {"unexpected": ["Unknown field."]}}
    assert fastload._payload_checker("integration.visit_captured")(data) is None


def old_dump_payload(type_: str, data: dict) -> dict:
    """`dump_payload` before the fast path: the reference it must keep equal to."""
    schema = contract(type_).schema()
    dumped = schema.dump(data)
    errors = schema.validate(dumped)
    if errors:
        raise ValueError(f"{type_} payload breaks its contract: {errors}")
    return dumped


def dump_says(dump, type_: str, data):
    try:
        return "ok", dump(type_, data)
    except Exception as exc:  # noqa: BLE001 - the kind and words are what is compared
        return "error", type(exc).__name__, str(exc)


@pytest.mark.parametrize("type_", DUMP_COMPILED)
def test_dump_checker_accepts_only_what_validate_accepts(type_):
    schema = contract(type_).schema()
    checker = contracts._dump_checker(type_)
    accepted = 0
    for data in variants(schema.dump(load_payload(type_, sample(type_)))):
        errors = schema.validate(data)
        got = checker(data)
        if errors:
            assert got is None, data
        else:
            assert got in (None, schema.load(data)), data
            accepted += got is not None
    assert accepted  # the sample itself at least


@pytest.mark.parametrize("type_", DUMP_COMPILED)
def test_dump_payload_equals_its_marshmallow_only_self(type_):
    loaded = load_payload(type_, sample(type_))
    for data in [loaded, *variants(loaded)]:
        assert dump_says(dump_payload, type_, data) == dump_says(old_dump_payload, type_, data), \
            data


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
