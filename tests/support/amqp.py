"""Outside-world AMQP helpers for tests: plain pika, as another system would use it."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime

import pika


def envelope(type_: str, data: dict, *, id_: str | None = None,
             source: str = "test/outside-system") -> dict:
    return {
        "specversion": "1.0", "id": id_ or str(uuid.uuid4()), "source": source,
        "type": type_, "time": datetime.now(UTC).isoformat(),
        "datacontenttype": "application/json", "data": data,
    }


class OutsideClient:
    """A pika client publishing to integration.events and listening on service exchanges."""

    def __init__(self, amqp_uri: str) -> None:
        self.conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
        self.channel = self.conn.channel()
        self.channel.confirm_delivery()
        self.queues: dict[str, str] = {}

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


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.05, what: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(interval)
