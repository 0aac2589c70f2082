"""What the field app (issue 14) reads and does on visits' HTTP API, against the real
service with AUTH required and test-signed tokens: task lists naming the people at each
door (masked names and tags, from the registry's events; never a name in clear or an ID
number) with the campaigns' questionnaires, read in one query for all residents; a
volunteer's own tasks only; the questionnaire's definition for anyone signed in; the
requests a volunteer raised, with their history; a request handler's accept."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from services.visits import clock
from services.visits.domain.questionnaire import (
    TEXT_MAX,
    default_questionnaire,
    dump_questionnaire,
)
from services.visits.use_cases.planning import sweep
from services.visits.use_cases.tasks import TaskPolicy
from tests.support.http import Client
from tests.support.tokens import auth_settings, token
from tests.support.visits_world import COMMUNITY, answers, seed_area

from .support import assign_volunteer, shift, visit, wait_until

KEY = "visits-field-app-test-key"
ADMIN, WORKER, HANDLER, V1_ACCOUNT = ("acc-admin-0101", "acc-worker-0102",
                                      "acc-handler-0103", "acc-volunteer-0104")
RESIDENT_KEYS = {"resident_id", "name_masked", "tags"}
# an ID number (18 characters), a mobile number: neither may appear in any answer
IDENTIFIERS = re.compile(r"\d{17}[\dX]|1[3-9]\d{9}")


@pytest.fixture
def visits_settings() -> dict:
    return {**auth_settings(KEY)}


@pytest.fixture
def as_role(visits):
    def client(role, subject=None, **scope):
        return Client(visits.base_url, token(role, KEY, subject=subject, **scope))
    return client


@pytest.fixture
def homes(visits, outside, visits_sql, as_role) -> list[str]:
    """G01 (2 buildings × 3 households, 2 residents each, masked 李*) in the community,
    one resident re-tagged by the registry, campaign c1 over the community."""
    codes = seed_area(outside, visits_sql, "G01")
    first = visits_sql("select r.resident_id, r.household_id from residents r join "
                       "households h on h.household_id = r.household_id "
                       "where h.code = :c order by r.resident_id limit 1", c=codes[0])[0]
    outside.publish_as("registry", "resident_updated", {
        "resident_id": first["resident_id"], "household_id": first["household_id"],
        "grid_code": "G01", "name_masked": "王*明", "id_masked": "4401**********0011",
        "gender": None, "birth_year": None, "tags": ["elderly_alone", "disabled"],
        "version": 2, "status": {"registration_code_applied": False, "vaccination": "none",
                                 "latest_test_date": None, "latest_test_result": None,
                                 "recent_travel": None, "returned_on": None}})
    wait_until(lambda: visits_sql("select name_masked from residents where resident_id = :r",
                                  r=first["resident_id"])[0]["name_masked"] == "王*明",
               what="resident_updated in visits")
    today = clock.today()
    as_role("city_admin", ADMIN, area="4401").ok("POST", "/campaigns", {
        "campaign_id": "c1", "name": "三询问一完善", "start": today.isoformat(),
        "end": (today + timedelta(days=7)).isoformat(), "area_codes": [COMMUNITY]}, 201)
    return codes


@pytest.fixture
def split(homes, outside, visits_sql, visits_db, visits_outbox, visits_mid_morning) -> dict:
    """Today's G01 shift walked by V1 and V2 (split at 09:00), and tomorrow's with V1.
    → {"shift": today's key, "tomorrow": its key, "V1": codes, "V2": codes}."""
    today = shift("G01", clock.today(), "day", order="o-app")
    tomorrow = shift("G01", clock.today() + timedelta(days=1), "day", order="o-app")
    for s, volunteers in ((today, ("V1", "V2")), (tomorrow, ("V1",))):
        outside.publish_as("dispatch", "shift_scheduled", s)
        for volunteer in volunteers:
            assign_volunteer(outside, s, volunteer)
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers")) == 3,
               what="shifts staffed in visits")
    sweep(visits_db, visits_outbox, now=visits_mid_morning - timedelta(hours=1),
          tz=clock.tz(), policy=TaskPolicy())
    tasks: dict = {"shift": today["shift_key"], "tomorrow": tomorrow["shift_key"],
                   "V1": [], "V2": []}
    for row in visits_sql("select volunteer_id, household_code from tasks "
                          "where status = 'open' order by household_code"):
        tasks[row["volunteer_id"]].append(row["household_code"])
    assert tasks["V1"] and tasks["V2"], tasks
    return tasks


