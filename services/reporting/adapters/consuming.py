"""Reporting's live consumers: the common inbox (services/common/inbox.py) in batch mode,
composed with the projection of a whole batch at once.

Validation, rejection, idempotency by event id, retention, the metrics and ack after
commit are the inbox's, as in every service. The inbox claims the batch's ids in one
statement; its handlers only stage each event new to this consumer, and the batch's
`Projection` hooks apply what was staged through one `Projector`, in the batch's
transaction, before the commit. If the projection fails (an area not announced yet), the
inbox redoes the batch one message per transaction (`redo_alone`), so one bad event fails
alone and goes to retry, then to `.dead`.

Every transaction first takes the projection lock shared; a rebuild takes it exclusively,
which pauses live consumption until the rebuilt figures are in place (see rebuild.py).
Freeze probes (freeze_probes.py) are not events: the inbox leaves them aside, and they are
marked seen in the transaction of the batch that carried them.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.common import fastload
from services.common.db import Database
from services.common.envelope import Envelope
from services.common.inbound import Handler, Incoming, Result
from services.common.inbound_parsing import parse_message
from services.common.inbox import Inbox
from services.common.inbox_batches import deferred
from services.common.inbox_retention import InboxRetention
from services.common.messaging_tables import MessagingTables
from services.common.outbox import Outbox
from services.common.unit_of_work import Events
from services.reporting import clock
from services.reporting.adapters import locks
from services.reporting.adapters.projector import HANDLED, Projector
from services.reporting.use_cases import freeze_probes
from services.reporting.use_cases.notices import overdue_notifier


def parse(message: Incoming, handled: frozenset[str] = HANDLED) -> tuple[Envelope, dict]:
    """The envelope and its validated payload; Rejected with the fields at fault (a
    rebuild reads the history with the live consumers' rules)."""
    return parse_message(message.body, handled, "reporting", fastload.envelope,
                         fastload.load)


class Projection:
    """The inbox's batch hooks (services/common/inbox.py `BatchHooks`) and handlers of
    one batch of a reporting consumer."""

    def __init__(self, consumer: str, outbox: Outbox) -> None:
        self.consumer = consumer
        self.outbox = outbox
        self.staged: list[tuple[Envelope, dict]] = []
        # the batch's overdue notices, written into the outbox in one insert at its end
        self.events = Events(outbox)

    def handlers(self) -> dict[str, Handler]:
        # deferred: staging writes nothing and cannot fail, so no savepoint per event
        @deferred
        def stage(session: Session, env: Envelope, payload: dict) -> None:
            self.staged.append((env, payload))

        return dict.fromkeys(HANDLED, stage)

    def aside(self, session: Session, message: Incoming) -> bool:
        if not freeze_probes.is_probe(message):
            return False
        # committed with the events queued before it (freeze_probes.py)
        freeze_probes.seen(session, self.consumer, message)
        return True

    def before_batch(self, session: Session) -> None:
        locks.share(session)
        # the inbox may run the batch again (alone, or after a poisoned attempt)
        self.staged = []
        self.events = Events(self.outbox)

    def after_batch(self, session: Session) -> None:
        projector = Projector(session, tz=clock.tz(), live=True,
                              on_overdue=overdue_notifier(session, self.events))
        projector.prefetch([(env.type, payload) for env, payload in self.staged])
        for env, payload in self.staged:
            projector.apply(env.type, payload, env.time)
        projector.finish()
        self.events.flush(session)  # no statement when the batch made no notice


class ProjectingInbox:
    """A reporting consumer's inbox: `process_batch` as the common Inbox's, with the
    batch projected at once."""

    def __init__(self, consumer: str, tables: MessagingTables, outbox: Outbox,
                 retention: InboxRetention) -> None:
        self.consumer, self.tables, self.outbox = consumer, tables, outbox
        self.retention = retention

    def process_batch(self, db: Database, messages: list[Incoming]) -> list[Result]:
        projection = Projection(self.consumer, self.outbox)
        inbox = Inbox(self.consumer, self.tables, self.outbox, projection.handlers(),
                      batch_mode=True, envelope_loader=fastload.envelope,
                      payload_loader=fastload.load, aside=projection.aside, redo_alone=True,
                      retention=self.retention)
        return inbox.process_batch(db, messages, projection)
