"""Names and declarations of exchanges and queues (docs/architecture.md, events). The
whole system's exchanges, queues and bindings are listed in docs/topology.md, generated
by services/common/system.py from the services' contracts and handler tables.

Per consumer queue Q of a service S:
- Q            quorum queue bound to the exchanges it listens to. `x-delivery-limit` sends
               a message that keeps killing its consumer (a crash, not an exception) to
               Q.dead, so even that is never silently lost.
- Q.retry      a failed message waits here for the retry delay (its expiration), then goes
               back to Q. A quorum queue too, so a parked message survives the loss of a
               cluster node; it goes back at-least-once (a classic queue's at-most-once
               dead-lettering drops it if Q has no leader at that moment, as while a
               node's loss is being handled).
- Q.dead       messages that failed every attempt, with their error in the headers.
- S.parking    a durable direct exchange of the service's own, bound to Q, Q.retry and
               Q.dead by their names. Failed messages are parked through it, the broker
               dead-letters through it, and replays go through it. Nothing goes through
               the default exchange, so a service's broker user needs no write permission
               on `amq.default`, which would let it publish into any queue by name.

Queues declared before the parking exchange existed dead-letter through the default
exchange (`x-dead-letter-exchange: ""`). Queue arguments cannot change in place, so such a
Q or Q.dead is kept as it is (it keeps working: the broker dead-letters internally, without
checking the user's permissions) and only gains its bindings to S.parking. To move it to
the new arguments: stop the service, let the queue drain (or move its messages), delete it,
and start the service again.

Q.retry was a classic queue until quorum retry queues (any Q.retry declared otherwise is
refused with PRECONDITION_FAILED). Its messages only wait there for their delay, so a
starting service migrates it itself: it deletes the old queue once it is empty (`if-empty`,
so nothing parked is lost; an instance still parking into it meanwhile has the message
returned and requeues it) and declares the quorum one. If it does not empty within
RETRY_MIGRATION_WAIT seconds (an old instance keeps parking into it), it is kept as it is,
with a warning, and the next start tries again.

Exchanges of other services (and `integration.events`) are declared passively, so a
service needs no configure permission on them (configure also allows deleting). When one
does not exist yet, because its producer never started on this broker, it is declared
here if the user may (development brokers); otherwise the service waits for it, saying so
in its log every few seconds, and gives up with an error naming the exchange after
FOREIGN_EXCHANGE_WAIT seconds (deployments pre-declare every exchange in
deploy/rabbitmq/definitions.json, so this only happens on a broker set up by hand).
"""

from __future__ import annotations

import logging
import time

import amqp

log = logging.getLogger(__name__)

INTEGRATION_EXCHANGE = "integration.events"
CRASH_DELIVERY_LIMIT = 20
FOREIGN_EXCHANGE_WAIT = 60.0
RETRY_MIGRATION_WAIT = 30.0

H_ATTEMPTS = "x-wangge-attempts"
H_ERROR = "x-wangge-error"
H_FAILED_AT = "x-wangge-failed-at"
H_QUEUE = "x-wangge-queue"
H_ROUTING_KEY = "x-wangge-routing-key"
H_EXCHANGE = "x-wangge-exchange"


def exchange_for(service: str) -> str:
    return f"{service}.events"


def parking_exchange(service: str) -> str:
    return f"{service}.parking"


def queue_name(service: str, consumer: str) -> str:
    return f"{service}.{consumer}"


def service_of(queue: str) -> str:
    """The service owning a consumer queue `<service>.<consumer>[.retry|.dead]`."""
    return queue.split(".", 1)[0]


def retry_queue(queue: str) -> str:
    return f"{queue}.retry"


def dead_queue(queue: str) -> str:
    return f"{queue}.dead"


def main_queue_arguments(queue: str) -> dict:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": CRASH_DELIVERY_LIMIT,
        "x-dead-letter-exchange": parking_exchange(service_of(queue)),
        "x-dead-letter-routing-key": dead_queue(queue),
    }


def retry_queue_arguments(queue: str) -> dict:
    # The delay is a per-message expiration set when the message is parked, so that
    # deployments with different delays can share a queue declaration. Nobody consumes
    # Q.retry; RabbitMQ 3.10 sets no delivery limit on a quorum queue unless told, so it
    # is given the same one as Q (it can only send a message back to Q).
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": CRASH_DELIVERY_LIMIT,
        "x-dead-letter-exchange": parking_exchange(service_of(queue)),
        "x-dead-letter-routing-key": queue,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",  # what at-least-once dead-lettering requires
    }


def dead_queue_arguments() -> dict:
    # No delivery limit: listing dead letters takes and returns them (a delivery each
    # time), and a limit would drop them after that many listings.
    return {"x-queue-type": "quorum"}


