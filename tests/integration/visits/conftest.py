"""Fixtures of the visits tests: visits' own database and queues, the service running
in-process, and a standalone Backbone to call its use cases with an injected clock.
Built on the shared fixtures of tests/integration/conftest.py."""

from __future__ import annotations

import pytest

from tests.integration.dispatch.conftest import (  # noqa: F401 - dispatch's fixtures
    at_local,
    clean_dispatch_db,
    dispatch,
    dispatch_config,
    dispatch_db,
    dispatch_db_url,
    dispatch_sql,
    mid_morning,
    purge_dispatch_queues,
)
from tests.integration.registry.conftest import (  # noqa: F401 - the registry's fixtures
    backbone,
    clean_registry_db,
    household,
    purge_registry_queues,
    register_resident,
    registry,
    registry_config,
    registry_db,
    registry_db_url,
    sql,
)
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

VISITS_TABLES = service_tables("visits")
VISITS_QUEUES = consumer_queues("visits", ("registry", "dispatch", "integration"))


@pytest.fixture(scope="session")
def visits_db_url() -> str:
    return fresh_database("visits")


@pytest.fixture
def clean_visits_db(visits_db_url):
    return truncate(visits_db_url, VISITS_TABLES)


@pytest.fixture
def purge_visits_queues(amqp_uri):
    """Empty visits' queues before a test and delete them after: their bindings would
    make registry and dispatch events routable in tests expecting nobody to listen."""
    on_queues(amqp_uri, VISITS_QUEUES, "queue_purge")
    yield
    on_queues(amqp_uri, VISITS_QUEUES, "queue_delete")


@pytest.fixture
def visits_settings() -> dict:
    """Extra service config; a test overrides it (e.g. a longer task lead)."""
    return {}


@pytest.fixture
def visits_config(amqp_uri, clean_visits_db, visits_settings) -> dict:
    return {**service_config("visits", amqp_uri, clean_visits_db), **visits_settings}


@pytest.fixture
def visits(visits_config, purge_visits_queues):
    """The visits service running in-process against the real broker and database."""
    from services.visits.entrypoints.service import VisitsService

    yield from running(VisitsService, visits_config)


@pytest.fixture
def visits_db(clean_visits_db):
    yield from database(clean_visits_db)


@pytest.fixture
def visits_sql(visits_db):
    return sql_runner(visits_db)


@pytest.fixture
def visits_outbox():
    from services.common.outbox import Outbox
    from services.visits.adapters.models import MESSAGING, SERVICE

    return Outbox(SERVICE, MESSAGING)


@pytest.fixture
def visits_mid_morning(monkeypatch):
    """The in-process visits service's clock at 10:00 local today: visits on a shift are
    taken only within its hours (docs/shifts.md), so a test capturing on today's shift
    must not depend on the hour it runs at. → that moment."""
    from datetime import datetime, time

    from services.visits import clock

    moment = datetime.combine(clock.today(), time(10, 0), tzinfo=clock.tz())
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


@pytest.fixture
def visits_backbone(clean_visits_db, amqp_uri):
    """Visits' Backbone outside nameko, to run its consumer on a batch directly."""
    from services.common.backbone import Backbone
    from services.visits.adapters.models import MESSAGING, SERVICE

    bb = Backbone.create(SERVICE, MESSAGING, database_url=clean_visits_db, amqp_uri=amqp_uri,
                         pool_size=2)
    yield bb
    bb.close()
