"""Drop the read models and rebuild them from the retained history (the stream).

1. Take the projection lock exclusively: live batches and timers wait (their messages stay
   unacknowledged in their queues), so nothing writes figures meanwhile.
2. Truncate the read models and the live consumers' inbox rows. Reporting's own outputs
   (daily reports, closed days, overdue notices) are kept: what was published stays so.
3. Append a marker to the stream and read it from `first` up to the marker, through the
   same parsing and projections as the live consumers, in batches, recording each event
   id in the inbox under the consumer that would have received it live. Overdue notices
   the timer sent are replayed among the events at their time.
4. Release the lock. Live consumption resumes: events still queued that the stream had
   before the marker are duplicates for the inbox; those after it are new.

Figures are partial while a rebuild runs (GET /health says `rebuilding`): the price of
one set of tables instead of shadow copies swapped at the end.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects.postgresql import insert

from services.common.db import Database
from services.common.history import History
from services.common.inbound import Incoming, Rejected
from services.reporting.adapters import bulk, locks, replay
from services.reporting.adapters.consuming import parse
from services.reporting.adapters.models import MESSAGING, READ_MODELS, Rebuild
from services.reporting.adapters.projector import Projector, kept_notices

log = logging.getLogger(__name__)
CONSUMERS = ("registry", "dispatch", "visits", "accounts")


def rebuild(db: Database, history: History, *, tz: tzinfo, batch_size: int = 5000,
            progress: Callable[[int], None] | None = None) -> dict:
    """Run a whole rebuild; returns {id, events, skipped, seconds}."""
    if not history.enabled:
        raise RuntimeError("no history stream configured (HISTORY_STREAM is empty)")
    started = time.monotonic()
    with db.engine.connect() as lock_conn:
        locks.take(lock_conn)
        lock_conn.commit()
        try:
            with db.transaction() as session:
                run_id = session.execute(insert(Rebuild).values(status="running", events=0,
                                                                skipped=0)
                                         .returning(Rebuild.id)).scalar_one()
            try:
                events, skipped = _replay(db, history, tz, batch_size, run_id, progress)
            except Exception as exc:
                with db.transaction() as session:
                    session.execute(update(Rebuild).where(Rebuild.id == run_id).values(
                        status="failed", finished_at=datetime.now(UTC),
                        error=f"{type(exc).__name__}: {exc}"[:2000]))
                raise
            with db.transaction() as session:
                session.execute(update(Rebuild).where(Rebuild.id == run_id).values(
                    status="done", finished_at=datetime.now(UTC), events=events,
                    skipped=skipped))
        finally:
            locks.release(lock_conn)
            lock_conn.commit()
    seconds = time.monotonic() - started
    log.info("rebuild %d: %d events (%d skipped) in %.1fs", run_id, events, skipped, seconds)
    return {"id": run_id, "events": events, "skipped": skipped, "seconds": round(seconds, 2)}


def _replay(db: Database, history: History, tz: tzinfo, batch_size: int, run_id: int,
            progress) -> tuple[int, int]:
    with db.transaction() as session:
        session.execute(text(f"truncate {', '.join(READ_MODELS)}"))
        session.execute(delete(MESSAGING.inbox).where(MESSAGING.inbox.c.consumer
                                                      .in_(CONSUMERS)))
        notices = kept_notices(session)
    marker = history.mark_tail()
    events = skipped = 0
    pending = iter(notices)
    notice = next(pending, None)
    for chunk in replay.batches(history, marker, batch_size):
        with db.transaction() as session:
            parsed = []
            for body in chunk:
                try:
                    parsed.append(parse(Incoming(body=body)))
                except Rejected:
                    skipped += 1  # not ours, or refused live too: nothing to project
            fresh = _record(session, parsed)
            todo = [(env, payload) for env, payload in parsed if env.id in fresh
                    and not fresh.discard(env.id)]
            projector = Projector(session, tz=tz, live=False)
            projector.prefetch([(env.type, payload) for env, payload in todo])
            for env, payload in todo:
                while notice is not None and notice[0] <= env.time:
                    projector.mark_overdue(notice[1], notice[2])
                    notice = next(pending, None)
                projector.apply(env.type, payload, env.time)
            projector.finish()
            events += len(todo)
            skipped += len(parsed) - len(todo)
            session.execute(update(Rebuild).where(Rebuild.id == run_id)
                            .values(events=events, skipped=skipped))
        if progress is not None:
            progress(events)
    with db.transaction() as session:
        projector = Projector(session, tz=tz, live=False)
        while notice is not None:
            projector.mark_overdue(notice[1], notice[2])
            notice = next(pending, None)
        projector.finish()
    return events, skipped


def _record(session, parsed: list) -> set[str]:
    if not parsed:
        return set()
    # with the envelope's time, as the live inbox records it: retention prunes by it
    rows = {env.id: {"consumer": env.service, "event_id": env.id, "event_type": env.type,
                     "event_time": env.time, "outcome": "applied"} for env, _ in parsed}
    return set(bulk.insert_new(session, MESSAGING.inbox, list(rows.values()),
                               returning="event_id"))


def latest(db: Database) -> dict | None:
    with db.transaction() as session:
        run = session.execute(select(Rebuild).order_by(Rebuild.id.desc()).limit(1)).scalar()
        if run is None:
            return None
        return {"id": run.id, "status": run.status, "started_at": run.started_at,
                "finished_at": run.finished_at, "events": run.events,
                "skipped": run.skipped, "error": run.error}


class Rebuilder:
    """Runs one rebuild at a time in a background thread of the service."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, db: Database, history: History, tz: tzinfo) -> bool:
        with self._lock:
            if self.running:
                return False
            self._thread = threading.Thread(target=self._run, args=(db, history, tz),
                                            daemon=True, name="reporting-rebuild")
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @staticmethod
    def _run(db: Database, history: History, tz: tzinfo) -> None:
        try:
            rebuild(db, history, tz=tz)
        except Exception:  # noqa: BLE001 - kept in the rebuilds table; the service goes on
            log.exception("rebuild failed")
