"""The broker users of deploy/rabbitmq/definitions.json, imported into the real RabbitMQ: a
service may publish only into its own exchange, the integrator only into integration.events,
no service into another's queues (no write on amq.default: parking goes through
`<service>.parking`), and the registry still runs (declares, binds, consumes, parks,
replays, publishes) as its own user.

Users are global in RabbitMQ, so the definitions are imported with the test namespace as a
prefix of every user and as the vhost name, and removed afterwards.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pika
import pytest
from pika.exceptions import ChannelClosedByBroker

from services.common.consumer import event_consumer
from services.common.inbound import Failed
from tests.support.amqp import envelope, wait_until
from tests.support.servers import BROKER, NAMESPACE, running, service_config

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
VHOST = f"{NAMESPACE}_perms"
HOST = BROKER.rsplit("@", 1)[1]


def _render_module():
    spec = importlib.util.spec_from_file_location("render_definitions",
                                                  DEPLOY / "rabbitmq" / "render_definitions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def user(name: str) -> str:
    return f"{NAMESPACE}_{name}"


def url(name: str) -> str:
    return f"amqp://{user(name)}:pw-{name}@{HOST}/{VHOST}"


@pytest.fixture(scope="module")
def broker_users(amqp_uri):
    """Import the committed definitions (hashes rendered by deploy's own script)."""
    ctl = shutil.which("rabbitmqctl")
    template = json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text())
    names = [u["name"] for u in template["users"]]
    rendered = _render_module().render(template, {n: f"pw-{n}" for n in names})
    for entry in rendered["users"]:
        entry["name"] = user(entry["name"])
    for section in ("permissions",):
        for entry in rendered[section]:
            entry["user"] = user(entry["user"])
    rendered["vhosts"] = [{"name": VHOST}]
    for section in ("permissions", "exchanges", "queues", "bindings", "policies"):
        for entry in rendered[section]:
            entry["vhost"] = VHOST
    def cleanup():
        subprocess.run([ctl, "delete_vhost", VHOST], capture_output=True)
        for name in names:
            subprocess.run([ctl, "delete_user", user(name)], capture_output=True)

    cleanup()
    # rabbitmqctl runs as the broker's user, who cannot read pytest's private tmp dirs (and
    # this version ignores "-" for stdin): a readable file of test-only hashes, removed now
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(rendered, fh)
    try:
        os.chmod(fh.name, 0o644)
        result = subprocess.run([ctl, "import_definitions", fh.name], capture_output=True,
                                text=True)
    finally:
        os.unlink(fh.name)
    assert result.returncode == 0, result.stderr
    yield
    cleanup()


def _channel(name: str):
    conn = pika.BlockingConnection(pika.URLParameters(url(name)))
    channel = conn.channel()
    channel.confirm_delivery()
    return conn, channel


def _publish(name: str, exchange: str, routing_key: str = "anything") -> None:
    conn, channel = _channel(name)
    try:
        channel.basic_publish(exchange, routing_key, b"{}",
                              pika.BasicProperties(delivery_mode=2))
    finally:
        if conn.is_open:
            conn.close()


def _refused(action) -> str:
    with pytest.raises(ChannelClosedByBroker) as caught:
        action()
    assert caught.value.reply_code == 403
    return caught.value.reply_text


def test_guest_is_not_among_the_imported_users(broker_users):
    # without the test's XDG_CONFIG_HOME (tests/conftest.py): rabbitmqctl runs as the
    # broker's user, whose Erlang looks for a .erlang file there, cannot enter pytest's
    # private tmp dir and prints an error report into the JSON on stdout
    env = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"}
    listed = subprocess.run([shutil.which("rabbitmqctl"), "list_permissions", "-p", VHOST,
                             "--formatter", "json"], capture_output=True, text=True,
                            check=True, env=env)
    users = {p["user"] for p in json.loads(listed.stdout)}
    assert "guest" not in users
    assert user("registry") in users and user("integrator") in users


@pytest.mark.parametrize("service", ["registry", "dispatch", "visits", "reporting", "accounts"])
def test_a_service_publishes_only_into_its_own_exchange(broker_users, service):
    """Nobody but accounts can publish accounts.volunteer_approved (dispatch enrols the
    volunteer it names), nor any service another's events."""
    _publish(service, f"{service}.events")
    for other in ("registry", "dispatch", "visits", "reporting", "accounts", "integration"):
        if other != service:
            reason = _refused(lambda o=other: _publish(service, f"{o}.events"))
            assert "ACCESS_REFUSED" in reason and f"{other}.events" in reason


def test_the_integrator_publishes_only_into_integration_events(broker_users):
    _publish("integrator", "integration.events", "visit_captured")
    for exchange in ("registry.events", "dispatch.events", "reporting.events",
                     "accounts.events"):
        assert "ACCESS_REFUSED" in _refused(lambda e=exchange: _publish("integrator", e))
    # nor can it reach a queue by name through the default exchange, or declare anything
    assert "amq.default" in _refused(lambda: _publish("integrator", "", "registry.integration"))
    conn, channel = _channel("integrator")
    try:
        _refused(lambda: channel.queue_declare("integrator.mine"))
    finally:
        if conn.is_open:
            conn.close()


