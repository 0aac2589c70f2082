"""List and replay dead letters (`<queue>.dead`) with plain pika.

Listing reads every message without acknowledging it and then closes the channel, which
puts them all back in order: it changes nothing. Replay moves messages back to the work
queue they failed in, with a fresh attempt count, and acks each only after the broker
confirmed the copy. Replays go through the service's `<service>.parking` exchange, which
routes to each of its queues by name (topology.py); only for a service that has not run
since parking exchanges were introduced do they fall back to the default exchange, which
needs a broker user allowed to write to `amq.default` (an administrator).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import pika
from pika.exceptions import ChannelClosedByBroker

from services.common import brokers, topology, untrusted
from services.common.envelope import peek_id
from services.common.pii import scrub


@dataclass(frozen=True)
class DeadLetter:
    position: int
    message_id: str | None
    event_id: str | None
    event_type: str | None
    queue: str
    attempts: int
    error: str | None
    failed_at: str | None
    body: dict | str

    def to_dict(self) -> dict:
        return {**self.__dict__, "body": scrub(self.body)}


def _ssl_options(address: brokers.BrokerAddress) -> pika.SSLOptions | None:
    """pika's TLS for an amqps:// address, from the same options the services use
    (cacertfile, certfile, keyfile, verify): the system's CAs unless a CA file is given,
    the node's name checked unless verify_none."""
    options = address.ssl_options()
    if not options:
        return None
    context = ssl.create_default_context(cafile=options.get("ca_certs"))
    if options["cert_reqs"] == ssl.CERT_NONE:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if options.get("certfile"):
        context.load_cert_chain(options["certfile"], options.get("keyfile"))
    return pika.SSLOptions(context, server_hostname=address.hostname)


def _parameters(amqp_uri: str) -> list[pika.ConnectionParameters]:
    # built field by field: address.url() is kombu's form, which carries no TLS options
    # (a client certificate or a private CA was dropped, and the connection refused)
    return [pika.ConnectionParameters(
        host=address.hostname, port=address.port, virtual_host=address.virtual_host,
        credentials=pika.PlainCredentials(address.userid, address.password),
        ssl_options=_ssl_options(address)) for address in brokers.parse(amqp_uri)]


def _connect(amqp_uri: str) -> pika.BlockingConnection:
    # pika tries a list of addresses in order: any node of a cluster (brokers.py)
    return pika.BlockingConnection(_parameters(amqp_uri))


def _describe(position: int, props, body: bytes, dead: str) -> DeadLetter:
    headers = props.headers or {}
    # a poison message (10,000 levels deep, NUL, invalid UTF-8) is exactly what ends up
    # here: it is shown as text, and must not stop the listing or replay of the queue
    try:
        parsed: dict | str = untrusted.loads(body)
    except untrusted.UntrustedInput:
        parsed = untrusted.printable(body)
    event_id, event_type = peek_id(body)
    origin = headers.get(topology.H_QUEUE)
    if not origin:
        # dead-lettered by the broker (delivery limit): x-death names the queue
        deaths = headers.get("x-death") or [{}]
        origin = deaths[0].get("queue") or dead.removesuffix(".dead")
    error = headers.get(topology.H_ERROR)
    if error is None and headers.get("x-death"):
        error = f"broker: {headers['x-death'][0].get('reason')} (consumer crashed repeatedly)"
    return DeadLetter(
        position=position, message_id=props.message_id,
        event_id=event_id, event_type=event_type,
        queue=origin, attempts=int(headers.get(topology.H_ATTEMPTS, 0)),
        error=error, failed_at=headers.get(topology.H_FAILED_AT), body=parsed,
    )


def _replay_exchange(conn: pika.BlockingConnection, queue: str) -> str:
    parking = topology.parking_exchange(topology.service_of(queue))
    probe = conn.channel()
    try:
        probe.exchange_declare(parking, passive=True)
    except ChannelClosedByBroker as exc:
        if exc.reply_code == 404:
            return ""
        raise
    probe.close()
    return parking


def list_dead_letters(amqp_uri: str, queue: str, limit: int = 1000) -> list[DeadLetter]:
    dead = topology.dead_queue(queue)
    conn = _connect(amqp_uri)
    try:
        channel = conn.channel()
        out = []
        while len(out) < limit:
            method, props, body = channel.basic_get(dead, auto_ack=False)
            if method is None:
                break
            out.append(_describe(len(out) + 1, props, body, dead))
        channel.close()  # unacked messages go back to the queue, in order
        return out
    finally:
        conn.close()


def replay_dead_letters(amqp_uri: str, queue: str, event_ids: set[str] | None = None,
                        limit: int = 100_000) -> int:
    """Move dead letters (all, or those whose event id is given) back to their queue."""
    dead = topology.dead_queue(queue)
    conn = _connect(amqp_uri)
    replayed = 0
    try:
        exchange = _replay_exchange(conn, queue)
        channel = conn.channel()
        channel.confirm_delivery()
        seen = 0
        while seen < limit:
            method, props, body = channel.basic_get(dead, auto_ack=False)
            if method is None:
                break
            seen += 1
            letter = _describe(seen, props, body, dead)
            if event_ids is not None and letter.event_id not in event_ids:
                continue
            # a fresh start: our attempt count and the broker's death and delivery counts go
            # (the last error stays, for whoever looks at the message later)
            headers = {k: v for k, v in (props.headers or {}).items()
                       if k not in (topology.H_ATTEMPTS, "x-death", "x-delivery-count")
                       and not k.startswith("x-first-death-")}
            headers["x-wangge-replayed"] = int(headers.get("x-wangge-replayed", 0)) + 1
            channel.basic_publish(
                exchange, letter.queue, body,
                pika.BasicProperties(content_type=props.content_type,
                                     message_id=props.message_id, delivery_mode=2,
                                     headers=headers),
                mandatory=True,
            )
            channel.basic_ack(method.delivery_tag)
            replayed += 1
        channel.close()
        return replayed
    finally:
        conn.close()
