"""The reporting service on the real broker and database, and a pika publisher that
plays registry, dispatch and visits (their events built with the common envelope and
checked against their contracts)."""

from __future__ import annotations

import json
import uuid

import pika
import pytest

from services.common.contracts import dump_payload
from services.common.envelope import new_envelope
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

REPORTING_TABLES = service_tables("reporting")
REPORTING_QUEUES = consumer_queues("reporting", ("registry", "dispatch", "visits"))


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


class Producer:
    """Publishes events as registry, dispatch or visits would: a CloudEvents envelope
    around a payload that passed its contract, persistent, with confirms."""

    def __init__(self, amqp_uri: str) -> None:
        self.conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        self.channel = self.conn.channel()
        self.channel.confirm_delivery()
        self.sent: list[dict] = []

    def publish(self, type_: str, data: dict, *, time=None, id_: str | None = None) -> dict:
        service, name = type_.split(".", 1)
        env = new_envelope(type_, dump_payload(type_, data), source=f"test/{service}",
                           time=time, id_=id_)
        body = env.to_dict()
        self.publish_raw(f"{service}.events", name, json.dumps(body, ensure_ascii=False))
        self.sent.append(body)
        return body

    def republish(self, body: dict, *, new_id: str | None = None) -> dict:
        """An envelope sent before, again: as is (a redelivery), or under a new id."""
        body = {**body, "id": new_id or body["id"]}
        service, name = body["type"].split(".", 1)
        self.publish_raw(f"{service}.events", name, json.dumps(body, ensure_ascii=False))
        return body

    def publish_raw(self, exchange: str, routing_key: str, body: str) -> None:
        self.channel.exchange_declare(exchange, "topic", durable=True)
        self.channel.basic_publish(exchange, routing_key, body.encode(),
                                   pika.BasicProperties(content_type="application/json",
                                                        delivery_mode=2))

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001
            pass


@pytest.fixture
def producer(amqp_uri):
    p = Producer(amqp_uri)
    yield p
    p.close()
