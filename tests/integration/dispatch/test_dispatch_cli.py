"""`wangge dispatch …` against the running dispatch service: the CLI is an HTTP client."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from services.cli.main import app
from services.common.slots import SHIFT_STARTS
from services.dispatch import clock
from tests.support.amqp import wait_until
from tests.support.dispatch_world import seed_community, seed_unit
from tests.support.http import Client
from tests.support.servers import running
from tests.support.tokens import auth_settings, token

from .support import order


@pytest.fixture
def wangge(dispatch):
    """wangge(*args, url=…) → the CliRunner result, with DISPATCH_URL set to the fixture."""

    def run(*args: str, url: str | None = None):
        return CliRunner().invoke(app, ["dispatch", *args],
                                  env={"DISPATCH_URL": url or dispatch.base_url})

    return run


def one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    line = result.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line, line
    for word in words:
        assert word in line, line


def cells(line: str) -> list[str]:
    """The cells of one row of a rich table."""
    return [c.strip() for c in line.split("│") if c.strip()]


def write(path, data) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_orders_checkins_and_person_times_from_the_command_line(
        dispatch, outside, dispatch_sql, wangge, tmp_path, mid_morning):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12)
    placed = wangge("order", "place", write(tmp_path / "o1.json", order(days_ahead=0)))
    assert placed.exit_code == 0, placed.output
    assert "order o1 placed: active, version 1; 18 shifts, 48 promised, 48 assigned, " \
           "0 missing" in placed.stdout
    again = wangge("order", "place", str(tmp_path / "o1.json"))
    assert again.exit_code == 0 and "unchanged" in again.stdout

    today = clock.today().isoformat()
    shift = next(s for s in api.ok("GET", "/orders/o1/shifts")["shifts"]
                 if s["day"] == today and s["half"] == "am")
    key, who = shift["shift_key"], shift["volunteers"][0]["volunteer_id"]
    first = wangge("checkin", key, who)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"checked in: {who} on {key} at ")
    repeated = wangge("checkin", key, who)
    assert "repeated scan" in repeated.stdout
    # no offset: local time (WANGGE_TZ), so it is the shift's day whatever the hour
    local_now = clock.now().astimezone(clock.tz()).replace(tzinfo=None, microsecond=0)
    out = wangge("checkin", key, who, "--out", "--at", local_now.isoformat())
    assert out.exit_code == 0 and out.stdout.startswith("checked out:"), out.output
    stored = dispatch_sql("select checked_out_at from attendance")[0]["checked_out_at"]
    assert stored == local_now.replace(tzinfo=clock.tz())
    assert dispatch_sql("select checked_in_at from attendance where shift_key = :k "
                        "and volunteer_id = :v", k=key, v=who)[0]["checked_in_at"]

    times = wangge("person-times", "o1")
    assert times.exit_code == 0, times.output
    total = next(cells(line) for line in times.stdout.splitlines() if "total" in line)
    assert total[:4] == ["total", "48", "48", "1"]   # promised, scheduled, delivered
    assert today in times.stdout and "delivered" in times.stdout

    before = {s["shift_key"]: s for s in api.ok("GET", "/orders/o1/shifts")["shifts"]}
    amended = wangge("order", "amend", "o1", write(tmp_path / "a.json", {"head_count": 6}))
    assert amended.exit_code == 0, amended.output
    after = {s["shift_key"]: s for s in api.ok("GET", "/orders/o1/shifts")["shifts"]}
    # a shift under way keeps its people (begun: its start has passed, or someone checked
    # in); every other half-day now has 6 — whatever the hour this test runs at
    now = clock.now()

    def begun(s: dict) -> bool:
        start = datetime.combine(date.fromisoformat(s["day"]), SHIFT_STARTS[s["half"]],
                                 tzinfo=clock.tz())
        return start <= now or s["shift_key"] == key

    halves: dict[tuple, int] = {}
    for k, s in after.items():
        if begun(s):
            assert s["head_count"] == before[k]["head_count"], k
        else:
            halves[(s["day"], s["half"])] = halves.get((s["day"], s["half"]), 0) \
                + s["head_count"]
    assert halves and set(halves.values()) == {6}
    promised = sum(s["head_count"] for s in after.values())
    assert f"order o1 amended: active, version 2; 18 shifts, {promised} promised" \
        in amended.stdout
    cancelled = wangge("order", "cancel", "o1")
    assert cancelled.exit_code == 0 and "order o1 cancelled: cancelled" in cancelled.stdout
    assert api.ok("GET", "/orders/o1")["status"] == "cancelled"


def test_failures_are_one_line_and_a_non_zero_exit(dispatch, outside, dispatch_sql, wangge,
                                                   tmp_path):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=4)
    one_line_error(wangge("checkin", "no-such-shift", "U1-v00"), 1, "404",
                   "shift no-such-shift not found")
    one_line_error(wangge("person-times", "o-missing"), 1, "404", "order o-missing")
    refused = write(tmp_path / "big.json", order(head_count=50, places=["BJ-01", "nowhere"]))
    one_line_error(wangge("order", "place", refused), 1, "400", "head_count", "nowhere")
    assert not dispatch_sql("select 1 from pairings")
    one_line_error(wangge("order", "cancel", "o-missing"), 1, "404")

    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    one_line_error(wangge("order", "place", str(tmp_path / "broken.json")), 2, "not valid JSON")
    one_line_error(wangge("order", "place", str(tmp_path / "absent.json")), 2, "cannot read")
    one_line_error(wangge("order", "amend", "o1", write(tmp_path / "list.json", [1])), 2,
                   "one JSON object")
    one_line_error(wangge("checkin", "k", "v", "--at", "yesterday"), 2, "ISO 8601")
    one_line_error(wangge("person-times", "o1", url="http://127.0.0.1:9"), 3,
                   "not reachable at http://127.0.0.1:9")


# -- with access control on: the CLI sends WANGGE_TOKEN (or --token) ----------------------
CLI_KEY = "dispatch-cli-test-key"


@pytest.fixture
def secured(dispatch_config, purge_dispatch_queues, outside, dispatch_sql):
    """Dispatch with AUTH required; BJ and its grids learnt with real area paths, unit U1
    with volunteers, and order o1 from today, placed by a city admin."""
    from services.dispatch.entrypoints.service import DispatchService

    config = {**dispatch_config, **auth_settings(CLI_KEY)}
    for runner in running(DispatchService, config):
        path = ["4401", "S1"]
        outside.publish_as("registry", "area_registered", {
            "area_id": 1, "code": "BJ", "level": "community", "name": "滨江社区",
            "parent_code": "S1", "path": [*path, "BJ"], "version": 1})
        for n, grid in enumerate(("BJ-01", "BJ-02", "BJ-03")):
            outside.publish_as("registry", "grid_registered", {
                "area_id": 10 + n, "code": grid, "level": "grid", "name": grid,
                "parent_code": "BJ", "path": [*path, "BJ", grid], "version": 1})
        wait_until(lambda: len(dispatch_sql("select 1 from grids where path is not null"))
                   == 3, what="BJ's grids in dispatch")
        admin = Client(runner.base_url, token("city_admin", CLI_KEY, area="4401"))
        seed_unit(admin, volunteers=12)
        admin.ok("POST", "/orders", order(days_ahead=0), status=201)
        runner.admin = admin
        yield runner




def test_the_cli_sends_the_token_and_a_refusal_is_one_line(secured, tmp_path, mid_morning):
    def run(*args: str, token: str | None = None):
        env = {"DISPATCH_URL": secured.base_url, "WANGGE_TOKEN": token or ""}
        return CliRunner().invoke(app, ["dispatch", *args], env=env)

    one_line_error(run("person-times", "o1"), 1, "not allowed: missing Authorization",
                   "WANGGE_TOKEN")
    one_line_error(run("person-times", "o1", token="garbage"), 1,
                   "not allowed: malformed token")
    elsewhere = token("unit_coordinator", CLI_KEY, unit="U2")
    one_line_error(run("person-times", "o1", token=elsewhere), 1,
                   "not allowed: outside this token's scope (unit_coordinator (unit U2))")
    coordinator = token("unit_coordinator", CLI_KEY, unit="U1")
    shown = run("person-times", "o1", token=coordinator)
    assert shown.exit_code == 0 and "order o1 (active): unit U1 in BJ" in shown.stdout, \
        shown.output
    # --token on the group wins over the environment
    flagged = CliRunner().invoke(app, ["dispatch", "--token", coordinator, "person-times",
                                       "o1"], env={"DISPATCH_URL": secured.base_url,
                                                   "WANGGE_TOKEN": elsewhere})
    assert flagged.exit_code == 0, flagged.output

    today = clock.today().isoformat()
    shifts = secured.admin.ok("GET", "/orders/o1/shifts")["shifts"]
    mine = next(s for s in shifts if s["day"] == today and s["half"] == "am"
                and s["place_code"] == "BJ-01")
    beside = next(s for s in shifts if s["day"] == today and s["half"] == "am"
                  and s["place_code"] == "BJ-02")
    worker = token("grid_worker", CLI_KEY, area="BJ-01")
    who = mine["volunteers"][0]["volunteer_id"]
    done = run("checkin", mine["shift_key"], who, token=worker)
    assert done.exit_code == 0 and done.stdout.startswith(f"checked in: {who}"), done.output
    one_line_error(run("checkin", beside["shift_key"], beside["volunteers"][0]["volunteer_id"],
                       token=worker), 1, "not allowed: outside this token's scope")
    one_line_error(run("order", "cancel", "o1", token=worker), 1,
                   "not allowed: role grid_worker may not write here")
    assert secured.admin.ok("GET", "/orders/o1")["status"] == "active"
