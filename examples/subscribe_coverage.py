"""Follow Wangge's coverage figures with nothing but pika.

    pip install pika
    python examples/subscribe_coverage.py [AMQP_URI] [AREA_CODE]   # else $AMQP_URI

Binds a queue of its own to the `reporting.events` topic exchange and prints every
`coverage_updated` (at most one per area per second), `request_overdue` and
`daily_report_published`. With AREA_CODE, coverage of that area only (the routing key is
the event name; the area is in the message's `subject`).

The queue here is exclusive (it goes when this script stops). A consumer that must not
miss updates while it is down declares a durable, named queue instead (see
docs/reporting.md).
"""

import json
import os
import sys

import pika

EXCHANGE = "reporting.events"


def main() -> None:
    uri = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    area = sys.argv[2] if len(sys.argv) > 2 else None
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    channel = connection.channel()
    channel.exchange_declare(EXCHANGE, "topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    for key in ("coverage_updated", "request_overdue", "daily_report_published"):
        channel.queue_bind(queue, EXCHANGE, key)

    def on_message(ch, method, properties, body):
        event = json.loads(body)            # a CloudEvents 1.0 envelope
        data = event["data"]
        if event["type"] == "reporting.coverage_updated":
            if area is None or data["area_code"] == area:
                for c in data["campaigns"]:
                    print(f"{data['at']} {data['area_code']} ({data['level']}) "
                          f"{c['campaign_id']}: {c['reached']}/{c['target']} reached "
                          f"({c['coverage']:.1%}), {c['not_yet_assigned']} not assigned")
        elif event["type"] == "reporting.request_overdue":
            print(f"overdue: request {data['request_id']} in {data['grid_code']} "
                  f"({data['category']}, due {data['due_at']})")
        else:
            print(f"daily report {data['area_code']} {data['day']} "
                  f"revision {data['revision']}")
        ch.basic_ack(method.delivery_tag)

    channel.basic_qos(prefetch_count=100)
    channel.basic_consume(queue, on_message)
    print(f"listening on {EXCHANGE}; Ctrl-C to stop")
    try:
        channel.start_consuming()
    except KeyboardInterrupt:
        connection.close()


if __name__ == "__main__":
    main()
