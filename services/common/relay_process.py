"""The supervisor of a service's outbox relay run as a child process (OUTBOX_RELAY=process):
it starts `python -m services.common.relay <service>` (services/common/relay.py), starts it
again whenever it exits until the service stops, and builds the child's environment. The
nameko side (when to start and stop it) is `Store` in services/common/store.py."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

from services.common import config

log = logging.getLogger(__name__)

HISTORY_KEYS = ("HISTORY_STREAM", "HISTORY_EXCHANGES", "HISTORY_MAX_AGE", "HISTORY_MAX_BYTES")


def child_env(service: str, cfg: Mapping[str, Any], database_url: str) -> dict:
    """What the child needs on top of the service's own environment: its parent's pid (so
    it stops if the service dies) and the settings the service got from its config file."""
    env = {"OUTBOX_RELAY_PARENT": str(os.getpid())}
    # the child inherits the environment: a secret it reads the same there (X, or
    # X_FILE as compose gives it) is not copied into its environment in clear
    for key, value, inherited in (
            ("AMQP_URI", cfg.get("AMQP_URI") or config.amqp_uri(), config.amqp_uri()),
            (f"{service.upper()}_DATABASE_URL", database_url, config.database_url(service))):
        if value != inherited:
            env[key] = value
    for key in HISTORY_KEYS:
        if key in cfg:
            env[key] = str(cfg[key])
    return env


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
