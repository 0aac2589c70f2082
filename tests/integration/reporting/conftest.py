"""The reporting service on the real broker and database, and a pika publisher that
plays registry, dispatch and visits (their events built with the common envelope and
checked against their contracts)."""

from __future__ import annotations

import uuid

import pytest

from services.common.history import History
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
from tests.integration.visits.conftest import (  # noqa: F401 - the visits service's fixtures
    clean_visits_db,
    purge_visits_queues,
    visits,
    visits_config,
    visits_db,
    visits_db_url,
    visits_mid_morning,
    visits_outbox,
    visits_settings,
    visits_sql,
)
from tests.support.amqp import OutsideClient
from tests.support.servers import (
    database,
    fresh_database,
    on_queues,
    running,
    service_config,
    service_tables,
    sql_runner,
    truncate,
)

from .helpers import REPORTING_QUEUES

REPORTING_TABLES = service_tables("reporting")


@pytest.fixture(scope="session")
def reporting_db_url() -> str:
    return fresh_database("reporting")


@pytest.fixture
def clean_reporting_db(reporting_db_url):
    return truncate(reporting_db_url, REPORTING_TABLES)


@pytest.fixture
def history_stream(amqp_uri):
    """A history stream of this test's own (so a rebuild sees only this test's events),
    declared before anything is published; deleted afterwards."""
    name = f"test.history.{uuid.uuid4().hex[:8]}"
    history = History.from_config({"AMQP_URI": amqp_uri, "HISTORY_STREAM": name})
    history.declare()
    yield history
    on_queues(amqp_uri, [name], "queue_delete")


@pytest.fixture
def reporting_config(amqp_uri, clean_reporting_db, history_stream) -> dict:
    return {**service_config("reporting", amqp_uri, clean_reporting_db),
            "HISTORY_STREAM": history_stream.stream, "REPORT_CUTOFF": "20:00"}


@pytest.fixture
def reporting(reporting_config, amqp_uri):
    from services.reporting.entrypoints.service import ReportingService

    on_queues(amqp_uri, REPORTING_QUEUES, "queue_purge")
    yield from running(ReportingService, reporting_config)
    on_queues(amqp_uri, REPORTING_QUEUES, "queue_delete")


@pytest.fixture
def reporting_db(clean_reporting_db):
    yield from database(clean_reporting_db)


@pytest.fixture
def reporting_sql(reporting_db):
    return sql_runner(reporting_db)


@pytest.fixture
def producer(amqp_uri):
    """Plays registry, dispatch and visits: their events built as they build them."""
    p = OutsideClient(amqp_uri)
    yield p
    p.close()
