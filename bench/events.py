"""Receiving events as an outside system would, and the raw broker baseline.

EventCounter consumes with plain pika on a connection and thread of its own, so counting
never waits for the bench's HTTP call. The baseline sends the very bodies dispatch
published through the same ConfirmingPublisher the outbox relay uses (same batch size,
same confirms), with no database in between, and receives them with the same counter:
the ratio of the two is what the outbox, the relay's bookkeeping and the service cost.
Like the relay, the baseline keeps the broker busy: it writes the next batch before
collecting the confirms of the one before (the relay claims and marks rows meanwhile).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import pika

from services.common.publisher import BatchResult, ConfirmingPublisher, Outgoing

BASELINE_EXCHANGE = "bench.baseline"


class EventCounter:
    """Counts one order's events on a private queue bound to ``exchange`` (all keys)."""

    def __init__(self, amqp_uri: str, exchange: str) -> None:
        self.amqp_uri, self.exchange = amqp_uri, exchange
        self._lock = threading.Lock()
        self._order: str | None = None
        self._targets: dict[str, int] = {}
        self.counts: Counter[str] = Counter()
        self._last = 0.0
        self._done_at: float | None = None
        self._done = threading.Event()
        self._ready = threading.Event()
        self._stop = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"count {exchange}",
                                        daemon=True)
        self._thread.start()
        # the queue must be bound before anything is published, or events are unroutable
        if not self._ready.wait(15) or self._error:
            raise RuntimeError(f"cannot consume from {exchange}: {self._error}")

    def _run(self) -> None:
        try:
            # pika connections are not thread-safe: this one lives in this thread only
            conn = pika.BlockingConnection(pika.URLParameters(self.amqp_uri))
            channel = conn.channel()
            channel.exchange_declare(self.exchange, "topic", durable=True)
            queue = channel.queue_declare("", exclusive=True).method.queue
            channel.queue_bind(queue, self.exchange, "#")
            channel.basic_consume(queue, self._on_message, auto_ack=True)
        except Exception as exc:  # noqa: BLE001 - reported by __init__
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            while not self._stop:
                conn.process_data_events(time_limit=0.1)
        finally:
            conn.close()

    def _on_message(self, channel, method, properties, body: bytes) -> None:
        arrived = time.perf_counter()
        data = json.loads(body).get("data") or {}
        with self._lock:
            if self._order is None or data.get("order_id") != self._order:
                return  # volunteers registered while seeding, or an earlier order
            self.counts[method.routing_key] += 1
            self._last = arrived
            self._check()

    def _check(self) -> None:
        if (self._targets and self._done_at is None
                and all(self.counts[k] >= n for k, n in self._targets.items())):
            self._done_at = self._last
            self._done.set()

    def watch(self, order_id: str) -> None:
        """Count only this order's events from now on (call before placing it)."""
        with self._lock:
            self._order, self._targets, self._done_at = order_id, {}, None
            self.counts = Counter()
            self._done.clear()

    def wait(self, targets: dict[str, int], timeout: float) -> float:
        """perf_counter() when the last of ``targets`` (routing key → count) arrived;
        the events may all have arrived before the call (a small order often does)."""
        with self._lock:
            self._targets = dict(targets)
            self._check()
        if not self._done.wait(timeout):
            raise TimeoutError(f"after {timeout:.0f}s only {dict(self.counts)} of "
                               f"{targets} arrived on {self.exchange}")
        return self._done_at

    def close(self) -> None:
        self._stop = True
        self._thread.join(5)


def _check(result: BatchResult) -> None:
    if result.returned or result.nacked:
        raise RuntimeError(f"baseline: {len(result.returned)} returned, "
                           f"{len(result.nacked)} nacked by the broker")


def baseline(amqp_uri: str, order_id: str, rows: list[tuple[str, str, str]], *,
             batch_size: int, timeout: float = 600.0) -> float:
    """Seconds to publish ``rows`` (event id, routing key, body) in confirmed batches of
    ``batch_size`` and receive them all."""
    counter = EventCounter(amqp_uri, BASELINE_EXCHANGE)
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        publisher.declare_exchange(BASELINE_EXCHANGE)  # connect before the clock starts
        counter.watch(order_id)
        messages = [Outgoing(event_id, BASELINE_EXCHANGE, key, body.encode())
                    for event_id, key, body in rows]
        started = time.perf_counter()
        in_flight = None
        for i in range(0, len(messages), batch_size):
            sent = publisher.send(messages[i:i + batch_size])
            if in_flight is not None:
                _check(publisher.wait(in_flight))
            in_flight = sent
        if in_flight is not None:
            _check(publisher.wait(in_flight))
        done = counter.wait(Counter(key for _id, key, _body in rows), timeout)
        return done - started
    finally:
        publisher.close()
        counter.close()
