"""Publishing with pipelined publisher confirms and `mandatory`, on plain py-amqp.

nameko's dispatcher waits for one confirm per message (~700 msg/s here). This publisher
sends a whole batch, then waits once for the broker's (possibly `multiple`) acks, which is
what makes an outbox relay reach thousands of events per second. A batch can also be sent
(`send`) and its confirms collected later (`wait`), so the relay claims and marks rows in
the database while the broker is still working on the batch it was sent. Messages the
broker returns as unroutable are reported back, so the caller can keep them instead of
losing them silently.

The frames of a batch are serialized by py-amqp's own frame writer into a buffer and
written with a few large socket writes instead of one per message: under eventlet each
write is a trip through the hub, and at thousands of messages a second that was a third
of the relay's time. Messages of the usual shape (no headers, no expiration) skip py-amqp's
serialization altogether: their frames are built by `amqp_frames.PublishFramer`, the same
bytes for a fraction of the CPU; the parking publishes (headers, expiration) still go
through the frame writer. The broker's confirms are read with buffered reads
(`amqp_reads`): a batch's acks arrive many to a packet, and py-amqp would take three
`recv` calls for each.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import amqp
from amqp import spec
from amqp.method_framing import frame_writer
from amqp.serialization import dumps

from services.common.amqp_frames import PublishFramer
from services.common.amqp_reads import BufferedAmqpConnection
from services.common.brokers import Brokers, parse

# written to the socket once this much is buffered: large enough to cut system calls,
# small enough that the broker starts routing while the rest of the batch is serialized
FLUSH_BYTES = 256 * 1024
_PUBLISH_ARGS = "Bssbb"  # basic.publish: ticket, exchange, routing key, mandatory, immediate
CONTENT_TYPE = "application/cloudevents+json"
CONTENT_ENCODING = "utf-8"
PERSISTENT = 2


@dataclass(frozen=True)
class Outgoing:
    message_id: str
    exchange: str
    routing_key: str
    body: bytes
    headers: dict = field(default_factory=dict)
    expiration: str | None = None


@dataclass
class BatchResult:
    confirmed: set[str] = field(default_factory=set)
    returned: set[str] = field(default_factory=set)
    nacked: set[str] = field(default_factory=set)


class PublishError(RuntimeError):
    pass


@dataclass
class SentBatch:
    """A batch written to the broker whose confirms may still be arriving."""

    result: BatchResult = field(default_factory=BatchResult)
    outstanding: int = 0
    generation: int = 0  # the connection it was sent on: a new connection never confirms it


def connection_params(uri: str) -> dict:
    """amqp.Connection's arguments for the first address of `uri` (brokers.py). Code
    that should fail over to the other nodes connects with `brokers.connect`."""
    return parse(uri)[0].params()


class _Buffer:
    """The transport py-amqp's frame writer writes into, instead of the socket."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> None:
        self.add(bytes(data))  # the writer reuses its buffer: copy before the next frame

    def add(self, chunk: bytes) -> None:
        """Append frames nobody will reuse (no copy)."""
        self.parts.append(chunk)
        self.size += len(chunk)

    def take(self) -> bytes:
        data, self.parts, self.size = b"".join(self.parts), [], 0
        return data


def _amqp_message(message: Outgoing) -> amqp.Message:
    """The message py-amqp serializes, for what PublishFramer does not handle."""
    return amqp.Message(
        message.body,
        content_type=CONTENT_TYPE,
        content_encoding=CONTENT_ENCODING,
        delivery_mode=PERSISTENT,
        message_id=message.message_id,
        application_headers=message.headers or None,
        **({"expiration": message.expiration} if message.expiration else {}),
    )


