"""每日一报: at the cut-off each area's figures of the local day are frozen and published;
a late event that changes a closed day re-issues that day's report with revision + 1.

Both steps are plain functions of (database, outbox, now): the service's timer calls them
every few seconds with the real clock, tests call them with the instant they need.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from services.common.db import Database
from services.common.outbox import Outbox
from services.common.web import NotFound

from . import locks
from .figures import area_figures
from .models import Area, DailyReport, ReportDay, ReportReissue

log = logging.getLogger(__name__)


def report_day(now: datetime, cutoff: time, tz: tzinfo) -> date:
    """The latest local day whose cut-off has passed at `now`."""
    local = now.astimezone(tz)
    return local.date() if local.time() >= cutoff else local.date() - timedelta(days=1)


def _issue(session: Session, outbox: Outbox, area: Area, day: date) -> int:
    revision = (session.execute(select(func.max(DailyReport.revision)).where(
        DailyReport.area_code == area.code, DailyReport.day == day)).scalar() or 0) + 1
    figures = area_figures(session, area, day)
    env = outbox.add(session, "daily_report_published", {
        "area_code": area.code, "level": area.level, "name": area.name, "day": day,
        "revision": revision, "figures": figures}, subject=area.code)
    session.add(DailyReport(area_code=area.code, day=day, revision=revision, figures=figures,
                            event_id=env.id))
    return revision


def close_day(db: Database, outbox: Outbox, now: datetime, cutoff: time, tz: tzinfo,
              *, chunk: int = 500) -> int:
    """Freeze every area's report of the day whose cut-off passed, once.

    The day is marked closed first, so an event arriving while the areas are frozen
    already marks its re-issue; areas go in chunks of their own transaction (a city has
    140,000 grids), and a crash half-way resumes with the areas not frozen yet."""
    day = report_day(now, cutoff, tz)
    with db.transaction() as session:
        closed = session.get(ReportDay, day)
        if closed is not None and closed.frozen:
            return 0
        if closed is None:
            session.add(ReportDay(day=day, closed_at=now, frozen=False))
    issued, after = 0, ""
    while True:
        with db.transaction() as session:
            locks.share(session)
            areas = list(session.execute(
                select(Area).where(Area.path > after).order_by(Area.path).limit(chunk)
            ).scalars())
            if not areas:
                session.get(ReportDay, day).frozen = True
                break
            done = set(session.execute(select(DailyReport.area_code).where(
                DailyReport.day == day, DailyReport.area_code.in_([a.code for a in areas])
            )).scalars())
            for area in areas:
                if area.code not in done:
                    _issue(session, outbox, area, day)
                    issued += 1
            after = areas[-1].path
    if issued:
        log.info("daily reports of %s frozen: %d area(s)", day, issued)
    return issued


def reissue(db: Database, outbox: Outbox, *, limit: int = 500) -> int:
    """Re-issue the reports of closed days that late events changed."""
    with db.transaction() as session:
        locks.share(session)
        due = session.execute(select(ReportReissue.area_code, ReportReissue.day)
                              .order_by(ReportReissue.day, ReportReissue.area_code)
                              .limit(limit).with_for_update(skip_locked=True)).all()
        for code, day in due:
            session.execute(delete(ReportReissue).where(ReportReissue.area_code == code,
                                                        ReportReissue.day == day))
            area = session.get(Area, code)
            if area is not None:
                _issue(session, outbox, area, day)
        return len(due)


def get_report(session: Session, area_code: str, day: date, revision: int | None = None
               ) -> DailyReport:
    query = select(DailyReport).where(DailyReport.area_code == area_code,
                                      DailyReport.day == day)
    if revision is not None:
        query = query.where(DailyReport.revision == revision)
    report = session.execute(query.order_by(DailyReport.revision.desc()).limit(1)).scalar()
    if report is None:
        raise NotFound("daily report", f"{area_code} {day}"
                       + (f" revision {revision}" if revision else ""))
    return report


def child_reports(session: Session, report: DailyReport) -> list[DailyReport]:
    """The latest revision of each child area's report of the same day (table rows)."""
    children = select(Area.code).where(Area.parent_code == report.area_code)
    latest = (select(DailyReport.area_code, func.max(DailyReport.revision).label("rev"))
              .where(DailyReport.day == report.day, DailyReport.area_code.in_(children))
              .group_by(DailyReport.area_code).subquery())
    return list(session.execute(
        select(DailyReport).join(latest, (DailyReport.area_code == latest.c.area_code)
                                 & (DailyReport.revision == latest.c.rev))
        .where(DailyReport.day == report.day).order_by(DailyReport.area_code)).scalars())
