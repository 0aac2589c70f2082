"""The real servers the integration tests run against, and how a test starts a service on
them: the namespace's vhost and databases, fresh databases at the newest migration, queues
emptied between tests, a nameko service running in-process."""

from __future__ import annotations

import functools
import os
import socket

import pika
import pytest
from sqlalchemy import create_engine, text

from services.common.migrate import upgrade

PG_BASE = os.environ.get("TEST_PG_BASE", "postgresql+psycopg2://postgres@127.0.0.1:5432")
BROKER = os.environ.get("TEST_AMQP_BASE", "amqp://guest:guest@127.0.0.1:5672")
# Parallel runs (several developers or helpers on one machine) pick their own namespace.
NAMESPACE = os.environ.get("WANGGE_TEST_NAMESPACE", "wangge_test")
VHOST = NAMESPACE


def unreachable(what: str, how: str, exc: Exception) -> None:
    pytest.exit(f"{what} is not reachable ({exc}). Start it with: {how}", returncode=3)


def running(service_cls, config: dict):
    """A nameko service running in-process on the real broker and database."""
    from nameko.runners import ServiceRunner

    runner = ServiceRunner(config)
    runner.add_service(service_cls)
    runner.start()
    runner.base_url = f"http://{config['WEB_SERVER_ADDRESS']}"
    runner.config = config
    yield runner
    runner.stop()


def database(url: str):
    from services.common.db import Database

    db = Database(url, pool_size=2)
    yield db
    db.dispose()


def standalone_backbone(service: str, url: str, amqp_uri: str, pool_size: int):
    """The service's Backbone outside nameko: outbox, relay and publisher, no service."""
    from importlib import import_module

    from services.common.backbone import Backbone

    messaging = import_module(f"services.{service}.adapters.models").MESSAGING
    bb = Backbone.create(service, messaging, database_url=url, amqp_uri=amqp_uri,
                         pool_size=pool_size)
    yield bb
    bb.close()


def sql_runner(db):
    """run("select …", name=value) → list of row mappings, in a transaction of its own."""

    def run(statement: str, **params) -> list:
        with db.transaction() as session:
            return list(session.execute(text(statement), params).mappings())

    return run


@functools.cache
def fresh_database(service: str) -> str:
    """Drop and re-create `<namespace>_<service>` at the newest migration, once a run;
    returns its URL. Once: dropping it again would pull it from under the pools of the
    fixtures and services already running on it (the session-scoped `<service>_db_url`
    of tests/support/fixtures/services.py is its one caller)."""
    name = f"{NAMESPACE}_{service}"
    url = f"{PG_BASE}/{name}"
    admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
    except Exception as exc:  # noqa: BLE001
        unreachable("PostgreSQL at 127.0.0.1:5432",
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", exc)
    finally:
        admin.dispose()
    upgrade(service, url)
    return url


def service_tables(service: str) -> tuple[str, ...]:
    """Every table of the service, from its models: a table added later is emptied
    between tests too, without anyone remembering to list it here."""
    from importlib import import_module

    return tuple(import_module(f"services.{service}.adapters.models").Base.metadata.tables)


def truncate(url: str, tables) -> str:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"truncate {', '.join(tables)} restart identity cascade"))
    engine.dispose()
    return url


def on_queues(amqp_uri: str, queues, action: str) -> None:
    """Purge or delete queues that may not exist yet."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    for queue in queues:
        try:
            getattr(channel, action)(queue)
        except pika.exceptions.ChannelClosedByBroker:
            channel = conn.channel()
    conn.close()


def consumer_queues(service: str, consumers) -> tuple[str, ...]:
    return tuple(f"{service}.{consumer}{suffix}" for consumer in consumers
                 for suffix in ("", ".retry", ".dead"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_config(service: str, amqp_uri: str, database_url: str) -> dict:
    """Small batches and fast retries, so failure paths finish within a test."""
    return {
        "AMQP_URI": amqp_uri,
        f"{service.upper()}_DATABASE_URL": database_url,
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{free_port()}",
        "max_workers": 10,
        "EVENT_PREFETCH": 64,
        "EVENT_MAX_ATTEMPTS": 3,
        "EVENT_RETRY_DELAY_MS": 100,
        # Access control has its own tests (test_*_access.py) that turn it on; the others
        # test behaviour behind it.
        "AUTH": "off",
        # The history stream binds to every exchange, which makes every event routable;
        # tests of unroutable events need it off. Reporting's tests turn it on.
        "HISTORY_STREAM": "",
    }
