"""Engines, sessions and the one-transaction-per-unit-of-work rule."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

OUTBOX_DIRTY = "wangge_outbox_dirty"


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    # hide_parameters: a failed statement's message otherwise lists its bound values (names,
    # phones), and that message goes to logs and into dead letters' error header.
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                         hide_parameters=True, future=True)


def ensure_database(url: str) -> None:
    """Create the service's database if it does not exist (local runs and tests)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("select 1 from pg_database where datname = :n"),
                                  {"n": target.database}).scalar()
            if not exists:
                conn.execute(text(f'create database "{target.database}"'))
    finally:
        admin.dispose()


class Database:
    """A service's database: a session factory whose commits wake the outbox relay."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self._commit_listeners: list[Callable[[], None]] = []
        self._notify: str | None = None
        event.listen(self.sessionmaker, "after_commit", self._after_commit)
        event.listen(self.sessionmaker, "before_commit", self._before_commit)

    def on_outbox_commit(self, listener: Callable[[], None]) -> None:
        self._commit_listeners.append(listener)

    def notify_on_outbox_commit(self, sql: str) -> None:
        """Also send `sql` (a NOTIFY) in every transaction that wrote outbox rows, for a
        relay in another process (services/common/relay.py): PostgreSQL delivers it at
        commit, once the rows are visible, and never for a rolled-back transaction."""
        self._notify = sql

    def _before_commit(self, session: Session) -> None:
        if self._notify and session.info.get(OUTBOX_DIRTY):
            session.execute(text(self._notify))

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(OUTBOX_DIRTY, False):
            for listener in self._commit_listeners:
                listener()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit on success, roll back on any exception: nothing is half-written."""
        with self.sessionmaker() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
