"""Failures on the real broker: a broker outage while the registry keeps committing, and a
handler that keeps failing (retries, dead letter, listing, replay).

The outage is of a RabbitMQ node of this module's own (tests/support/rabbit_cluster.py),
its app stopped and started again: the machine's broker is shared by everyone on it and is never
stopped by a test. The faults of a cluster, of services SIGKILLed and of PostgreSQL
restarted, under a load, are in test_cluster_faults.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import uuid
from collections import Counter

import pika
import pytest
from typer.testing import CliRunner

from services.cli.main import app
from services.common.deadletters import list_dead_letters, replay_dead_letters
from services.registry.entrypoints import handlers
from tests.support.amqp import depth, drain, envelope, wait_until, watched
from tests.support.http import Client
from tests.support.inbox import inbox_outcome
from tests.support.rabbit_cluster import RabbitCluster
from tests.support.servers import NAMESPACE, running, service_config

ID = "44010619800118123X"
WORK = "registry.integration"
DEAD = "registry.integration.dead"


def publish(amqp_uri: str, name: str, data: dict, id_: str | None = None) -> str:
    """Publish as an outside system would, on a connection of its own; returns the id."""
    env = envelope(f"integration.{name}", data, id_=id_)
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        channel = conn.channel()
        channel.confirm_delivery()
        for attempt in range(50):
            try:
                channel.basic_publish("integration.events", name, json.dumps(env).encode(),
                                      pika.BasicProperties(content_type="application/json",
                                                           delivery_mode=2), mandatory=True)
                break
            except pika.exceptions.NackError:
                # a quorum queue still recovering after its node restarted refuses it:
                # not taken, so published again, as any publisher must
                if attempt == 49:
                    raise
                conn.sleep(0.2)
    finally:
        conn.close()
    return env["id"]


def send_result(amqp_uri: str, tested_on: str, result: str = "negative", *,
                fail: set | None = None) -> str:
    """A test result; its id is put in `fail` (the lab's broken or flaky set) before it is
    published, so the handler cannot see it first."""
    event_id = str(uuid.uuid4())
    if fail is not None:
        fail.add(event_id)
    return publish(amqp_uri, "test_result_recorded",
                   {"id_number": ID, "tested_on": tested_on, "result": result}, event_id)


def post(base_url: str, path: str, payload: dict) -> int:
    return Client(base_url, timeout=10).status("POST", path, payload)


def health(base_url: str) -> tuple[int, dict]:
    return Client(base_url, timeout=15).get("/health")


@pytest.fixture
def lab(monkeypatch):
    """The registry's test-result handler, wrapped (its code is not changed): it raises for
    ids in `lab.broken`, and on the first call only for ids in `lab.flaky`."""

    class Lab:
        broken: set[str] = set()
        flaky: set[str] = set()
        calls: Counter = Counter()

    table = handlers.INTEGRATION_EVENTS.declared
    original, wrap = table["integration.test_result_recorded"]

    def wrapped(run, session, env, data):
        Lab.calls[env.id] += 1
        if env.id in Lab.broken:
            raise RuntimeError(f"lab feed broken for {env.id} ({data['id_number']})")
        if env.id in Lab.flaky and Lab.calls[env.id] == 1:
            raise ConnectionError("lab system timed out")
        original(run, session, env, data)

    # the consumer binds its declared table on every batch
    monkeypatch.setitem(table, "integration.test_result_recorded", (wrapped, wrap))
    return Lab


@pytest.fixture(scope="module")
def private_broker():
    """One RabbitMQ node of this module's own → its URI."""
    broker = RabbitCluster(1, prefix=f"{NAMESPACE}_s", first=10).start()
    try:
        broker.add_vhost(NAMESPACE)
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def private_registry(private_broker, clean_registry_db):
    """The registry running in-process on the private node."""
    from services.registry.entrypoints.service import RegistryService

    config = service_config("registry", private_broker.uri(NAMESPACE), clean_registry_db)
    yield from running(RegistryService, config)


@pytest.fixture
def watch(private_broker):
    """A durable queue on registry.events: it outlives the outage, unlike private ones."""
    yield from watched(private_broker.uri(NAMESPACE), "registry.events", "test.outage_watch")


def test_broker_outage_loses_nothing_and_everything_reconnects(
        private_broker, private_registry, sql, register_resident, lab, watch, caplog):
    registry = private_registry
    amqp_uri = private_broker.uri(NAMESPACE)
    (node,) = private_broker.nodes
    register_resident(ID)
    # Before the outage every connection of the service is in use: the consumer's, the
    # retry publisher's (a flaky event goes through Q.retry) and the outbox relay's.
    warm = send_result(amqp_uri, "2022-05-01", fail=lab.flaky)
    assert inbox_outcome(sql, warm) == "applied" and lab.calls[warm] == 2
    assert post(registry.base_url, "/areas", {"code": "5101", "level": "city",
                                              "name": "成都市"}) == 201
    wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
               what="outbox drained before the outage")
    assert health(registry.base_url)[0] == 200

    # The app stopped as before this test had a node of its own (a kill -9 is the
    # cluster test's: a lone node restarted after one recovers its quorum queues slowly,
    # and a channel touching one meanwhile waits 15 s per operation on this machine).
    started = time.monotonic()
    node.ctl("stop_app")
    try:
        # health tells the truth even while the relay is idle and has not noticed the
        # outage (it used to answer from its cache of declared exchanges)
        status, body = health(registry.base_url)
        assert (status, body["database"]) == (503, "ok") and body["broker"] != "ok"
        parent = "5101"
        for code, level in (("510104", "district"), ("51010401", "street"),
                            ("5101040101", "community"), ("5101040101-G01", "grid")):
            assert post(registry.base_url, "/areas", {"code": code, "level": level,
                                                      "name": f"{level} {code}",
                                                      "parent_code": parent}) == 201
            parent = code
        assert len(sql("select 1 from outbox where published_at is null")) == 4
    finally:
        node.ctl("start_app", timeout=120)
    print(f"\nbroker node was down for {time.monotonic() - started:.1f}s")

    # the relay reconnects and publishes every event committed meanwhile
    wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
               timeout=60, what="outbox published after the outage")
    assert not sql("select 1 from outbox where routed is not true")
    # the consumer reconnects, and so does the retry publisher (this one fails once)
    after = send_result(amqp_uri, "2022-05-02", fail=lab.flaky)
    assert inbox_outcome(sql, after, timeout=60) == "applied" and lab.calls[after] == 2
    # the retry publisher replaced its dead connection at once: no requeue, no redelivery
    assert "could not park" not in caplog.text
    wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
               what="outbox drained after the outage")

    outbox_ids = {r["event_id"] for r in sql("select event_id from outbox")}
    seen = drain(amqp_uri, watch)
    assert outbox_ids <= {m["id"] for m in seen}, "an event committed in the outage is lost"
    areas = [m["data"]["code"] for m in seen if m["type"].startswith("registry.")
             and m["type"].endswith(("area_registered", "grid_registered"))]
    assert sorted(areas) == sorted(["5101", "510104", "51010401", "5101040101",
                                    "5101040101-G01"])
    assert any(m["data"].get("cause") == f"event:{after}" for m in seen)
    assert health(registry.base_url)[0] == 200


