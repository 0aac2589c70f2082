"""A deployment's classic `Q.retry` (before retry queues were quorum queues) becomes a
quorum queue when its service starts, once empty, losing none of the messages parked in
it; one that does not empty in time is kept, working, for the next start."""

from __future__ import annotations

import logging
import shutil
import subprocess

import amqp
import pytest

from services.common import topology
from services.common.brokers import connect
from tests.support.amqp import wait_until
from tests.support.servers import VHOST

QUEUE = "registry.migprobe"


def queue_type(name: str) -> str:
    out = subprocess.run([shutil.which("rabbitmqctl"), "list_queues", "-q", "-p", VHOST,
                          "--no-table-headers", "name", "type"], capture_output=True,
                         text=True, check=True).stdout
    types = dict(line.split("\t") for line in out.splitlines() if "\t" in line)
    return types.get(name, "")


@pytest.fixture
def channel(amqp_uri):
    conn = connect(amqp_uri, connect_timeout=5)
    yield conn.channel()
    cleanup = conn.channel()
    for name in (QUEUE, topology.retry_queue(QUEUE), topology.dead_queue(QUEUE)):
        cleanup.queue_delete(name)
    conn.close()


def park(channel, expiration_ms: int) -> None:
    """As an older release did: the classic Q.retry, a message parked in it."""
    parking = topology.parking_exchange("registry")
    channel.exchange_declare(parking, "direct", durable=True, auto_delete=False)
    channel.queue_declare(QUEUE, durable=True, auto_delete=False,
                          arguments=topology.main_queue_arguments(QUEUE))
    retry = topology.retry_queue(QUEUE)
    channel.queue_declare(retry, durable=True, auto_delete=False,
                          arguments=topology.classic_retry_queue_arguments(QUEUE))
    for name in (QUEUE, retry):
        channel.queue_bind(name, parking, name)
    channel.confirm_select()
    channel.basic_publish(amqp.Message(b'{"parked": true}', delivery_mode=2,
                                       expiration=str(expiration_ms)),
                          exchange=parking, routing_key=retry)
    assert queue_type(retry) == "classic"


def test_a_classic_retry_queue_is_replaced_by_a_quorum_one_once_empty(channel):
    park(channel, expiration_ms=1500)

    topology.declare_consumer_topology(channel, QUEUE, [], migrate_wait=20)

    assert queue_type(topology.retry_queue(QUEUE)) == "quorum"
    # the message parked in the old queue went back to its work queue first
    got = wait_until(lambda: channel.basic_get(QUEUE, no_ack=True), timeout=10,
                     what="the parked message back in its queue")
    assert got.body == b'{"parked": true}'
    # and the new one parks and sends back as the old one did
    channel.basic_publish(amqp.Message(b"again", delivery_mode=2, expiration="100"),
                          exchange=topology.parking_exchange("registry"),
                          routing_key=topology.retry_queue(QUEUE))
    assert wait_until(lambda: channel.basic_get(QUEUE, no_ack=True), timeout=10,
                      what="parked in the quorum queue, back").body == b"again"


def test_a_retry_queue_still_holding_messages_is_kept_until_the_next_start(channel,
                                                                         caplog):
    park(channel, expiration_ms=60_000)

    with caplog.at_level(logging.WARNING, logger="services.common.topology"):
        topology.declare_consumer_topology(channel, QUEUE, [], migrate_wait=1)

    retry = topology.retry_queue(QUEUE)
    assert queue_type(retry) == "classic"
    assert f"queue {retry} exists with other arguments" in caplog.text
    # nothing lost: the parked message still waits there
    conn_channel = channel.connection.channel()
    assert conn_channel.queue_declare(retry, passive=True).message_count == 1
