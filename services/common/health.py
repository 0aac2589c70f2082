"""GET /health for every service: can it reach its database and its broker, and are its
event consumers connected and moving (liveness.py)? 503 with the reason otherwise."""

from __future__ import annotations

import amqp
import eventlet
from sqlalchemy import text

from services.common import brokers, liveness
from services.common.backbone import Backbone

# A check that does not answer within this is reported as such: /health answers late
# rather than never, whatever the database or the broker does.
CHECK_SECONDS = 5.0


def _database(backbone: Backbone) -> None:
    with backbone.db.transaction() as session:
        session.execute(text("select 1"))


def _broker(backbone: Backbone) -> None:
    """A connection of the probe's own, never the relay's publisher: the relay holds the
    publisher while it waits (up to 30 s) for a batch's confirms, so under publishing load
    a probe queued behind it answered 503 with the broker fine; and a probe cut short by
    its timeout left an unanswered declaration on the relay's channel. Short-lived: a
    connection, a channel and a passive declaration are three round trips to the broker,
    and nothing is left open between probes (brokers.connect starts from the node that
    answered last)."""
    conn = brokers.connect(backbone.relay.publisher.uri, connect_timeout=CHECK_SECONDS,
                           client_properties={"connection_name": "wangge-health"})
    try:
        channel = conn.channel()
        try:
            channel.exchange_declare(f"{backbone.service}.events", "topic", passive=True)
        except amqp.exceptions.NotFound:
            pass  # an answer all the same: the exchange comes with the first publish
        conn.close()
    except BaseException:
        # eventlet.Timeout is a BaseException: the socket is dropped without a closing
        # handshake, which an unanswering broker would never finish
        brokers.discard(conn)
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
