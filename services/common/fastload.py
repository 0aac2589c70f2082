"""The same validation as the marshmallow contracts, at the speed of the hot path.

Reporting and visits read thousands of events a second (visit_recorded,
household_state_changed, visit_captured). marshmallow spends about 0.25 ms on each
envelope and again on each payload, which was the largest CPU cost of live consumption
and rebuilds.

`compile_schema` reads a contract's fields once and builds a checker that applies every
rule the contract states (required, null allowed or not, type, OneOf/Length/Equal/Range/
Regexp, nested objects and lists of them, unknown keys refused or ignored, defaults) to
input in the plain form JSON gives. It is conservative: on anything it is
not sure of (a wrong type, a missing field, a value a validator refuses, a field or hook
kind it does not know) it answers None and the caller runs marshmallow itself, which then
produces the rejection with its usual per-field reasons. So the fast path can only accept
what marshmallow accepts, and returns exactly what marshmallow would (the unit tests
compare the two on every contract with valid and broken inputs).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, missing, validate

from services.common import untrusted
from services.common.contracts import UnknownEventType, contract, load_payload
from services.common.envelope import Envelope, EnvelopeSchema, parse_envelope

Checker = Callable[[Any], Any]
_FAIL = object()  # a checker's "not sure": marshmallow decides


def _string(value):
    return value if type(value) is str else _FAIL


def _integer(value):
    # bool is refused by marshmallow's Integer, and `type(v) is int` excludes it
    return value if type(value) is int else _FAIL


def _float(value):
    # Float(allow_nan=False) refuses bool, nan and ±inf, and an int too large for a float
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else _FAIL
    if kind is int:
        try:
            return float(value)
        except OverflowError:
            return _FAIL
    return _FAIL


def _boolean(value):
    return value if type(value) is bool else _FAIL


def _date(value):
    if type(value) is not str:
        return _FAIL
    try:
        return date.fromisoformat(value)  # what marshmallow's Date("iso") calls
    except ValueError:
        return _FAIL


def _aware_datetime(value):
    if type(value) is not str:
        return _FAIL
    try:
        out = datetime.fromisoformat(value)  # what marshmallow's DateTime("iso") calls
    except ValueError:
        return _FAIL
    if out.tzinfo is None or out.tzinfo.utcoffset(out) is None:
        return _FAIL
    return out


def _dict(value):
    return dict(value) if type(value) is dict else _FAIL


def _mapping(key_check: Checker | None, value_check: Checker | None) -> Checker:
    """marshmallow's Dict with key and/or value fields: each key and value through its
    field, in the input's order (a later key that loads to the same value wins, as there)."""
    def convert(value):
        if type(value) is not dict:
            return _FAIL
        out = {}
        for key, item in value.items():
            if key_check is not None:
                key = key_check(key)
                if key is _FAIL:
                    return _FAIL
            if value_check is not None:
                item = value_check(item)
                if item is _FAIL:
                    return _FAIL
            out[key] = item
        return out

    return convert


def _list(inner: Checker) -> Checker:
    def convert(value):
        if type(value) is not list:
            return _FAIL
        out = []
        for item in value:
            item = inner(item)
            if item is _FAIL:
                return _FAIL
            out.append(item)
        return out

    return convert


def _nested(load: Callable[[Any], dict | None]) -> Checker:
    def convert(value):
        out = load(value)
        return _FAIL if out is None else out

    return convert


def _validator(v) -> Callable[[Any], bool] | None:
    """A predicate with the validator's own rule; None for a kind not known here."""
    if type(v) is validate.OneOf:
        choices = v.choices
        return lambda value: value in choices
    if type(v) is validate.Length:
        lo, hi, eq = v.min, v.max, v.equal
        if eq is not None:
            return lambda value: len(value) == eq
        return lambda value: (lo is None or len(value) >= lo) and (hi is None or len(value) <= hi)
    if type(v) is validate.Equal:
        comparable = v.comparable
        return lambda value: value == comparable
    if type(v) is validate.Range:
        return _range(v.min, v.max, v.min_inclusive, v.max_inclusive)
    if type(v) is validate.Regexp:
        match = v.regex.match  # Regexp.__call__ tests `regex.match(value) is None`
        return lambda value: match(value) is not None
    # a contract's own validator giving its rule as a plain test (contracts.integration's
    # IdNumber): without it the contract would always take marshmallow's slow path
    predicate = getattr(v, "predicate", None)
    return predicate if callable(predicate) else None


def _range(lo, hi, lo_inclusive: bool, hi_inclusive: bool) -> Callable[[Any], bool]:
    def ok(value) -> bool:
        # the comparisons of Range.__call__, so a value it refuses is refused here
        if lo is not None and (value < lo if lo_inclusive else value <= lo):
            return False
        return hi is None or not (value > hi if hi_inclusive else value >= hi)

    return ok


def _is_iso(field) -> bool:
    return field.format in (None, "iso", "iso8601")


def _converter(field, seen: tuple) -> Checker | None:
    kind = type(field)
    if kind is fields.String:
        return _string
    if kind is fields.Integer:
        return _integer
    if kind is fields.Boolean:
        return _boolean
    if kind is fields.Float and field.allow_nan is False:
        return _float
    if kind is fields.Date and _is_iso(field):
        return _date
    if kind is fields.AwareDateTime and _is_iso(field) and field.default_timezone is None:
        return _aware_datetime
    if kind is fields.Dict:
        if field.key_field is None and field.value_field is None:
            return _dict  # marshmallow keeps any mapping as it is
        keys = values = None
        if field.key_field is not None and (keys := _field_checker(field.key_field, seen)) is None:
            return None
        if field.value_field is not None \
                and (values := _field_checker(field.value_field, seen)) is None:
            return None
        return _mapping(keys, values)
    if kind is fields.List:
        inner = _field_checker(field.inner, seen)
        return None if inner is None else _list(inner)
    if kind is fields.Nested:
        # many=True and self-nesting are rare in contracts and not worth the care here
        schema = field.schema
        if field.many or schema.many or type(schema) in seen:
            return None
        # Nested loads with its own `unknown`, else the nested schema's (RAISE unless its
        # Meta says otherwise): the parent's EXCLUDE does not reach it
        load = _compile(schema, field.unknown or schema.unknown, (*seen, type(schema)))
        return None if load is None else _nested(load)
    return None