def test_the_reader_binds_its_own_queue_to_reporting_events_only(broker_users):
    conn, channel = _channel("reader")
    try:
        queue = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(queue, "reporting.events", "#")
        durable = channel.queue_declare("reader.daily", durable=True).method.queue
        channel.queue_bind(durable, "reporting.events", "daily_report_published")
        channel.queue_delete(durable)
        _refused(lambda: channel.queue_bind(queue, "registry.events", "#"))
    finally:
        if conn.is_open:
            conn.close()
    _refused(lambda: _publish("reader", "reporting.events"))


def test_a_service_cannot_touch_another_services_queues(broker_users):
    conn, channel = _channel("dispatch")
    try:
        _refused(lambda: channel.queue_declare("registry.integration", durable=True))
    finally:
        if conn.is_open:
            conn.close()
    conn, channel = _channel("dispatch")
    try:
        channel.queue_declare("dispatch.probe", durable=True)
        _refused(lambda: channel.queue_bind("dispatch.probe", "reporting.events", "#"))
    finally:
        if conn.is_open:
            conn.close()


def test_the_registry_runs_as_its_own_user(broker_users, clean_registry_db):
    """Declares its quorum, retry and dead queues, binds, consumes and publishes
    event_rejected: everything the service does is within its permissions."""
    from services.registry.entrypoints.service import RegistryService

    admin = pika.BlockingConnection(pika.URLParameters(url("admin")))
    watch = admin.channel()
    listen = watch.queue_declare("", exclusive=True).method.queue
    watch.queue_bind(listen, "registry.events", "event_rejected")
    service = running(RegistryService,
                      service_config("registry", url("registry"), clean_registry_db))
    next(service)
    try:
        event = envelope("integration.test_result_recorded", {
            "id_number": "110101199003071233", "tested_on": "2026-11-20",
            "result": "negative"}, id_=str(uuid.uuid4()))
        conn, channel = _channel("integrator")
        channel.basic_publish("integration.events", "test_result_recorded",
                              json.dumps(event).encode(),
                              pika.BasicProperties(delivery_mode=2), mandatory=True)
        conn.close()

        def rejected():
            method, _props, body = watch.basic_get(listen, auto_ack=True)
            return json.loads(body) if method else None

        answer = wait_until(rejected, timeout=20, what="registry.event_rejected")
        assert answer["type"] == "registry.event_rejected"
        assert answer["data"]["event_id"] == event["id"]
        assert "110101199003071233" not in json.dumps(answer)
    finally:
        next(service, None)  # stops the service
        admin.close()
        with pika.BlockingConnection(pika.URLParameters(url("admin"))) as conn:
            channel = conn.channel()
            for queue in ("registry.integration", "registry.integration.retry",
                          "registry.integration.dead", "registry.visits",
                          "registry.visits.retry", "registry.visits.dead"):
                channel.queue_delete(queue)


def _admin_channel():
    conn = pika.BlockingConnection(pika.URLParameters(url("admin")))
    return conn, conn.channel()


def test_a_service_cannot_publish_into_another_services_queue(broker_users):
    """Neither by name through the default exchange (no write on amq.default) nor through
    the other service's parking exchange."""
    conn, channel = _admin_channel()
    try:
        channel.exchange_declare("registry.parking", "direct", durable=True)
        channel.queue_declare("registry.victim", durable=True)
        channel.queue_bind("registry.victim", "registry.parking", "registry.victim")
        for service in ("dispatch", "visits", "reporting"):
            assert "amq.default" in _refused(
                lambda s=service: _publish(s, "", "registry.victim"))
            assert "registry.parking" in _refused(
                lambda s=service: _publish(s, "registry.parking", "registry.victim"))
        # the owner itself parks through its exchange, not the default one either
        assert "amq.default" in _refused(lambda: _publish("registry", "", "registry.victim"))
        _publish("registry", "registry.parking", "registry.victim")
        assert channel.queue_declare("registry.victim", passive=True).method.message_count == 1
    finally:
        channel.queue_delete("registry.victim")
        channel.exchange_delete("registry.parking")
        conn.close()


def _registry_topology(queue: str, bindings=()) -> None:
    """What a registry consumer declares at start, as the registry user."""
    import amqp

    from services.common import topology
    from services.common.publisher import connection_params

    conn = amqp.Connection(**connection_params(url("registry")), connect_timeout=5)
    conn.connect()
    try:
        topology.declare_consumer_topology(conn.channel(), queue, list(bindings),
                                           foreign_wait=1.0)
    finally:
        conn.close()


