"""Answer schemas shared by every service: what `/health` answers, and the page envelope.

The documents publish a JSON Schema per success answer from these marshmallow schemas
(`Route.answer`); schemathesis checks the live answers against them in `make test`.
Answers are documented open (a field may be added), but every field listed is there with
the type stated.
"""

from __future__ import annotations

from marshmallow import Schema, fields


class Health(Schema):
    status = fields.String(required=True, metadata={
        "description": "ok, or what is wrong (then the answer is 503)"})


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """{"total", "limit", "offset", "items": [item]}: a page of a longer list."""
    return Schema.from_dict({
        "total": fields.Integer(required=True),
        "limit": fields.Integer(required=True),
        "offset": fields.Integer(required=True),
        "items": fields.List(fields.Nested(item), required=True),
    }, name=name)
