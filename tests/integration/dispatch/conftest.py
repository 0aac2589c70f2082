"""Fixtures of dispatch's tests: its database and queues, the service running in-process,
and its clock set to a local time of today."""

from __future__ import annotations

import pytest

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
