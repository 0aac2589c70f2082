"""GET /health for every service: can it reach its database and its broker, and are its
event consumers connected and moving (liveness.py)? 503 with the reason otherwise."""

from __future__ import annotations

import eventlet
from sqlalchemy import text

from . import liveness
from .store import Backbone

# A check that does not answer within this is reported as such: /health answers late
# rather than never, whatever the database or the broker does.
CHECK_SECONDS = 5.0


def _database(backbone: Backbone) -> None:
    with backbone.db.transaction() as session:
        session.execute(text("select 1"))


def _broker(backbone: Backbone) -> None:
    try:
        backbone.relay.publisher.declare_exchange(f"{backbone.service}.events")
    except Exception:
        backbone.relay.publisher.close()
        raise


def _check(probe, backbone: Backbone) -> str:
    try:
        with eventlet.Timeout(CHECK_SECONDS):
            probe(backbone)
        return "ok"
    except eventlet.Timeout:
        return f"no answer within {CHECK_SECONDS:.0f}s"
    except Exception as exc:  # noqa: BLE001
        return f"unreachable: {type(exc).__name__}"


def health(backbone: Backbone) -> tuple[int, dict]:
    checks: dict = {"database": _check(_database, backbone),
                    "broker": _check(_broker, backbone)}
    consumers = liveness.problems(backbone.service)
    if consumers:
        checks["consumers"] = consumers
    healthy = checks["database"] == "ok" and checks["broker"] == "ok" and not consumers
    return (200 if healthy else 503), {"status": "ok" if healthy else "degraded", **checks}
