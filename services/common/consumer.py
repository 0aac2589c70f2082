"""nameko entrypoint replacing `@event_handler`: batches, inbox, retries, dead letters.

nameko's own handler acks and drops a message whose handler raised. Here a failed
message is parked in `Q.retry` for a delay and comes back, up to EVENT_MAX_ATTEMPTS; then
it is moved to `Q.dead` with its error in the headers (list and replay with
`services.common.deadletters`). Both go through the service's own `<service>.parking`
exchange (topology.py), never the default exchange. The original is acked only after the
retry/dead copy is confirmed by the broker, so nothing is lost in between.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial

from kombu import Exchange, Queue, binding
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    DEFAULT_HEARTBEAT,
    DEFAULT_TRANSPORT_OPTIONS,
    HEARTBEAT_CONFIG_KEY,
    LOGIN_METHOD_CONFIG_KEY,
    TRANSPORT_OPTIONS_CONFIG_KEY,
)
from nameko.exceptions import ContainerBeingKilled
from nameko.extensions import Entrypoint
from nameko.messaging import QueueConsumer

from services.common import amqp_reads, brokers, config, liveness, metrics, topology
from services.common.batch_slots import BatchSlots
from services.common.handlers import Handlers
from services.common.inbound import Failed, Incoming
from services.common.publisher import ConfirmingPublisher, Outgoing

log = logging.getLogger(__name__)


class RawQueueConsumer(QueueConsumer):
    """Hands the raw message to the provider: no kombu decoding, so a body that is not
    JSON, or has an unexpected content type, is rejected by the inbox instead of
    crashing the consumer loop."""

    @property
    def connection(self):
        # at thousands of messages a second, py-amqp's exact-size socket reads were a
        # quarter of a consumer's CPU (amqp_reads.py). Every address of AMQP_URI goes to
        # kombu spelled out in full (brokers.py): kombu fails over along the list when
        # the node it is connected to goes, but would not inherit credentials or TLS
        # parameters from the first address as our own connections do.
        cfg = self.container.config
        addresses = brokers.parse(self.amqp_uri)
        return amqp_reads.BufferedConnection(
            brokers.kombu_uri(addresses),
            transport_options=cfg.get(TRANSPORT_OPTIONS_CONFIG_KEY,
                                      DEFAULT_TRANSPORT_OPTIONS),
            heartbeat=cfg.get(HEARTBEAT_CONFIG_KEY, DEFAULT_HEARTBEAT),
            ssl=cfg.get(AMQP_SSL_CONFIG_KEY)
            or addresses[0].ssl_options(with_hostname=False),
            login_method=cfg.get(LOGIN_METHOD_CONFIG_KEY))

    @property
    def prefetch_count(self):
        return int(self.container.config.get("EVENT_PREFETCH", 256))

    def register_provider(self, provider):
        self._publishing = [*getattr(self, "_publishing", []), provider]
        super().register_provider(provider)

    def stop(self):
        # Runs after the container waited for its workers, so no handle_result needs the
        # retry publishers any more: close their connections instead of leaking one per
        # service start (an entrypoint's own stop() comes before its last workers finish).
        super().stop()
        for provider in getattr(self, "_publishing", []):
            provider.publisher.close()

    @property
    def batch_slots(self) -> BatchSlots:
        if getattr(self, "_batch_slots", None) is None:
            self._batch_slots = BatchSlots.for_container(self.container)
        return self._batch_slots

    def batch_ended(self) -> None:
        """A batch gave its slot back: any consumer waiting for one may start."""
        self.batch_slots.give_back()
        for provider in list(self._providers):
            if provider.has_buffered():
                self.container.spawn_managed_thread(provider.flush_buffer)

    def unregister_provider(self, provider):
        if not self._consumers_ready.ready():
            # nameko signals "last provider gone" once per provider here and the second
            # raises: a service of several consumers stopped while it still waited for
            # the broker crashed on its way out instead of exiting cleanly
            self._providers.discard(provider)
            if not self._last_provider_unregistered.ready():
                self._last_provider_unregistered.send()
            return
        super().unregister_provider(provider)

    def on_connection_error(self, exc, interval):
        for provider in self._providers:
            provider.progress.connection(False)
        # not nameko's message: it masks only the first broker address's password
        log.warning("cannot reach the broker at %s (%s); retrying in %ss",
                    brokers.describe(self.amqp_uri), exc, interval)

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        for provider in self._providers:
            provider.progress.connection(True)
        super().on_consume_ready(connection, channel, consumers, **kwargs)

    def get_consumers(self, consumer_cls, channel):
        # Declared on every (re)connection, not in setup: a service started while the
        # broker is away waits for it (kombu retries the connection with back-off, /health
        # says why meanwhile) instead of exiting; a failure here is a connection error
        # kombu retries too.
        for provider in self._providers:
            provider.declare_topology()
        # at least two batches in flight, so one fills while the previous is applied (one
        # value for all: the consumers share a channel, where the last basic_qos wins)
        prefetch = max([self.prefetch_count]
                       + [2 * getattr(p, "batch_size", 0) for p in self._providers])
        for provider in self._providers:
            consumer = consumer_cls(queues=[provider.queue],
                                    on_message=partial(self.on_raw_message, provider))
            consumer.qos(prefetch_count=prefetch)
            self._consumers[provider] = consumer
        return self._consumers.values()

    def on_raw_message(self, provider, message):
        # every delivery still unacknowledged on the channel, so that a batch can tell
        # whether one cumulative ack would cover its own messages and nothing else
        self._outstanding(message.channel).add(message.delivery_tag)
        provider.buffer_message(message)

    def _outstanding(self, channel) -> set:
        if getattr(self, "_tags_channel", None) is not channel:  # a new connection
            self._tags_channel, self._tags = channel, set()
        return self._tags

    def _forget(self, message) -> None:
        if getattr(self, "_tags_channel", None) is message.channel:
            self._tags.discard(message.delivery_tag)

    def ack_message(self, message):
        self._forget(message)
        super().ack_message(message)

    def requeue_message(self, message):
        self._forget(message)
        super().requeue_message(message)

    def ack_messages(self, messages) -> None:
        """Ack a batch with one `basic_ack(multiple)` when no other delivery below its
        highest tag is still outstanding (else one by one): at thousands of messages a
        second, one ack frame each cost more CPU than applying them."""
        channel = messages[0].channel if messages else None
        tags = {m.delivery_tag for m in messages}
        if len(messages) > 1 and channel is getattr(self, "_tags_channel", None) \
                and channel.connection and all(m.channel is channel for m in messages):
            top = max(tags)
            if all(t in tags for t in self._tags if t <= top):
                self._tags -= tags
                try:
                    channel.basic_ack(top, multiple=True)
                except ConnectionError:  # the broker takes them back: redelivered
                    pass
                return
        for message in messages:
            self.ack_message(message)


HandlerTable = Handlers | Iterable[str]


def handled_types(handlers: HandlerTable) -> tuple[str, ...]:
    """The event types of a consumer's handler table, sorted: those a `Handlers`
    declaration registered at import (services/common/handlers.py), or for reporting's
    projector the types it registers. Nothing is called to find them."""
    types = tuple(sorted(handlers.types if isinstance(handlers, Handlers) else handlers))
    for type_ in types:
        if not isinstance(type_, str) or "." not in type_:
            raise ValueError(f"handler for {type_!r}: an event type is <source>.<name>")
    return types


def bindings_for(types: Iterable[str]) -> list[tuple[str, str]]:
    """(exchange, routing key) per event type `<source>.<name>`: its source's exchange,
    bound by the name (docs/architecture.md, events)."""
    return [(topology.exchange_for(type_.split(".", 1)[0]), type_.split(".", 1)[1])
            for type_ in types]


class EventConsumer(Entrypoint):
    """`@event_consumer(consumer, TABLE)`: the queue `<service>.<consumer>`, bound to
    exactly the event types of `TABLE`, the `Handlers` declaration whose `bind(...)` the
    decorated method hands its inbox (or for reporting's projector the types it
    registers): one declaration, so a consumer never binds an event it cannot handle nor
    misses one it can (services/common/system.py reads them into docs/topology.md)."""

    queue_consumer = RawQueueConsumer()

    def __init__(self, consumer: str, handlers: HandlerTable, *,
                 batch_size: int = 100, linger: float = 0.005, in_flight: int = 1,
                 **kwargs) -> None:
        self.consumer = consumer
        self.table = handlers
        self.handles = handled_types(handlers)
        self.bindings = bindings_for(self.handles)
        self.batch_size = batch_size
        self.linger = linger
        # batches handled at once (0: as many as the service's batch slots allow,
        # batch_slots.py). One by default: messages that arrive while a batch runs wait in
        # the buffer and go as one batch when it ends, so under load batches grow to
        # batch_size instead of many small ones racing each other for the same rows
        # (several batches of one queue at once deadlocked on dispatch's units).
        self.in_flight = in_flight
        self._running = 0
        self._buffer: list = []
        self._timer = None
        self._lock = threading.Lock()
        self._publish_lock = threading.Lock()
        super().__init__(**kwargs)

    # -- lifecycle ---------------------------------------------------------------------
    def setup(self) -> None:
        cfg = self.container.config
        self.service = self.container.service_name
        self.queue_name = topology.queue_name(self.service, self.consumer)
        self.retry = config.RetryPolicy(
            max_attempts=int(cfg.get("EVENT_MAX_ATTEMPTS", config.RetryPolicy.from_env()
                                     .max_attempts)),
            delay_ms=int(cfg.get("EVENT_RETRY_DELAY_MS", config.RetryPolicy.from_env()
                                 .delay_ms)),
        )
        amqp_uri = cfg.get("AMQP_URI") or config.amqp_uri()
        self.amqp_uri = amqp_uri  # declared once connected (RawQueueConsumer.get_consumers)
        self.progress = liveness.Progress(self.queue_name, stall_seconds=float(
            cfg.get("EVENT_STALL_SECONDS", liveness.DEFAULT_STALL_SECONDS)))
        liveness.register(self.service, self.progress)
        self.queue = Queue(
            self.queue_name, durable=True, auto_delete=False, no_declare=True,
            bindings=[binding(Exchange(ex, type="topic", durable=True), routing_key=rk)
                      for ex, rk in self.bindings],
            queue_arguments=topology.main_queue_arguments(self.queue_name),
        )
        self.publisher = ConfirmingPublisher(amqp_uri)
        self.queue_consumer.register_provider(self)

    def _declare(self, amqp_uri: str) -> None:
        conn = brokers.connect(amqp_uri, connect_timeout=5)
        try:
            topology.declare_consumer_topology(conn.channel(), self.queue_name, self.bindings)
        finally:
            conn.close()

    def declare_topology(self) -> None:
        self._declare(self.amqp_uri)

    def stop(self) -> None:
        self._flush(force=True)
        self.queue_consumer.unregister_provider(self)
        liveness.unregister(self.service, self.progress)
        super().stop()

    def kill(self) -> None:
        self.publisher.close()
        super().kill()

    # -- batching ----------------------------------------------------------------------
    def buffer_message(self, message) -> None:
        self.progress.received()
        with self._lock:
            self._buffer.append(message)
            if self._busy():
                return  # the batch under way flushes the buffer when it ends
            full = len(self._buffer) >= self.batch_size
            start_timer = not full and self._timer is None
            if start_timer:
                self._timer = True
        if full:
            self.container.spawn_managed_thread(self._flush)
        elif start_timer:
            self.container.spawn_managed_thread(self._linger_then_flush)

    def _linger_then_flush(self) -> None:
        import eventlet

        eventlet.sleep(self.linger)
        self._flush()

    def _busy(self) -> bool:
        return bool(self.in_flight) and self._running >= self.in_flight

    def has_buffered(self) -> bool:
        return bool(self._buffer)

    def flush_buffer(self) -> None:
        self._flush()

    def _flush(self, *, force: bool = False) -> None:
        with self._lock:
            self._timer = None
            if (self._busy() and not force) or not self._buffer:
                return
            if not self.queue_consumer.batch_slots.take(force=force):
                return  # every slot busy: the next batch to end flushes this buffer
            take = self.batch_size if self.in_flight and not force else len(self._buffer)
            messages, self._buffer = self._buffer[:take], self._buffer[take:]
            self._running += 1
        batch = [self._incoming(m) for m in messages]
        try:
            self.container.spawn_worker(self, (batch,), {}, context_data={},
                                        handle_result=partial(self.handle_result, messages))
        except ContainerBeingKilled:
            self._batch_done()
            for message in messages:
                self.queue_consumer.requeue_message(message)
            self.progress.settled(len(messages))

    def _batch_done(self) -> None:
        with self._lock:
            self._running -= 1
        self.queue_consumer.batch_ended()

    @staticmethod
    def _incoming(message) -> Incoming:
        headers = dict(message.headers or {})
        info = message.delivery_info
        body = message.body
        # After a retry the broker delivers from Q.retry through the parking exchange with
        # routing key Q: the original exchange and routing key travel in our headers.
        return Incoming(body=body if isinstance(body, bytes) else str(body).encode(),
                        routing_key=headers.get(topology.H_ROUTING_KEY)
                        or info.get("routing_key", ""),
                        exchange=headers.get(topology.H_EXCHANGE) or info.get("exchange", ""),
                        headers=headers)

    # -- results -----------------------------------------------------------------------
    def handle_result(self, messages, worker_ctx, result=None, exc_info=None):
        if exc_info is not None or not isinstance(result, list) or len(result) != len(messages):
            error = exc_info[1] if exc_info else RuntimeError("consumer returned no results")
            result = [Failed(error)] * len(messages)
        again = []
        try:
            done = []
            for message, outcome in zip(messages, result, strict=True):
                if isinstance(outcome, Failed) and self._collided(message, outcome):
                    again.append(message)
                elif isinstance(outcome, Failed):
                    self._retry_or_dead(message, outcome)
                else:
                    done.append(message)
            self.queue_consumer.ack_messages(done)
        finally:
            self.progress.settled(len(messages) - len(again))
            self._batch_done()  # or the buffer would wait forever
        if again:
            self.container.spawn_managed_thread(partial(self._run_again, again))
        return result, exc_info

    # A deadlock or serialization failure is a race lost to another transaction, not a
    # fault of the message: the message runs again in a later batch, its attempts
    # untouched. Bounded, so that a transaction that always loses still ends in Q.retry
    # and Q.dead with its error instead of looping unseen.
    TRANSIENT_RUNS = 20

    def _collided(self, message, failure: Failed) -> bool:
        if not liveness.is_transient(failure.error):
            return False
        runs = getattr(message, "_wangge_transient_runs", 0) + 1
        message._wangge_transient_runs = runs
        return runs <= self.TRANSIENT_RUNS

    def _run_again(self, messages) -> None:
        import eventlet

        runs = max(getattr(m, "_wangge_transient_runs", 1) for m in messages)
        log.warning("%s: %d message(s) lost a race with another transaction (deadlock or "
                    "serialization failure); running them again", self.queue_name,
                    len(messages))
        # jittered, so that the transactions that collided do not collide again
        eventlet.sleep(min(2.0, 0.05 * 2 ** min(runs, 6)) * (0.5 + random.random()))
        with self._lock:
            self._buffer[:0] = messages
        self._flush()

    def _retry_or_dead(self, message, failure: Failed) -> None:
        headers = dict(message.headers or {})
        attempts = int(headers.get(topology.H_ATTEMPTS, 0)) + 1
        headers.setdefault(topology.H_ROUTING_KEY, message.delivery_info.get("routing_key"))
        headers.setdefault(topology.H_EXCHANGE, message.delivery_info.get("exchange"))
        headers.update({
            topology.H_ATTEMPTS: attempts,
            topology.H_ERROR: failure.describe(),
            topology.H_FAILED_AT: datetime.now(UTC).isoformat(),
            topology.H_QUEUE: self.queue_name,
        })
        dead = attempts >= self.retry.max_attempts
        target = topology.dead_queue(self.queue_name) if dead else \
            topology.retry_queue(self.queue_name)
        props = message.properties or {}
        outgoing = Outgoing(
            message_id=props.get("message_id") or f"{self.queue_name}:{id(message)}",
            exchange=topology.parking_exchange(self.service), routing_key=target,
            body=message.body, headers=headers,
            expiration=None if dead else str(self.retry.delay_ms),
        )
        try:
            self._park(outgoing)
        except Exception as exc:  # noqa: BLE001 - keep the message: requeue it
            log.error("could not park failed message in %s (%s); requeued", target, exc)
            self.queue_consumer.requeue_message(message)
            return
        metrics.record_parked(self.service, self.queue_name, dead=dead)
        if dead:
            log.error("dead-lettered message %s after %d attempts: %s",
                      outgoing.message_id, attempts, failure.describe())
        self.queue_consumer.ack_message(message)

    def _park(self, outgoing: Outgoing) -> None:
        """Publish to Q.retry / Q.dead and wait for the confirm.

        The publisher's connection is idle between failures, so after a broker restart it
        is found dead only when used: one fresh connection is tried before giving up
        (giving up requeues the message, which then comes back and fails again).
        """
        for attempt in (1, 2):
            try:
                with self._publish_lock:
                    result = self.publisher.publish_batch([outgoing])
            except Exception as exc:
                self.publisher.close()
                if attempt == 2:
                    raise
                log.warning("retry publisher: %s; trying a fresh connection", exc)
                continue
            if outgoing.message_id not in result.confirmed:
                raise RuntimeError(f"{outgoing.routing_key} did not take the message")
            return


event_consumer = EventConsumer.decorator
