"""A service started while the broker is unreachable waits for it instead of exiting,
answering /health with 503 and the reason meanwhile (issue 11, finding 6). The broker is
unreachable behind a TCP proxy this test keeps closed, then opens."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from tests.support.amqp import wait_until
from tests.support.http import Client
from tests.support.servers import VHOST, free_port
from tests.support.tcp_proxy import TcpProxy


def dispatch_process(amqp_uri: str, database_url: str, port: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "services.dispatch"], stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "AMQP_URI": amqp_uri, "DISPATCH_DATABASE_URL": database_url,
             "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}", "WANGGE_AUTH": "off",
             "HISTORY_STREAM": ""})


def health(port: int) -> tuple[int, dict] | None:
    try:
        return Client(f"http://127.0.0.1:{port}", timeout=10).get("/health")
    except OSError:  # not listening yet
        return None


def test_a_service_started_without_its_broker_waits_and_says_why(clean_dispatch_db,
                                                                 amqp_uri, tmp_path):
    proxy = TcpProxy()  # closed: the broker is unreachable
    port = free_port()
    with open(tmp_path / "dispatch.log", "w") as log:
        service = dispatch_process(proxy.uri(VHOST), clean_dispatch_db, port, log)
    try:
        status, body = wait_until(lambda: health(port), timeout=60, what="HTTP answering")
        assert status == 503 and body["status"] == "degraded", body
        assert body["broker"].startswith("unreachable"), body
        assert body["consumers"]["dispatch.integration"] == \
            "not connected to the broker (retrying)", body
        wait_until(lambda: "retrying in" in (tmp_path / "dispatch.log").read_text(),
                   timeout=30, what="a connection retried")
        assert service.poll() is None, "the service must wait for the broker, not exit"

        proxy.open()
        # kombu's back-off between attempts grows to 30 s
        wait_until(lambda: (health(port) or (0,))[0] == 200, timeout=90, interval=0.5,
                   what="healthy once the broker answers")
        assert service.poll() is None
    finally:
        service.send_signal(signal.SIGTERM)
        code = service.wait(30)
        proxy.close()
    assert code == 0, (tmp_path / "dispatch.log").read_text()[-3000:]


def test_a_service_waiting_for_its_broker_stops_on_sigterm(clean_dispatch_db, amqp_uri,
                                                           tmp_path):
    port = free_port()  # nothing listens on the broker's address
    with open(tmp_path / "dispatch.log", "w") as log:
        service = dispatch_process(f"amqp://guest:guest@127.0.0.1:{free_port()}/{VHOST}",
                                   clean_dispatch_db, port, log)
    try:
        wait_until(lambda: health(port), timeout=60, what="HTTP answering")
        service.send_signal(signal.SIGTERM)
        code = service.wait(30)
    finally:
        if service.poll() is None:
            service.kill()
    assert code == 0, (tmp_path / "dispatch.log").read_text()[-3000:]
