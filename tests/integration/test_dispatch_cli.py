"""`wangge dispatch …` against the running dispatch service: the CLI is an HTTP client."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from services.cli.main import app
from services.dispatch import clock

from .test_dispatch_support import Api, order, seed_community, seed_unit


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
        dispatch, outside, dispatch_sql, wangge, tmp_path):
    api = Api(dispatch.base_url)
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
                 if s["day"] == today)
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

    amended = wangge("order", "amend", "o1", write(tmp_path / "a.json", {"head_count": 6}))
    assert amended.exit_code == 0, amended.output
    assert "order o1 amended: active, version 2; 18 shifts, 36 promised" in amended.stdout
    cancelled = wangge("order", "cancel", "o1")
    assert cancelled.exit_code == 0 and "order o1 cancelled: cancelled" in cancelled.stdout
    assert api.ok("GET", "/orders/o1")["status"] == "cancelled"


def test_failures_are_one_line_and_a_non_zero_exit(dispatch, outside, dispatch_sql, wangge,
                                                   tmp_path):
    api = Api(dispatch.base_url)
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
