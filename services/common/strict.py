"""Request schemas that take JSON types as the OpenAPI documents state them.

marshmallow converts where it can: `"active": 0` loads as False, `"limit": "5"` or `true`
as an integer, `"1.5"` as a number. A published schema that says `boolean` or `integer`
must then be what the service accepts, so body schemas refuse anything but the JSON type
itself, and query schemas anything but its one spelling (`true`/`false`, digits), naming
the field (a list item or nested field by its path) and the reason.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load

_DIGITS = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _body_problem(field: fields.Field, value: Any) -> Any:
    if value is None:
        return None  # allow_none is marshmallow's to judge
    if isinstance(field, fields.Boolean):
        return None if isinstance(value, bool) else ["Not a valid boolean: give true or false."]
    if isinstance(field, fields.Integer):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else ["Not a valid integer."]
    if isinstance(field, fields.Number):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else ["Not a valid number."]
    if isinstance(field, fields.Nested) and isinstance(value, dict):
        return body_type_problems(field.schema, value) or None
    if isinstance(field, fields.List) and isinstance(value, list):
        items = {i: p for i, item in enumerate(value)
                 if (p := _body_problem(field.inner, item)) is not None}
        return items or None
    return None


def body_type_problems(schema: Schema, data: Any) -> dict:
    """field (by its JSON key) → reasons, for values of the wrong JSON type."""
    if not isinstance(data, dict):
        return {}  # marshmallow says "Invalid input type"
    out = {}
    for name, field in schema.fields.items():
        key = field.data_key or name
        if key in data and not field.dump_only:
            problem = _body_problem(field, data[key])
            if problem is not None:
                out[key] = problem
    return out


def _query_problem(field: fields.Field, value: Any) -> list[str] | None:
    if not isinstance(value, str):
        return None
    if isinstance(field, fields.Boolean) and value not in ("true", "false"):
        return ["Not a valid boolean: give true or false."]
    if isinstance(field, fields.Integer) and not _DIGITS.fullmatch(value):
        return ["Not a valid integer."]
    if isinstance(field, fields.Number) and not _NUMBER.fullmatch(value):
        return ["Not a valid number."]
    return None


class StrictBody(Schema):
    """A JSON request body: booleans, integers and numbers must be JSON ones."""

    @pre_load
    def _json_types(self, data, **kwargs):
        problems = body_type_problems(self, data)
        if problems:
            raise ValidationError(problems)
        return data


class StrictQuery(Schema):
    """Query parameters: a boolean is `true` or `false`, an integer plain digits."""

    @pre_load
    def _query_spelling(self, data, **kwargs):
        problems = {}
        for name, field in self.fields.items():
            key = field.data_key or name
            value = data.get(key) if isinstance(data, dict) else None
            inner = field.inner if isinstance(field, fields.List) else field
            values = value if isinstance(value, list) else [value]
            for item in values:
                problem = _query_problem(inner, item)
                if problem:
                    problems[key] = problem
        if problems:
            raise ValidationError(problems)
        return data
