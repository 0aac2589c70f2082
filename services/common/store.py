"""nameko glue: the service's database, outbox, inboxes and the outbox relay thread."""

from __future__ import annotations

from dataclasses import dataclass

from nameko.extensions import DependencyProvider

from . import config
from .db import Database
from .history import History
from .inbox import Handler, Inbox
from .messaging_tables import MessagingTables
from .outbox import Outbox, OutboxRelay
from .publisher import ConfirmingPublisher


@dataclass
class Backbone:
    """Everything a worker of the service needs; plain objects, usable outside nameko."""

    service: str
    db: Database
    tables: MessagingTables
    outbox: Outbox
    relay: OutboxRelay

    @classmethod
    def create(cls, service: str, tables: MessagingTables, *, database_url: str | None = None,
               amqp_uri: str | None = None, pool_size: int = 10) -> Backbone:
        db = Database(database_url or config.database_url(service), pool_size=pool_size)
        outbox = Outbox(service, tables)
        relay = OutboxRelay(db, tables, ConfirmingPublisher(amqp_uri or config.amqp_uri()))
        db.on_outbox_commit(relay.wake)
        return cls(service, db, tables, outbox, relay)

    def inbox(self, consumer: str, handlers: dict[str, Handler]) -> Inbox:
        return Inbox(consumer, self.tables, self.outbox, handlers)

    def close(self) -> None:
        self.relay.stop()
        self.relay.publisher.close()
        self.db.dispose()


class Store(DependencyProvider):
    """Gives each worker the service's Backbone and runs the outbox relay while the
    service runs. Config keys: `<SERVICE>_DATABASE_URL`, `AMQP_URI` (env as fallback)."""

    def __init__(self, service: str, tables: MessagingTables) -> None:
        self.service = service
        self.tables = tables
        self.backbone: Backbone | None = None

    def setup(self) -> None:
        cfg = self.container.config
        self.backbone = Backbone.create(
            self.service, self.tables,
            database_url=cfg.get(f"{self.service.upper()}_DATABASE_URL"),
            amqp_uri=cfg.get("AMQP_URI"),
            pool_size=int(cfg.get("max_workers", 10)),
        )

    def start(self) -> None:
        # the history stream first: an event published before it exists is not retained
        relay = History.from_config(self.container.config).before(
            self.backbone.relay.run_forever)
        self.container.spawn_managed_thread(relay, identifier=f"{self.service}.outbox_relay")

    def stop(self) -> None:
        self.backbone.close()

    def kill(self) -> None:
        self.backbone.close()

    def get_dependency(self, worker_ctx) -> Backbone:
        return self.backbone

