"""Inbound visits from mobile apps (integration.visit_captured): the same use case as
HTTP, a batch at a time. A refusal becomes `Rejected`: the message is kept with the
reason (ID numbers masked), visits.event_rejected names it, and nothing of it is written
(its writes never joined the batch)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy.orm import Session

from services.common import fastload
from services.common.backbone import Backbone
from services.common.envelope import Envelope
from services.common.handlers import Handlers
from services.common.inbound import Incoming, Result
from services.common.inbox import Inbox
from services.common.inbox_batches import deferred
from services.visits.adapters.capture_batch import Preloading, VisitBatch, Wanted
from services.visits.entrypoints.errors import rejecting
from services.visits.use_cases.capture import capture

# `INTEGRATION_EVENTS.bind(batch=…)` is the integration consumer's table (service.py).
# deferred: `capture` only reads and stages into the batch; a refused or failed visit
# never joins it (capture_batch.py), so no savepoint is needed per visit
INTEGRATION_EVENTS = Handlers()


@INTEGRATION_EVENTS.on("integration.visit_captured", wrap=(deferred, rejecting))
def on_visit_captured(run, session: Session, env: Envelope, data: dict) -> None:
    capture(session, run.batch, data, source=f"event:{env.id}")


def integration_inbox(backbone: Backbone, handlers: dict) -> Inbox:
    """Batch mode (one claim statement for the batch's ids) with the fast validator
    (services/common/fastload.py): the same results and rejections as marshmallow, at a
    fraction of the cost for envelopes (visit_captured's nested lists still go through
    marshmallow)."""
    return Inbox("integration", backbone.tables, backbone.outbox,
                 handlers, batch_mode=True,
                 envelope_loader=fastload.envelope, payload_loader=fastload.load,
                 retention=backbone.retention)


def consume_integration(backbone: Backbone, messages: list[Incoming], *, now: datetime,
                        tz: tzinfo) -> list[Result]:
    """One inbox transaction for the batch: what its visits need is loaded before the
    first message, and what they wrote is written after the last."""
    batch = VisitBatch(backbone.outbox, now=now, tz=tz)
    return integration_inbox(backbone, INTEGRATION_EVENTS.bind(batch=batch)).process_batch(
        backbone.db, messages, Preloading(batch, Wanted.peek(m.body for m in messages)))
