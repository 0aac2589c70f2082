"""Whether a service's event consumers are alive, for /health, and which database errors
are a collision between transactions rather than a fault of the message.

Each EventConsumer keeps a `Progress`: whether it is connected to the broker, how many
messages it holds that are neither acknowledged nor parked, and when it last finished a
batch. A consumer holding messages with no batch finished for `EVENT_STALL_SECONDS`
(default 120) is stalled: /health answers 503 naming it, instead of reporting a service
healthy whose queue has stopped moving (or hanging with it).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psycopg2.errors

# PostgreSQL's deadlock_detected and serialization_failure: the transaction lost a race
# with another one; run again, it succeeds. Not the message's fault, so it must not cost
# one of the message's attempts (issue 11, finding 1).
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
TRANSIENT_ERRORS = (psycopg2.errors.DeadlockDetected, psycopg2.errors.SerializationFailure)
DEFAULT_STALL_SECONDS = 120.0


def is_transient(error: BaseException | None) -> bool:
    """A deadlock or serialization failure, wrapped by SQLAlchemy or not, or as the cause
    of another exception."""
    seen = 0
    while error is not None and seen < 10:
        original = getattr(error, "orig", None) or error
        if isinstance(original, TRANSIENT_ERRORS) \
                or getattr(original, "pgcode", None) in TRANSIENT_SQLSTATES:
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


@dataclass
class Progress:
    """One consumer's liveness, updated by the consumer, read by /health."""

    queue: str
    stall_seconds: float = DEFAULT_STALL_SECONDS
    clock: object = time.monotonic
    connected: bool = False
    held: int = 0
    last_progress: float = field(default=0.0)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.last_progress = self.clock()

    def connection(self, up: bool) -> None:
        self.connected = up
        if up:  # what was held on the old connection went back to the broker
            with self._lock:
                self.held = 0
                self.last_progress = self.clock()

    def received(self, count: int = 1) -> None:
        with self._lock:
            if self.held == 0:  # the clock of a stall starts with the first message held
                self.last_progress = self.clock()
            self.held += count

    def settled(self, count: int) -> None:
        """`count` messages acknowledged, parked or handed back to the broker."""
        with self._lock:
            self.held = max(0, self.held - count)
            self.last_progress = self.clock()

    def problem(self) -> str | None:
        if not self.connected:
            return "not connected to the broker (retrying)"
        idle = self.clock() - self.last_progress
        if self.held and idle > self.stall_seconds:
            return (f"stalled: {self.held} message(s) held with no batch finished for "
                    f"{idle:.0f}s")
        return None


_consumers: dict[str, dict[str, Progress]] = {}
_registry_lock = threading.Lock()


def register(service: str, progress: Progress) -> None:
    with _registry_lock:
        _consumers.setdefault(service, {})[progress.queue] = progress


def unregister(service: str, progress: Progress) -> None:
    with _registry_lock:
        mine = _consumers.get(service, {})
        if mine.get(progress.queue) is progress:
            del mine[progress.queue]


def problems(service: str) -> dict[str, str]:
    """queue → what is wrong with its consumer, for every consumer of the service."""
    with _registry_lock:
        progress = list(_consumers.get(service, {}).values())
    return {p.queue: reason for p in progress if (reason := p.problem()) is not None}
