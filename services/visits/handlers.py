"""Inbound visits from mobile apps (integration.visit_captured): the same use case as
HTTP, a batch at a time. A refusal becomes `Rejected`: the message is kept with the
reason (ID numbers masked), visits.event_rejected names it, and nothing of it is written
(its writes never joined the batch, and its savepoint rolls back the rest)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.inbox import Incoming, Result
from services.common.store import Backbone
from services.common.topology import INTEGRATION_EXCHANGE

from .capture import capture
from .capture_batch import Preloading, VisitBatch, Wanted
from .errors import rejecting

INBOUND = ("visit_captured",)
INTEGRATION_BINDINGS = [(INTEGRATION_EXCHANGE, name) for name in INBOUND]


def integration_handlers(batch: VisitBatch) -> dict:
    @rejecting
    def on_visit_captured(session: Session, env: Envelope, data: dict) -> None:
        capture(session, batch, data, source=f"event:{env.id}")

    return {"integration.visit_captured": on_visit_captured}


def consume_integration(backbone: Backbone, messages: list[Incoming], *, now: datetime,
                        tz: tzinfo) -> list[Result]:
    """One inbox transaction for the batch: what its visits need is loaded before the
    first message, and what they wrote is written after the last."""
    batch = VisitBatch(backbone.outbox, now=now, tz=tz)
    inbox = backbone.inbox("integration", integration_handlers(batch))
    return inbox.process_batch(Preloading(backbone.db, batch, Wanted.peek(
        m.body for m in messages)), messages)
