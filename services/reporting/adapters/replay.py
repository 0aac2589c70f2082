"""Reading the history stream for a rebuild: in batches, one thread ahead of the projection.

A rebuild spent more than half its time reading the stream, mostly waiting for the broker
and acknowledging one message at a time. Here a reader thread fetches the next batches
while the projection writes the current one (their waits overlap), and grants the broker
credit once per batch (`basic_ack(multiple)`; a stream keeps its messages whatever is
acknowledged, acks only let it send more). At most `ahead` batches wait in memory.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from services.common import brokers
from services.common.history import History

_END = object()


@dataclass(frozen=True)
class _Failed:
    error: BaseException


def batches(history: History, until: str, size: int, *, ahead: int = 2,
            idle_timeout: float = 30.0) -> Iterator[list[bytes]]:
    """Bodies from the start of the stream up to the marker `until` (excluded), in lists
    of `size`. Raises TimeoutError if nothing arrives for `idle_timeout` seconds before the
    marker (retention cut it, or the broker stalled), and any error of the reader."""
    out: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()
    reader = threading.Thread(target=_read, args=(history, until, size, idle_timeout, out,
                                                  stop),
                              daemon=True, name="reporting-rebuild-reader")
    reader.start()
    try:
        while True:
            item = out.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        reader.join(timeout=idle_timeout)


def _read(history: History, until: str, size: int, idle_timeout: float, out: queue.Queue,
          stop: threading.Event) -> None:
    def put(item) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    conn = None
    try:
        # any node of a cluster (AMQP_URI may list them)
        conn = brokers.connect(history.amqp_uri, connect_timeout=5,
                               client_properties={"connection_name": "wangge-rebuild"})
        channel = conn.channel()
        channel.basic_qos(0, 2 * size, False)  # a stream consumer needs a prefetch
        arrived: list = []
        channel.basic_consume(history.stream, no_ack=False, callback=arrived.append,
                              arguments={"x-stream-offset": "first"})
        batch: list[bytes] = []
        unacked = 0
        while not stop.is_set():
            try:
                conn.drain_events(timeout=idle_timeout)
            except TimeoutError:
                raise TimeoutError(f"history stream {history.stream}: nothing for "
                                   f"{idle_timeout}s before the marker") from None
            for message in arrived:
                if message.properties.get("message_id") == until:
                    if not batch or put(batch):
                        put(_END)
                    return
                batch.append(message.body)
            if arrived:
                unacked += len(arrived)
                if unacked >= size:
                    channel.basic_ack(arrived[-1].delivery_tag, multiple=True)
                    unacked = 0
                arrived.clear()
            if len(batch) >= size:
                if not put(batch):
                    return
                batch = []
    except BaseException as exc:  # noqa: BLE001 - handed to the rebuild, which raises it
        put(_Failed(exc))
    finally:
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - the read is over either way
            pass
