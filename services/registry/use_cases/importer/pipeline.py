"""Reading and validating the next chunk while the database loads the current one.

Parsing is Python work, loading is PostgreSQL work: on two cores they overlap. psycopg2
releases the GIL while it waits for the server, so a plain thread is enough. Under
eventlet (tests) the thread is green and the two simply take turns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def in_background(produce: Iterator[T], *, depth: int = 2) -> Iterator[T]:
    """Items of `produce`, made by a worker thread at most `depth` ahead of the consumer.

    An exception in the worker is raised in the consumer; closing this generator (the
    consumer failed or stopped) stops the worker and waits for it.
    """
    items: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in produce:
                if not hand_over(item):
                    return
            hand_over(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, re-raised there
            hand_over(_Failure(exc))
        finally:
            close = getattr(produce, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=work, name="import-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        worker.join()