def classic_retry_queue_arguments(queue: str, *, legacy: bool = False) -> dict:
    """What Q.retry was declared with before it became a quorum queue (migrated by a
    starting service, module notes)."""
    return {"x-dead-letter-exchange": "" if legacy else parking_exchange(service_of(queue)),
            "x-dead-letter-routing-key": queue}


def legacy_queue_arguments(queue: str) -> dict[str, dict]:
    """The arguments queues were declared with before the parking exchange: what a
    running deployment may still have (see the module notes)."""
    return {
        queue: {**main_queue_arguments(queue), "x-dead-letter-exchange": ""},
        retry_queue(queue): classic_retry_queue_arguments(queue, legacy=True),
        dead_queue(queue): dead_queue_arguments(),
    }


class _Channels:
    """A py-amqp channel that is replaced when the broker closes it (a refused or failed
    passive declaration closes the channel, not the connection)."""

    def __init__(self, channel) -> None:
        self.channel = channel

    def get(self):
        if not self.channel.is_open:
            self.channel = self.channel.connection.channel()
        return self.channel


def _declare_queue(channels: _Channels, name: str, arguments: dict, *,
                   migrate_wait: float | None = None) -> None:
    """Declare `name`; one declared earlier with other arguments is kept, or, given a
    `migrate_wait`, replaced once empty (module notes)."""
    try:
        channels.get().queue_declare(name, durable=True, auto_delete=False,
                                     arguments=arguments)
        return
    except amqp.exceptions.PreconditionFailed as exc:
        refused = exc.reply_text
    if migrate_wait is not None and _replace_when_empty(channels, name, arguments,
                                                        migrate_wait):
        return
    channels.get().queue_declare(name, passive=True)
    log.log(logging.WARNING if migrate_wait is not None else logging.INFO,
            "queue %s exists with other arguments (%s); kept as it is", name, refused)


def _replace_when_empty(channels: _Channels, name: str, arguments: dict,
                        wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            channels.get().queue_delete(name, if_empty=True)
        except amqp.exceptions.PreconditionFailed:  # not empty yet: its messages expire
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.5)
            continue
        channels.get().queue_declare(name, durable=True, auto_delete=False,
                                     arguments=arguments)
        log.warning("queue %s was declared with other arguments; replaced, empty, by a "
                    "quorum queue", name)
        return True


def _declare_foreign_exchange(channels: _Channels, exchange: str, wait: float) -> None:
    deadline = time.monotonic() + wait
    notice = 5.0
    while True:
        try:
            channels.get().exchange_declare(exchange, "topic", passive=True)
            return
        except amqp.exceptions.NotFound:
            pass
        try:
            # its producer never started here: declare it if this user may
            channels.get().exchange_declare(exchange, "topic", durable=True,
                                            auto_delete=False)
            return
        except amqp.exceptions.AccessRefused:
            pass
        if time.monotonic() >= deadline:
            raise RuntimeError(
                f"exchange {exchange} does not exist and this broker user may not declare "
                f"it: start its producer first, or declare it (deploy/rabbitmq/"
                f"definitions.json does)")
        log.warning("exchange %s does not exist yet and this broker user may not declare "
                    "it; waiting for its producer (giving up in %.0fs)", exchange,
                    deadline - time.monotonic())
        time.sleep(min(notice, max(deadline - time.monotonic(), 0.1)))


def declare_consumer_topology(channel, queue: str, bindings: list[tuple[str, str]], *,
                              foreign_wait: float = FOREIGN_EXCHANGE_WAIT,
                              migrate_wait: float = RETRY_MIGRATION_WAIT) -> None:
    """Declare S.parking, Q, Q.retry, Q.dead and their bindings on a py-amqp channel
    (idempotent). Exchanges of other services are declared passively (module notes)."""
    service = service_of(queue)
    parking = parking_exchange(service)
    channels = _Channels(channel)
    channels.get().exchange_declare(parking, "direct", durable=True, auto_delete=False)
    _declare_queue(channels, dead_queue(queue), dead_queue_arguments())
    _declare_queue(channels, retry_queue(queue), retry_queue_arguments(queue),
                   migrate_wait=migrate_wait)
    _declare_queue(channels, queue, main_queue_arguments(queue))
    for name in (queue, retry_queue(queue), dead_queue(queue)):
        channels.get().queue_bind(name, parking, name)
    for exchange, routing_key in bindings:
        if service_of(exchange) == service:
            channels.get().exchange_declare(exchange, "topic", durable=True,
                                            auto_delete=False)
        else:
            _declare_foreign_exchange(channels, exchange, foreign_wait)
        channels.get().queue_bind(queue, exchange, routing_key)
