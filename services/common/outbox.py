"""Transactional outbox: events are written with the state change, a relay publishes them."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    BigInteger,
    and_,
    any_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from services.common import config
from services.common.contracts import CONTRACTS, dump_payload
from services.common.db import OUTBOX_DIRTY, Database
from services.common.envelope import CONTENT_TYPE, SPECVERSION, Envelope, new_envelope
from services.common.messaging_tables import MessagingTables
from services.common.publisher import BatchResult, ConfirmingPublisher, Outgoing, SentBatch

log = logging.getLogger(__name__)

UNROUTED_NOTIFICATION_HOURS = "OUTBOX_UNROUTED_NOTIFICATION_HOURS"


def unrouted_notification_hours() -> float:
    """How long an unrouted row of an event that is not retained (a notification nobody
    subscribed to) is kept after its publication (default 1 h; 0: as long as the others).
    Nobody will ever read it: at reporting's rate of coverage_updated, a week of them was
    millions of rows, kept only to be deleted."""
    value = float(config._env(UNROUTED_NOTIFICATION_HOURS, "1"))
    if value < 0:
        raise ValueError(f"{UNROUTED_NOTIFICATION_HOURS} must be 0 (as the retention) "
                         "or a number of hours")
    return value


class _Claim:
    """Rows locked by one relay transaction, from claim until marked or rolled back."""

    def __init__(self, session: Session, rows: list) -> None:
        self.session = session
        self.rows = rows
        self.sent: SentBatch | None = None

    def outgoing(self) -> list[Outgoing]:
        return [Outgoing(r.event_id, r.exchange, r.routing_key, r.body.encode())
                for r in self.rows]


def _seqs(values: list[int]):
    # one array parameter (`seq = ANY(:seqs)`) instead of thousands of IN (...) parameters
    return bindparam(None, values, type_=ARRAY(BigInteger))


def _abandon(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


class Outbox:
    """Writes a service's events into its outbox, inside the caller's transaction."""

    def __init__(self, service: str, tables: MessagingTables) -> None:
        self.service = service
        self.table = tables.outbox
        self.source = f"wangge/{service}"
        # unnest keeps the arrays' order, so seq (the relay's publishing order) follows it;
        # a value too long for its varchar column still fails (an assignment cast)
        self._insert_many = text(
            f"insert into {self.table.name} (event_id, type, exchange, routing_key, body) "
            "select * from unnest(cast(:ids as text[]), cast(:types as text[]), "
            "cast(:exchanges as text[]), cast(:keys as text[]), cast(:bodies as text[]))")

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
        if len(envelopes) == 1:
            e = envelopes[0]
            session.execute(insert(self.table), {
                "event_id": e.id, "type": e.type, "exchange": f"{e.service}.events",
                "routing_key": e.name, "body": e.to_json().decode()})
        else:
            # five array parameters: SQLAlchemy's multi-row VALUES compiles and binds five
            # parameters per row, a visible share of a visits batch's CPU (1,500 events)
            session.execute(self._insert_many, {
                "ids": [e.id for e in envelopes], "types": [e.type for e in envelopes],
                "exchanges": [f"{e.service}.events" for e in envelopes],
                "keys": [e.name for e in envelopes],
                "bodies": [e.to_json().decode() for e in envelopes]})
        session.info[OUTBOX_DIRTY] = True


    # -- events the database computes itself --------------------------------------------
    def insert_select(self, name: str, rows: str) -> str:
        """SQL writing one `<service>.<name>` event per row of `rows`, a CTE or subquery
        with columns `event_id` (text), `subject` (text) and `data` (jsonb, the payload):
        for events computed set-based inside PostgreSQL (thousands in one statement, no
        row through Python). The body is the envelope `Envelope.to_dict` writes. The
        payload does not pass through the contract's schema: the caller's tests check
        what it builds against the contract. Bind `outbox_params(name)` with it and
        call `written(session)` after it."""
        return (
            f"insert into {self.table.name} (event_id, type, exchange, routing_key, body) "
            "select r.event_id, :outbox_type, :outbox_exchange, :outbox_key, "
            "jsonb_build_object('specversion', :outbox_spec, 'id', r.event_id, "
            "'source', :outbox_source, 'type', :outbox_type, 'time', :outbox_time, "
            "'datacontenttype', :outbox_content, 'subject', r.subject, "
            f"'data', r.data)::text from {rows} as r")

    def outbox_params(self, name: str, *, time: datetime | None = None) -> dict:
        return {"outbox_type": f"{self.service}.{name}",
                "outbox_exchange": f"{self.service}.events", "outbox_key": name,
                "outbox_spec": SPECVERSION, "outbox_source": self.source,
                "outbox_content": CONTENT_TYPE,
                "outbox_time": (time or datetime.now(UTC)).astimezone(UTC).isoformat()}

    @staticmethod
    def written(session: Session) -> None:
        """Events were inserted by SQL of the caller's own: wake the relay at commit."""
        session.info[OUTBOX_DIRTY] = True


