"""Inbound visits from mobile apps (integration.visit_captured): the same use case as
HTTP. A refusal becomes `Rejected`: the message is kept with the reason (ID numbers
masked), visits.event_rejected names it, and the savepoint rolls back whatever the
handler had written: nothing is half-recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.outbox import Outbox
from services.common.topology import INTEGRATION_EXCHANGE

from .capture import capture_visit
from .errors import rejecting

INBOUND = ("visit_captured",)
INTEGRATION_BINDINGS = [(INTEGRATION_EXCHANGE, name) for name in INBOUND]


def integration_handlers(outbox: Outbox, now: Callable[[], datetime], tz) -> dict:
    @rejecting
    def on_visit_captured(session: Session, env: Envelope, data: dict) -> None:
        capture_visit(session, outbox, data, source=f"event:{env.id}", now=now(), tz=tz())

    return {"integration.visit_captured": on_visit_captured}
