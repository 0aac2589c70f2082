"""Transactional outbox: events are written with the state change, a relay publishes them."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.orm import Session

from .contracts import dump_payload
from .db import OUTBOX_DIRTY, Database
from .envelope import Envelope, new_envelope
from .messaging_tables import MessagingTables
from .publisher import ConfirmingPublisher, Outgoing

log = logging.getLogger(__name__)


class Outbox:
    """Writes a service's events into its outbox, inside the caller's transaction."""

    def __init__(self, service: str, tables: MessagingTables) -> None:
        self.service = service
        self.table = tables.outbox
        self.source = f"wangge/{service}"

    def envelope(self, name: str, data: dict, *, subject: str | None = None,
                 time: datetime | None = None) -> Envelope:
        type_ = f"{self.service}.{name}"
        return new_envelope(type_, dump_payload(type_, data), source=self.source,
                            subject=subject, time=time)

    def add(self, session: Session, name: str, data: dict, *, subject: str | None = None,
            time: datetime | None = None) -> Envelope:
        env = self.envelope(name, data, subject=subject, time=time)
        self.add_envelopes(session, [env])
        return env

    def add_envelopes(self, session: Session, envelopes: list[Envelope]) -> None:
        if not envelopes:
            return
        session.execute(insert(self.table), [
            {"event_id": e.id, "type": e.type, "exchange": f"{e.service}.events",
             "routing_key": e.name, "body": e.to_json().decode()}
            for e in envelopes
        ])
        session.info[OUTBOX_DIRTY] = True


class OutboxRelay:
    """Publishes pending outbox rows in batches with confirms, then marks them sent.

    Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances of a service can
    relay side by side. A row is marked only after the broker confirmed it; if the broker
    is down the transaction rolls back and the rows go out once it returns.
    """

    def __init__(self, db: Database, tables: MessagingTables, publisher: ConfirmingPublisher,
                 *, batch_size: int = 500, poll_interval: float = 0.5) -> None:
        self.db = db
        self.table = tables.outbox
        self.publisher = publisher
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._wake = threading.Event()
        self._running = False
        self.published = 0
        self.unrouted = 0
        self._unrouted_unreported = 0
        self._last_unrouted_notice = float("-inf")

    def wake(self) -> None:
        self._wake.set()

    def relay_once(self) -> int:
        t = self.table
        with self.db.transaction() as session:
            rows = session.execute(
                select(t.c.seq, t.c.event_id, t.c.exchange, t.c.routing_key, t.c.body)
                .where(t.c.published_at.is_(None))
                .order_by(t.c.seq)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            result = self.publisher.publish_batch([
                Outgoing(r.event_id, r.exchange, r.routing_key, r.body.encode()) for r in rows
            ])
            done = result.confirmed | result.returned
            if result.returned:
                self._notice_unrouted(len(result.returned))
            if done:
                session.execute(
                    update(t).where(t.c.event_id.in_(done)).values(
                        published_at=datetime.now(UTC),
                        routed=case((t.c.event_id.in_(result.returned or {""}), False),
                                    else_=True),
                        attempts=t.c.attempts + 1,
                    )
                )
            if result.nacked:
                session.execute(update(t).where(t.c.event_id.in_(result.nacked))
                                .values(attempts=t.c.attempts + 1))
            self.published += len(result.confirmed)
            self.unrouted += len(result.returned)
            return len(done)

    def _notice_unrouted(self, count: int) -> None:
        # One warning a minute at most: a service whose events nobody subscribes to yet
        # (a fresh deployment) would otherwise log one line per event.
        self._unrouted_unreported += count
        now = time.monotonic()
        if now - self._last_unrouted_notice >= 60:
            log.warning("outbox: %d event(s) unroutable (no queue bound) since the last "
                        "notice; kept with routed=false", self._unrouted_unreported)
            self._unrouted_unreported = 0
            self._last_unrouted_notice = now

    def pending(self) -> int:
        t = self.table
        with self.db.transaction() as session:
            return session.execute(
                select(func.count()).select_from(t).where(t.c.published_at.is_(None))
            ).scalar_one()

    def lag(self) -> tuple[int, float]:
        """(unpublished rows, age in seconds of the oldest one): the relay's backlog, which
        /metrics reports (a growing age means the broker or the relay is stuck)."""
        t = self.table
        with self.db.transaction() as session:
            count, oldest = session.execute(
                select(func.count(), func.min(t.c.created_at)).where(t.c.published_at.is_(None))
            ).one()
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest is not None else 0.0
        return count, max(age, 0.0)

    def drain(self, timeout: float = 30.0) -> None:
        """Publish until nothing is pending (tests, CLI tools)."""
        deadline = time.monotonic() + timeout
        while True:
            sent = self.relay_once()
            if not sent and not self.pending():
                return
            if time.monotonic() > deadline:
                raise TimeoutError("outbox still has pending events")
            if not sent:
                # the rows are held by another relay (the service's own thread): wait for
                # it instead of spinning on the database
                time.sleep(0.05)

    def republish_unrouted(self) -> int:
        """Queue again the events the broker returned as unroutable (routed=false), e.g.
        once the missing consumer has bound its queue. Returns how many."""
        t = self.table
        with self.db.transaction() as session:
            count = session.execute(
                update(t).where(t.c.routed.is_(False))
                .values(published_at=None, routed=None)
            ).rowcount
            if count:
                session.info[OUTBOX_DIRTY] = True
        return count

    def run_forever(self) -> None:
        self._running = True
        backoff = self.poll_interval
        while self._running:
            try:
                sent = self.relay_once()
                backoff = self.poll_interval
            except Exception as exc:  # noqa: BLE001 - broker or database away: retry later
                self.publisher.close()
                log.warning("outbox relay: %s; retrying in %.1fs", exc, backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if sent < self.batch_size:
                self._wake.wait(self.poll_interval)
                self._wake.clear()

    def stop(self) -> None:
        self._running = False
        self._wake.set()