class ConfirmingPublisher:
    def __init__(self, uri: str, *, confirm_timeout: float = 30.0, heartbeat: int = 0) -> None:
        self.uri = uri
        self.brokers = Brokers(uri)  # a bad AMQP_URI fails here, naming what is wrong
        self.confirm_timeout = confirm_timeout
        self.heartbeat = heartbeat
        self._conn: amqp.Connection | None = None
        self._channel = None
        self._declaring = None
        self._declared: set[str] = set()
        self._generation = 0
        # One connection, several green threads: the relay, and HTTP workers asking for
        # health. Two of them reading one socket at once is an error under eventlet.
        self._lock = threading.RLock()

    # -- connection -------------------------------------------------------------------
    def _ensure(self):
        if self._channel is not None and self._conn is not None and self._conn.connected:
            return self._channel
        self.close()
        # a py-amqp Connection (kombu's subclass adds only message conversion helpers)
        # with buffered reads; writes are py-amqp's own (amqp_reads changes no write path)
        conn = self.brokers.connect(
            BufferedAmqpConnection, heartbeat=self.heartbeat, connect_timeout=5,
            client_properties={"connection_name": "wangge-publisher"})
        channel = conn.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        channel.events["basic_return"].add(self._on_return)
        self._buffer = _Buffer()
        self._write_frame = frame_writer(conn, self._buffer)
        self._framer = self._new_framer(channel.channel_id, conn.frame_max)
        self._conn, self._channel = conn, channel
        self._next_tag = 1
        # delivery tag → (message id, its batch), in tag order (dicts keep insertion order)
        self._pending: dict[int, tuple[str, SentBatch]] = {}
        self._returns: dict[str, SentBatch] = {}
        self._declared = set()
        self._generation += 1
        return channel

    @staticmethod
    def _new_framer(channel_id: int, frame_max: int) -> PublishFramer:
        return PublishFramer(channel_id, frame_max, content_type=CONTENT_TYPE,
                             content_encoding=CONTENT_ENCODING, delivery_mode=PERSISTENT)

    def close(self) -> None:
        with self._lock:
            conn, self._conn, self._channel, self._declaring = \
                self._conn, None, None, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - the connection is being dropped anyway
                try:
                    conn.collect()
                except Exception:  # noqa: BLE001
                    pass

    def declare_exchange(self, name: str) -> None:
        """Make sure an exchange exists: always a round trip, so it also tells whether
        the broker answers (health checks rely on that). A connection found dead (the
        broker restarted since it was last used) is replaced once."""
        if not name:
            return  # the default exchange always exists and cannot be declared
        with self._lock:
            for attempt in (1, 2):
                reused = self._conn is not None
                try:
                    self._ensure()
                    self._declare(name)
                except Exception:
                    self.close()
                    if attempt == 2 or not reused:
                        raise
                    continue
                self._declared.add(name)
                return

    def _declare(self, name: str) -> None:
        """Passive first, so an exchange that exists (another service's, or a direct
        parking exchange) needs no configure permission and keeps its type; a missing one
        is declared as a durable topic exchange, which needs configure. On a channel of
        its own: a refused declaration closes that channel, not the one whose confirms
        are still arriving."""
        if self._declaring is None or not self._declaring.is_open:
            self._declaring = self._conn.channel()
        try:
            self._declaring.exchange_declare(name, "topic", passive=True)
        except amqp.exceptions.NotFound:
            self._declaring = self._conn.channel()
            self._declaring.exchange_declare(name, "topic", durable=True, auto_delete=False)

    def _declare_once(self, name: str) -> None:
        if name and name not in self._declared:
            self._declare(name)
            self._declared.add(name)

    # -- confirms ---------------------------------------------------------------------
    def _settle(self, tag: int, multiple: bool, outcome: str) -> None:
        pending = self._pending
        if multiple:
            tags = []
            for t in pending:  # tag order: stop at the first one above the ack
                if t > tag:
                    break
                tags.append(t)
        else:
            tags = [tag]
        for t in tags:
            entry = pending.pop(t, None)
            if entry is None:
                continue
            message_id, batch = entry
            batch.outstanding -= 1
            self._returns.pop(message_id, None)
            if message_id not in batch.result.returned:
                getattr(batch.result, outcome).add(message_id)

    def _on_ack(self, tag, multiple):
        self._settle(tag, multiple, "confirmed")

    def _on_nack(self, tag, multiple):
        self._settle(tag, multiple, "nacked")

    def _on_return(self, exc, exchange, routing_key, message):
        # basic.return comes before the message's ack, which then settles it as returned
        message_id = message.properties.get("message_id")
        batch = self._returns.get(message_id)
        if batch is not None:
            batch.result.returned.add(message_id)

    # -- publishing -------------------------------------------------------------------
    def publish_batch(self, messages: list[Outgoing]) -> BatchResult:
        """Publish all, wait for every confirm; raise PublishError if any stays unconfirmed."""
        with self._lock:
            return self.wait(self.send(messages))

    def send(self, messages: list[Outgoing]) -> SentBatch:
        """Write a batch (mandatory, persistent) without waiting for its confirms."""
        with self._lock:
            channel = self._ensure()
            batch = SentBatch(generation=self._generation)
            buffer, write_frame, channel_id = self._buffer, self._write_frame, channel.channel_id
            conn = self._conn
            if self._framer.frame_max != conn.frame_max:  # as frame_writer: the current one
                self._framer = self._new_framer(channel_id, conn.frame_max)
            publish = self._framer.publish
            try:
                for message in messages:
                    self._declare_once(message.exchange)
                    frames = None
                    if not message.headers and not message.expiration:
                        frames = publish(message.exchange, message.routing_key,
                                         message.message_id, message.body)
                    if frames is not None:
                        buffer.add(frames)
                        conn.bytes_sent += 1  # what frame_writer counts, for heartbeats
                    else:
                        write_frame(1, channel_id, spec.Basic.Publish,
                                    dumps(_PUBLISH_ARGS, (0, message.exchange,
                                                          message.routing_key, True, False)),
                                    _amqp_message(message))
                    self._pending[self._next_tag] = (message.message_id, batch)
                    self._returns[message.message_id] = batch
                    self._next_tag += 1
                    batch.outstanding += 1
                    if buffer.size >= FLUSH_BYTES:
                        conn.transport.write(buffer.take())
                if buffer.size:
                    conn.transport.write(buffer.take())
            except Exception:
                buffer.take()  # half a batch must not go out with the next one
                self.close()
                raise
            return batch

    def wait(self, batch: SentBatch) -> BatchResult:
        """Collect a sent batch's confirms (those of earlier batches settle on the way)."""
        with self._lock:
            deadline = time.monotonic() + self.confirm_timeout
            while batch.outstanding > 0:
                if self._conn is None or batch.generation != self._generation:
                    raise PublishError(f"connection lost with {batch.outstanding} "
                                       "publishes unconfirmed")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.close()
                    raise PublishError(f"{batch.outstanding} publishes not confirmed in time")
                try:
                    self._conn.drain_events(timeout=min(remaining, 1.0))
                except TimeoutError:
                    continue
                except Exception:
                    self.close()
                    raise
            if batch.result.nacked:
                # A quorum queue whose leader was lost nacks what is published to it, and
                # on RabbitMQ 3.10 a channel that was nacked so kept being nacked (80 s in
                # the cluster fault test) after a new leader had been elected elsewhere,
                # while a fresh channel was taken at once: the next batch gets one.
                self.close()
            return batch.result
