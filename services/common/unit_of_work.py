"""One transaction of a use case: its session and the events it stages.

A use case takes a `UnitOfWork` (or, where it only publishes, an `EventSink`), reads and
writes through `uow.session`, and says what happened with `uow.events.add(name, data,
subject)`. The events reach the outbox table together when the unit of work is flushed,
inside the same transaction as the rows they describe (the outbox pattern), so nothing is
published for work that rolled back, and a use case's summary can go out before its
details (staged `at` the `uow.events.mark()` taken when the use case began). Tests hand
use cases the same `Events` over an `Outbox` that never flushes: the payloads are checked
against their contracts all the same, without a server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from services.common.envelope import Envelope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from services.common.db import Database
    from services.common.outbox import Outbox


class EventSink(Protocol):
    """Whatever takes a use case's events: `Events`, or a batch's own stager."""

    def add(self, name: str, data: dict, subject: str | None = None, *,
            at: int | None = None) -> Envelope: ...


class Events:
    """The events of one unit of work, in the order they are to be published."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self.staged: list[Envelope] = []

    def mark(self) -> int:
        """Where the events staged from now on begin: a use case takes it when it begins
        and stages its summary `at` it, so the summary goes out before its own details
        but after whatever the unit of work staged before the use case."""
        return len(self.staged)

    def add(self, name: str, data: dict, subject: str | None = None, *,
            at: int | None = None) -> Envelope:
        envelope = self.outbox.envelope(name, data, subject=subject)
        if at is None:
            self.staged.append(envelope)
        else:
            self.staged.insert(at, envelope)
        return envelope

    def extend(self, envelopes: list[Envelope]) -> None:
        """Stage events already made (another stager's, accepted whole), after these."""
        self.staged.extend(envelopes)

    def names(self) -> list[str]:
        return [e.name for e in self.staged]

    def flush(self, session: Session) -> None:
        self.outbox.add_envelopes(session, self.staged)
        self.staged = []


class UnitOfWork:
    """A session and its staged events; `flush` writes the events into the outbox."""

    def __init__(self, session: Session, outbox: Outbox) -> None:
        self.session = session
        self.events = Events(outbox)

    def flush(self) -> None:
        self.events.flush(self.session)

    @classmethod
    @contextmanager
    def begin(cls, db: Database, outbox: Outbox) -> Iterator[UnitOfWork]:
        """A new transaction: committed with its events if the block ends normally, rolled
        back with none of them otherwise."""
        with db.transaction() as session:
            uow = cls(session, outbox)
            yield uow
            uow.flush()

    @classmethod
    @contextmanager
    def within(cls, session: Session, outbox: Outbox) -> Iterator[UnitOfWork]:
        """Inside a transaction someone else owns (an inbound batch's savepoint): the
        events are flushed into it when the block ends normally."""
        uow = cls(session, outbox)
        yield uow
        uow.flush()
