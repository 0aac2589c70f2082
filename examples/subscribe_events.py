#!/usr/bin/env python3
"""Print the events a Wangge service publishes: plain pika, nothing of Wangge.

    pip install pika==1.4.4
    python subscribe_events.py --url amqp://reader:PASSWORD@localhost:5672/wangge \
        reporting 'daily_report_published' --queue reader.daily

Binds a queue of your own to the topic exchange `<service>.events` (routing key = event
name; `#` for all, `*_published` for a family) and prints one JSON line per event: routing
key, type, id, time, subject and data. Each message is acknowledged after it is printed, so
a crash prints it again on restart (at least once: deduplicate on `id`).

Without `--queue` the queue is exclusive and server-named: it exists while this runs and
events published meanwhile are lost to it. With `--queue NAME` it is durable: events keep
accumulating while you are away. The `reader` user may only use queues named `reader.*`.

`--count N` stops after N events (scripts, tests).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys

import pika
from pika.exceptions import AMQPError


def describe(method, properties, body: bytes) -> dict:
    line = {"routing_key": method.routing_key}
    try:
        env = json.loads(body)
    except ValueError:
        return {**line, "error": "not JSON", "body": body[:200].decode("utf-8", "replace")}
    if not isinstance(env, dict):
        return {**line, "error": "not a CloudEvents envelope"}
    for key in ("type", "id", "time", "subject", "data"):
        if key in env:
            line[key] = env[key]
    return line


def subscribe(url: str, exchange: str, patterns: list[str], queue: str | None,
              count: int | None) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.exchange_declare(exchange, passive=True)  # exists? (needs no permission)
    if queue:
        name = channel.queue_declare(queue, durable=True).method.queue
    else:
        name = channel.queue_declare("", exclusive=True).method.queue
    for pattern in patterns:
        channel.queue_bind(name, exchange, pattern)
    channel.basic_qos(prefetch_count=50)
    seen = 0

    def on_message(ch, method, properties, body):
        nonlocal seen
        print(json.dumps(describe(method, properties, body), ensure_ascii=False), flush=True)
        ch.basic_ack(method.delivery_tag)
        seen += 1
        if count is not None and seen >= count:
            ch.stop_consuming()

    signal.signal(signal.SIGTERM, lambda *_: channel.stop_consuming())
    channel.basic_consume(name, on_message)
    print(f"listening on {exchange} {' '.join(patterns)} via queue {name}", file=sys.stderr,
          flush=True)
    try:
        channel.start_consuming()
    except KeyboardInterrupt:
        channel.stop_consuming()
    finally:
        if connection.is_open:
            connection.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print a Wangge service's events")
    parser.add_argument("service", help="registry, dispatch, visits, reporting or integration")
    parser.add_argument("patterns", nargs="*", default=["#"],
                        help="routing-key patterns (default: # = every event)")
    parser.add_argument("--url", default=os.environ.get("AMQP_URI",
                                                        "amqp://guest:guest@localhost:5672/"))
    parser.add_argument("--queue", help="durable queue name (default: an exclusive one)")
    parser.add_argument("--count", type=int, help="stop after this many events")
    args = parser.parse_args(argv)
    try:
        return subscribe(args.url, f"{args.service}.events", args.patterns, args.queue,
                         args.count)
    except AMQPError as exc:
        print(f"broker: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
