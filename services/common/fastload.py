"""The same validation as the marshmallow contracts, at the speed of the hot path.

Reporting and visits read thousands of events a second (visit_recorded,
household_state_changed, visit_captured). marshmallow spends about 0.25 ms on each
envelope and again on each payload, which was the largest CPU cost of live consumption
and rebuilds.

`compile_schema` reads a contract's fields once and builds a checker that applies every
rule the contract states (required, null allowed or not, type, OneOf/Length/Equal,
defaults) to input in the plain form JSON gives. It is conservative: on anything it is
not sure of (a wrong type, a missing field, a value a validator refuses, a field or hook
kind it does not know) it answers None and the caller runs marshmallow itself, which then
produces the rejection with its usual per-field reasons. So the fast path can only accept
what marshmallow accepts, and returns exactly what marshmallow would (the unit tests
compare the two on every contract with valid and broken inputs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing, validate

from services.common.contracts import UnknownEventType, contract, load_payload
from services.common.envelope import Envelope, EnvelopeSchema, parse_envelope

Checker = Callable[[Any], Any]
_FAIL = object()  # a checker's "not sure": marshmallow decides


def _string(value):
    return value if type(value) is str else _FAIL


def _integer(value):
    # bool is refused by marshmallow's Integer, and `type(v) is int` excludes it
    return value if type(value) is int else _FAIL


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


def _string_list(value):
    if type(value) is not list:
        return _FAIL
    for item in value:
        if type(item) is not str:
            return _FAIL
    return list(value)


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
    return None


def _is_iso(field) -> bool:
    return field.format in (None, "iso", "iso8601")


def _converter(field) -> Checker | None:
    kind = type(field)
    if kind is fields.String:
        return _string
    if kind is fields.Integer:
        return _integer
    if kind is fields.Boolean:
        return _boolean
    if kind is fields.Date and _is_iso(field):
        return _date
    if kind is fields.AwareDateTime and _is_iso(field) and field.default_timezone is None:
        return _aware_datetime
    if kind is fields.Dict and field.key_field is None and field.value_field is None:
        return _dict
    if kind is fields.List and type(field.inner) is fields.String \
            and not field.inner.validators and not field.inner.pre_load:
        return _string_list
    return None


def _field_checker(field) -> Checker | None:
    convert = _converter(field)
    if convert is None or field.pre_load:
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
    checker(data) → marshmallow's result, or None for "ask marshmallow"."""
    # hooks can change or refuse anything, and other unknown-field rules refuse input
    # this path would accept
    if any(schema._hooks.values()) or schema.many or schema.unknown != EXCLUDE:
        return None
    plan = []
    for name, field in schema.load_fields.items():
        check = _field_checker(field)
        if check is None:
            return None
        default = field.load_default
        plan.append((field.data_key or name, field.attribute or name, check,
                     field.required, default))

    def load(data) -> dict | None:
        if type(data) is not dict:
            return None
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


def envelope(body: bytes | str) -> Envelope:
    """`parse_envelope` with a fast path: the same Envelope, the same ValidationError."""
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return parse_envelope(body)  # raises with marshmallow's words for it
    loaded = _envelope_checker(raw) if _envelope_checker is not None else None
    if loaded is None:
        return parse_envelope(raw)
    return Envelope(id=loaded["id"], source=loaded["source"], type=loaded["type"],
                    time=loaded["time"], data=loaded["data"], subject=loaded["subject"],
                    extras={k: v for k, v in raw.items() if k not in _ENVELOPE_FIELDS})


__all__ = ["ValidationError", "compile_schema", "envelope", "load"]
