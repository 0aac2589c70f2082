"""Names and declarations of exchanges and queues (DESIGN.md, event contract).

Per consumer queue Q of a service:
- Q            quorum queue bound to the exchanges it listens to. `x-delivery-limit` sends
               a message that keeps killing its consumer (a crash, not an exception) to
               Q.dead, so even that is never silently lost.
- Q.retry      a failed message waits here for the retry delay (its expiration), then goes
               back to Q.
- Q.dead       messages that failed every attempt, with their error in the headers.
"""

from __future__ import annotations

INTEGRATION_EXCHANGE = "integration.events"
CRASH_DELIVERY_LIMIT = 20

H_ATTEMPTS = "x-wangge-attempts"
H_ERROR = "x-wangge-error"
H_FAILED_AT = "x-wangge-failed-at"
H_QUEUE = "x-wangge-queue"
H_ROUTING_KEY = "x-wangge-routing-key"
H_EXCHANGE = "x-wangge-exchange"


def exchange_for(service: str) -> str:
    return f"{service}.events"


def queue_name(service: str, consumer: str) -> str:
    return f"{service}.{consumer}"


def retry_queue(queue: str) -> str:
    return f"{queue}.retry"


def dead_queue(queue: str) -> str:
    return f"{queue}.dead"


def main_queue_arguments(queue: str) -> dict:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": CRASH_DELIVERY_LIMIT,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": dead_queue(queue),
    }


def retry_queue_arguments(queue: str) -> dict:
    # The delay is a per-message expiration set when the message is parked, so that
    # deployments with different delays can share a queue declaration.
    return {
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": queue,
    }


def dead_queue_arguments() -> dict:
    return {"x-queue-type": "quorum"}


def declare_consumer_topology(channel, queue: str, bindings: list[tuple[str, str]]) -> None:
    """Declare Q, Q.retry, Q.dead and Q's bindings on a py-amqp channel (idempotent)."""
    channel.queue_declare(dead_queue(queue), durable=True, auto_delete=False,
                          arguments=dead_queue_arguments())
    channel.queue_declare(retry_queue(queue), durable=True, auto_delete=False,
                          arguments=retry_queue_arguments(queue))
    channel.queue_declare(queue, durable=True, auto_delete=False,
                          arguments=main_queue_arguments(queue))
    for exchange, routing_key in bindings:
        channel.exchange_declare(exchange, "topic", durable=True, auto_delete=False)
        channel.queue_bind(queue, exchange, routing_key)
