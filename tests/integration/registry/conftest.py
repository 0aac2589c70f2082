"""Fixtures of the registry's tests: its database and queues, the service running
in-process, rows arranged directly and a standalone Backbone. The backbone/ and system/
tests run the registry as their stand-in service and import these fixtures."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.servers import (
    consumer_queues,
    database,
    fresh_database,
    on_queues,
    running,
    service_config,
    service_tables,
    sql_runner,
    truncate,
)

REGISTRY_TABLES = service_tables("registry")
# only its integration consumer: the tests that feed it visits' corrections purge that
# queue themselves
REGISTRY_QUEUES = consumer_queues("registry", ("integration",))


@pytest.fixture(scope="session")
def registry_db_url() -> str:
    return fresh_database("registry")


@pytest.fixture
def clean_registry_db(registry_db_url):
    return truncate(registry_db_url, REGISTRY_TABLES)


@pytest.fixture
def registry_config(amqp_uri, clean_registry_db) -> dict:
    return service_config("registry", amqp_uri, clean_registry_db)


@pytest.fixture
def purge_registry_queues(amqp_uri):
    """Start every test with empty registry queues (left-overs of a failed test)."""
    on_queues(amqp_uri, REGISTRY_QUEUES, "queue_purge")


@pytest.fixture
def registry(registry_config, purge_registry_queues):
    """The registry service running in-process against the real broker and database."""
    from services.registry.entrypoints.service import RegistryService

    yield from running(RegistryService, registry_config)


# -- arranging rows, reading them back, a standalone Backbone ---------------------------
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
    from services.common.unit_of_work import UnitOfWork
    from services.registry.adapters.models import MESSAGING
    from services.registry.use_cases import residents

    def register(id_number: str, name: str = "李四") -> int:
        with registry_db.transaction() as session, \
                UnitOfWork.within(session, Outbox("registry", MESSAGING)) as uow:
            household_id = session.execute(
                text("select id from households where code = :c"), {"c": household}
            ).scalar_one()
            resident, _ = residents.register(uow, config.id_hash_key(), id_number,
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
