"""A service's database, outbox, inboxes and outbox relay as plain objects: what nameko's
`Store` gives every worker, and what the relay process (relay.py) runs without nameko."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.common import config
from services.common.db import Database
from services.common.inbound import Handler
from services.common.inbox import Inbox
from services.common.inbox_retention import InboxRetention
from services.common.messaging_tables import MessagingTables
from services.common.outbox import Outbox, OutboxRelay
from services.common.publisher import ConfirmingPublisher


@dataclass
class Backbone:
    """Everything a worker of the service needs; plain objects, usable outside nameko."""

    service: str
    db: Database
    tables: MessagingTables
    outbox: Outbox
    relay: OutboxRelay
    # read from INBOX_RETENTION_HOURS once, by `create`: every inbox of the service and its
    # prune timer use this one (a bad value stops the service at start)
    retention: InboxRetention = field(default_factory=InboxRetention)

    @classmethod
    def create(cls, service: str, tables: MessagingTables, *, database_url: str | None = None,
               amqp_uri: str | None = None, pool_size: int = 10) -> Backbone:
        retention = InboxRetention.from_env()
        db = Database(database_url or config.database_url(service), pool_size=pool_size)
        outbox = Outbox(service, tables)
        relay = OutboxRelay(db, tables, ConfirmingPublisher(amqp_uri or config.amqp_uri()),
                            retention_hours=config.outbox_retention_hours())
        db.on_outbox_commit(relay.wake)
        return cls(service, db, tables, outbox, relay, retention)

    def inbox(self, consumer: str, handlers: dict[str, Handler]) -> Inbox:
        return Inbox(consumer, self.tables, self.outbox, handlers, retention=self.retention)

    def close(self) -> None:
        self.relay.stop()
        self.relay.publisher.close()
        self.db.dispose()
