"""One AMQP helper for the integration tests: plain pika, as another system would use it.
`OutsideClient` publishes (as an integrator, or as one of Wangge's services would) and
listens; the functions read or size a queue on a connection of their own; `wait_until`
polls a condition instead of sleeping."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime

import pika

from services.common.contracts import dump_payload
from services.common.envelope import new_envelope


def envelope(type_: str, data: dict, *, id_: str | None = None,
             source: str = "test/outside-system") -> dict:
    return {
        "specversion": "1.0", "id": id_ or str(uuid.uuid4()), "source": source,
        "type": type_, "time": datetime.now(UTC).isoformat(),
        "datacontenttype": "application/json", "data": data,
    }


class OutsideClient:
    """A pika client with confirms: publishes to integration.events or as a service, and
    listens on service exchanges through private queues."""

    def __init__(self, amqp_uri: str) -> None:
        self.conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        self.channel = self.conn.channel()
        self.channel.confirm_delivery()
        self.queues: dict[str, str] = {}
        self.sent: list[dict] = []  # what publish_event sent, to send again

    def publish_raw(self, routing_key: str, body: bytes | str,
                    exchange: str = "integration.events") -> None:
        self.channel.exchange_declare(exchange, "topic", durable=True)
        self.channel.basic_publish(
            exchange, routing_key, body if isinstance(body, bytes) else body.encode(),
            pika.BasicProperties(content_type="application/json", delivery_mode=2))

    def publish(self, name: str, data: dict, *, id_: str | None = None) -> dict:
        env = envelope(f"integration.{name}", data, id_=id_)
        self.publish_raw(name, json.dumps(env))
        return env

    def publish_as(self, service: str, name: str, data: dict, *,
                   id_: str | None = None) -> dict:
        """A <service>.<name> envelope on <service>.events, as that service would publish
        it; the data as the test wrote it (partial or off-contract ones included)."""
        env = envelope(f"{service}.{name}", data, id_=id_, source=f"wangge/{service}")
        self.publish_raw(name, json.dumps(env, default=str), exchange=f"{service}.events")
        return env

    def publish_event(self, type_: str, data: dict, *, time=None,
                      id_: str | None = None) -> dict:
        """An event of `type_` ("visits.visit_recorded") built as the services build theirs:
        the common envelope around a payload that passed its contract."""
        service, name = type_.split(".", 1)
        env = new_envelope(type_, dump_payload(type_, data), source=f"test/{service}",
                           time=time, id_=id_)
        body = env.to_dict()
        self.publish_raw(name, json.dumps(body, ensure_ascii=False),
                         exchange=f"{service}.events")
        self.sent.append(body)
        return body

    def republish(self, body: dict, *, new_id: str | None = None) -> dict:
        """An envelope sent before, again: as is (a redelivery), or under a new id."""
        body = {**body, "id": new_id or body["id"]}
        service, name = body["type"].split(".", 1)
        self.publish_raw(name, json.dumps(body, ensure_ascii=False),
                         exchange=f"{service}.events")
        return body

    def listen(self, exchange: str, routing_key: str = "#") -> str:
        """Bind a private queue now; read it later with `collect`/`wait_for`."""
        self.channel.exchange_declare(exchange, "topic", durable=True)
        queue = self.channel.queue_declare("", exclusive=True).method.queue
        self.channel.queue_bind(queue, exchange, routing_key)
        self.queues[exchange] = queue
        return queue

    def collect(self, exchange: str) -> list[dict]:
        out = []
        while True:
            method, _props, body = self.channel.basic_get(self.queues[exchange], auto_ack=True)
            if method is None:
                return out
            out.append(json.loads(body))

    def wait_for(self, exchange: str, predicate, timeout: float = 15.0,
                 seen: list | None = None) -> list[dict]:
        """Collect until predicate(all_messages_so_far) is true; returns the messages."""
        seen = [] if seen is None else seen
        deadline = time.monotonic() + timeout
        while True:
            seen.extend(self.collect(exchange))
            if predicate(seen):
                return seen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out on {exchange}; got types "
                                     f"{[m.get('type') for m in seen]}")
            self.conn.sleep(0.05)

    def queue_depth(self, queue: str) -> int:
        return self.channel.queue_declare(queue, passive=True).method.message_count

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001
            pass


def received(amqp_uri: str, queue: str, idle: float = 3.0) -> list[dict]:
    """Everything in `queue` until `idle` seconds pass quietly (so duplicates would show)."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        channel = conn.channel()
        channel.basic_qos(prefetch_count=1000)
        out = []
        for method, _props, body in channel.consume(queue, auto_ack=True,
                                                    inactivity_timeout=idle):
            if method is None:
                break
            out.append(json.loads(body))
        return out
    finally:
        conn.close()


def drain(amqp_uri: str, queue: str) -> list[dict]:
    """What `queue` holds now, taken off it."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        channel = conn.channel()
        out = []
        while True:
            method, _props, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return out
            out.append(json.loads(body))
    finally:
        conn.close()


def depth(amqp_uri: str, queue: str) -> int:
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        return conn.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        conn.close()


def watched(amqp_uri: str, exchange: str, queue: str, routing_key: str = "#"):
    """A durable, emptied queue bound to `exchange` (it outlives a broker outage, unlike a
    private one): yields its name, deletes it afterwards. For `yield from` in a fixture."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    channel.exchange_declare(exchange, "topic", durable=True)
    channel.queue_declare(queue, durable=True)
    channel.queue_purge(queue)
    channel.queue_bind(queue, exchange, routing_key)
    conn.close()
    yield queue
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    conn.channel().queue_delete(queue)
    conn.close()


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.05, what: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(interval)
