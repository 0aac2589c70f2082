"""Real RabbitMQ and PostgreSQL, never mocks. A missing server fails the run loudly."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

import pika
import pytest
from sqlalchemy import create_engine, text

from services.common.migrate import upgrade

from .amqp_tools import OutsideClient
from .event_conformance import published_events_match_the_contract  # noqa: F401

PG_BASE = os.environ.get("TEST_PG_BASE", "postgresql+psycopg2://postgres@127.0.0.1:5432")
BROKER = os.environ.get("TEST_AMQP_BASE", "amqp://guest:guest@127.0.0.1:5672")
# Parallel runs (several developers or helpers on one machine) pick their own namespace.
NAMESPACE = os.environ.get("WANGGE_TEST_NAMESPACE", "wangge_test")
VHOST = NAMESPACE


def _fail(what: str, how: str, exc: Exception) -> None:
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


def sql_runner(db):
    """run("select …", name=value) → list of row mappings, in a transaction of its own."""

    def run(statement: str, **params) -> list:
        with db.transaction() as session:
            return list(session.execute(text(statement), params).mappings())

    return run


@pytest.fixture(scope="session")
def amqp_uri():
    """A vhost of the tests' own, so a running `make run` cannot steal their messages."""
    try:
        pika.BlockingConnection(pika.URLParameters(BROKER + "/")).close()
    except Exception as exc:  # noqa: BLE001
        _fail("RabbitMQ at 127.0.0.1:5672", "rabbitmq-server -detached", exc)
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.exit("rabbitmqctl is needed to create the test vhost", returncode=3)
    subprocess.run([ctl, "delete_vhost", VHOST], capture_output=True)
    subprocess.run([ctl, "add_vhost", VHOST], check=True, capture_output=True)
    subprocess.run([ctl, "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True)
    yield f"{BROKER}/{VHOST}"
    subprocess.run([ctl, "delete_vhost", VHOST], capture_output=True)


def fresh_database(service: str) -> str:
    """Drop and re-create `<namespace>_<service>` at the newest migration; returns its URL."""
    name = f"{NAMESPACE}_{service}"
    url = f"{PG_BASE}/{name}"
    admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
    except Exception as exc:  # noqa: BLE001
        _fail("PostgreSQL at 127.0.0.1:5432",
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


@pytest.fixture(scope="session")
def registry_db_url() -> str:
    return fresh_database("registry")


REGISTRY_TABLES = service_tables("registry")


@pytest.fixture
def clean_registry_db(registry_db_url):
    return truncate(registry_db_url, REGISTRY_TABLES)


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


@pytest.fixture
def registry_config(amqp_uri, clean_registry_db) -> dict:
    return service_config("registry", amqp_uri, clean_registry_db)


@pytest.fixture
def purge_queues(amqp_uri):
    """Start every test with empty registry queues (left-overs of a failed test)."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    for queue in ("registry.integration", "registry.integration.retry",
                  "registry.integration.dead"):
        try:
            channel.queue_purge(queue)
        except pika.exceptions.ChannelClosedByBroker:
            channel = conn.channel()
    conn.close()


@pytest.fixture
def registry(registry_config, purge_queues):
    """The registry service running in-process against the real broker and database."""
    from services.registry.entrypoints.service import RegistryService

    yield from running(RegistryService, registry_config)


@pytest.fixture
def outside(amqp_uri):
    client = OutsideClient(amqp_uri)
    yield client
    client.close()


# -- backbone tests: arranging rows, reading them back, a standalone Backbone ---------------
@pytest.fixture
def registry_db(clean_registry_db):
    """The registry's test database, to arrange prerequisite rows and check effects."""

    yield from database(clean_registry_db)


@pytest.fixture
def sql(registry_db):
    """sql("select …", name=value) → list of row mappings, in a transaction of its own."""

    return sql_runner(registry_db)


@pytest.fixture
def household(registry_db) -> str:
    """A city → … → grid chain with one building and one household; returns its code.
    Inserted directly: these rows are the arrangement, not what the tests prove."""
    from services.registry.adapters.models import Area, Building, Household

    with registry_db.transaction() as session:
        parent, path = None, None
        for level, code in (("city", "4401"), ("district", "440106"), ("street", "44010601"),
                            ("community", "4401060101"), ("grid", "4401060101-G01")):
            path = f"{path}/{code}" if path else code
            area = Area(code=code, level=level, name=f"{level} {code}", path=path,
                        parent_id=parent.id if parent else None, version=1)
            session.add(area)
            session.flush()
            parent = area
        building = Building(code="B-01", name="1栋", grid_id=parent.id, version=1)
        session.add(building)
        session.flush()
        session.add(Household(code="H-0001", kind="residence", address="1栋101",
                              building_id=building.id, grid_id=parent.id, version=1))
    return "H-0001"


@pytest.fixture
def register_resident(registry_db, household):
    """register_resident(id_number, name) → resident id, through the registry's own module
    (so its resident_registered event goes through the outbox like any other)."""
    from services.common import config
    from services.common.outbox import Outbox
    from services.registry.adapters.models import MESSAGING
    from services.registry.use_cases import residents

    def register(id_number: str, name: str = "李四") -> int:
        with registry_db.transaction() as session:
            household_id = session.execute(
                text("select id from households where code = :c"), {"c": household}
            ).scalar_one()
            resident, _ = residents.register(session, Outbox("registry", MESSAGING),
                                             config.id_hash_key(), id_number,
                                             {"name": name}, household_id, "test")
            return resident.id

    return register


@pytest.fixture
def backbone(amqp_uri, clean_registry_db):
    """The registry's Backbone outside nameko: outbox, relay and publisher, no service."""
    from services.common.store import Backbone
    from services.registry.adapters.models import MESSAGING

    bb = Backbone.create("registry", MESSAGING, database_url=clean_registry_db,
                         amqp_uri=amqp_uri, pool_size=4)
    yield bb
    bb.close()


# -- dispatch ----------------------------------------------------------------------------
DISPATCH_TABLES = service_tables("dispatch")
DISPATCH_QUEUES = consumer_queues("dispatch", ("registry", "integration", "visits"))


@pytest.fixture(scope="session")
def dispatch_db_url() -> str:
    return fresh_database("dispatch")


@pytest.fixture
def clean_dispatch_db(dispatch_db_url):
    return truncate(dispatch_db_url, DISPATCH_TABLES)


@pytest.fixture
def purge_dispatch_queues(amqp_uri):
    """Start every dispatch test with empty dispatch queues, and delete them afterwards:
    their bindings to registry.events would make registry events routable in tests that
    expect nobody to listen (test_outbox_relay's unroutable event)."""
    on_queues(amqp_uri, DISPATCH_QUEUES, "queue_purge")
    yield
    on_queues(amqp_uri, DISPATCH_QUEUES, "queue_delete")


@pytest.fixture
def dispatch_config(amqp_uri, clean_dispatch_db) -> dict:
    return service_config("dispatch", amqp_uri, clean_dispatch_db)


@pytest.fixture
def dispatch(dispatch_config, purge_dispatch_queues):
    """The dispatch service running in-process against the real broker and database."""

    from services.dispatch.entrypoints.service import DispatchService

    yield from running(DispatchService, dispatch_config)


@pytest.fixture
def dispatch_db(clean_dispatch_db):
    """Dispatch's test database, to check effects and run plain use cases (the sweep)."""

    yield from database(clean_dispatch_db)


@pytest.fixture
def dispatch_sql(dispatch_db):
    """dispatch_sql("select …", name=value) → list of row mappings."""

    return sql_runner(dispatch_db)


# -- dispatch's clock at a local time: check-ins are taken only within a shift's window
# (docs/shifts.md), so a test that checks people in must not depend on when it runs ------
@pytest.fixture
def at_local(monkeypatch):
    """at_local(hh, mm): the in-process dispatch service's clock reads today at that
    local time from now on."""
    from datetime import datetime, time

    from services.dispatch import clock

    today = clock.today()

    def set_to(hour: int, minute: int = 0):
        moment = datetime.combine(today, time(hour, minute), tzinfo=clock.tz())
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return set_to


@pytest.fixture
def mid_morning(at_local):
    """09:00 local today: today's morning shifts are under way."""
    return at_local(9, 0)
