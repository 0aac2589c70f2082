"""GET /health for every service: can it reach its database and its broker?"""

from __future__ import annotations

from sqlalchemy import text

from .store import Backbone


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
