"""Reading the history stream with a small prefetch: the cumulative acks every half
prefetch are the stream consumer's credit, so the read reaches the marker (a reader that
stopped granting credit would stall after `prefetch` messages and time out)."""

from __future__ import annotations

import pika


def test_a_read_with_a_small_prefetch_reaches_the_marker_in_order(history_stream, amqp_uri):
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    channel.confirm_delivery()
    bodies = [f'{{"n": {n}}}'.encode() for n in range(50)]
    for body in bodies:
        channel.basic_publish("", history_stream.stream, body,
                              pika.BasicProperties(delivery_mode=2))
    conn.close()
    marker = history_stream.mark_tail()
    read = list(history_stream.read(marker, prefetch=6, idle_timeout=10))
    assert [body for _offset, body in read] == bodies
    assert [offset for offset, _body in read] == sorted(offset for offset, _body in read)
