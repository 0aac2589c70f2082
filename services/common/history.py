"""The retained event history: one RabbitMQ stream bound to the producers' exchanges.

A stream (`x-queue-type: stream`) is an append-only log that consumers read from any
offset without removing anything. Bound with `#` to registry.events, dispatch.events,
visits.events and accounts.events, it keeps every event those services publish, in
publish order, for read models to be rebuilt from (reporting's rebuild; its volunteer
applications per unit come from accounts' events). reporting.events is not bound: its
events are notifications derived from what reporting keeps (contracts/reporting.py). It
must exist before the first event is published, or that event is missing from history:
every service declares it when its outbox relay starts, and the relay publishes nothing
until the declaration succeeded.

Settings (nameko config key, else environment variable):
- HISTORY_STREAM      stream name, default `wangge.history`; empty: no history
- HISTORY_EXCHANGES   comma-separated, default
                      registry.events,dispatch.events,visits.events,accounts.events
- HISTORY_MAX_AGE     retention by age, e.g. `365D` (Y, M, D, h, m, s); default: none
- HISTORY_MAX_BYTES   retention by size, default 50 GB

Retention bounds what a rebuild can see: keep it longer than the read models' life.
The arguments only apply when the stream is created; change them later with a policy
(`rabbitmqctl set_policy … '{"max-age": "…"}' --apply-to queues`).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import amqp

from services.common import brokers, config

log = logging.getLogger(__name__)

MARKER_TYPE = "wangge.history.marker"
DEFAULTS = {"HISTORY_STREAM": "wangge.history",
            "HISTORY_EXCHANGES": "registry.events,dispatch.events,visits.events,"
                                 "accounts.events",
            "HISTORY_MAX_AGE": "", "HISTORY_MAX_BYTES": str(50 * 1000 ** 3)}


MARKER_EXCHANGE = "reporting.history"


@dataclass(frozen=True)
class History:
    amqp_uri: str
    stream: str
    exchanges: tuple[str, ...]
    max_age: str = ""
    max_bytes: int = 0

    @classmethod
    def from_config(cls, cfg: dict | None = None) -> History:
        cfg = cfg or {}

        def get(key: str) -> str:
            return str(cfg[key]) if key in cfg else config._env(key, DEFAULTS[key])

        return cls(amqp_uri=cfg.get("AMQP_URI") or config.amqp_uri(),
                   stream=get("HISTORY_STREAM").strip(),
                   exchanges=tuple(e.strip() for e in get("HISTORY_EXCHANGES").split(",")
                                   if e.strip()),
                   max_age=get("HISTORY_MAX_AGE").strip(),
                   max_bytes=int(get("HISTORY_MAX_BYTES") or 0))

    @property
    def enabled(self) -> bool:
        return bool(self.stream)

    def arguments(self) -> dict:
        args: dict = {"x-queue-type": "stream"}
        if self.max_age:
            args["x-max-age"] = self.max_age
        if self.max_bytes:
            args["x-max-length-bytes"] = self.max_bytes
        return args

    # -- declaring ---------------------------------------------------------------------
    def _connect(self) -> amqp.Connection:
        return brokers.connect(self.amqp_uri, connect_timeout=5,
                               client_properties={"connection_name": "wangge-history"})

    def declare(self) -> None:
        """Declare the stream and its bindings (idempotent). A stream that exists with
        other retention arguments is kept as it is (a policy changes it)."""
        if not self.enabled:
            return
        conn = self._connect()
        try:
            channel = conn.channel()
            try:
                channel.queue_declare(self.stream, durable=True, auto_delete=False,
                                      arguments=self.arguments())
            except amqp.exceptions.PreconditionFailed:
                channel = conn.channel()
                channel.queue_declare(self.stream, passive=True)
                log.info("history stream %s exists with other arguments; kept", self.stream)
            for exchange in self.exchanges:
                channel.exchange_declare(exchange, "topic", durable=True, auto_delete=False)
                channel.queue_bind(self.stream, exchange, "#")
        finally:
            conn.close()

    def before(self, run: Callable[[], None],
               stopped: Callable[[], bool] = lambda: False) -> Callable[[], None]:
        """`run` (an outbox relay) once the stream is declared; retried while the broker
        is away, so no event is published before history can keep it. Given up for good
        once `stopped()`: a relay whose service went while the broker was away must end,
        not start when the broker returns (issue 11, finding 7)."""

        def declared_then_run() -> None:
            delay = 0.5
            while self.enabled and not stopped():
                try:
                    self.declare()
                    break
                except Exception as exc:  # noqa: BLE001 - the broker is away: wait for it
                    log.warning("history stream %s not declared (%s); retrying in %.1fs",
                                self.stream, type(exc).__name__, delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 5.0)
            if not stopped():
                run()

        return declared_then_run

    # -- reading -----------------------------------------------------------------------
    def mark_tail(self) -> str:
        """Append a marker and return its id: reading up to it reads everything that
        was in the stream now (streams tell no tail offset over AMQP 0-9-1)."""
        marker = f"marker-{uuid.uuid4()}"
        conn = self._connect()
        try:
            channel = conn.channel()
            # through reporting's own exchange: service users may not write to the
            # default exchange (deploy/rabbitmq: a service writes only to its own)
            channel.exchange_declare(MARKER_EXCHANGE, "fanout", durable=True,
                                     auto_delete=False)
            channel.queue_bind(self.stream, MARKER_EXCHANGE, "")
            channel.confirm_select()
            channel.basic_publish(amqp.Message(b"{}", message_id=marker, type=MARKER_TYPE,
                                               delivery_mode=2),
                                  exchange=MARKER_EXCHANGE, routing_key="")
        finally:
            conn.close()
        return marker

    def read(self, until: str, *, offset: str | int = "first", prefetch: int = 2000,
             idle_timeout: float = 30.0) -> Iterator[tuple[int, bytes]]:
        """(offset, body) of each message from `offset` up to the marker `until`
        (excluded). Raises TimeoutError if nothing arrives for `idle_timeout` seconds
        before the marker (it was cut by retention, or the broker stalled)."""
        conn = self._connect()
        buffered: deque = deque()
        try:
            channel = conn.channel()
            channel.basic_qos(0, prefetch, False)  # a stream consumer needs a prefetch
            channel.basic_consume(self.stream, no_ack=False, callback=buffered.append,
                                  arguments={"x-stream-offset": offset})
            unacked = 0
            while True:
                if not buffered:
                    try:
                        conn.drain_events(timeout=idle_timeout)
                    except TimeoutError:
                        raise TimeoutError(f"history stream {self.stream}: nothing for "
                                           f"{idle_timeout}s before the marker") from None
                    continue
                message = buffered.popleft()
                unacked += 1
                # A stream consumer's acks are its credit (RabbitMQ streams guide: "the
                # acks work as a credit mechanism to advance the current offset"); they
                # delete nothing. One cumulative ack per half prefetch keeps the other
                # half in flight, so the broker never waits on us, and costs one frame
                # per prefetch // 2 messages instead of nearly one per message.
                if unacked >= max(1, prefetch // 2):
                    channel.basic_ack(message.delivery_tag, multiple=True)
                    unacked = 0
                if message.properties.get("message_id") == until:
                    return
                headers = message.properties.get("application_headers") or {}
                yield int(headers.get("x-stream-offset", -1)), message.body
        finally:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - the read is over either way
                pass
