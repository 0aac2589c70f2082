"""The nameko dependency provider of a service's messaging backbone: it gives each worker
the service's Backbone (database, outbox, inboxes; services/common/backbone.py) and runs
the outbox relay while the service runs, as a green thread of the service, or as a child
process (OUTBOX_RELAY=process) supervised by services/common/relay_process.py."""

from __future__ import annotations

import logging

from nameko.extensions import DependencyProvider

from services.common import relay
from services.common.backbone import Backbone
from services.common.history import History
from services.common.messaging_tables import MessagingTables
from services.common.relay_process import RelayProcess, child_env

log = logging.getLogger(__name__)


class Store(DependencyProvider):
    """Gives each worker the service's Backbone and runs the outbox relay while the
    service runs. Config keys: `<SERVICE>_DATABASE_URL`, `AMQP_URI` (env as fallback)."""

    def __init__(self, service: str, tables: MessagingTables) -> None:
        self.service = service
        self.tables = tables
        self.backbone: Backbone | None = None
        self.stopping = False

    def setup(self) -> None:
        cfg = self.container.config
        self.backbone = Backbone.create(
            self.service, self.tables,
            database_url=cfg.get(f"{self.service.upper()}_DATABASE_URL"),
            amqp_uri=cfg.get("AMQP_URI"),
            pool_size=int(cfg.get("max_workers", 10)),
        )

    def start(self) -> None:
        self.relay_mode = relay.mode(self.container.config.get("OUTBOX_RELAY"))
        if self.relay_mode == "thread":
            # the history stream first: an event published before it exists is not retained
            # given up once the service stops, as in process mode (relay.py): a service
            # stopped while the broker was away kept retrying the declaration
            run = History.from_config(self.container.config).before(
                self.backbone.relay.run_forever, stopped=lambda: self.stopping)
            self.container.spawn_managed_thread(run, identifier=f"{self.service}.outbox_relay")
            return
        self.backbone.db.notify_on_outbox_commit(relay.notify_sql(self.service))
        if self.relay_mode == "process":
            self.child = RelayProcess(self.service, child_env(
                self.service, self.container.config, self.backbone.db.url))
            self.container.spawn_managed_thread(self.child.supervise,
                                                identifier=f"{self.service}.outbox_relay")

    def stop(self) -> None:
        self.stopping = True
        self._stop_child()
        self.backbone.close()

    def kill(self) -> None:
        self.stopping = True
        self._stop_child()
        self.backbone.close()

    def _stop_child(self) -> None:
        child = getattr(self, "child", None)
        if child is not None:
            child.stop()

    def get_dependency(self, worker_ctx) -> Backbone:
        return self.backbone
