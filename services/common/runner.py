"""Start a nameko service from environment configuration, without the nameko CLI."""

from __future__ import annotations

import logging
import os
import signal
import sys

from services.common import config

log = logging.getLogger(__name__)


def nameko_config(service: str, default_port: int) -> dict:
    return {
        "AMQP_URI": config.amqp_uri(),
        f"{service.upper()}_DATABASE_URL": config.database_url(service),
        "WEB_SERVER_ADDRESS": config.http_address(default_port),
        "max_workers": int(os.environ.get("MAX_WORKERS", "10")),
        "EVENT_PREFETCH": int(os.environ.get("EVENT_PREFETCH", "256")),
        "EVENT_MAX_ATTEMPTS": config.RetryPolicy.from_env().max_attempts,
        "EVENT_RETRY_DELAY_MS": config.RetryPolicy.from_env().delay_ms,
    }


def run(service_cls, default_port: int, *, migrate: bool = True) -> None:
    """Migrate (unless told not to), then run until SIGINT/SIGTERM."""
    from services.common import green

    green.patch()
    import eventlet
    from nameko.runners import ServiceRunner

    from services.common.logs import configure as configure_logs
    from services.common.migrate import upgrade

    configure_logs()
    service = service_cls.name
    if migrate and not os.environ.get(f"{service.upper()}_SKIP_MIGRATE"):
        upgrade(service)
    cfg = nameko_config(service, default_port)
    runner = ServiceRunner(cfg)
    runner.add_service(service_cls)
    stop = eventlet.event.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.ready() or stop.send(None))
    failed: list[BaseException] = []

    def start() -> None:
        # Returns once the consumers are connected, which waits for the broker (kombu
        # retries with back-off): started aside, so that HTTP answers meanwhile (/health
        # says why it is 503) and a SIGTERM stops a service that is still waiting.
        try:
            runner.start()
        except Exception as exc:  # noqa: BLE001 - reported below, exit code 1
            failed.append(exc)
            stop.ready() or stop.send(None)
            return
        log.info("%s started: consumers connected", service)

    def watch() -> None:
        # a container that died (a consumer that cannot declare its queues, say) ends the
        # process with an error instead of leaving it up and doing nothing
        try:
            runner.wait()
        except Exception as exc:  # noqa: BLE001 - reported below, exit code 1
            if not stop.ready():  # not the stop asked for (its consumer thread is killed)
                failed.append(exc)
        stop.ready() or stop.send(None)

    log.info("%s starting; HTTP on http://%s", service, cfg["WEB_SERVER_ADDRESS"])
    eventlet.spawn(start)
    eventlet.spawn(watch)
    try:
        stop.wait()
    finally:
        runner.stop()
    if failed:
        log.error("%s stopped on an error: %s", service, failed[0])
        sys.exit(1)
    sys.exit(0)
