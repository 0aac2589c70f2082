"""What every dispatch HTTP use case shares: query parameters and the health check."""

from __future__ import annotations

from marshmallow import Schema, ValidationError
from sqlalchemy import text

from services.common.store import Backbone


def query_args(request, schema: Schema) -> dict:
    """Load query parameters; a parameter given twice is an error."""
    raw, errors = {}, {}
    for key, values in request.args.lists():
        if len(values) > 1:
            errors[key] = ["give this parameter once"]
        else:
            raw[key] = values[0]
    if errors:
        raise ValidationError(errors)
    return schema.load(raw)


def health(backbone: Backbone) -> tuple[int, dict]:
    checks = {}
    try:
        with backbone.db.transaction() as session:
            session.execute(text("select 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        backbone.relay.publisher.declare_exchange(f"{backbone.service}.events")
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        backbone.relay.publisher.close()
        checks["broker"] = f"unreachable: {type(exc).__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return (200 if healthy else 503), {"status": "ok" if healthy else "degraded", **checks}
