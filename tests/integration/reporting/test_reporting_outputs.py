"""What reporting publishes and serves: coalesced coverage updates to an outside pika
subscriber, the daily report at the cut-off and its re-issue after a late visit (HTTP,
CSV/XLSX, CLI), and a rebuild from the history stream equal to the live figures."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook
from typer.testing import CliRunner

from services.cli.main import app
from services.reporting import clock
from services.reporting.use_cases import daily
from tests.support.amqp import wait_until

from . import world as w
from .helpers import coverage, district, get, post, publish, settled, wait_figures

CUTOFF_NOW = datetime(2031, 5, 12, 12, 0, tzinfo=UTC)    # 20:00 in Shanghai


def test_an_outside_subscriber_gets_coalesced_coverage_updates(producer, reporting, outside):
    outside.listen("reporting.events", "coverage_updated")
    publish(producer, w.areas())
    wait_until(lambda: get(reporting, f"/areas/{w.G1}")[0] == 200, what="areas")
    publish(producer, w.households(w.G1, 40, 1000) + [w.campaign(40)])
    visits = []
    for n in range(40):
        visits += w.visit(w.G1, n, "reached", f"cv-{n}")
    publish(producer, visits)
    seen = outside.wait_for("reporting.events", lambda ms: any(
        m["data"]["area_code"] == w.CITY and m["data"]["campaigns"]
        and m["data"]["campaigns"][0]["reached"] == 40 for m in ms), timeout=30)
    grid = [m["data"] for m in seen if m["data"]["area_code"] == w.G1]
    # 120 visit events changed the grid's coverage; the subscriber got a few updates
    assert 1 <= len(grid) < 20
    last = grid[-1]["campaigns"][0]
    assert (last["campaign_id"], last["target"], last["reached"], last["coverage"]) == \
        (w.CAMPAIGN, 40, 40, 1.0)
    levels = {m["data"]["area_code"]: m["data"]["level"] for m in seen}
    assert levels[w.COMMUNITY] == "community" and levels[w.CITY] == "city"
    for area in levels:
        stamps = [m["data"]["at"] for m in seen if m["data"]["area_code"] == area]
        assert len(stamps) == len(set(stamps)), "two updates of one area in one tick"


def test_daily_report_at_cutoff_and_reissue_after_a_late_visit(
        producer, reporting, reporting_backbone, outside, tmp_path):
    outside.listen("reporting.events", "daily_report_published")
    district(producer, reporting)
    wait_figures(reporting, w.CITY, w.DAY, settled, "every event projected")
    bb = reporting_backbone
    frozen = daily.close_day(bb.db, bb.outbox, CUTOFF_NOW, clock.cutoff("20:00"), clock.tz())
    assert frozen == 6                                  # city … community, two grids
    assert daily.close_day(bb.db, bb.outbox, CUTOFF_NOW, clock.cutoff("20:00"),
                           clock.tz()) == 0             # once a day
    seen = outside.wait_for("reporting.events", lambda ms: len(ms) >= 6)
    g1 = [m["data"] for m in seen if m["data"]["area_code"] == w.G1][0]
    assert (g1["day"], g1["revision"]) == (w.DAY.isoformat(), 1)
    assert coverage(g1["figures"], w.CAMPAIGN)["reached"] == 1

    # a visit of that day arrives after the cut-off: the day's reports are re-issued
    publish(producer, w.visit(w.G1, 2, "reached", "late-1"))
    wait_figures(reporting, w.G1, w.DAY,
                 lambda f: coverage(f, w.CAMPAIGN)["reached"] == 2, "the late visit")
    assert daily.reissue(bb.db, bb.outbox) == 5         # G1 and its four ancestors
    seen = outside.wait_for("reporting.events", lambda ms: len(ms) >= 11, seen=seen)
    again = {m["data"]["area_code"]: m["data"] for m in seen if m["data"]["revision"] == 2}
    assert set(again) == {w.G1, w.COMMUNITY, w.STREET, w.DISTRICT, w.CITY}
    assert coverage(again[w.CITY]["figures"], w.CAMPAIGN)["reached"] == 3

    status, latest = get(reporting, f"/reports/daily/{w.COMMUNITY}/{w.DAY}")
    assert status == 200 and latest["revision"] == 2
    status, first = get(reporting, f"/reports/daily/{w.COMMUNITY}/{w.DAY}?revision=1")
    assert coverage(first["figures"], w.CAMPAIGN)["reached"] == 2
    status, body = get(reporting, f"/reports/daily/{w.COMMUNITY}/{w.DAY}?format=xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    header = [c.value for c in sheet[2]]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert header[:3] == ["区域编码", "区域名称", "户数"]
    assert [r[0] for r in rows] == [w.G1, w.G2, "合计"]
    reached = header.index("已走访")
    assert [r[reached] for r in rows] == [2, 1, 3]
    status, missing = get(reporting, f"/reports/daily/{w.COMMUNITY}/2031-05-13")
    assert status == 404 and "not found" in missing["error"]
    status, bad = get(reporting, f"/reports/daily/{w.COMMUNITY}/yesterday")
    assert status == 400 and "day" in bad["errors"]

    runner = CliRunner()
    env = {"REPORTING_URL": reporting.base_url}
    out = tmp_path / "report.csv"
    result = runner.invoke(app, ["report", "daily", w.COMMUNITY, str(w.DAY), "--format",
                                 "csv", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("区域编码,区域名称") and lines[-1].startswith("合计")
    result = runner.invoke(app, ["report", "daily", w.G1, str(w.DAY)], env=env)
    assert result.exit_code == 0 and "已走访" in result.output
    result = runner.invoke(app, ["report", "daily", w.G1, "2031-13-40"], env=env)
    assert result.exit_code == 2 and "not a date" in result.output


def test_not_reached_list_of_a_grid(producer, reporting):
    district(producer, reporting)
    wait_figures(reporting, w.CITY, w.DAY, settled, "every event projected")
    status, body = get(reporting, f"/grids/{w.G1}/not-reached?campaign={w.CAMPAIGN}")
    assert status == 200
    assert [(h["household_code"], h["state"], h["attempts"]) for h in body["households"]] \
        == [(w.household_code(w.G1, 1), "not_home", 1),
            (w.household_code(w.G1, 2), "not_assigned", 0)]
    status, body = get(reporting, f"/grids/{w.COMMUNITY}/not-reached?campaign=x")
    assert status == 400 and "not a grid" in body["error"]
    status, body = get(reporting, f"/grids/{w.G1}/not-reached")
    assert status == 400 and "campaign" in body["errors"]


def test_a_rebuild_from_the_history_equals_the_live_figures(producer, reporting,
                                                            reporting_sql):
    district(producer, reporting)
    publish(producer, [w.request("r1", w.G2, "resolved", 2, kind="resolved",
                                 at=w.NOON.replace(hour=9))])
    wait_figures(reporting, w.CITY, w.DAY, lambda f: f["requests"]["resolved"]["day"] == 1
                 and f["requests"]["open"] == 1
                 and coverage(f, w.CAMPAIGN).get("visits", {}).get("to_date") == 3
                 and f["effort"]["totals"]["pt_scheduled"]["day"] == 3,
                 "every event projected")
    wait_until(lambda: reporting_sql("select count(*) as n from inbox")[0]["n"]
               == len(producer.sent), what="every event in the inbox")
    counters = "select * from counters where value <> 0 order by 1, 2, 3, 4, 5"
    live = reporting_sql(counters)
    live_states = reporting_sql("select * from campaign_households order by 1, 2")
    # the inbox rows a rebuild records carry the envelope's time, as the live ones do:
    # retention prunes by it (services/common/inbox_retention.py)
    inbox = "select consumer, event_id, event_type, event_time from inbox order by 1, 2"
    live_inbox = reporting_sql(inbox)
    assert all(row["event_time"] is not None for row in live_inbox)
    assert len(live) > 100

    status, body = post(reporting, "/rebuild")
    assert status == 202 and body["started"]

    def done():
        latest = get(reporting, "/rebuild")[1]
        return not latest["running"] and (latest["latest"] or {}).get("status") == "done" \
            and latest["latest"]
    run = wait_until(done, timeout=60, what="the rebuild")
    assert run["events"] == len(producer.sent)
    assert reporting_sql(counters) == live
    assert reporting_sql("select * from campaign_households order by 1, 2") == live_states
    assert reporting_sql(inbox) == live_inbox
    status, health = get(reporting, "/health")
    assert status == 200 and health["rebuilding"] is False


def test_a_reissue_still_pending_when_a_rebuild_starts_is_made_after_it(
        producer, reporting, reporting_backbone, reporting_sql, outside, monkeypatch):
    reissue = daily.reissue
    # the in-process service's timer looks daily.reissue up at every tick: it re-issues
    # nothing in this test, so the mark is certainly still pending when the rebuild starts
    monkeypatch.setattr(daily, "reissue", lambda *_a, **_k: 0)
    outside.listen("reporting.events", "daily_report_published")
    district(producer, reporting)
    wait_figures(reporting, w.CITY, w.DAY, settled, "every event projected")
    bb = reporting_backbone
    assert daily.close_day(bb.db, bb.outbox, CUTOFF_NOW, clock.cutoff("20:00"),
                           clock.tz()) == 6
    seen = outside.wait_for("reporting.events", lambda ms: len(ms) >= 6)
    # a late visit marks the closed day for re-issue; a rebuild starts before the re-issue
    publish(producer, w.visit(w.G1, 2, "reached", "late-2"))
    wait_figures(reporting, w.G1, w.DAY,
                 lambda f: coverage(f, w.CAMPAIGN)["reached"] == 2, "the late visit")
    assert reporting_sql("select count(*) as n from report_reissues")[0]["n"] > 0
    status, _ = post(reporting, "/rebuild")
    assert status == 202
    wait_until(lambda: (get(reporting, "/rebuild")[1]["latest"] or {}).get("status")
               == "done", timeout=60, what="the rebuild")

    assert reissue(bb.db, bb.outbox) == 5  # G1 and its four ancestors, rebuilt figures
    seen = outside.wait_for("reporting.events", lambda ms: len(
        [m for m in ms if m["data"]["revision"] == 2]) >= 5, seen=seen, timeout=30)
    again = {m["data"]["area_code"]: m["data"] for m in seen if m["data"]["revision"] == 2}
    assert set(again) == {w.G1, w.COMMUNITY, w.STREET, w.DISTRICT, w.CITY}
    assert coverage(again[w.CITY]["figures"], w.CAMPAIGN)["reached"] == 3
