"""nameko glue: the service's database, outbox, inboxes and its outbox relay (a green thread,
or a child process with OUTBOX_RELAY=process: services/common/relay.py)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

from nameko.extensions import DependencyProvider

from services.common import config, relay
from services.common.backbone import Backbone as Backbone
from services.common.history import History
from services.common.messaging_tables import MessagingTables

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
            self.child = RelayProcess(self.service, self._child_env())
            self.container.spawn_managed_thread(self.child.supervise,
                                                identifier=f"{self.service}.outbox_relay")

    def _child_env(self) -> dict:
        cfg = self.container.config
        env = {"OUTBOX_RELAY_PARENT": str(os.getpid())}
        # the child inherits the environment: a secret it reads the same there (X, or
        # X_FILE as compose gives it) is not copied into its environment in clear
        for key, value, inherited in (
                ("AMQP_URI", cfg.get("AMQP_URI") or config.amqp_uri(), config.amqp_uri()),
                (f"{self.service.upper()}_DATABASE_URL", self.backbone.db.url,
                 config.database_url(self.service))):
            if value != inherited:
                env[key] = value
        for key in ("HISTORY_STREAM", "HISTORY_EXCHANGES", "HISTORY_MAX_AGE",
                    "HISTORY_MAX_BYTES"):
            if key in cfg:
                env[key] = str(cfg[key])
        return env

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


class RelayProcess:
    """`python -m services.common.relay <service>` as a child of the service, started again
    whenever it exits until the service stops (the child stops by itself if the service
    dies without stopping it)."""

    def __init__(self, service: str, env: dict) -> None:
        self.service = service
        self.env = {**os.environ, **env}
        self.proc: subprocess.Popen | None = None
        self.running = True

    def supervise(self) -> None:
        delay = 1.0
        while self.running:
            started = time.monotonic()
            self.proc = subprocess.Popen([sys.executable, "-m", "services.common.relay",
                                          self.service], env=self.env)
            code = self.proc.wait()
            if not self.running:
                return
            # a relay that ran a while and died is restarted after a second; one that keeps
            # dying at start (database or broker away, bad settings) backs off up to 30 s
            delay = 1.0 if time.monotonic() - started > 60 else min(delay * 2, 30.0)
            log.error("outbox relay process of %s exited with %s; restarting in %.0fs",
                      self.service, code, delay)
            time.sleep(delay)

    def stop(self) -> None:
        self.running = False
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
