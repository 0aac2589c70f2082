"""Say exactly which server is missing and how to start it, instead of a stack trace."""

from __future__ import annotations

import socket
from urllib.parse import urlparse

from sqlalchemy.engine import make_url

from services.common import config

HOW = {
    "RabbitMQ": "rabbitmq-server -detached   (or `make up` with Docker)",
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
                  "   (or `make up` with Docker)",
}


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def missing_servers() -> list[str]:
    amqp = urlparse(config.amqp_uri())
    pg = make_url(config.database_url("registry"))
    checks = [("RabbitMQ", amqp.hostname or "127.0.0.1", amqp.port or 5672),
              ("PostgreSQL", pg.host or "127.0.0.1", pg.port or 5432)]
    return [f"{name} is not reachable at {host}:{port}. Start it with: {HOW[name]}"
            for name, host, port in checks if not _answers(host, port)]
