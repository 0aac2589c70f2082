"""Residents' requests (困难诉求): raised, assigned (转办), resolved, reopened, closed over
HTTP; an overdue one escalated up the area tree by the sweep (clock injected)."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.visits import clock
from services.visits.domain.requests import DEFAULT_SLA_HOURS
from services.visits.use_cases.resident_requests import sweep_overdue
from tests.support.http import Client
from tests.support.visits_world import COMMUNITY, STREET, seed_area

from .support import EVENTS, of_type, settle


def test_a_request_moves_through_its_lifecycle(visits, outside, visits_sql):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)
    outside.listen(EVENTS)
    raised = api.ok("POST", "/requests", {"household_code": households[0],
                                          "category": "medical", "urgency": "normal",
                                          "note": "需要陪同就医"}, 201)
    rid = raised["request_id"]
    assert raised["grid_code"] == "G01" and raised["status"] == "open"
    hours = DEFAULT_SLA_HOURS[("medical", "normal")]
    assert datetime.fromisoformat(raised["due_at"]) - \
        datetime.fromisoformat(raised["raised_at"]) == timedelta(hours=hours)
    api.ok("POST", f"/requests/{rid}/assign", {"assignee": "街道卫生服务中心"})
    moved = api.ok("POST", f"/requests/{rid}/assign", {"assignee": "社区医院", "note": "转办"})
    assert (moved["status"], moved["assignee"]) == ("assigned", "社区医院")
    api.ok("POST", f"/requests/{rid}/resolve", {"note": "已安排"})
    status, body = api.call("POST", f"/requests/{rid}/reopen", {})
    assert status == 400 and "note" in body["errors"]
    api.ok("POST", f"/requests/{rid}/reopen", {"note": "居民表示还没人来"})
    api.ok("POST", f"/requests/{rid}/resolve", {})
    closed = api.ok("POST", f"/requests/{rid}/close", {"closed_by": "resident"})
    assert closed["status"] == "closed" and closed["version"] == 7
    status, body = api.call("POST", f"/requests/{rid}/assign", {"assignee": "x"})
    assert status == 400 and body["errors"] == {"status": ["a closed request cannot be "
                                                           "assigned"]}
    history = api.ok("GET", f"/requests/{rid}")["history"]
    assert [h["action"] for h in history] == ["raised", "assigned", "transferred", "resolved",
                                              "reopened", "resolved", "closed"]
    seen = settle(outside, visits_sql, [])
    assigned = [m["data"] for m in of_type(seen, "request_assigned")]
    assert [a["transferred"] for a in assigned] == [False, True]
    assert [m["data"]["version"] for m in seen] == list(range(1, 8))
    assert "陪同" not in str(seen) and "还没人来" not in str(seen)
    status, body = api.call("POST", "/requests", {"grid_code": "G01", "category": "x"})
    assert status == 400 and set(body["errors"]) == {"category"}
    status, body = api.call("POST", "/requests", {"grid_code": "NOPE", "category": "other"})
    assert status == 400 and body["errors"] == {"grid_code": ["unknown grid NOPE"]}
    assert api.call("GET", "/requests/none")[0] == 404


def test_an_overdue_request_escalates_one_level_per_service_period(
        visits, outside, visits_sql, visits_db, visits_outbox):
    api = Client(visits.base_url)
    seed_area(outside, visits_sql)
    outside.listen(EVENTS)
    raised = api.ok("POST", "/requests", {"grid_code": "G01", "category": "supplies",
                                          "urgency": "critical"}, 201)
    rid = raised["request_id"]
    sla = timedelta(hours=DEFAULT_SLA_HOURS[("supplies", "critical")])
    due = clock.now() + sla
    assert sweep_overdue(visits_db, visits_outbox, now=due - timedelta(minutes=1)) == 0
    # just overdue: the grid's community hears of it
    assert sweep_overdue(visits_db, visits_outbox, now=due + timedelta(minutes=1)) == 1
    assert sweep_overdue(visits_db, visits_outbox, now=due + timedelta(minutes=2)) == 0
    # listed under any area above its grid; not overdue yet by the wall clock
    listed = api.ok("GET", "/requests?overdue=false&grid=" + STREET)["requests"]
    assert [(r["request_id"], r["escalation_level"], r["escalated_to"]) for r in listed] == \
        [(rid, 1, COMMUNITY)]
    # one more service period late: the street; a sweep that comes late catches up
    assert sweep_overdue(visits_db, visits_outbox, now=due + 3 * sla + timedelta(minutes=1)) \
        == 3
    seen = settle(outside, visits_sql, [])
    overdue = [(m["data"]["level"], m["data"]["escalated_to"])
               for m in of_type(seen, "request_overdue")]
    assert overdue == [(1, COMMUNITY), (2, STREET), (3, "440106"), (4, "4401")]
    # at the city there is nowhere further to go
    assert sweep_overdue(visits_db, visits_outbox, now=due + 30 * sla) == 0
    shown = api.ok("GET", f"/requests/{rid}")
    assert (shown["escalation_level"], shown["escalated_to"]) == (4, "4401")
    assert [h["level"] for h in shown["history"] if h["action"] == "escalated"] == [1, 2, 3, 4]
