"""A relay process whose service is killed while the broker is away stops for good: it
does not start relaying when the broker returns (issue 11, finding 7). The broker is
"away" behind a TCP proxy this test closes and opens, never the machine's broker."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.amqp import wait_until
from tests.support.servers import VHOST
from tests.support.tcp_proxy import TcpProxy

from .support import SERVICE_STAND_IN, gone


def test_a_relay_orphaned_while_the_broker_is_away_stays_stopped(clean_registry_db,
                                                                 amqp_uri, tmp_path):
    proxy = TcpProxy()  # closed: the broker is away
    log = tmp_path / "relay.log"
    service = subprocess.Popen(
        [sys.executable, "-c", SERVICE_STAND_IN, str(log)], stdout=subprocess.PIPE,
        env={**os.environ, "AMQP_URI": proxy.uri(VHOST),
             "REGISTRY_DATABASE_URL": clean_registry_db,
             # the relay first declares the history stream, and retries while it cannot
             "HISTORY_STREAM": "wangge.history.orphan-test"})
    child = int(service.stdout.readline())
    try:
        wait_until(lambda: "not declared" in log.read_text(), timeout=20,
                   what="the relay waiting for the broker")
        service.kill()  # SIGKILL: no chance to stop its child
        service.wait()
        wait_until(lambda: "is gone; stopping" in log.read_text(), timeout=20,
                   what="the relay noticing its service is gone")
        proxy.open()  # the broker is back
        wait_until(lambda: gone(child), timeout=30, what="the orphaned relay exiting")
    finally:
        if not gone(child):
            os.kill(child, 9)
        proxy.close()
        service.stdout.close()
    text = log.read_text()
    assert "stopped (0 published)" in text, text
    assert not text.split("is gone; stopping", 1)[1].count("running"), text
