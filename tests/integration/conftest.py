"""Real RabbitMQ and PostgreSQL, never mocks. A missing server fails the run loudly.

Fixtures every directory uses; each service's own are in its directory's conftest.py, and
the plain functions behind them in tests/support/servers.py."""

from __future__ import annotations

import shutil
import subprocess

import pika
import pytest
from sqlalchemy import text

from tests.support.amqp_tools import OutsideClient
from tests.support.event_conformance import published_events_match_the_contract  # noqa: F401
from tests.support.servers import (
    BROKER,
    VHOST,
    consumer_queues,
    database,
    fresh_database,
    on_queues,
    running,
    service_config,
    service_tables,
    sql_runner,
    truncate,
    unreachable,
)


@pytest.fixture(scope="session")
def amqp_uri():
    """A vhost of the tests' own, so a running `make run` cannot steal their messages."""
    try:
        pika.BlockingConnection(pika.URLParameters(BROKER + "/")).close()
    except Exception as exc:  # noqa: BLE001
        unreachable("RabbitMQ at 127.0.0.1:5672", "rabbitmq-server -detached", exc)
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.exit("rabbitmqctl is needed to create the test vhost", returncode=3)
    subprocess.run([ctl, "delete_vhost", VHOST], capture_output=True)
    subprocess.run([ctl, "add_vhost", VHOST], check=True, capture_output=True)
    subprocess.run([ctl, "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"],
                   check=True, capture_output=True)
    yield f"{BROKER}/{VHOST}"
    subprocess.run([ctl, "delete_vhost", VHOST], capture_output=True)


@pytest.fixture(scope="session")
def registry_db_url() -> str:
    return fresh_database("registry")


REGISTRY_TABLES = service_tables("registry")


@pytest.fixture
def clean_registry_db(registry_db_url):
    return truncate(registry_db_url, REGISTRY_TABLES)


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
    from services.common.backbone import Backbone
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