def test_failing_handler_dead_letters_then_replay_applies_once(
        registry, sql, register_resident, amqp_uri, lab, outside):
    resident_id = register_resident(ID)
    outside.listen("registry.events")
    event_id = send_result(amqp_uri, "2022-05-03", "positive", fail=lab.broken)

    # EVENT_MAX_ATTEMPTS=3: three calls, then the message waits in the dead-letter queue
    wait_until(lambda: depth(amqp_uri, DEAD) == 1, what="a dead letter")
    assert lab.calls[event_id] == 3
    assert depth(amqp_uri, WORK) == 0 and depth(amqp_uri, "registry.integration.retry") == 0
    assert not sql("select 1 from inbox where event_id = :i", i=event_id)  # nothing applied

    letters = list_dead_letters(registry.config["AMQP_URI"], WORK)
    assert len(letters) == 1
    letter = letters[0]
    assert (letter.event_id, letter.event_type, letter.queue, letter.attempts) == \
        (event_id, "integration.test_result_recorded", WORK, 3)
    assert letter.error.startswith(f"RuntimeError: lab feed broken for {event_id}")
    assert ID not in letter.error  # the error header is masked too
    assert letter.to_dict()["body"]["data"]["id_number"] == "4401**********123X"
    # listing changes nothing
    assert list_dead_letters(amqp_uri, WORK) == letters
    assert depth(amqp_uri, DEAD) == 1

    # the CLI shows the same, and replaying another id moves nothing
    cli = CliRunner()
    shown = cli.invoke(app, ["deadletters", "list", DEAD, "--amqp-uri", amqp_uri])
    assert shown.exit_code == 0, shown.output
    assert event_id in shown.output and "lab feed broken" in shown.output
    assert ID not in shown.output
    assert replay_dead_letters(amqp_uri, WORK, {"some-other-event"}) == 0
    assert depth(amqp_uri, DEAD) == 1

    # fixed: replay it, and it is applied exactly once
    lab.broken.clear()
    replayed = cli.invoke(app, ["deadletters", "replay", WORK, "--amqp-uri", amqp_uri,
                                "--event-id", event_id])
    assert replayed.exit_code == 0 and "replayed 1 message" in replayed.output
    assert inbox_outcome(sql, event_id) == "applied"
    assert lab.calls[event_id] == 4
    assert depth(amqp_uri, DEAD) == 0
    resident = sql("select * from residents where id = :i", i=resident_id)[0]
    assert (str(resident["latest_test_date"]), resident["latest_test_result"]) == \
        ("2022-05-03", "positive")
    assert len(sql("select 1 from resident_changes where cause = :c",
                   c=f"event:{event_id}")) == 1
    wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
               what="outbox drained")
    seen = outside.wait_for("registry.events", lambda ms: any(
        m["data"].get("cause") == f"event:{event_id}" for m in ms))
    time.sleep(0.5)
    seen += outside.collect("registry.events")
    assert len([m for m in seen if m["data"].get("cause") == f"event:{event_id}"]) == 1


def connections(vhost: str) -> list[str]:
    out = subprocess.run([shutil.which("rabbitmqctl"), "list_connections", "-q", "vhost",
                          "client_properties"], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line.split("\t", 1)[0] == vhost]


def test_stopping_the_service_closes_every_connection(registry_config, purge_registry_queues, sql,
                                                      register_resident, amqp_uri, lab):
    from nameko.runners import ServiceRunner

    from services.registry.entrypoints.service import RegistryService

    register_resident(ID)
    runner = ServiceRunner(registry_config)
    runner.add_service(RegistryService)
    runner.start()
    try:
        # a flaky event, so the retry publisher opens its connection too
        assert inbox_outcome(sql, send_result(amqp_uri, "2022-05-01", fail=lab.flaky)) == "applied"
        vhost = amqp_uri.rsplit("/", 1)[1]
        assert len(connections(vhost)) == 3  # consumer, outbox relay, retry publisher
    finally:
        runner.stop()
    wait_until(lambda: not connections(vhost), timeout=5, what="no connection left")
