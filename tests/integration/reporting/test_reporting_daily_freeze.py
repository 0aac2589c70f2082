"""The set-based freeze of daily reports on the real database: the frozen figures equal
what GET /areas/{code}/figures computes for every area, the events match the contract
and the rows, a crash between chunks resumes without duplicates, re-issues are exactly
once per change (even when a batch commits while a re-issue runs), and the day's
closing waits for live batches under way."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

import eventlet
import pytest
from sqlalchemy import insert, select, text

from services.common.contracts import load_payload
from services.common.envelope import parse_envelope
from services.common.outbox import Outbox
from services.reporting import clock
from services.reporting.adapters import frozen_figures, locks
from services.reporting.adapters.models import (
    MESSAGING,
    Area,
    Campaign,
    Counter,
    DailyReport,
    ReportReissue,
    Request,
)
from services.reporting.use_cases import daily
from services.reporting.use_cases.figures import area_figures
from tests.support.amqp import wait_until
from tests.support.servers import database

DAY = date(2031, 5, 12)
AT_CUTOFF = datetime(2031, 5, 12, 12, 0, tzinfo=UTC)     # 20:00 in Shanghai
CUTOFF = clock.cutoff("20:00")
CITY = "9901"
SH = clock.tz()


@pytest.fixture
def db(clean_reporting_db):
    yield from database(clean_reporting_db)


@pytest.fixture
def outbox():
    return Outbox("reporting", MESSAGING)


def _tree() -> list[dict]:
    rows = [dict(code=CITY, level="city", parent_code=None, path=CITY),
            dict(code="990101", level="district", parent_code=CITY, path=f"{CITY}/990101"),
            dict(code="99010101", level="street", parent_code="990101",
                 path=f"{CITY}/990101/99010101")]
    for c in range(2):
        community = f"99010101{c:02d}"
        rows.append(dict(code=community, level="community", parent_code="99010101",
                         path=f"{rows[2]['path']}/{community}"))
        for g in range(3):
            grid = f"{community}-G{g}"
            rows.append(dict(code=grid, level="grid", parent_code=community,
                             path=f"{rows[2]['path']}/{community}/{grid}"))
    return [{**r, "name": f"{r['level']} {r['code']}", "version": 1} for r in rows]


def _grid_counters(grid: str, rnd: random.Random) -> dict[tuple, int]:
    out: dict[tuple, int] = {}

    def put(metric, value, *, campaign="", dim="", day=DAY):
        if value:
            key = (grid, campaign, dim, metric, day)
            out[key] = out.get(key, 0) + value

    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
        put("households", rnd.randint(1, 40), day=day)
        put("households.residence", rnd.randint(0, 30), day=day)
        put("households.rental", rnd.randint(0, 9), day=day)
        put("residents", rnd.randint(0, 90), day=day)
        put("residents.elderly_alone", rnd.randint(0, 5), day=day)
        put("residents.returnee", rnd.choice((0, 0, 2)), day=day)
        for campaign in ("c1", "c2"):
            for metric in ("hh.target", "hh.assigned", "hh.reached", "hh.not_home",
                           "hh.refused", "hh.vacant", "hh.follow_up", "hh.first_reached",
                           "people.found", "people.registered", "visits", "visits.reached",
                           "visits.not_home", "discrepancies.open", "hazards",
                           "hazards.high"):
                put(metric, rnd.randint(0, 7), campaign=campaign, day=day)
            for dim in ("", "category:medical", "category:housing"):
                for metric in ("requests.raised", "requests.resolved", "requests.closed",
                               "requests.overdue", "requests.open", "requests.overdue_open"):
                    put(metric, rnd.randint(0, 3), campaign=campaign, dim=dim, day=day)
                put("requests.resolve_seconds", rnd.randint(0, 200_000), campaign=campaign,
                    dim=dim, day=day)
        for dim in ("", "unit:u1", "unit:u2", "order:o1", "task:door_to_door",
                    "task:checkpoint"):
            for metric in ("shifts.scheduled", "shifts.filled", "shifts.understaffed",
                           "shifts.cancelled", "pt.promised", "pt.scheduled",
                           "pt.delivered", "pt.no_show"):
                put(metric, rnd.randint(0, 6), dim=dim, day=day)
    return out


def seed(db) -> list[dict]:
    """A street of two communities and six grids with figures of three days, rolled up
    to every ancestor as the projector does; one grid has none, one a coverage of 1/32."""
    rnd = random.Random(14)
    tree = _tree()
    paths = {a["code"]: a["path"] for a in tree}
    grids = [a["code"] for a in tree if a["level"] == "grid"]
    counters: dict[tuple, int] = {}
    for grid in grids[:-1]:
        for (area, cp, dim, metric, day), value in _grid_counters(grid, rnd).items():
            for code in paths[area].split("/"):
                key = (code, cp, dim, metric, day)
                counters[key] = counters.get(key, 0) + value
    counters[(grids[0], "c3", "", "hh.target", DAY)] = 32
    counters[(grids[0], "c3", "", "hh.reached", DAY)] = 1
    resolved = [timedelta(hours=5), timedelta(hours=30, minutes=7), timedelta(hours=2)]
    with db.transaction() as session:
        session.execute(insert(Area), tree)
        session.execute(insert(Counter), [
            {"area_code": a, "campaign": c, "dim": d, "metric": m, "day": day, "value": v}
            for (a, c, d, m, day), v in counters.items()])
        session.add(Campaign(campaign_id="c1", name="三询问一完善", start=DAY, end=DAY,
                             households=0, grid_codes=grids))
        raised = datetime(2031, 5, 10, 1, tzinfo=UTC)
        for i, grid in enumerate(grids[:4]):
            for j, took in enumerate(resolved[: i + 1]):
                session.add(Request(
                    request_id=f"r{i}{j}", grid_code=grid, area_path=paths[grid],
                    campaign_id="c1", category="medical", urgency="normal",
                    status="resolved", raised_at=raised, due_at=raised, changed_at=raised,
                    resolved_at=raised + took, version=1))
        # resolved at 23:59 local on DAY: counted; at 00:01 the next day: not
        for rid, at in (("edge-in", datetime(2031, 5, 12, 15, 59, tzinfo=UTC)),
                        ("edge-out", datetime(2031, 5, 12, 16, 1, tzinfo=UTC))):
            session.add(Request(
                request_id=rid, grid_code=grids[0], area_path=paths[grids[0]],
                campaign_id=None, category="housing", urgency="normal", status="resolved",
                raised_at=datetime(2031, 5, 11, tzinfo=UTC), due_at=raised,
                changed_at=raised, resolved_at=at, version=1))
    return tree


def frozen(db, revision: int = 1) -> dict[str, dict]:
    with db.transaction() as session:
        return {r.area_code: r.figures for r in session.execute(
            select(DailyReport).where(DailyReport.day == DAY,
                                      DailyReport.revision == revision)).scalars()}


def live(db, code: str) -> dict:
    with db.transaction() as session:
        return json.loads(json.dumps(area_figures(session, session.get(Area, code), DAY)))


def events(db) -> list[dict]:
    with db.transaction() as session:
        bodies = session.execute(text("select body from outbox order by seq")).scalars()
        return [json.loads(b) for b in bodies]


def test_frozen_figures_equal_the_live_figures_of_every_area(db, outbox):
    tree = seed(db)
    assert daily.close_day(db, outbox, AT_CUTOFF, CUTOFF, SH, chunk=4) == len(tree)
    reports = frozen(db)
    assert set(reports) == {a["code"] for a in tree}
    for area in tree:
        assert reports[area["code"]] == live(db, area["code"]), area["code"]
    grid = reports[tree[4]["code"]]
    assert [c["campaign_id"] for c in grid["coverage"]] == ["c1", "c2", "c3"]
    assert grid["coverage"][2]["coverage"] == round(1 / 32, 4)
    # r00 (5 h) and edge-in (39 h 59 min); edge-out was resolved the next local day
    assert grid["requests"]["median_hours_to_resolve"] == 22.49
    assert reports[tree[-1]["code"]]["registry"] == {
        "households": 0, "households_by_kind": {}, "residents": 0, "residents_by_tag": {}}
    assert reports[CITY]["effort"]["by_unit"][1]["unit_id"] == "u2"


def test_events_follow_the_contract_and_equal_the_rows(db, outbox):
    tree = seed(db)
    daily.close_day(db, outbox, AT_CUTOFF, CUTOFF, SH, chunk=3)
    sent = events(db)
    assert len(sent) == len(tree)
    reports = frozen(db)
    with db.transaction() as session:
        ids = {code: event_id for code, event_id in session.execute(
            select(DailyReport.area_code, DailyReport.event_id))}
    for body in sent:
        env = parse_envelope(json.dumps(body).encode())
        data = load_payload(env.type, env.data)
        assert env.type == "reporting.daily_report_published"
        assert env.subject == data["area_code"] and env.id == ids[data["area_code"]]
        assert (data["day"], data["revision"]) == (DAY, 1)
        assert data["figures"] == reports[data["area_code"]]
        level = next(a["level"] for a in tree if a["code"] == data["area_code"])
        assert data["level"] == level


def test_a_crash_between_chunks_resumes_without_duplicates(db, outbox, monkeypatch):
    tree = seed(db)
    real = frozen_figures.write_reports
    calls = []

    def crash_on_the_third_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ConnectionError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(daily, "write_reports", crash_on_the_third_chunk)
    with pytest.raises(ConnectionError):
        daily.close_day(db, outbox, AT_CUTOFF, CUTOFF, SH, chunk=3)
    assert len(frozen(db)) == 6                          # two chunks committed
    monkeypatch.setattr(daily, "write_reports", real)
    assert daily.close_day(db, outbox, AT_CUTOFF, CUTOFF, SH, chunk=3) == len(tree) - 6
    assert daily.close_day(db, outbox, AT_CUTOFF, CUTOFF, SH, chunk=3) == 0
    assert len(frozen(db)) == len(tree)
    sent = [e["data"]["area_code"] for e in events(db)]
    assert sorted(sent) == sorted(a["code"] for a in tree)
    with db.transaction() as session:
        assert session.execute(text("select frozen and frozen_at is not null "
                                    "from report_days")).scalar_one() is True


def _late_change(session, codes: list[str], value: int = 1) -> None:
    """What a live batch writes for a visit of the closed day: the counters of the grid
    and its ancestors and a re-issue mark for each (Projector.finish / _mark)."""
    locks.share(session)
    for code in codes:
        session.execute(text(
            "insert into counters values (:a, 'c1', '', 'visits', :d, :v) on conflict "
            "(area_code, campaign, dim, metric, day) do update set value = "
            "counters.value + excluded.value"), {"a": code, "d": DAY, "v": value})
    session.execute(insert(ReportReissue), [{"area_code": c, "day": DAY} for c in codes])


def _visits(figures: dict) -> int:
    return next(c for c in figures["coverage"] if c["campaign_id"] == "c1")["visits"]["day"]


def test_reissue_is_exactly_once_per_change_even_while_a_batch_commits(db, outbox):
    tree = seed(db)
    daily.close_day(db, outbox, AT_CUTOFF, CUTOFF, SH)
    grid = tree[4]
    chain = grid["path"].split("/")
    before = _visits(frozen(db)[grid["code"]])
    with db.transaction() as session:
        _late_change(session, chain)
    # a second batch is under way (not committed) while the re-issue runs: its marks
    # are not the re-issue's to take, and its change is not in revision 2
    with db.sessionmaker() as batch, batch.begin():
        _late_change(batch, chain, value=10)
        assert daily.reissue(db, outbox) == len(chain)
    assert {c: _visits(f) for c, f in frozen(db, 2).items()}[grid["code"]] == before + 1
    assert daily.reissue(db, outbox) == len(chain)        # the batch's own marks
    assert _visits(frozen(db, 3)[grid["code"]]) == before + 11
    assert daily.reissue(db, outbox) == 0
    assert len(frozen(db, 3)) == len(chain) and not frozen(db, 4)
    revisions = [(e["data"]["area_code"], e["data"]["revision"]) for e in events(db)]
    assert len(revisions) == len(set(revisions)) == len(tree) + 2 * len(chain)


def test_closing_the_day_waits_for_the_live_batch_under_way(db, outbox):
    tree = seed(db)
    grid = tree[4]
    chain = grid["path"].split("/")
    before = live(db, grid["code"])
    with db.sessionmaker() as batch:
        batch.begin()
        _late_change(batch, chain, value=5)   # started before the cut-off: no mark yet
        batch.execute(text("delete from report_reissues"))
        closing = eventlet.spawn(daily.close_day, db, outbox, AT_CUTOFF, CUTOFF, SH)
        wait_until(lambda: _waiting_for_the_projection_lock(db), timeout=30,
                   what="the closing waits for the batch")
        batch.commit()
    assert closing.wait() == len(tree)
    assert _visits(frozen(db)[grid["code"]]) == _visits(before) + 5


def _waiting_for_the_projection_lock(db) -> bool:
    with db.transaction() as session:
        return bool(session.execute(text(
            "select count(*) from pg_locks where locktype = 'advisory' and not granted "
            "and objid = :k and database = (select oid from pg_database where "
            "datname = current_database())"), {"k": locks.PROJECTION_LOCK}).scalar())


def test_a_batch_between_the_closing_and_the_freeze_makes_no_second_revision(db, outbox):
    tree = seed(db)
    grid = tree[4]
    chain = grid["path"].split("/")
    before = _visits(live(db, grid["code"]))
    # what the timer's closing does first; a batch then commits before the chunks read
    # the counters: it marks a re-issue, and its change is in revision 1 already
    assert daily._close(db, DAY, AT_CUTOFF)
    with db.transaction() as session:
        _late_change(session, chain, value=3)
    assert daily.close_day(db, outbox, AT_CUTOFF, CUTOFF, SH) == len(tree)
    assert _visits(frozen(db)[grid["code"]]) == before + 3
    assert daily.reissue(db, outbox) == 0
    assert not frozen(db, 2)
    with db.transaction() as session:
        assert not session.execute(select(ReportReissue)).first()
    assert len(events(db)) == len(tree)
