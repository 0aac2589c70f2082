"""How many event batches a service runs at once: the rest of its workers stay for HTTP.

nameko runs HTTP requests and event batches in one pool of MAX_WORKERS workers. When
batches filled it (several per queue, each a long transaction waiting on the others' row
locks), requests, /health included, queued behind them and the API stopped answering
(issue 11, finding 1). Consumers of a service share `MAX_WORKERS - HTTP_RESERVED_WORKERS`
slots (at least one; reserved by default: half the pool, at least two): a batch starts
only with a free slot, and messages arriving meanwhile wait, acknowledged by nobody, in
their consumer's buffer until a batch ends.
"""

from __future__ import annotations

import threading


def reserved_for_http(config: dict, max_workers: int) -> int:
    configured = config.get("HTTP_RESERVED_WORKERS")
    if configured not in (None, ""):
        return max(0, int(configured))
    return max(2, max_workers // 2)


class BatchSlots:
    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self.used = 0
        self._lock = threading.Lock()

    @classmethod
    def for_container(cls, container) -> BatchSlots:
        workers = container.max_workers
        return cls(workers - reserved_for_http(container.config, workers))

    def take(self, *, force: bool = False) -> bool:
        """One slot, if one is free (``force``: even if none is, for the last batch of a
        consumer that stops)."""
        with self._lock:
            if self.used >= self.size and not force:
                return False
            self.used += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.used = max(0, self.used - 1)
