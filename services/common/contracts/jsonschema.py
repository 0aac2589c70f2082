"""marshmallow schema → JSON Schema, so published contracts come from the code itself.

Event payloads are documented open (`additionalProperties: true`: payload changes are
additive and consumers ignore what they do not know); HTTP request bodies closed
(`closed=True`), because the services refuse an unknown field with 400 (marshmallow's
default `unknown=RAISE`).
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

# PostgreSQL text cannot hold NUL, so the services refuse it in any request text
NO_NUL = "^[^\\u0000]*$"
_SIMPLE = {
    fields.String: {"type": "string"},
    fields.Integer: {"type": "integer"},
    fields.Float: {"type": "number"},
    fields.Boolean: {"type": "boolean"},
    fields.Date: {"type": "string", "format": "date"},
    fields.AwareDateTime: {"type": "string", "format": "date-time"},
    fields.DateTime: {"type": "string", "format": "date-time"},
    fields.Dict: {"type": "object"},
}


def _validators(field: fields.Field, out: dict) -> None:
    for v in field.validators:
        if isinstance(v, validate.OneOf):
            out["enum"] = list(v.choices)
        elif isinstance(v, validate.Length):
            key = "Items" if out.get("type") == "array" else "Length"
            if v.min is not None:
                out[f"min{key}"] = v.min
            if v.max is not None:
                out[f"max{key}"] = v.max
        elif isinstance(v, validate.Regexp):
            out["pattern"] = v.regex.pattern
        elif isinstance(v, validate.Range):
            if v.min is not None:
                out["minimum"] = v.min
            if v.max is not None:
                out["maximum"] = v.max
        elif isinstance(v, validate.Equal):
            out["const"] = v.comparable


def _nullable(out: dict) -> None:
    # marshmallow lets None past every validator of an allow_none field, so null must be
    # allowed by each keyword that would otherwise refuse it, enum and const included
    if "type" in out:
        out["type"] = [out["type"], "null"]
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    if "const" in out and out["const"] is not None:
        out["enum"] = [out.pop("const"), None]


def field_schema(field: fields.Field, *, closed: bool = False) -> dict:
    if isinstance(field, fields.Nested):
        nested = field.nested() if callable(field.nested) and not isinstance(
            field.nested, type) else field.nested
        out = schema_to_json(nested if isinstance(nested, Schema) else nested(), closed=closed)
    elif isinstance(field, fields.List):
        out = {"type": "array", "items": field_schema(field.inner, closed=closed)}
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        # a map (id → object): its values' schema, so clients get them typed too
        out = {"type": "object",
               "additionalProperties": field_schema(field.value_field, closed=closed)}
    else:
        out = next((dict(v) for k, v in _SIMPLE.items() if isinstance(field, k)), {})
    _validators(field, out)
    if closed and out.get("type") == "string" and not ({"pattern", "enum", "const", "format"}
                                                       & out.keys()):
        out["pattern"] = NO_NUL
    if field.allow_none:
        _nullable(out)
    description = field.metadata.get("description")
    if description:
        out["description"] = description
    return out


def schema_to_json(schema: Schema | type[Schema], *, closed: bool = False) -> dict:
    if isinstance(schema, type):
        schema = schema()
    properties, required = {}, []
    for name, field in schema.fields.items():
        key = field.data_key or name
        properties[key] = field_schema(field, closed=closed)
        if field.required:
            required.append(key)
    out = {"type": "object", "properties": properties,
           "additionalProperties": not (closed and schema.unknown == RAISE)}
    if required:
        out["required"] = required
    return out