class OutboxRelay:
    """Publishes pending outbox rows in batches with confirms, then marks them sent.

    Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances of a service can
    relay side by side and never publish a row twice at the same time. A row is marked only
    after the broker confirmed it; if the broker is down the transaction rolls back and the
    rows go out once it returns.

    While there is more work than one batch, batches are pipelined: batch N+1 is claimed
    (its rows locked in a transaction of its own) while the broker confirms batch N, and
    batch N is marked and committed while the broker works on N+1. The database and the
    broker work at the same time instead of taking turns, and the broker receives the
    batches in seq order on one channel. A batch is sent only once the one before it was
    confirmed, so when a batch fails, nothing after it has gone out.
    """

    def __init__(self, db: Database, tables: MessagingTables, publisher: ConfirmingPublisher,
                 *, batch_size: int = 2000, poll_interval: float = 0.5,
                 retention_hours: float = 0.0,
                 unrouted_hours: float | None = None) -> None:
        self.db = db
        self.table = tables.outbox
        self.publisher = publisher
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.retention_hours = retention_hours
        # Only a retained event's unrouted row is kept (for republish_unrouted once its
        # subscriber binds); a notification's, or a row of no contract (reporting's
        # freeze probes), is pruned like a routed one: otherwise the outbox of a service
        # whose notifications nobody subscribes to grows without end.
        self.retained = sorted(t for t, c in CONTRACTS.items() if c.retained)
        # and such an unrouted notification goes much sooner (prune)
        self.unrouted_hours = unrouted_notification_hours() if unrouted_hours is None \
            else unrouted_hours
        self._last_prune = float("-inf")
        self._wake = threading.Event()
        self._running = False
        self._stopped = False  # a stop is final (a relay process whose service is gone)
        self.published = 0
        self.unrouted = 0
        self._unrouted_unreported = 0
        self._last_unrouted_notice = float("-inf")

    def wake(self) -> None:
        self._wake.set()

    # -- one batch: claim, publish, mark -----------------------------------------------
    def _claim(self) -> _Claim | None:
        """Lock the oldest pending rows no other relay holds, in a transaction kept open
        until they are marked (or rolled back, which releases them for a retry)."""
        t = self.table
        session = self.db.sessionmaker()
        try:
            rows = session.execute(
                select(t.c.seq, t.c.event_id, t.c.exchange, t.c.routing_key, t.c.body)
                .where(t.c.published_at.is_(None))
                .order_by(t.c.seq)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
        except BaseException:
            _abandon(session)
            raise
        if not rows:
            _abandon(session)
            return None
        return _Claim(session, rows)

    def _finish(self, claim: _Claim, result: BatchResult) -> int:
        """Mark what the broker confirmed (or returned) and commit; nacked rows stay
        pending with one more attempt counted."""
        t = self.table
        seq_of = {r.event_id: r.seq for r in claim.rows}
        done = [seq_of[i] for i in result.confirmed | result.returned if i in seq_of]
        returned = [seq_of[i] for i in result.returned if i in seq_of]
        nacked = [seq_of[i] for i in result.nacked if i in seq_of]
        session = claim.session
        try:
            if done:
                routed = case((t.c.seq == any_(_seqs(returned)), False), else_=True) \
                    if returned else True
                session.execute(update(t).where(t.c.seq == any_(_seqs(done))).values(
                    published_at=datetime.now(UTC), routed=routed, attempts=t.c.attempts + 1))
            if nacked:
                session.execute(update(t).where(t.c.seq == any_(_seqs(nacked)))
                                .values(attempts=t.c.attempts + 1))
            session.commit()
        finally:
            _abandon(session)
        if returned:
            self._notice_unrouted(len(returned))
        self.published += len(done) - len(returned)
        self.unrouted += len(returned)
        return len(done)

    def relay_once(self) -> int:
        """Publish one batch and mark it; returns how many rows went out."""
        claim = self._claim()
        if claim is None:
            return 0
        try:
            result = self.publisher.wait(self.publisher.send(claim.outgoing()))
        except BaseException:
            _abandon(claim.session)
            raise
        return self._finish(claim, result)

    def relay_available(self) -> int:
        """Publish until a claim comes back empty (nothing more is visible, or other
        relays hold the rest), pipelining the batches; returns how many rows went out."""
        current = self._claim()
        if current is None:
            return 0
        confirmed: tuple[_Claim, BatchResult] | None = None
        following: _Claim | None = None
        total = 0
        try:
            current.sent = self.publisher.send(current.outgoing())
            while True:
                if confirmed is not None:  # while the broker works on `current`
                    done, confirmed = confirmed, None
                    total += self._finish(*done)
                # claimed even after a short batch: under a steady stream of commits the
                # next rows are usually there, and looking costs one query the broker's
                # confirms are waited for anyway
                following = self._claim()
                confirmed = (current, self.publisher.wait(current.sent))
                current = None
                if following is None:
                    done, confirmed = confirmed, None
                    return total + self._finish(*done)
                following.sent = self.publisher.send(following.outgoing())
                current, following = following, None
        except BaseException:
            if confirmed is not None:
                # the broker has these: marking them spares consumers a duplicate
                try:
                    self._finish(*confirmed)
                except Exception:  # noqa: BLE001 - rolled back: published again later
                    log.warning("outbox relay: could not mark a confirmed batch; its events "
                                "will be published again (consumers deduplicate)")
            for claim in (current, following):
                if claim is not None:
                    _abandon(claim.session)
            raise

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
            sent = self.relay_available()
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

    PRUNE_CHUNK = 10_000  # rows per transaction

    def prune(self, *, chunk: int = PRUNE_CHUNK, max_chunks: int | None = None) -> int:
        """Delete rows published more than `retention_hours` ago, a chunk per transaction
        (short locks, no long vacuum debt), at most `max_chunks` chunks. An unrouted row
        of a retained event stays until it is republished; one of a notification (its
        contract says not retained) goes after `unrouted_hours` (or like a routed one,
        whichever comes first). → how many were deleted."""
        t = self.table
        now = datetime.now(UTC)
        not_retained = t.c.type.not_in(self.retained)
        old_enough = []
        if self.retention_hours:
            old_enough.append(and_(
                t.c.published_at < now - timedelta(hours=self.retention_hours),
                or_(t.c.routed.is_(True), not_retained)))
        if self.unrouted_hours:
            old_enough.append(and_(
                t.c.published_at < now - timedelta(hours=self.unrouted_hours),
                t.c.routed.is_(False), not_retained))
        if not old_enough:
            return 0
        total = chunks = 0
        while max_chunks is None or chunks < max_chunks:
            with self.db.transaction() as session:
                old = select(t.c.seq).where(or_(*old_enough)) \
                    .order_by(t.c.seq).limit(chunk).scalar_subquery()
                deleted = session.execute(delete(t).where(t.c.seq.in_(old))).rowcount
            total += deleted
            chunks += 1
            if deleted < chunk:
                break
        return total

    PRUNE_EVERY = 600.0  # seconds
    PRUNE_CHUNKS = 10    # per round, so a first prune of a long-kept outbox does not hold up
    #                      publishing: rounds follow each other 5 s apart until it is done

    def _prune_now_and_then(self) -> None:
        now = time.monotonic()
        if not (self.retention_hours or self.unrouted_hours) \
                or now - self._last_prune < self.PRUNE_EVERY:
            return
        self._last_prune = now
        try:
            pruned = self.prune(max_chunks=self.PRUNE_CHUNKS)
        except Exception as exc:  # noqa: BLE001 - tried again next round
            log.warning("outbox: pruning published rows failed: %s", exc)
            return
        if pruned:
            log.info("outbox: %d published row(s) deleted (routed or retained after %gh, "
                     "unrouted notifications after %gh)", pruned, self.retention_hours,
                     self.unrouted_hours)
        if pruned >= self.PRUNE_CHUNKS * self.PRUNE_CHUNK:
            self._last_prune = now - self.PRUNE_EVERY + 5.0

    def run_forever(self) -> None:
        self._running = True
        backoff = self.poll_interval
        while self._running and not self._stopped:
            # cleared before looking, so a commit that wakes the relay while it works is
            # not lost: the wait below then returns at once
            self._wake.clear()
            try:
                self.relay_available()
                backoff = self.poll_interval
            except Exception as exc:  # noqa: BLE001 - broker or database away: retry later
                self.publisher.close()
                log.warning("outbox relay: %s; retrying in %.1fs", exc, backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            self._prune_now_and_then()
            # relay_available() returns only once a claim came back empty: wait for the
            # next commit (or the poll, for rows committed by other processes)
            self._wake.wait(self.poll_interval)

    def stop(self) -> None:
        self._stopped = True
        self._running = False
        self._wake.set()
