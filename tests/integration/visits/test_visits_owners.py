"""Volunteers and request handlers on visits' HTTP API (issue 13): the real service with
AUTH required and test-signed tokens. A volunteer captures only for the households of
their own tasks and only as themselves, and reads their own tasks and visits; a request
handler sees and acts only on the requests 转办'd to their unit or department; every write
names the account behind it; several grants combine in lists."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from services.common.auth import Grant
from services.visits import clock
from services.visits.use_cases.planning import sweep
from services.visits.use_cases.tasks import TaskPolicy
from tests.support.http import Client
from tests.support.tokens import auth_settings, token
from tests.support.visits_world import COMMUNITY, seed_area

from .support import assign_volunteer, shift, visit, wait_until

KEY = "visits-owners-test-key"
ADMIN, WORKER, HANDLER, V1_ACCOUNT = ("acc-admin-0001", "acc-worker-0002",
                                      "acc-handler-0003", "acc-volunteer-0004")


@pytest.fixture
def visits_settings() -> dict:
    return {**auth_settings(KEY)}


@pytest.fixture
def as_role(visits):
    def client(role, subject=None, **scope):
        return Client(visits.base_url, token(role, KEY, subject=subject, **scope))
    return client


@pytest.fixture
def homes(visits, outside, visits_sql, as_role) -> dict:
    """G01 and G02 (6 households each) in the community, campaign c1 over it."""
    found = {grid: seed_area(outside, visits_sql, grid) for grid in ("G01", "G02")}
    today = clock.today()
    as_role("city_admin", area="4401").ok("POST", "/campaigns", {
        "campaign_id": "c1", "name": "三询问一完善", "start": today.isoformat(),
        "end": (today + timedelta(days=7)).isoformat(), "area_codes": [COMMUNITY]}, 201)
    return found


@pytest.fixture
def split(homes, outside, visits_sql, visits_db, visits_outbox, visits_mid_morning) -> dict:
    """Today's G01 shift (08:00-18:00) of unit U1 walked by V1 and V2, its households
    split between them at 09:00 (the service's clock says 10:00).
    → {"shift": its key, "V1": codes, "V2": codes}."""
    s = shift("G01", clock.today(), "day", order="o-own")
    outside.publish_as("dispatch", "shift_scheduled", s)
    for volunteer in ("V1", "V2"):
        assign_volunteer(outside, s, volunteer)
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers")) == 2,
               what="shift staffed in visits")
    sweep(visits_db, visits_outbox, now=visits_mid_morning - timedelta(hours=1),
          tz=clock.tz(), policy=TaskPolicy())
    tasks: dict = {"shift": s["shift_key"], "V1": [], "V2": []}
    for row in visits_sql("select volunteer_id, household_code from tasks "
                          "where status = 'open' order by household_code"):
        tasks[row["volunteer_id"]].append(row["household_code"])
    assert tasks["V1"] and tasks["V2"], tasks
    return tasks


def test_a_volunteer_captures_only_their_own_tasks_households_as_themselves(
        split, as_role, visits_sql, visits_mid_morning, homes):
    when = visits_mid_morning - timedelta(minutes=5)
    key = split["shift"]
    v1 = as_role("volunteer", V1_ACCOUNT, unit="U1", volunteer="V1")
    mine = visit("c1", split["V1"][0], "V1", key, when)
    captured = v1.ok("POST", "/visits", mine, 201)
    assert captured["recorded_by"] == V1_ACCOUNT
    v1.ok("POST", "/visits", mine, 200)          # the phone sends it again: its task is done

    # another volunteer's household, a household of no task of theirs, or posing as V2
    theirs = visit("c1", split["V2"][0], "V1", key, when)
    status, body = v1.call("POST", "/visits", theirs)
    assert status == 403, body
    assert v1.status("POST", "/visits", visit("c1", homes["G02"][0], "V1", None, when)) == 403
    status, body = v1.call("POST", "/visits", visit("c1", split["V1"][1], "V2", key, when))
    assert status == 403 and "captures only as themselves" in body["error"], body
    assert v1.status("POST", "/visits", {**visit("c1", split["V1"][1], "V1", key, when),
                                         "campaign_id": "other"}) == 403
    rows = visits_sql("select visit_id, visitor_id, recorded_by, source from visits")
    assert rows == [{"visit_id": mine["visit_id"], "visitor_id": "V1",
                     "recorded_by": V1_ACCOUNT, "source": "api"}]
    recorded = [json.loads(r["body"])["data"] for r in visits_sql(
        "select body from outbox where type = 'visits.visit_recorded'")]
    assert [d["recorded_by"] for d in recorded] == [V1_ACCOUNT]

    # a grid worker records V2's visit for them: the worker's account is its author
    worker = as_role("grid_worker", WORKER, area="G01")
    for_v2 = visit("c1", split["V2"][0], "V2", key, when)
    assert worker.ok("POST", "/visits", for_v2, 201)["recorded_by"] == WORKER
    # another system's writes name its service account
    integrator = Client(worker.base_url, token("integrator", KEY, subject="svc-phones",
                                               area=COMMUNITY, kind="service"))
    by_phone = visit("c1", split["V2"][1], "V2", key, when)
    assert integrator.ok("POST", "/visits", by_phone, 201)["recorded_by"] == "svc-phones"

    # reading: their own tasks and visits, nothing else
    assert v1.ok("GET", f"/visits/{mine['visit_id']}")["visitor_id"] == "V1"
    assert v1.status("GET", f"/visits/{for_v2['visit_id']}") == 403
    tasks = v1.ok("GET", f"/shifts/{key}/tasks")
    assert [v["volunteer_id"] for v in tasks["volunteers"]] == ["V1"]
    assert {t["household_code"] for t in tasks["volunteers"][0]["tasks"]} == set(split["V1"])
    assert v1.status("GET", f"/shifts/{key}/tasks?volunteer_id=V2") == 403
    mine_all = v1.ok("GET", "/volunteers/V1/tasks")
    assert [s["shift_key"] for s in mine_all["shifts"]] == [key]
    assert [v["volunteer_id"] for v in mine_all["shifts"][0]["volunteers"]] == ["V1"]
    assert v1.status("GET", "/volunteers/V2/tasks") == 403
    assert as_role("unit_coordinator", unit="U1").status("GET", "/volunteers/V2/tasks") == 200
    assert as_role("unit_coordinator", unit="U2").status("GET", "/volunteers/V2/tasks") == 403
    assert as_role("volunteer", unit="U1", volunteer="V9").status(
        "GET", f"/shifts/{key}/tasks") == 403                 # not on the shift
    for path in ("/campaigns", "/campaigns/c1", "/requests", "/hazards", "/discrepancies",
                 f"/households/{split['V1'][0]}/visits"):
        assert v1.status("GET", path) == 403, path
    assert v1.status("POST", "/requests", {"household_code": split["V1"][0],
                                           "category": "other"}) == 403


def _history(client: Client, request_id: str) -> list[tuple[str, str | None]]:
    return [(h["action"], h["actor"])
            for h in client.ok("GET", f"/requests/{request_id}")["history"]]


def test_a_request_handler_sees_and_acts_only_on_what_is_assigned_to_them(
        homes, as_role, visits_sql):
    worker = as_role("grid_worker", WORKER, area="G01")
    admin = as_role("community_admin", ADMIN, area=COMMUNITY)
    raised = [worker.ok("POST", "/requests", {"household_code": homes["G01"][n],
                                              "category": "housing_safety"}, 201)["request_id"]
              for n in range(4)]
    housing, health, by_name, unassigned = raised
    assigned = admin.ok("POST", f"/requests/{housing}/assign",
                        {"assigned_to": "D-housing", "note": "房屋漏水"})
    assert (assigned["assigned_to"], assigned["assignee"]) == ("D-housing", "D-housing")
    admin.ok("POST", f"/requests/{health}/assign",
             {"assigned_to": "D-health", "assignee": "卫健局"})
    admin.ok("POST", f"/requests/{by_name}/assign", {"assignee": "社区医院"})
    status, body = admin.call("POST", f"/requests/{unassigned}/assign", {"note": "x"})
    assert status == 400 and "assigned_to" in body["errors"], body
    status, body = admin.call("POST", f"/requests/{unassigned}/assign",
                              {"assigned_to": "D housing!"})
    assert status == 400 and "assigned_to" in body["errors"], body

    handler = as_role("request_handler", HANDLER, unit="D-housing")
    assert [r["request_id"] for r in handler.ok("GET", "/requests")["requests"]] == [housing]
    assert handler.ok("GET", f"/requests/{housing}")["status"] == "assigned"
    for other in (health, by_name, unassigned):
        assert handler.status("GET", f"/requests/{other}") == 403, other
        assert handler.status("POST", f"/requests/{other}/resolve", {}) == 403, other
    assert handler.status("GET", "/requests/nope") == 404
    assert handler.status("POST", f"/requests/{housing}/assign",
                          {"assigned_to": "D-other"}) == 403       # 转办 is the community's
    for path in ("/campaigns", "/hazards", "/discrepancies", "/campaigns/c1"):
        assert handler.status("GET", path) == 403, path
    status, body = handler.call("POST", f"/requests/{housing}/close",
                                {"closed_by": "grid_leader", "note": "重复"})
    assert status == 403 and "grid_leader" in body["error"], body
    handler.ok("POST", f"/requests/{housing}/resolve", {"note": "已修好"})
    assert handler.status("POST", f"/requests/{housing}/reopen", {"note": "还在漏"}) == 403
    worker.ok("POST", f"/requests/{housing}/close", {"closed_by": "resident"})

    # the history names the account of each step; the events carry the ids
    assert _history(worker, housing) == [("raised", WORKER), ("assigned", ADMIN),
                                         ("resolved", HANDLER), ("closed", WORKER)]
    events = {(e["type"], e["data"]["request_id"]): e["data"] for e in (
        json.loads(r["body"]) for r in visits_sql(
            "select body from outbox where type like 'visits.request_%'"))}
    assert events[("visits.request_raised", housing)]["actor"] == WORKER
    assert (events[("visits.request_assigned", housing)]["actor"],
            events[("visits.request_assigned", housing)]["assigned_to"]) == (ADMIN, "D-housing")
    assert events[("visits.request_resolved", housing)]["actor"] == HANDLER
    assert events[("visits.request_assigned", by_name)]["assigned_to"] is None

    # 转办 to another department takes it away from the first
    admin.ok("POST", f"/requests/{health}/assign", {"assigned_to": "D-housing"})
    admin.ok("POST", f"/requests/{health}/assign", {"assigned_to": "D-civil"})
    assert _history(admin, health)[-1] == ("transferred", ADMIN)
    assert handler.status("GET", f"/requests/{health}") == 403
    assert as_role("request_handler", unit="D-civil").ok("GET", f"/requests/{health}")[
        "assigned_to"] == "D-civil"
    assert [r["request_id"] for r in handler.ok("GET", "/requests")["requests"]] == [housing]


def test_several_grants_combine_in_lists_and_checks(homes, as_role, visits_sql):
    for grid in ("G01", "G02"):
        as_role("grid_worker", area=grid).ok("POST", "/requests", {
            "household_code": homes[grid][0], "category": "other"}, 201)
    elsewhere = as_role("community_admin", ADMIN, area=COMMUNITY).ok(
        "POST", "/requests", {"household_code": homes["G02"][1], "category": "medical"}, 201)
    as_role("community_admin", ADMIN, area=COMMUNITY).ok(
        "POST", f"/requests/{elsewhere['request_id']}/assign", {"assigned_to": "D-health"})

    def grids(client: Client) -> list[str]:
        return sorted(r["grid_code"] for r in client.ok("GET", "/requests")["requests"])

    one = as_role("grid_worker", area="G01")
    both = Client(as_role("grid_worker", area="G01").base_url, token(
        None, KEY, grants=[Grant("grid_worker", area="G01"), Grant("grid_worker", area="G02")]))
    assert grids(one) == ["G01"]
    assert grids(both) == ["G01", "G02", "G02"]
    listed = {c["campaign_id"]: c for c in both.ok("GET", "/campaigns")["campaigns"]}
    assert listed["c1"]["figures_within"] is None           # both grids of c1: all of it
    assert one.ok("GET", "/campaigns/c1")["figures_within"] == ["G01"]
    assert both.status("GET", "/campaigns/c1/grids/G02/households") == 200
    assert one.status("GET", "/campaigns/c1/grids/G02/households") == 403

    # a grid worker who also handles a department's requests sees both
    mixed = Client(one.base_url, token(None, KEY, grants=[
        Grant("grid_worker", area="G01"), Grant("request_handler", unit="D-health")]))
    assert grids(mixed) == ["G01", "G02"]
    assert mixed.status("GET", f"/requests/{elsewhere['request_id']}") == 200
    assert as_role("unit_coordinator", unit="U1").status("GET", "/requests") == 403


def test_a_department_is_of_an_area_on_the_request_s_path(homes, as_role):
    """Review M1: departments of different cities share names, so a department is named
    `<area code>:<department>` and a request goes only to a department of its grid's
    area or one above it: a handler of another city's housing department (granted
    `4402:housing`) never receives a 4401 request."""
    worker = as_role("grid_worker", WORKER, area="G01")
    admin = as_role("community_admin", ADMIN, area=COMMUNITY)
    request_id = worker.ok("POST", "/requests", {"household_code": homes["G01"][0],
                                                 "category": "housing_safety"},
                           201)["request_id"]
    for elsewhere in ("4402:housing", "440107:housing", "4401060102:housing",
                      ":housing", "4401:", "4401:housing:x"):
        status, body = admin.call("POST", f"/requests/{request_id}/assign",
                                  {"assigned_to": elsewhere})
        assert status == 400 and "assigned_to" in body["errors"], (elsewhere, body)
    assert as_role("request_handler", unit="4402:housing").status(
        "GET", f"/requests/{request_id}") == 403
    # the city's, the district's and the community's departments are all above it
    for above in ("4401:housing", "440106:civil", f"{COMMUNITY}:health"):
        assert admin.ok("POST", f"/requests/{request_id}/assign",
                        {"assigned_to": above})["assigned_to"] == above
    handler = as_role("request_handler", HANDLER, unit=f"{COMMUNITY}:health")
    assert [r["request_id"] for r in handler.ok("GET", "/requests")["requests"]] == \
        [request_id]
