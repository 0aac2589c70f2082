"""Start a nameko service from environment configuration, without the nameko CLI."""

from __future__ import annotations

import logging
import os
import signal
import sys

from . import config


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
    from . import green

    green.patch()
    import eventlet
    from nameko.runners import ServiceRunner

    from .logs import configure as configure_logs
    from .migrate import upgrade

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
    runner.start()
    logging.getLogger(__name__).info("%s listening on http://%s", service,
                                     cfg["WEB_SERVER_ADDRESS"])
    try:
        stop.wait()
    finally:
        runner.stop()
    sys.exit(0)