def _field_checker(field, seen: tuple = ()) -> Checker | None:
    if field.pre_load or field.post_load:
        return None  # processors can turn any value into any other
    convert = _converter(field, seen)
    if convert is None:
        return None
    checks = [_validator(v) for v in field.validators]
    if any(c is None for c in checks):
        return None
    allow_none = field.allow_none
    if not checks:
        if allow_none:
            return lambda value: None if value is None else convert(value)
        return convert

    def check(value):
        if value is None:
            return None if allow_none else _FAIL
        out = convert(value)
        if out is _FAIL:
            return _FAIL
        for ok in checks:
            if not ok(out):
                return _FAIL
        return out

    return check


def compile_schema(schema: Schema) -> Callable[[Any], dict | None] | None:
    """A fast checker for `schema` (None when it uses something not handled here):
    checker(data) → `schema.load(data)`'s result, or None for "ask marshmallow"."""
    return _compile(schema, schema.unknown, (type(schema),))


def _compile(schema: Schema, unknown: str, seen: tuple) -> Callable[[Any], dict | None] | None:
    # hooks can change or refuse anything; INCLUDE copies keys through, which is not done
    # here; partial loads skip the required rule
    if any(schema._hooks.values()) or schema.many or schema.partial \
            or unknown not in (EXCLUDE, RAISE):
        return None
    plan = []
    for name, field in schema.load_fields.items():
        check = _field_checker(field, seen)
        attribute = field.attribute or name
        if check is None or "." in attribute:  # a dotted attribute loads into a sub-dict
            return None
        default = field.load_default
        plan.append((name if field.data_key is None else field.data_key, attribute, check,
                     field.required, default))
    known = frozenset(key for key, *_ in plan) if unknown == RAISE else None

    def load(data) -> dict | None:
        if type(data) is not dict:
            return None
        if known is not None and not known.issuperset(data):
            return None  # marshmallow names each unknown key
        out = {}
        for key, attr, check, required, default in plan:
            value = data.get(key, missing)
            if value is missing:
                if required:
                    return None
                if default is not missing:
                    out[attr] = default() if callable(default) else default
                continue
            value = check(value)
            if value is _FAIL:
                return None
            out[attr] = value
        return out

    return load


@cache
def _payload_checker(type_: str):
    try:
        schema = contract(type_).schema(unknown=EXCLUDE)
    except UnknownEventType:
        return None
    return compile_schema(schema)


def load(type_: str, data: dict) -> dict:
    """`load_payload` with a fast path: the same result, the same ValidationError."""
    checker = _payload_checker(type_)
    if checker is not None:
        out = checker(data)
        if out is not None:
            return out
    return load_payload(type_, data)


_ENVELOPE_FIELDS = frozenset(EnvelopeSchema().fields)
_envelope_checker = compile_schema(EnvelopeSchema(unknown=EXCLUDE))


# The last batch of bodies parsed ahead (parse_ahead): id(body) → (body, parsed value).
# Holding the body keeps its id from being reused while it is here; one batch only, so a
# batch that failed before its inbox parsed it is forgotten at the next one.
_ahead: dict[int, tuple[bytes | str, Any]] = {}


def parse_ahead(bodies: Iterable[bytes | str]) -> list[Any]:
    """Parse a batch's bodies before its inbox does, and let `envelope` take each parsed
    value instead of parsing the body again: visits' capture reads what its visits name
    (capture_batch.Wanted) before the inbox validates them, and the untrusted parser is
    most of an envelope's cost. → per body, its value, or the UntrustedInput it raised
    (such a body is parsed again by `envelope`, which rejects it with the same words)."""
    global _ahead
    ahead: dict[int, tuple[bytes | str, Any]] = {}
    values: list[Any] = []
    for body in bodies:
        try:
            value = untrusted.loads(body)
        except untrusted.UntrustedInput as exc:
            values.append(exc)
            continue
        ahead[id(body)] = (body, value)
        values.append(value)
    _ahead = ahead
    return values


def _parsed(body: bytes | str) -> Any:
    """untrusted.loads(body), unless it was parsed ahead (taken once: a value handed out
    is not handed out again, should its reader change it)."""
    hit = _ahead.pop(id(body), None)
    if hit is not None and hit[0] is body:
        return hit[1]
    return untrusted.loads(body)


def envelope(body: bytes | str) -> Envelope:
    """`parse_envelope` with a fast path: the same Envelope, the same ValidationError."""
    try:
        raw = _parsed(body)
    except untrusted.UntrustedInput:
        return parse_envelope(body)  # raises with the same words for it
    loaded = _envelope_checker(raw) if _envelope_checker is not None else None
    if loaded is None:
        return parse_envelope(raw)
    return Envelope(id=loaded["id"], source=loaded["source"], type=loaded["type"],
                    time=loaded["time"], data=loaded["data"], subject=loaded["subject"],
                    extras={k: v for k, v in raw.items() if k not in _ENVELOPE_FIELDS})


__all__ = ["ValidationError", "compile_schema", "envelope", "load", "parse_ahead"]
