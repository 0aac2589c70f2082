"""The field app in Chromium against the real services (issue 14, "What must be shown"):
each test runs one playwright-core scenario of web/e2e/ with node on a 360×640 touch
screen in the services' zone, which fails on any step, console error or CSP violation
and saves a screenshot of every step under var/screenshots/<test>/; then the test counts
what reached the services in their own databases.

The scenarios share one stack (tests/support/browser_stack.py) and use different people and
households: volunteer1 the morning's capture, volunteer2 the offline visits, volunteer3
and the grid workers what each may see, the request handler grid 2's request."""

from __future__ import annotations

import json
import os
import subprocess

from tests.support.browser_stack import ROOT


def scenario(stack, script: str, test: str, **env: str) -> dict:
    """node web/e2e/<script>.mjs with the world; fails the test with its output unless it
    passed. → what it printed on its RESULT line."""
    shots = ROOT / "var" / "screenshots" / test
    done = subprocess.run(
        ["node", str(ROOT / "web" / "e2e" / f"{script}.mjs")], cwd=ROOT,
        env={**os.environ, "WANGGE_WORLD": json.dumps(stack.world), "WANGGE_SHOTS": str(shots),
             **env},
        capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{script} failed (screenshots: {shots}):\n{output[-6000:]}"
    results = [line[len("RESULT "):] for line in done.stdout.splitlines()
               if line.startswith("RESULT ")]
    return json.loads(results[-1]) if results else {}


def visits_of(stack, household: str) -> list[dict]:
    return stack.sql("visits", "select visit_id, outcome, visitor_id from visits "
                               "where household_code = :h", h=household)


def test_a_volunteer_checks_in_and_captures_a_reached_and_a_not_home_visit(stack):
    done = scenario(stack, "field-visit", "field-visit")
    volunteer = stack.world["people"]["volunteer1"]["volunteer_id"]
    # recorded once each, as that volunteer
    assert [(v["outcome"], v["visitor_id"]) for v in visits_of(stack, done["reached"])] == [
        ("reached", volunteer)]
    assert [(v["outcome"], v["visitor_id"]) for v in visits_of(stack, done["not_home"])] == [
        ("not_home", volunteer)]
    # the one missing an answer: stopped in the app, then refused by the service
    assert visits_of(stack, done["missing"]) == []
    # checked in to today's shift by the code, at the server's time; not to tomorrow's
    attendance = {r["shift_key"]: r for r in stack.sql(
        "dispatch", "select shift_key, checked_in_at from attendance where volunteer_id = :v",
        v=volunteer)}
    assert attendance[stack.world["shifts"]["today"]]["checked_in_at"] is not None
    assert stack.world["shifts"]["tomorrow"] not in attendance
    assert done["figures"]["after"]["reached"] > (done["figures"]["before"] or {}).get(
        "reached", 0)


def test_visits_captured_offline_arrive_once_each_even_when_a_send_is_cut_off(stack):
    done = scenario(stack, "offline", "offline")
    for household in done["offline"]:
        assert len(visits_of(stack, household)) == 1, household
    assert len(done["offline"]) == 5
    # the send cut off after the service had it, sent again: still one visit
    assert len(visits_of(stack, done["cut_off"])) == 1
    ids = [v["visit_id"] for h in [*done["offline"], done["cut_off"]]
           for v in visits_of(stack, h)]
    assert len(ids) == len(set(ids)) == 6


def test_a_volunteer_sees_only_their_tasks_and_a_grid_worker_only_their_grid(stack):
    done = scenario(stack, "isolation", "isolation")
    # nothing captured for another volunteer's household
    assert visits_of(stack, done["others_household"]) == []


def test_a_request_handler_accepts_and_resolves_a_request(stack):
    scenario(stack, "requests", "requests")
    [request] = stack.sql("visits", "select status from requests where id = :r",
                          r=stack.world["request_id"])
    assert request["status"] == "resolved"