def test_a_crashing_message_is_dead_lettered_through_the_parking_exchange(broker_users):
    """The delivery limit sends a message that keeps coming back to Q.dead: the broker
    dead-letters it through registry.parking, which the registry user could declare as the
    queue's dead-letter exchange without any right on amq.default."""
    queue = "registry.crashprobe"
    _registry_topology(queue, [("integration.events", "crash_probe")])
    conn, channel = _channel("integrator")
    channel.basic_publish("integration.events", "crash_probe", b'{"crash": true}',
                          pika.BasicProperties(delivery_mode=2), mandatory=True)
    conn.close()
    conn, channel = _channel("registry")
    try:
        rejections = 0
        while True:  # what a consumer that crashes on this message does, again and again
            method, _props, _body = channel.basic_get(queue, auto_ack=False)
            if method is None:
                break
            channel.basic_reject(method.delivery_tag, requeue=True)
            rejections += 1
            assert rejections <= 100, "the delivery limit never applied"
        dead = wait_until(lambda: channel.basic_get(f"{queue}.dead", auto_ack=True),
                          what="the crashing message in the dead-letter queue")
        assert dead[0] is not None and dead[2] == b'{"crash": true}'
        death = dead[1].headers["x-death"][0]
        assert (death["queue"], death["reason"]) == (queue, "delivery_limit")
        assert rejections > 20
    finally:
        if conn.is_open:
            conn.close()
        with pika.BlockingConnection(pika.URLParameters(url("admin"))) as admin:
            for name in (queue, f"{queue}.retry", f"{queue}.dead"):
                admin.channel().queue_delete(name)


def test_queues_declared_before_the_parking_exchange_keep_working(broker_users):
    """A running deployment's queues dead-letter through the default exchange; their
    arguments cannot change, so they are kept, bound to the parking exchange, and a
    message parked in Q.retry still comes back to Q."""
    from services.common import topology

    queue = "registry.legacyprobe"
    conn, channel = _admin_channel()
    try:
        for name, arguments in topology.legacy_queue_arguments(queue).items():
            channel.queue_declare(name, durable=True, arguments=arguments)
        _registry_topology(queue)  # as the registry user: no amq.default, no failure
        publisher_conn, publisher = _channel("registry")
        publisher.basic_publish("registry.parking", f"{queue}.retry", b'{"parked": true}',
                                pika.BasicProperties(delivery_mode=2, expiration="50"),
                                mandatory=True)
        publisher_conn.close()
        back = wait_until(lambda: channel.basic_get(queue, auto_ack=True)[0] and "back",
                          what="the parked message back in its work queue")
        assert back == "back"
        arguments = topology.legacy_queue_arguments(queue)[queue]
        # still the legacy queue: declaring it with the new arguments is refused
        probe = conn.channel()
        with pytest.raises(ChannelClosedByBroker) as caught:
            probe.queue_declare(queue, durable=True,
                                arguments=topology.main_queue_arguments(queue))
        assert caught.value.reply_code == 406
        channel = conn.channel()
        channel.queue_declare(queue, durable=True, arguments=arguments)
    finally:
        channel = conn.channel() if conn.is_open else None
        if channel is not None:
            for name in (queue, f"{queue}.retry", f"{queue}.dead"):
                channel.queue_delete(name)
            conn.close()


def test_a_missing_foreign_exchange_is_named_when_the_user_may_not_declare_it(broker_users):
    with pytest.raises(RuntimeError, match="exchange dispatch.nothere does not exist"):
        _registry_topology("registry.waitprobe", [("dispatch.nothere", "#")])
    conn, channel = _admin_channel()
    for name in ("registry.waitprobe", "registry.waitprobe.retry", "registry.waitprobe.dead"):
        channel.queue_delete(name)
    conn.close()


class FailingRegistryConsumer:
    """A consumer of the registry (its broker user) whose handler always fails."""

    name = "registry"

    @event_consumer("parkprobe", ["integration.park_probe"])
    def consume(self, batch):
        return [Failed(RuntimeError("always fails"))] * len(batch)


def test_failed_messages_are_parked_and_replayed_without_the_default_exchange(broker_users):
    from services.common.deadletters import list_dead_letters, replay_dead_letters

    queue = "registry.parkprobe"
    config = {"AMQP_URI": url("registry"), "EVENT_MAX_ATTEMPTS": 2,
              "EVENT_RETRY_DELAY_MS": 50, "max_workers": 2, "WEB_SERVER_ADDRESS": "127.0.0.1:0"}
    service = running(FailingRegistryConsumer, config)
    next(service)
    try:
        conn, channel = _channel("integrator")
        channel.basic_publish("integration.events", "park_probe", b'{"id": "p-1"}',
                              pika.BasicProperties(delivery_mode=2, message_id="p-1"),
                              mandatory=True)
        conn.close()
        letters = wait_until(lambda: list_dead_letters(url("registry"), queue),
                             what="the failed message in registry.parkprobe.dead")
        assert [(x.event_id, x.attempts, x.queue) for x in letters] == [("p-1", 2, queue)]
        # replayed as the registry user (through registry.parking), it fails twice again
        assert replay_dead_letters(url("registry"), queue) == 1
        wait_until(lambda: [x.attempts for x in list_dead_letters(url("registry"), queue)]
                   == [2], what="the replayed message dead again")
    finally:
        next(service, None)
        conn, channel = _admin_channel()
        for name in (queue, f"{queue}.retry", f"{queue}.dead"):
            channel.queue_delete(name)
        conn.close()
