#!/usr/bin/env python3
"""Publish one event into Wangge, as another system would: plain pika, nothing of Wangge.

    pip install pika==1.4.4
    python publish_event.py --url amqp://integrator:PASSWORD@localhost:5672/wangge \
        visit_captured visit_captured.json

The payload (a JSON file, or `-` for stdin) is wrapped in a CloudEvents 1.0 envelope
(structured JSON: specversion, id, source, type, time, datacontenttype, data) and published
persistent to the topic exchange `integration.events` with routing key = the event name.
Publisher confirms and `mandatory` make the outcome certain:

    exit 0  the broker took it and routed it to at least one queue (prints the event id)
    exit 2  unroutable: no Wangge queue is bound for that event name (nobody would get it)
    exit 3  the broker refused it (nack), or the connection failed or was refused

`id` is the deduplication key: publishing the same id again (`--id`) is a no-op for Wangge,
so retrying after a failure is safe. An invalid payload is kept by the receiving service and
answered with `<service>.event_rejected` on `<service>.events` (subscribe_events.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from datetime import UTC, datetime

import pika
from pika.exceptions import AMQPError, NackError, UnroutableError

EXCHANGE = "integration.events"


def envelope(name: str, data: dict, *, event_id: str | None, source: str,
             subject: str | None) -> dict:
    env = {
        "specversion": "1.0",
        "id": event_id or str(uuid.uuid4()),
        "source": source,
        "type": f"integration.{name}",
        "time": datetime.now(UTC).isoformat(),
        "datacontenttype": "application/json",
        "data": data,
    }
    if subject:
        env["subject"] = subject
    return env


def publish(url: str, name: str, env: dict) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        # passive: only checks that the exchange exists, needs no permission to create it
        channel.exchange_declare(EXCHANGE, passive=True)
        try:
            channel.basic_publish(
                EXCHANGE, name, json.dumps(env, ensure_ascii=False).encode("utf-8"),
                pika.BasicProperties(content_type="application/cloudevents+json",
                                     content_encoding="utf-8", delivery_mode=2,
                                     message_id=env["id"], type=env["type"]),
                mandatory=True)
        except UnroutableError:
            print(f"unroutable: no queue is bound to {EXCHANGE} for '{name}'; event {env['id']}"
                  " was not delivered", file=sys.stderr)
            return 2
        except NackError:
            print(f"the broker refused event {env['id']} (nack); publish it again",
                  file=sys.stderr)
            return 3
    finally:
        if connection.is_open:
            connection.close()
    print(env["id"])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Publish one event into integration.events")
    parser.add_argument("name", help="event name = routing key, e.g. visit_captured")
    parser.add_argument("payload", help="JSON file with the event's data, or - for stdin")
    parser.add_argument("--url", default=os.environ.get("AMQP_URI",
                                                        "amqp://guest:guest@localhost:5672/"))
    parser.add_argument("--id", help="event id (default: a new UUID); reuse it to retry")
    parser.add_argument("--source", default="example/publish_event",
                        help="who publishes (CloudEvents source)")
    parser.add_argument("--subject", help="optional CloudEvents subject")
    args = parser.parse_args(argv)
    try:
        text = sys.stdin.read() if args.payload == "-" else open(args.payload,
                                                                encoding="utf-8").read()
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        print(f"payload: {exc}", file=sys.stderr)
        return 3
    if not isinstance(data, dict):
        print("payload: expected a JSON object", file=sys.stderr)
        return 3
    env = envelope(args.name, data, event_id=args.id, source=args.source,
                   subject=args.subject)
    try:
        return publish(args.url, args.name, env)
    except AMQPError as exc:
        print(f"broker: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
