"""每日一报: at the cut-off each area's figures of the local day are frozen and published;
a late event that changes a closed day re-issues that day's report with revision + 1.

Both steps are plain functions of (database, outbox, now): the service's timer calls them
every few seconds with the real clock, tests call them with the instant they need.
"""

from __future__ import annotations

import logging
import time as _time
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common.db import Database
from services.common.errors import NotFound
from services.common.outbox import Outbox
from services.reporting import clock
from services.reporting.adapters import locks
from services.reporting.adapters.frozen_figures import write_reports
from services.reporting.adapters.models import Area, DailyReport, ReportDay, ReportReissue
from services.reporting.use_cases import freeze_probes

log = logging.getLogger(__name__)


def report_day(now: datetime, cutoff: time, tz: tzinfo) -> date:
    """The latest local day whose cut-off has passed at `now`."""
    local = now.astimezone(tz)
    return local.date() if local.time() >= cutoff else local.date() - timedelta(days=1)


DAILY_LOCK = 0x44415931  # "DAY1": one writer of daily reports at a time


def _writer(session: Session) -> None:
    """For this transaction: no rebuild under way (the projection lock, shared, as live
    batches take it) and no other writer of daily reports (scaled instances all run the
    timer; two writers would both count revision n + 1). Live batches never take the
    second lock, so they never wait on a freeze."""
    locks.share(session)
    session.execute(text("select pg_advisory_xact_lock(:k)"), {"k": DAILY_LOCK})


def _open(db: Database, day: date) -> bool:
    with db.transaction() as session:
        return session.get(ReportDay, day) is None


def _close(db: Database, day: date, now: datetime) -> bool:
    """Mark `day` closed; False if its reports are frozen already.

    The projection lock, taken exclusively for this one insert, is a barrier: every
    live batch under way (they hold it shared) commits before the day is marked, and
    every later batch sees the mark, so it marks its changes to the day for re-issue.
    Without it a batch that read `report_days` just before the mark and committed just
    after the freeze read the counters would be in no revision at all. Consumption waits
    for at most the batch already running, once a day."""
    with db.transaction() as session:
        closed = session.get(ReportDay, day)
        if closed is not None:
            return not closed.frozen
    with db.transaction() as session:
        session.execute(text("select pg_advisory_xact_lock(:k)"),
                        {"k": locks.PROJECTION_LOCK})
        session.execute(insert(ReportDay).values(day=day, closed_at=now, frozen=False)
                        .on_conflict_do_nothing())
    return True


def close_day(db: Database, outbox: Outbox, now: datetime, cutoff: time, tz: tzinfo,
              *, chunk: int = 5000, wait_for: tuple[str, ...] = ()) -> int:
    """Freeze every area's report of the day whose cut-off passed, once; returns how
    many reports were written.

    With `wait_for` (consumer names; the service passes all of them), nothing is frozen
    until those consumers have projected what their queues held at the cut-off
    (`freeze_probes`): until then this returns 0 and the next tick looks again.

    The day is marked closed first (see `_close`), so an event arriving while the areas
    are frozen already marks its re-issue. Areas then go `chunk` at a time, each chunk
    one statement in its own short transaction (`frozen_figures`): no transaction holds
    locks for long, and a crash half-way resumes with the areas that have no report for
    the day yet (revision 1 is written at most once: the report's key includes it)."""
    day = report_day(now, cutoff, tz)
    if wait_for and _open(db, day) and not freeze_probes.caught_up(
            db, outbox, day, now, wait_for):
        return 0
    if not _close(db, day, now):
        return 0
    started = _time.monotonic()
    issued, after = 0, ""
    while True:
        with db.transaction() as session:
            _writer(session)
            codes = list(session.execute(select(Area.code).where(Area.code > after)
                                         .order_by(Area.code).limit(chunk)).scalars())
            if not codes:
                session.execute(update(ReportDay).where(ReportDay.day == day)
                                .values(frozen=True, frozen_at=func.now()))
                break
            issued += write_reports(session, outbox, FREEZE_TARGETS,
                                    {"codes": codes, "day": day}, tz=_tzname(tz))
            after = codes[-1]
    if issued:
        log.info("daily reports of %s frozen: %d area(s) in %.1fs", day, issued,
                 _time.monotonic() - started)
    return issued


FREEZE_TARGETS = """targets as (
  select a.code, cast(:day as date) as day, 1 as revision from areas a
  where a.code = any(cast(:codes as varchar[]))
    and not exists (select 1 from daily_reports d
                    where d.area_code = a.code and d.day = cast(:day as date)))"""

# The marks this statement's snapshot sees are deleted by the statement that reads the
# counters of the same snapshot: a batch committing meanwhile keeps its own marks (it is
# invisible here), and its change goes into the next revision. Exactly once per change.
REISSUE_TARGETS = """due as (
  select seq from report_reissues where seq <= :upto order by seq limit :limit
  for update skip locked),
gone as (
  delete from report_reissues m using due where m.seq = due.seq
  returning m.area_code, m.day),
targets as (
  select g.area_code as code, g.day, coalesce((
      select max(d.revision) from daily_reports d
      where d.area_code = g.area_code and d.day = g.day), 0) + 1 as revision
  from (select distinct area_code, day from gone) as g)"""


def reissue(db: Database, outbox: Outbox, *, limit: int = 5000) -> int:
    """Re-issue the reports of closed days that late events changed (revision + 1), in
    chunks of `limit` marks per transaction; returns how many were re-issued. Marks made
    while it runs wait for the next tick, so a steady flow of late events cannot keep it
    going."""
    with db.transaction() as session:
        upto = session.execute(select(func.max(ReportReissue.seq))).scalar()
    total = 0
    while upto is not None:
        with db.transaction() as session:
            _writer(session)
            if session.execute(select(ReportReissue.seq).where(ReportReissue.seq <= upto)
                               .limit(1)).first() is None:
                break
            total += write_reports(session, outbox, REISSUE_TARGETS,
                                   {"limit": limit, "upto": upto}, tz=_tzname(clock.tz()))
    return total


def _tzname(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


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
