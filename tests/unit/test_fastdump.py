"""The compiled dumper returns exactly what marshmallow's `schema.dump` returns, on every
contract, and steps aside (None) for whatever it does not handle, so `dump_payload` gives
the same payload or the same error as before."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from marshmallow import Schema, ValidationError, fields, post_dump, pre_dump, validate

from services.common import contracts
from services.common.contracts import CONTRACTS, Contract, dump_payload
from services.common.fastdump import compile_dumper

TYPES = sorted(CONTRACTS)
HOT = ("visits.visit_recorded", "visits.household_state_changed", "visits.household_reached")

ZONES = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30)),
         timezone(timedelta(hours=5, minutes=45, seconds=30)), ZoneInfo("Asia/Shanghai")]
DATETIMES = [datetime(2030, 3, 4, 8, 0, tzinfo=ZONES[0]),
             datetime(2030, 3, 4, 23, 59, 59, 123456, tzinfo=ZONES[1]),
             datetime(1999, 12, 31, 0, 0, 1, tzinfo=ZONES[2]),
             datetime(2030, 7, 1, 12, 30, tzinfo=ZONES[3]),
             datetime(2030, 1, 1, 6, 0, 0, 5, tzinfo=ZONES[4])]
DATES = [date(2030, 3, 4), date(1999, 12, 31)]
# strings that pass the contracts' patterns (codes, ID numbers, phones, skills, ids ≥ 8)
STRINGS = ["abcdefgh-1", "abc", "11010119900307777X", "+8613800138000", "medic", "网格-01"]
# values of the wrong kind for some field: marshmallow converts, refuses or crashes on them
ODD = [None, 0, 7, True, 2.5, "12", "x", "2030-03-04", b"bytes", [], ["a"], {}, {"a": 1},
       date(2030, 3, 4), datetime(2030, 3, 4, 8, 0), DATETIMES[1], time(8, 30), 10 ** 400,
       float("nan"), SimpleNamespace(a=1), ("t", "u"), {"a", "b"}]


def _fits(field, value) -> bool:
    try:
        for check in field.validators:
            check(value)
    except ValidationError:
        return False
    return True


def values_for(field) -> list:
    """Values in the form producers hand to `dump_payload` (dates, aware datetimes, nested
    dicts), valid ones first."""
    kind = type(field)
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            return list(v.choices)
        if isinstance(v, validate.Equal):
            return [v.comparable]
    if kind is fields.String:
        return [s for s in STRINGS if _fits(field, s)] or STRINGS
    if kind is fields.Integer:
        return [n for n in (3, 0, 6, 12, 10 ** 12) if _fits(field, n)]
    if kind is fields.Float:
        return [0.5, 0.0, 1.0, 1 / 3]
    if kind is fields.Boolean:
        return [True, False]
    if kind is fields.Date:
        return DATES
    if kind in (fields.AwareDateTime, fields.DateTime):
        return DATETIMES
    if kind is fields.Dict:
        return [{"a": 1, "b": [1, {"x": None}], "c": "2030-03-04"}, {}]
    if kind is fields.Nested:
        return list(payloads(field.schema))[:3]
    if kind is fields.List:
        items = values_for(field.inner)
        return [items[:2], [], items[:1], items]
    raise AssertionError(f"no values for {field!r}")


def _key(name, field) -> str:
    return field.attribute or name


def payloads(schema):
    """A full payload, the required part only, each field absent, None where allowed,
    every value its kind has (dates, datetimes at several offsets, nested lists of 0–n)."""
    dump_fields = schema.dump_fields
    full = {_key(n, f): values_for(f)[0] for n, f in dump_fields.items()}
    yield full
    yield {_key(n, f): full[_key(n, f)] for n, f in dump_fields.items() if f.required}
    for name, field in dump_fields.items():
        key = _key(name, field)
        yield {k: v for k, v in full.items() if k != key}
        if field.allow_none:
            yield {**full, key: None}
        for value in values_for(field)[1:]:
            yield {**full, key: value}


def say(dump, data):
    try:
        return "ok", repr(dump(data))  # repr: key order and 1 / 1.0 / True tell apart
    except Exception as exc:  # noqa: BLE001 - the kind and words are what is compared
        return "error", type(exc).__name__, str(exc)


@pytest.mark.parametrize("type_", TYPES)
def test_compiled_dump_equals_marshmallow_on_realistic_payloads(type_):
    schema = contracts.contract(type_).schema()
    dumper = compile_dumper(schema)
    assert dumper is not None  # every contract of today compiles
    count = 0
    for data in payloads(schema):
        got = dumper(data)
        assert got is not None, data  # realistic input always takes the fast path
        assert repr(got) == repr(schema.dump(data)), data
        count += 1
    assert count >= 3


@pytest.mark.parametrize("type_", TYPES)
def test_compiled_dump_steps_aside_or_agrees_on_odd_values(type_):
    schema = contracts.contract(type_).schema()
    dumper = compile_dumper(schema)
    full = next(payloads(schema))
    for key in full:
        for odd in ODD:
            data = {**full, key: odd}
            expected = say(schema.dump, data)
            got = dumper(data)
            if expected[0] == "error":
                assert got is None, data
            elif got is not None:
                assert repr(got) == expected[1], data


def test_dates_and_datetimes_dump_to_marshmallows_iso_strings():
    got = compile_dumper(contracts.contract("visits.household_reached").schema())({
        "campaign_id": "c1", "household_code": "H1", "grid_code": "G1", "visit_id": "v1",
        "reached_at": DATETIMES[3], "day": datetime(2030, 3, 4, 8, tzinfo=ZONES[1]),
        "people_found": None, "people_registered": 2})
    assert got["reached_at"] == "2030-07-01T12:30:00+05:45:30"
    assert got["day"] == "2030-03-04"  # a datetime in a Date field dumps its date part


class Leaf(Schema):
    n = fields.Integer(required=True)
    at = fields.DateTime(format="timestamp")
    when = fields.Time()
    hidden = fields.String(load_only=True)


class Options(Schema):
    renamed = fields.String(data_key="renamed-key")
    source = fields.Integer(attribute="origin")
    defaulted = fields.String(dump_default="d")
    computed = fields.List(fields.String(), dump_default=list)
    leaf = fields.Nested(Leaf, exclude=("when",))
    leaves = fields.List(fields.Nested(Leaf, only=("n",)))
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    flags = fields.Dict(values=fields.Boolean())
    items = fields.String()  # also the name of a dict method
    rfc = fields.DateTime(format="rfc")
    naive = fields.NaiveDateTime()
    ratio = fields.Float()
    bools = fields.List(fields.Boolean())


def test_data_keys_attributes_defaults_and_nested_options_equal_marshmallow():
    schema = Options()
    dumper = compile_dumper(schema)
    assert dumper is not None
    leaf = {"n": 1, "at": DATETIMES[1], "when": time(8, 30), "hidden": "no"}
    full = {"renamed": "r", "origin": 4, "defaulted": "x", "computed": ["c"], "leaf": leaf,
            "leaves": [leaf, {"n": "2"}], "counts": {"a": 1, "b": 2.5}, "flags": {"f": 0},
            "items": "i", "rfc": DATETIMES[2], "naive": datetime(2030, 3, 4, 8), "ratio": 1,
            "bools": [True, None, 0]}
    cases = [full, {"items": "i"}, {"source": 9, "items": "i"},
             *({k: v for k, v in full.items() if k != key} for key in full if key != "items")]
    for data in cases:
        got = dumper(data)
        assert got is not None, data
        assert repr(got) == repr(schema.dump(data)), data
    assert "hidden" not in dumper(full)["leaf"] and "when" not in dumper(full)["leaf"]
    assert dumper(full)["renamed-key"] == "r" and dumper({"items": "i"})["defaulted"] == "d"


def test_input_it_does_not_expect_is_left_to_marshmallow():
    schema = Options()
    dumper = compile_dumper(schema)
    # without the key, marshmallow's accessor finds dict.items: only it knows what to say
    assert dumper({"renamed": "r"}) is None
    assert schema.dump({"renamed": "r"})["items"].startswith("<built-in method items")
    assert dumper(SimpleNamespace(items="i", renamed="r")) is None  # read by getattr
    assert schema.dump(SimpleNamespace(items="i", renamed="r")) == \
        {"renamed-key": "r", "defaulted": "d", "computed": [], "items": "i"}
    assert dumper({"items": "i", "leaf": SimpleNamespace(n=1)}) is None
    # obj[key] on a defaultdict invents a value for every field: not a plain dict's get
    invented = defaultdict(lambda: "7")
    assert compile_dumper(Other())(invented) is None
    assert Other().dump(invented) == {"n": 7}
    assert dumper({"items": "i", "bools": {True}}) is None  # a set: not a list or tuple
    assert dumper({"items": "i", "origin": "x"}) is None  # int("x") fails: marshmallow's error
    with pytest.raises(ValueError, match="invalid literal"):
        schema.dump({"items": "i", "origin": "x"})


def test_the_result_shares_no_mutable_container_with_the_input():
    schema = Options()
    data = {"items": "i", "counts": {"a": 1}, "flags": {}, "bools": [True], "computed": []}
    got = compile_dumper(schema)(data)
    for key in ("counts", "flags", "bools", "computed"):
        assert got[key] == data[key] and got[key] is not data[key]


class Other(Schema):
    n = fields.Integer()


def _self_nested():
    class Tree(Schema):
        n = fields.Integer()
        children = fields.List(fields.Nested(lambda: Tree()))

    return Tree()


def _unsupported_schemas():
    class Hooked(Schema):
        a = fields.String()

        @post_dump
        def wrap(self, data, **kwargs):
            return {"wrapped": data}

    class PreHooked(Schema):
        a = fields.String()

        @pre_dump
        def fill(self, data, **kwargs):
            return {"a": "filled"}

    class Accessor(Schema):
        a = fields.String()

        def get_attribute(self, obj, attr, default):
            return "from accessor"

    def one(field):
        return Schema.from_dict({"a": field})()

    return {
        "method": WithMethod(),
        "function": one(fields.Function(lambda obj: "f")),
        "pluck": one(fields.Pluck(Other, "n")),
        "nested_many": one(fields.Nested(Other, many=True)),
        "as_string": one(fields.Integer(as_string=True)),
        "float_as_string": one(fields.Float(as_string=True)),
        "strftime": one(fields.Date(format="%d/%m/%Y")),
        "dotted": one(fields.String(attribute="x.y")),
        "email": one(fields.Email()),
        "raw": one(fields.Raw()),
        "decimal": one(fields.Decimal()),
        "list_of_method": one(fields.List(fields.Function(lambda v: v))),
        "dict_of_unknown": one(fields.Dict(values=fields.UUID())),
        "nested_unknown": one(fields.Nested(Schema.from_dict({"u": fields.UUID()}))),
        "post_dump": Hooked(),
        "pre_dump": PreHooked(),
        "accessor": Accessor(),
        "many": Other(many=True),
        "self_nested": _self_nested(),
    }


def test_a_schema_with_anything_unsupported_is_left_whole_to_marshmallow():
    for name, schema in _unsupported_schemas().items():
        assert compile_dumper(schema) is None, name
    assert compile_dumper(Other()) is not None  # the control: a plain one compiles


class WithMethod(Schema):
    a = fields.String(required=True)
    b = fields.Method("shout", deserialize="keep")  # loads too, so `validate` passes

    def shout(self, obj):
        return obj["a"].upper()

    def keep(self, value):
        return value


def test_dump_payload_falls_back_to_marshmallow_for_an_unsupported_contract(monkeypatch):
    type_ = "test.with_method"
    monkeypatch.setitem(CONTRACTS, type_, Contract(type_, WithMethod, "test only"))
    try:
        assert contracts._fast_dump(type_) is None
        assert dump_payload(type_, {"a": "x"}) == {"a": "x", "b": "X"}
    finally:
        for cached in (contracts._dumper, contracts._dump_checker, contracts._fast_dump):
            cached.cache_clear()


def old_dump_payload(type_: str, data: dict) -> dict:
    """`dump_payload` before the compiled dumper: the reference it must keep equal to."""
    schema = contracts.contract(type_).schema()
    dumped = schema.dump(data)
    errors = schema.validate(dumped)
    if errors:
        raise ValueError(f"{type_} payload breaks its contract: {errors}")
    return dumped


@pytest.mark.parametrize("type_", TYPES)
def test_dump_payload_equals_its_marshmallow_only_self(type_):
    schema = contracts.contract(type_).schema()
    full = next(payloads(schema))
    cases = [*payloads(schema), *({**full, key: odd} for key in full for odd in ODD[:12])]
    for data in cases:
        assert say(lambda d: dump_payload(type_, d), data) == \
            say(lambda d: old_dump_payload(type_, d), data), data


def test_the_hot_producers_never_reach_marshmallows_dump(monkeypatch):
    ref = {"campaign_id": "c1", "household_code": "H1", "grid_code": "G1"}
    at, day = DATETIMES[1], DATES[0]
    samples = {
        "visits.visit_recorded": {
            **ref, "visit_id": "v-00000001", "visitor_id": "vol1", "shift_key": None,
            "visited_at": at, "day": day, "method": "phone", "outcome": "reached",
            "attempt": 1, "people_found": 3, "people_registered": 2, "hazards": 0,
            "requests": 1, "corrections": 0},
        "visits.household_state_changed": {
            **ref, "state": "reached", "previous_state": "assigned", "attempts": 1,
            "follow_up": False, "version": 4, "at": at, "day": day, "visit_id": "v-00000001"},
        "visits.household_reached": {
            **ref, "visit_id": "v-00000001", "reached_at": at, "day": day,
            "people_found": None, "people_registered": 2},
    }
    expected = {type_: dump_payload(type_, data) for type_, data in samples.items()}

    def refuse(self, *args, **kwargs):
        raise AssertionError("marshmallow's dump was called")

    monkeypatch.setattr(Schema, "dump", refuse)
    for type_, data in samples.items():
        assert dump_payload(type_, data) == expected[type_]
    assert expected["visits.visit_recorded"]["visited_at"] == "2030-03-04T23:59:59.123456+08:00"
