"""What reporting tells its subscribers: overdue requests (once each) and coalesced
coverage updates (at most one per area per tick of the 1-second timer)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common.db import Database
from services.common.outbox import Outbox
from services.common.unit_of_work import EventSink, UnitOfWork
from services.reporting import clock
from services.reporting.adapters import locks
from services.reporting.adapters.models import Area, DirtyArea, OverdueNotice, Request
from services.reporting.adapters.projector import Projector
from services.reporting.domain.core import local_day
from services.reporting.domain.requests import OPEN
from services.reporting.use_cases.figures import coverage_now

log = logging.getLogger(__name__)


def overdue_notifier(session: Session, events: EventSink) -> Callable[[dict, str], None]:
    """Record the notice and publish reporting.request_overdue, unless already sent.

    `events`: the unit of work's stager (the timer's detect_overdue), or the live
    projection's batch stager (services/reporting/adapters/consuming.py), flushed after
    the batch's projection."""

    def notify(request: dict, source: str) -> None:
        day = request["overdue_day"]
        at = clock.now() if source == "timer" else request["changed_at"]
        sent = session.execute(insert(OverdueNotice).values(
            request_id=request["request_id"], day=day, at=at, source=source)
            .on_conflict_do_nothing().returning(OverdueNotice.request_id)).first()
        if sent is None:
            return
        path = session.execute(select(Area.path).where(Area.code == request["grid_code"])
                               ).scalar()
        events.add("request_overdue", {
            "request_id": request["request_id"], "grid_code": request["grid_code"],
            "area_path": path.split("/") if path else [request["grid_code"]],
            "campaign_id": request["campaign_id"], "category": request["category"],
            "urgency": request["urgency"], "status": request["status"],
            "raised_at": request["raised_at"], "due_at": request["due_at"], "day": day,
            "source": source}, subject=request["request_id"])

    return notify


def detect_overdue(db: Database, outbox: Outbox, now: datetime, *, limit: int = 500) -> int:
    """Requests past their due time and still open: marked overdue (figures of today)
    and announced. Returns how many."""
    with UnitOfWork.begin(db, outbox) as uow:
        session = uow.session
        locks.share(session)
        ids = list(session.execute(
            select(Request.request_id).where(Request.overdue_day.is_(None),
                                             Request.status.in_(OPEN), Request.due_at < now)
            .order_by(Request.due_at).limit(limit).with_for_update(skip_locked=True)
        ).scalars())
        if not ids:
            return 0
        projector = Projector(session, tz=clock.tz(), live=True)
        notify = overdue_notifier(session, uow.events)
        day = local_day(now, clock.tz())
        for request_id in ids:
            state = projector.mark_overdue(request_id, day)
            if state is not None:
                notify(state, "timer")
        projector.finish()
        return len(ids)


def publish_coverage(db: Database, outbox: Outbox, now: datetime, *, limit: int = 2000
                     ) -> int:
    """One coverage_updated per area marked since the last tick, with its figures."""
    with UnitOfWork.begin(db, outbox) as uow:
        session = uow.session
        locks.share(session)
        areas = list(session.execute(
            select(DirtyArea.area_code).order_by(DirtyArea.area_code).limit(limit)
            .with_for_update(skip_locked=True)).scalars())
        if not areas:
            return 0
        session.execute(delete(DirtyArea).where(DirtyArea.area_code.in_(areas)))
        levels = dict(session.execute(select(Area.code, Area.level)
                                      .where(Area.code.in_(areas))).all())
        # staged, so the tick's events reach the outbox in one insert, not one per area
        for area, campaigns in coverage_now(session, areas).items():
            if area in levels:
                uow.events.add("coverage_updated", {"area_code": area, "level": levels[area],
                                                    "at": now, "campaigns": campaigns},
                               subject=area)
        return len(areas)
