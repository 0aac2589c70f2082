"""Access control on visits' HTTP API: the real service with AUTH required, real tokens,
the area tree and shifts learnt from events on the real broker (issue 6,
docs/access-control.md). Each role inside and outside its scope, 401s, lists and figures
narrowed rather than refused, capture refused outside the grid, free text masked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.visits import clock
from services.visits.use_cases.planning import sweep
from services.visits.use_cases.tasks import TaskPolicy
from tests.support.http import Client
from tests.support.tokens import auth_settings, refused_bearers, token, token_id
from tests.support.visits_world import COMMUNITY, PATH, STREET, seed_area

from .support import assign_volunteer, at, shift, visit, wait_until

KEY = "visits-access-test-key"
# 4401 > 440106 > STREET > {C1 > {G01, G02}, C2 > G03}
C1, C2 = COMMUNITY, "4401060102"
PHONE, ID_NUMBER = "13912345678", "11010519491231002X"


@pytest.fixture
def visits_settings() -> dict:
    return {**auth_settings(KEY)}




def seed_other_community(outside, sql) -> list[str]:
    """C2 beside C1 in the same street, with grid G03: one building of two households."""
    outside.publish_as("registry", "area_registered", {
        "area_id": 90, "code": C2, "level": "community", "name": "community C2",
        "parent_code": STREET, "path": [*PATH[:3], C2], "version": 1})
    outside.publish_as("registry", "grid_registered", {
        "area_id": 91, "code": "G03", "level": "grid", "name": "grid G03",
        "parent_code": C2, "path": [*PATH[:3], C2, "G03"], "version": 1})
    outside.publish_as("registry", "building_registered", {
        "building_id": 9300, "code": "G03-B1", "name": "1栋", "grid_code": "G03",
        "version": 1})
    codes = ["G03-B1-01", "G03-B1-02"]
    for n, code in enumerate(codes):
        outside.publish_as("registry", "household_registered", {
            "household_id": 9301 + n, "code": code, "kind": "residence",
            "address": f"1栋{n + 1:02d}号", "building_code": "G03-B1", "grid_code": "G03",
            "version": 1})
    wait_until(lambda: len(sql("select 1 from households where grid_code = 'G03'")) == 2,
               what="grid G03 in visits")
    return codes


@pytest.fixture
def as_role(visits):
    return lambda role, **scope: Client(visits.base_url, token(role, KEY, **scope))


@pytest.fixture
def world(visits, outside, visits_sql, as_role) -> dict:
    """G01 and G02 (6 households each) in C1, G03 (2) in C2; campaign c1 over C1 and cw
    over the whole street, both started by a city admin. → household codes per grid."""
    homes = {"G01": seed_area(outside, visits_sql, "G01"),
             "G02": seed_area(outside, visits_sql, "G02"),
             "G03": seed_other_community(outside, visits_sql)}
    admin = as_role("city_admin", area="4401")
    today = clock.today()
    for campaign_id, areas in (("c1", [C1]), ("cw", [STREET])):
        admin.ok("POST", "/campaigns", {
            "campaign_id": campaign_id, "name": f"三询问一完善 {campaign_id}",
            "start": (today - timedelta(days=1)).isoformat(),
            "end": (today + timedelta(days=7)).isoformat(), "area_codes": areas}, 201)
    return homes


def staff_today(outside, sql, grid: str, volunteer: str) -> dict:
    """A door_to_door shift today in the grid, with the volunteer on it."""
    s = shift(grid, clock.local_day(clock.now()), "day", order=f"o-{grid}")
    outside.publish_as("dispatch", "shift_scheduled", s)
    assign_volunteer(outside, s, volunteer)
    wait_until(lambda: sql("select 1 from shift_volunteers where shift_key = :k",
                           k=s["shift_key"]), what=f"shift in {grid} staffed")
    return s


def campaign_body(campaign_id: str, *areas: str) -> dict:
    today = clock.today()
    return {"campaign_id": campaign_id, "name": "走访", "start": today.isoformat(),
            "end": (today + timedelta(days=3)).isoformat(), "area_codes": list(areas)}


# -- 401, and what stays open ----------------------------------------------------------------
def test_missing_bad_expired_and_revoked_tokens_are_401_and_write_nothing(
        visits, visits_sql, monkeypatch):
    issued = token("city_admin", KEY, area="4401")
    for bearer, reason in refused_bearers(KEY):
        client = Client(visits.base_url, bearer)
        for method, path, body in (
                ("GET", "/campaigns", None), ("GET", "/requests/r1", None),
                ("POST", "/campaigns", campaign_body("c9", "4401")),
                ("POST", "/visits", {"household_code": "G01-B1-01"}),
                ("POST", "/requests", {"grid_code": "G01", "category": "other"})):
            status, answer = client.call(method, path, body)
            assert status == 401 and reason in answer["error"], (bearer, path, answer)
            assert client.last_headers["WWW-Authenticate"] == 'Bearer realm="wangge"'
    assert visits_sql("select 1 from campaigns") == [] and visits_sql("select 1 from outbox") \
        == [] and visits_sql("select 1 from requests") == []
    anonymous = Client(visits.base_url, None)
    assert anonymous.status("GET", "/health") == 200
    status, metrics = anonymous.call("GET", "/metrics")
    assert status == 200 and b"wangge_" in metrics

    client = Client(visits.base_url, issued)
    assert client.status("GET", "/campaigns") == 200
    monkeypatch.setenv("AUTH_REVOKED", token_id(issued))
    assert client.call("GET", "/campaigns") == (401, {"error": "token revoked", "errors": {}})


# -- campaigns ---------------------------------------------------------------------------------
def test_community_admins_create_and_end_campaigns_only_inside_their_subtree(
        world, as_role, visits_sql):
    mine = as_role("community_admin", area=C1)
    created = mine.ok("POST", "/campaigns", campaign_body("k1", C1), 201)
    assert sorted(created["grid_codes"]) == ["G01", "G02"] and created["households"] == 12
    mine.ok("POST", "/campaigns", campaign_body("k1", C1), 200)       # the same again
    mine.ok("POST", "/campaigns", campaign_body("k2", "G02"), 201)
    for areas in ([C2], [C1, C2], [STREET], ["G03"]):
        status, body = mine.call("POST", "/campaigns", campaign_body("k3", *areas))
        assert status == 403 and C1 in body["error"], (areas, body)
    # an id already taken outside the subtree is refused, not compared (no 409 telling)
    assert mine.status("POST", "/campaigns", campaign_body("cw", C1)) == 403
    status, body = mine.call("POST", "/campaigns", campaign_body("k4", "NOPE"))
    assert status == 400 and "NOPE" in body["errors"]["area_codes"][0]
    status, body = mine.call("POST", "/campaigns", {"name": "x"})
    assert status == 400 and {"area_codes", "start", "end"} <= set(body["errors"])
    # a campaign file: read, then placed like the JSON body
    yaml = ("name: 走访\nstart: {s}\nend: {e}\narea_codes: [{a}]\n")
    today = clock.today()
    for area, expected in ((C2, 403), ("G01", 201)):
        status, body = mine.call("POST", "/campaigns/import?filename=c.yaml", raw=yaml.format(
            s=today, e=today + timedelta(days=2), a=area))
        assert status == expected, (area, body)
    for role, scope in (("grid_worker", {"area": "G01"}), ("report_reader", {"area": C1}),
                        ("integrator", {"area": C1}), ("unit_coordinator", {"unit": "U1"})):
        status, body = as_role(role, **scope).call("POST", "/campaigns",
                                                   campaign_body("k5", "G01"))
        assert status == 403, (role, body)
        assert as_role(role, **scope).status("POST", "/campaigns/c1/end", {}) == 403
    # refused ones wrote nothing: c1 and cw (the world's), k1, k2 and the file's (G01)
    kept = visits_sql("select id, area_codes from campaigns order by id")
    assert len(kept) == 5 and {r["id"] for r in kept} >= {"c1", "cw", "k1", "k2"}
    assert [r["area_codes"] for r in kept if r["id"].startswith("c-")] == [["G01"]]

    # ending: every area of the campaign must be theirs
    assert mine.status("POST", "/campaigns/cw/end", {}) == 403
    assert mine.status("POST", "/campaigns/nope/end", {}) == 404
    assert as_role("community_admin", area=C2).status("POST", "/campaigns/c1/end", {}) == 403
    assert mine.ok("POST", "/campaigns/c1/end", {})["status"] == "ended"
    assert as_role("community_admin", area=STREET).ok("POST", "/campaigns/cw/end", {})[
        "status"] == "ended"


def test_campaign_reads_and_figures_are_narrowed_to_the_callers_grids(world, as_role):
    worker = as_role("grid_worker", area="G01")
    listed = {c["campaign_id"]: c for c in worker.ok("GET", "/campaigns")["campaigns"]}
    assert set(listed) == {"c1", "cw"}
    assert listed["cw"]["figures_within"] == ["G01"] and listed["cw"]["households"] == 6
    assert sorted(listed["cw"]["grid_codes"]) == ["G01", "G02", "G03"]   # what it spans

    other = as_role("report_reader", area=C2)
    listed = other.ok("GET", "/campaigns")["campaigns"]
    assert [(c["campaign_id"], c["figures_within"], c["households"]) for c in listed] == \
        [("cw", ["G03"], 2)]
    assert other.status("GET", "/campaigns/c1") == 403
    assert other.status("GET", "/campaigns/c1/coverage") == 403
    cover = other.ok("GET", "/campaigns/cw/coverage")
    assert [g["grid_code"] for g in cover["grids"]] == ["G03"] and cover["households"] == 2
    assert other.status("GET", "/campaigns/cw/follow-up") == 403    # report, not read

    leader = as_role("report_reader", area=C1)
    assert leader.ok("GET", "/campaigns/c1")["figures_within"] is None   # all of it
    assert leader.ok("GET", "/campaigns/cw")["figures_within"] == ["G01", "G02"]
    city = as_role("city_admin", area="4401").ok("GET", "/campaigns/cw")
    assert (city["figures_within"], city["households"]) == (None, 14)
    assert as_role("report_reader", area="4402").ok("GET", "/campaigns")["campaigns"] == []

    cover = worker.ok("GET", "/campaigns/c1/coverage")
    assert [g["grid_code"] for g in cover["grids"]] == ["G01"]
    assert worker.ok("GET", "/campaigns/cw/follow-up")["households"] == []
    rows = worker.ok("GET", "/campaigns/c1/grids/G01/households")["households"]
    assert len(rows) == 6 and all(r["address"] for r in rows)
    assert worker.status("GET", "/campaigns/c1/grids/G02/households") == 403
    assert worker.status("GET", "/campaigns/c1/grids/G09/households") == 404
    assert worker.status("GET", "/campaigns/nope") == 404

    for role, scope in (("unit_coordinator", {"unit": "U1"}), ("integrator", {"area": C1})):
        client = as_role(role, **scope)
        assert client.status("GET", "/campaigns") == 403, role
        assert client.status("GET", "/campaigns/c1") == 403, role


# -- visits, hazards, discrepancies --------------------------------------------------------------
def test_grid_workers_capture_and_read_only_their_grids_households(
        world, as_role, outside, visits_sql, visits_mid_morning):
    now = clock.now() - timedelta(minutes=1)
    s1 = staff_today(outside, visits_sql, "G01", "V1")
    s2 = staff_today(outside, visits_sql, "G02", "V2")
    g01, g02 = world["G01"][0], world["G02"][0]
    worker = as_role("grid_worker", area="G01")
    mine = visit("c1", g01, "V1", s1["shift_key"], now, people_found=3,
                 answers={"people_present": 3, "arrived_recently": True,
                          "arrived_from": f"深圳 联系 {PHONE}", "arrived_on":
                          clock.today().isoformat(), "arrived_reported": True,
                          "test_status": "all_negative", "water_hazard": False,
                          "electricity_hazard": False, "gas_hazard": False,
                          "fire_hazard": False, "has_difficulty": False,
                          "registry_correct": True},
                 hazards=[{"kind": "gas", "severity": "high", "note": f"房东电话{PHONE}"}],
                 corrections=[{"kind": "new_resident", "id_number": ID_NUMBER,
                               "name": "王小明", "gender": "male"}])
    worker.ok("POST", "/visits", mine, 201)
    worker.ok("POST", "/visits", mine, 200)                 # the phone sends it again
    theirs = visit("c1", g02, "V2", s2["shift_key"], now,
                   hazards=[{"kind": "water", "severity": "low"}])
    status, body = worker.call("POST", "/visits", theirs)
    assert status == 403 and "G01" in body["error"]
    assert visits_sql("select household_code from visits") == [{"household_code": g01}]
    status, body = worker.call("POST", "/visits", {**theirs, "household_code": "NOPE"})
    assert status == 400 and "NOPE" in body["errors"]["household_code"][0]
    for role, scope in (("report_reader", {"area": C1}), ("unit_coordinator", {"unit": "U1"}),
                        ("integrator", {"area": C2})):
        assert as_role(role, **scope).status("POST", "/visits", theirs) == 403, role
    # another system captures for its area; a community admin for theirs
    as_role("integrator", area=C1).ok("POST", "/visits", theirs, 201)
    assert as_role("community_admin", area=C2).status(
        "POST", "/visits", visit("c1", world["G02"][1], "V2", s2["shift_key"], now)) == 403
    assert len(visits_sql("select 1 from visits")) == 2

    # reading: the household's grid
    assert worker.ok("GET", f"/visits/{mine['visit_id']}")["household_code"] == g01
    assert worker.status("GET", f"/visits/{theirs['visit_id']}") == 403
    assert worker.status("GET", "/visits/v-nope") == 404
    assert len(worker.ok("GET", f"/households/{g01}/visits")["visits"]) == 1
    assert worker.status("GET", f"/households/{g02}/visits") == 403
    assert as_role("grid_worker", area="G02").status("GET", f"/visits/{mine['visit_id']}") \
        == 403
    assert as_role("integrator", area=C1).status("GET", f"/visits/{theirs['visit_id']}") \
        == 403                                               # integrators read nothing

    # findings: lists narrowed to the subtree, never refused for scope
    assert [h["grid_code"] for h in worker.ok("GET", "/hazards")["hazards"]] == ["G01"]
    assert [h["grid_code"] for h in worker.ok("GET", "/hazards?grid_code=G02")["hazards"]] \
        == []
    admin = as_role("community_admin", area=C1)
    assert sorted(h["grid_code"] for h in admin.ok("GET", "/hazards")["hazards"]) == \
        ["G01", "G02"]
    assert as_role("community_admin", area=C2).ok("GET", "/hazards")["hazards"] == []
    assert [d["grid_code"] for d in worker.ok("GET", "/discrepancies")["discrepancies"]] == \
        ["G01"]
    assert as_role("grid_worker", area="G02").ok("GET", "/discrepancies")[
        "discrepancies"] == []
    assert as_role("unit_coordinator", unit="U1").status("GET", "/hazards") == 403
    assert as_role("report_reader", area=C1).status("GET", "/discrepancies") == 403

    # what residents said stays masked in every answer; the new resident never in clear
    shown = worker.ok("GET", f"/visits/{mine['visit_id']}")["answers"]["arrived_from"]
    assert shown == "深圳 联系 139****5678"
    for client in (worker, admin):
        answers = "".join(client.bodies)
        assert PHONE not in answers and ID_NUMBER not in answers and "王小明" not in answers


def test_shift_tasks_for_the_grids_workers_and_the_shifts_unit(
        world, as_role, outside, visits_sql, visits_db, visits_outbox):
    day = clock.today() + timedelta(days=2)
    shifts = {grid: shift(grid, day, "am", order=f"o-{grid}", head_count=1)
              for grid in ("G01", "G03")}
    for grid, s in shifts.items():
        outside.publish_as("dispatch", "shift_scheduled", s)
        assign_volunteer(outside, s, f"V-{grid}")
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers")) == 2,
               what="shifts staffed in visits")
    sweep(visits_db, visits_outbox, now=at(day, 7, 30), tz=clock.tz(), policy=TaskPolicy())
    g01 = f"/shifts/{shifts['G01']['shift_key']}/tasks"
    g03 = f"/shifts/{shifts['G03']['shift_key']}/tasks"

    tasks = as_role("grid_worker", area="G01").ok("GET", g01)
    assert {t["household_code"] for v in tasks["volunteers"] for t in v["tasks"]} >= \
        set(world["G01"])
    assert as_role("grid_worker", area="G01").status("GET", g03) == 403
    assert as_role("grid_worker", area="G02").status("GET", g01) == 403
    assert as_role("community_admin", area=C2).status("GET", g01) == 403
    assert as_role("community_admin", area=C2).status("GET", g03) == 200
    # the unit whose volunteers walk the shifts (U1 in the shift copy) reads their tasks
    assert as_role("unit_coordinator", unit="U1").status("GET", g01) == 200
    assert as_role("unit_coordinator", unit="U1").status("GET", g03) == 200
    assert as_role("unit_coordinator", unit="U2").status("GET", g01) == 403
    assert as_role("report_reader", area=C1).status("GET", g01) == 403
    assert as_role("grid_worker", area="G01").status("GET", "/shifts/nope/tasks") == 404


# -- residents' requests -----------------------------------------------------------------------
def test_requests_are_raised_seen_and_handled_inside_the_scope(world, as_role, visits_sql):
    worker = as_role("grid_worker", area="G01")
    note = f"独居老人，女儿电话 {PHONE}，身份证 {ID_NUMBER}"
    mine = worker.ok("POST", "/requests", {"household_code": world["G01"][0],
                                           "category": "elderly_care", "note": note}, 201)
    assert mine["note"] == "独居老人，女儿电话 139****5678，身份证 1101**********002X"
    assert worker.status("POST", "/requests", {"household_code": world["G02"][0],
                                               "category": "medical"}) == 403
    assert worker.status("POST", "/requests", {"grid_code": "G02",
                                               "category": "medical"}) == 403
    status, body = worker.call("POST", "/requests", {"grid_code": "G01", "category": "x"})
    assert status == 400 and set(body["errors"]) == {"category"}
    theirs = as_role("integrator", area=C1).ok("POST", "/requests", {
        "grid_code": "G02", "category": "supplies", "note": "缺米"}, 201)
    far = as_role("community_admin", area=C2).ok("POST", "/requests", {
        "household_code": world["G03"][0], "category": "medical"}, 201)
    assert as_role("integrator", area=C2).status("POST", "/requests", {
        "grid_code": "G01", "category": "other"}) == 403
    assert as_role("report_reader", area=C1).status("POST", "/requests", {
        "grid_code": "G01", "category": "other"}) == 403
    assert len(visits_sql("select 1 from requests")) == 3

    def listed(client, query: str = "") -> list[str]:
        return sorted(r["request_id"] for r in client.ok("GET", f"/requests{query}")[
            "requests"])

    admin = as_role("community_admin", area=C1)
    assert listed(worker) == [mine["request_id"]]
    assert listed(worker, "?grid=" + C1) == [mine["request_id"]]
    assert listed(admin) == sorted([mine["request_id"], theirs["request_id"]])
    assert listed(admin, "?grid=G03") == []
    assert listed(as_role("city_admin", area="4401")) == sorted(
        [mine["request_id"], theirs["request_id"], far["request_id"]])
    assert as_role("unit_coordinator", unit="U1").status("GET", "/requests") == 403
    assert as_role("integrator", area=C1).status("GET", "/requests") == 403

    rid, other = mine["request_id"], theirs["request_id"]
    assert worker.ok("GET", f"/requests/{rid}")["history"][0]["action"] == "raised"
    assert worker.status("GET", f"/requests/{other}") == 403
    assert worker.status("GET", "/requests/nope") == 404
    # 转办 is the community's; the grid handles it at the door
    assert worker.status("POST", f"/requests/{rid}/assign", {"assignee": "社区医院"}) == 403
    assert as_role("community_admin", area=C2).status(
        "POST", f"/requests/{rid}/assign", {"assignee": "社区医院"}) == 403
    admin.ok("POST", f"/requests/{rid}/assign", {"assignee": "社区医院",
                                                 "note": f"联系 {PHONE}"})
    assert worker.status("POST", f"/requests/{other}/resolve", {}) == 403
    worker.ok("POST", f"/requests/{rid}/resolve", {"note": "已送医"})
    closed = worker.ok("POST", f"/requests/{rid}/close", {"closed_by": "grid_leader"})
    assert closed["status"] == "closed"
    assert as_role("unit_coordinator", unit="U1").status(
        "POST", f"/requests/{other}/assign", {"assignee": "U1"}) == 403
    assert as_role("integrator", area=C1).status(
        "POST", f"/requests/{other}/resolve", {}) == 403
    history = worker.ok("GET", f"/requests/{rid}")["history"]
    assert [h["note"] for h in history][:2] == ["独居老人，女儿电话 139****5678，身份证 "
                                                "1101**********002X", "联系 139****5678"]
    for client in (worker, admin):
        assert not [b for b in client.bodies if PHONE in b or ID_NUMBER in b]
