"""What every dispatch HTTP use case shares: query parameters and the health check."""

from __future__ import annotations

from marshmallow import Schema, ValidationError

from services.common.health import health

__all__ = ["health", "query_args"]


def query_args(request, schema: Schema, repeatable: tuple[str, ...] = ()) -> dict:
    """Load query parameters; a parameter given twice is an error unless `repeatable`
    (then it loads as a list)."""
    raw, errors = {}, {}
    for key, values in request.args.lists():
        if key in repeatable:
            raw[key] = values
        elif len(values) > 1:
            errors[key] = ["give this parameter once"]
        else:
            raw[key] = values[0]
    if errors:
        raise ValidationError(errors)
    return schema.load(raw)