class Statements:
    """The SQL statements run in this process (the service runs in it) while counting."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.seen.append(statement)

    def __enter__(self) -> Statements:
        event.listen(Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(Engine, "before_cursor_execute", self)

    def reading_residents(self) -> int:
        return sum(1 for s in self.seen if re.search(r"\bFROM households JOIN residents\b", s))


def _walking(tasks: list[dict]) -> list[str]:
    return [t["household_code"] for t in sorted(
        tasks, key=lambda t: (t["building_code"], t["address"], t["household_code"]))]


def _no_identifiers(answer: dict) -> None:
    text = json.dumps(answer, ensure_ascii=False)
    assert not IDENTIFIERS.search(text), IDENTIFIERS.search(text)
    assert "id_masked" not in text and "id_number" not in text and "phone" not in text


def test_a_volunteer_s_tasks_name_the_people_at_each_door_masked_with_their_tags(
        split, as_role, homes):
    v1 = as_role("volunteer", V1_ACCOUNT, unit="U1", volunteer="V1")
    with Statements() as sql:
        mine = v1.ok("GET", "/volunteers/V1/tasks")
    # two shifts, every household's residents: one query for all of them
    assert sql.reading_residents() == 1, sql.seen
    assert [s["shift_key"] for s in mine["shifts"]] == [split["shift"], split["tomorrow"]]
    c1 = {"title": "三询问一完善", "questionnaire_id": "san_xunwen_yi_wanshan",
          "questionnaire_version": 1, "max_attempts": 3}
    assert mine["campaigns"] == {"c1": c1}
    today, tomorrow = mine["shifts"]
    assert today["campaigns"] == {"c1": c1} and tomorrow["campaigns"] == {}
    (own,) = today["volunteers"]
    assert own["volunteer_id"] == "V1"
    tasks = own["tasks"]
    assert [t["household_code"] for t in tasks] == _walking(tasks)
    assert {t["household_code"] for t in tasks} == set(split["V1"])
    for t in tasks:
        building = int(t["building_code"].split("-B")[1])
        assert (t["building_name"], t["kind"]) == (f"{building}栋", "residence")
        assert t["address"].startswith(f"{building}栋")
        assert len(t["residents"]) == 2
        assert all(set(r) == RESIDENT_KEYS for r in t["residents"])
        assert [r["resident_id"] for r in t["residents"]] == \
            sorted(r["resident_id"] for r in t["residents"])
    people = {r["name_masked"]: r["tags"] for t in tasks for r in t["residents"]}
    if homes[0] in split["V1"]:
        assert people.pop("王*明") == ["elderly_alone", "disabled"]
    assert people == {"李*": []}
    _no_identifiers(mine)

    # the shift's list says the same; V2's tasks, on either path, are not V1's to read
    on_shift = v1.ok("GET", f"/shifts/{split['shift']}/tasks")
    assert on_shift["volunteers"] == today["volunteers"]
    assert on_shift["campaigns"] == {"c1": c1}
    assert v1.status("GET", "/volunteers/V2/tasks") == 403
    assert v1.status("GET", f"/shifts/{split['shift']}/tasks?volunteer_id=V2") == 403
    assert as_role("volunteer", unit="U1", volunteer="V9").status(
        "GET", f"/shifts/{split['shift']}/tasks") == 403
    v2 = as_role("volunteer", unit="U1", volunteer="V2").ok("GET", "/volunteers/V2/tasks")
    assert {t["household_code"] for t in v2["shifts"][0]["volunteers"][0]["tasks"]} == \
        set(split["V2"])


def test_a_grid_worker_s_grid_list_names_every_household_s_people(
        homes, as_role, outside, visits_sql):
    # an import announces households and residents in batches, with masked names now;
    # an import of an older registry names none
    outside.publish_as("registry", "households_imported", {
        "import_id": "i1", "grid_code": "G01", "households": [
            {"household_id": 9001, "code": "G01-B1-90", "kind": "rental",
             "building_code": "G01-B1"},
            {"household_id": 9002, "code": "G01-B2-91", "kind": "shop",
             "building_code": "G01-B2"}]})
    outside.publish_as("registry", "residents_imported", {
        "import_id": "i1", "grid_code": "G01", "residents": [
            {"resident_id": 990_001, "household_id": 9001, "tags": ["key_person"],
             "name_masked": "赵*"},
            {"resident_id": 990_002, "household_id": 9001, "tags": [],
             "name_masked": "欧**娜"}]})
    outside.publish_as("registry", "residents_imported", {
        "import_id": "i0", "grid_code": "G01", "residents": [
            {"resident_id": 990_003, "household_id": 9002, "tags": ["disabled"]}]})
    wait_until(lambda: visits_sql("select count(*) n from residents where resident_id "
                                  "> 990000")[0]["n"] == 3, what="imported residents")
    wait_until(lambda: visits_sql("select count(*) n from campaign_households")[0]["n"] == 8,
               what="imported households in c1")

    worker = as_role("grid_worker", WORKER, area="G01")
    with Statements() as sql:
        grid = worker.ok("GET", "/campaigns/c1/grids/G01/households")
    assert sql.reading_residents() == 1, sql.seen
    assert grid["campaigns"]["c1"]["questionnaire_id"] == "san_xunwen_yi_wanshan"
    rows = grid["households"]
    assert len(rows) == 8
    # walking order: building by building, then address (an imported household has none
    # until its household_registered: it comes first in its building)
    assert [r["household_code"] for r in rows] == [
        "G01-B1-90", *[c for c in homes if c.startswith("G01-B1-")],
        "G01-B2-91", *[c for c in homes if c.startswith("G01-B2-")]]
    by_code = {r["household_code"]: r for r in rows}
    assert [(r["name_masked"], r["tags"]) for r in by_code["G01-B1-90"]["residents"]] == \
        [("赵*", ["key_person"]), ("欧**娜", [])]
    assert by_code["G01-B1-90"]["kind"] == "rental"
    assert by_code["G01-B1-90"]["building_name"] == "1栋"
    assert [(r["name_masked"], r["tags"]) for r in by_code["G01-B2-91"]["residents"]] == \
        [(None, ["disabled"])]
    assert all(set(p) == RESIDENT_KEYS for r in rows for p in r["residents"])
    assert {r["state"] for r in rows} == {"unassigned"}
    _no_identifiers(grid)
    # the 不漏一户 list narrows to a state, same shape
    missing = worker.ok("GET", "/campaigns/c1/grids/G01/households?state=unassigned")
    assert missing["households"] == rows
    assert as_role("grid_worker", area="G02").status(
        "GET", "/campaigns/c1/grids/G01/households") == 403

    # on the follow-up list (phone or video; how a household gets there is
    # test_visits_campaigns.py's), the people to call are named too, masked
    assert visits_sql("update campaign_households set follow_up = true, state = 'refused' "
                      "where household_code = :c returning household_code", c=homes[0])
    follow = worker.ok("GET", "/campaigns/c1/follow-up")["households"]
    assert [(h["household_code"], [(r["name_masked"], r["tags"]) for r in h["residents"]])
            for h in follow] == [(homes[0], [("王*明", ["elderly_alone", "disabled"]),
                                             ("李*", [])])]
    _no_identifiers({"follow": follow})


def test_anyone_signed_in_reads_a_questionnaire_s_definition(homes, as_role, visits):
    expected = {**dump_questionnaire(default_questionnaire()), "text_max": TEXT_MAX}
    path = "/questionnaires/san_xunwen_yi_wanshan/1"
    for client in (as_role("volunteer", unit="U1", volunteer="V1"),
                   as_role("request_handler", unit="D-housing"),
                   as_role("report_reader", area="4402"),
                   as_role("integrator", area=COMMUNITY, kind="service"),
                   as_role("grid_worker", area="G01")):
        assert client.ok("GET", path) == expected
    assert Client(visits.base_url).status("GET", path) == 401
    reader = as_role("volunteer", unit="U1", volunteer="V1")
    assert reader.status("GET", "/questionnaires/san_xunwen_yi_wanshan/2") == 404
    assert reader.status("GET", "/questionnaires/nope/1") == 404
    assert reader.status("GET", f"{path}?x=1") == 400

    # a campaign's own questionnaire is served as stored
    own = {"id": "phone_check", "version": 3, "title": "电话核实", "questions": [
        {"id": "answered", "type": "yes_no", "text": "是否接通", "required": True},
        {"id": "people", "type": "number", "text": "人数", "integer": True, "min": 0,
         "max": 20, "when": {"question": "answered", "equals": True}},
        {"id": "kind", "type": "single_choice", "text": "类型",
         "options": ["a", "b"]}]}
    today = clock.today()
    as_role("city_admin", area="4401").ok("POST", "/campaigns", {
        "campaign_id": "c2", "name": "电话核实", "start": today.isoformat(),
        "end": today.isoformat(), "area_codes": ["G01"], "questionnaire": own}, 201)
    served = reader.ok("GET", "/questionnaires/phone_check/3")
    assert served["questions"][1] == {**own["questions"][1], "integer": True}
    assert served["questions"][2]["options"] == ["a", "b"]
    assert served["text_max"] == TEXT_MAX


def _history(client: Client, request_id: str) -> list[tuple[str, str | None]]:
    return [(h["action"], h["actor"])
            for h in client.ok("GET", f"/requests/{request_id}")["history"]]


def test_a_volunteer_follows_the_requests_raised_on_their_visits(
        split, as_role, visits_mid_morning):
    when = visits_mid_morning - timedelta(minutes=5)
    v1 = as_role("volunteer", V1_ACCOUNT, unit="U1", volunteer="V1")
    v2 = as_role("volunteer", unit="U1", volunteer="V2")
    worker = as_role("grid_worker", WORKER, area="G01")
    admin = as_role("community_admin", ADMIN, area=COMMUNITY)

    made = visit("c1", split["V1"][0], "V1", split["shift"], when,
                 answers=answers(has_difficulty=True, difficulty_category="medical",
                                 difficulty_urgent=False),
                 requests=[{"category": "medical", "urgency": "high", "note": "需要陪同就医"}])
    v1.ok("POST", "/visits", made, 201)
    # a grid worker records V2's visit for them, raising a request there
    for_v2 = visit("c1", split["V2"][0], "V2", split["shift"], when,
                   requests=[{"category": "supplies"}])
    worker.ok("POST", "/visits", for_v2, 201)
    direct = worker.ok("POST", "/requests", {"household_code": split["V1"][1],
                                             "category": "other"}, 201)["request_id"]

    def raised(client: Client, query: str = "") -> list[tuple[str, str]]:
        return sorted((r["visit_id"] or "-", r["category"]) for r in client.ok(
            "GET", f"/requests?mine=raised{query}")["requests"])

    assert raised(v1) == [(made["visit_id"], "medical")]
    assert raised(v2) == [(for_v2["visit_id"], "supplies")]
    assert raised(worker) == sorted([(for_v2["visit_id"], "supplies"), ("-", "other")])
    assert raised(v1, "&status=closed") == []
    assert v1.status("GET", "/requests") == 403            # every other list stays closed
    status, body = v1.call("GET", "/requests?mine=all")
    assert status == 400 and "mine" in body["errors"], body

    (mine,) = v1.ok("GET", "/requests?mine=raised")["requests"]
    rid = mine["request_id"]
    assert (mine["status"], mine["accepted_at"], mine["accepted_by"]) == ("open", None, None)
    admin.ok("POST", f"/requests/{rid}/assign", {"assigned_to": "D-health",
                                                 "note": "转卫健"})
    # the volunteer who made the visit reads the request and its history; others do not
    seen = v1.ok("GET", f"/requests/{rid}")
    assert [(h["action"], h["actor"], h["note"]) for h in seen["history"]] == [
        ("raised", V1_ACCOUNT, "需要陪同就医"), ("assigned", ADMIN, "转卫健")]
    assert all(h["at"] for h in seen["history"])
    assert v2.status("GET", f"/requests/{rid}") == 403
    assert v1.status("GET", f"/requests/{direct}") == 403
    assert v1.status("POST", f"/requests/{rid}/resolve", {}) == 403
    assert v1.status("POST", f"/requests/{rid}/accept", {}) == 403


def test_the_assigned_handler_accepts_a_request_once_and_only_while_it_is_theirs(
        homes, as_role, visits_sql):
    worker = as_role("grid_worker", WORKER, area="G01")
    admin = as_role("community_admin", ADMIN, area=COMMUNITY)
    handler = as_role("request_handler", HANDLER, unit="D-housing")
    other = as_role("request_handler", unit="D-civil")
    rid, unassigned = (worker.ok("POST", "/requests", {"household_code": homes[n],
                                                       "category": "housing_safety"},
                                 201)["request_id"] for n in range(2))
    # not assigned to anyone yet: no handler holds it
    assert handler.status("POST", f"/requests/{unassigned}/accept", {}) == 403
    assert handler.status("POST", "/requests/nope/accept", {}) == 404
    assigned = admin.ok("POST", f"/requests/{rid}/assign", {"assigned_to": "D-housing"})

    assert other.status("POST", f"/requests/{rid}/accept", {}) == 403
    assert worker.status("POST", f"/requests/{rid}/accept", {}) == 403   # not a handler
    assert admin.status("POST", f"/requests/{rid}/accept", {}) == 403
    accepted = handler.ok("POST", f"/requests/{rid}/accept", {"note": "今天下午上门"})
    assert accepted["status"] == "assigned"
    assert accepted["accepted_by"] == HANDLER and accepted["accepted_at"]
    assert accepted["version"] == assigned["version"] + 1
    again = handler.ok("POST", f"/requests/{rid}/accept", {})
    assert again == accepted                                   # unchanged, once
    assert _history(handler, rid) == [("raised", WORKER), ("assigned", ADMIN),
                                      ("accepted", HANDLER)]
    assert handler.ok("GET", f"/requests/{rid}")["history"][-1]["note"] == "今天下午上门"
    listed = {r["request_id"]: r for r in handler.ok("GET", "/requests")["requests"]}
    assert listed[rid]["accepted_by"] == HANDLER
    status, body = handler.call("POST", f"/requests/{rid}/accept", {"x": 1})
    assert status == 400 and "x" in body["errors"], body
    # no event: the status did not change, the step is in the history
    assert [r["type"] for r in visits_sql(
        "select type from outbox where body like :r order by seq", r=f"%{rid}%")] == [
        "visits.request_raised", "visits.request_assigned"]

    # resolved: nothing left to accept (409), for the handler who holds it
    handler.ok("POST", f"/requests/{rid}/resolve", {"note": "已修好"})
    status, body = handler.call("POST", f"/requests/{rid}/accept", {})
    assert status == 409 and "resolved" in body["error"], body

    # a transfer clears the acceptance: the new unit's handler accepts in turn, the
    # first no longer reaches it
    worker.ok("POST", f"/requests/{rid}/reopen", {"note": "还在漏"})
    moved = admin.ok("POST", f"/requests/{rid}/assign", {"assigned_to": "D-civil"})
    assert (moved["accepted_at"], moved["accepted_by"]) == (None, None)
    assert handler.status("POST", f"/requests/{rid}/accept", {}) == 403
    assert other.ok("POST", f"/requests/{rid}/accept", {})["accepted_at"]
    assert [a for a, _ in _history(admin, rid)].count("accepted") == 2
