"""The daily report frozen at the cut-off is the live figure: events queued before the
cut-off but not yet projected (a backlog, a batch in flight) are in revision 1, and no
revision follows unless something really arrives late (finding 8 of issue 11)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text

from services.reporting import clock
from services.reporting.adapters import locks
from services.reporting.adapters.models import Area, DailyReport, ReportDay
from services.reporting.use_cases import daily, freeze_probes
from services.reporting.use_cases.figures import area_figures
from tests.support.amqp import wait_until

from . import world as w
from .helpers import coverage, publish, wait_area, wait_figures

CUTOFF_NOW = datetime(2031, 5, 12, 12, 0, tzinfo=UTC)    # 20:00 in Shanghai
PER_GRID = 300
TREE = (w.CITY, w.DISTRICT, w.STREET, w.COMMUNITY, w.G1, w.G2)


def _frozen(db) -> bool:
    with db.transaction() as session:
        day = session.get(ReportDay, w.DAY)
        return bool(day and day.frozen)


def _reports(db) -> dict[tuple[str, int], dict]:
    with db.transaction() as session:
        return {(r.area_code, r.revision): r.figures for r in session.execute(
            select(DailyReport).where(DailyReport.day == w.DAY)).scalars()}


def _live(db) -> dict[str, dict]:
    with db.transaction() as session:
        return {code: json.loads(json.dumps(area_figures(session, session.get(Area, code),
                                                         w.DAY))) for code in TREE}


def test_revision_1_has_everything_queued_before_the_cutoff_and_nothing_follows(
        producer, reporting, reporting_backbone, outside):
    backbone = reporting_backbone
    outside.listen("reporting.events", "daily_report_published")
    publish(producer, w.areas())
    wait_area(reporting, w.G2)
    publish(producer, w.households(w.G1, PER_GRID, 1000) + w.households(w.G2, PER_GRID, 5000)
            + [w.campaign(2 * PER_GRID)])
    wait_figures(reporting, w.CITY, w.DAY, lambda f: coverage(f, w.CAMPAIGN)
                 .get("target") == 2 * PER_GRID, "campaign target")

    # A backlog at the cut-off: the visits are queued, but reporting's consumers are held
    # back (the projection lock, as a rebuild holds it) until the cut-off has passed.
    burst = [e for grid in (w.G1, w.G2) for n in range(PER_GRID)
             for e in w.visit(grid, n, "reached" if n % 3 else "refused", f"{grid}-{n}")]
    held = backbone.db.engine.connect()
    try:
        locks.take(held)
        held.commit()
        publish(producer, burst)
    finally:
        locks.release(held)
        held.commit()
        held.close()

    with backbone.db.transaction() as session:  # a long-frozen day's probe: dropped
        session.execute(text("insert into freeze_probes values (:d, 'visits', 't', now(), "
                             "now(), now())"), {"d": w.DAY - timedelta(days=31)})
    # the service's timer does this every 10 s; here at the cut-off instant, more often
    deadline = time.monotonic() + 60
    while not _frozen(backbone.db):
        assert time.monotonic() < deadline, "the day was never frozen"
        daily.close_day(backbone.db, backbone.outbox, CUTOFF_NOW, clock.cutoff("20:00"),
                        clock.tz(), wait_for=freeze_probes.CONSUMERS)
        time.sleep(0.1)

    # the moment of freezing: every queued visit is projected, and revision 1 says so
    live = _live(backbone.db)
    assert coverage(live[w.CITY], w.CAMPAIGN)["visits"]["to_date"] == 2 * PER_GRID
    reports = _reports(backbone.db)
    for code in TREE:
        assert reports[(code, 1)] == live[code], code

    # no revision follows: nothing arrived late
    assert daily.reissue(backbone.db, backbone.outbox) == 0
    assert set(_reports(backbone.db)) == {(code, 1) for code in TREE}
    with backbone.db.transaction() as session:
        assert session.execute(text("select count(*) from report_reissues")).scalar() == 0
        assert session.execute(text("select count(*) from freeze_probes "
                                    "where seen_at is null")).scalar() == 0
        assert not session.execute(text("select 1 from freeze_probes where day = :d"),
                                   {"d": w.DAY - timedelta(days=31)}).first()
    def ours(ms):  # the service's own timer freezes the real clock's days too
        return [m for m in ms if m["data"]["day"] == w.DAY.isoformat()]

    seen = ours(outside.wait_for("reporting.events", lambda ms: len(ours(ms)) >= len(TREE),
                                 timeout=30))
    assert sorted((m["data"]["area_code"], m["data"]["revision"]) for m in seen) == \
        sorted((code, 1) for code in TREE)
    for m in seen:
        assert m["data"]["figures"] == live[m["data"]["area_code"]]
    # the probes were neither events nor rejections
    with backbone.db.transaction() as session:
        assert session.execute(text("select count(*) from rejected_events")).scalar() == 0
    wait_until(lambda: outside.queue_depth("reporting.visits") == 0, timeout=10,
               what="reporting.visits drained")
