"""Access control on dispatch's HTTP API: the real service with AUTH required, real tokens,
the real broker and database (issue 6). Each role inside and outside its scope, 401s,
lists narrowed rather than refused, masked names, and the audit log of clear reads."""

from __future__ import annotations

import csv
import io

import pytest

from services.dispatch import clock
from tests.support.amqp import wait_until
from tests.support.dispatch_world import volunteer
from tests.support.http import Client
from tests.support.servers import running, service_config, sql_runner, truncate
from tests.support.tokens import auth_settings, refused_bearers, token, token_id

from .support import order

KEY = "dispatch-access-test-key"
# 4401 > 440106 > S1 > {C1 > {G1, G2}, C2 > G3};  4401 > 440107 > S2 > C3 > G4
TREE = [("4401", "city", None), ("440106", "district", "4401"), ("S1", "street", "440106"),
        ("C1", "community", "S1"), ("C2", "community", "S1"), ("G1", "grid", "C1"),
        ("G2", "grid", "C1"), ("G3", "grid", "C2"), ("440107", "district", "4401"),
        ("S2", "street", "440107"), ("C3", "community", "S2"), ("G4", "grid", "C3")]
PARENT = {code: parent for code, _level, parent in TREE}


def path_of(code: str) -> list[str]:
    return ([] if PARENT[code] is None else path_of(PARENT[code])) + [code]




@pytest.fixture
def dispatch_url(amqp_uri, clean_dispatch_db, purge_dispatch_queues, outside):
    """Dispatch with AUTH required, its token key, and the area tree learnt from registry
    events with their real paths."""
    from services.dispatch.entrypoints.service import DispatchService

    truncate(clean_dispatch_db, ("access_audit",))
    config = {**service_config("dispatch", amqp_uri, clean_dispatch_db),
              **auth_settings(KEY)}
    for runner in running(DispatchService, config):
        for n, (code, level, parent) in enumerate(TREE):
            outside.publish_as("registry", "grid_registered" if level == "grid" else
                             "area_registered",
                             {"area_id": n + 1, "code": code, "level": level,
                              "name": f"{level} {code}", "parent_code": parent,
                              "path": path_of(code), "version": 1})
        yield runner.base_url


@pytest.fixture
def sql(dispatch_db):
    return sql_runner(dispatch_db)


@pytest.fixture
def as_role(dispatch_url):
    return lambda role, **scope: Client(dispatch_url, token(role, KEY, **scope))


@pytest.fixture
def world(as_role, sql, mid_morning) -> dict:
    """Units U1 and U2 of city 4401 with ten volunteers each; U1 paired with C1 (order o1,
    from today) and with C3 (o4); U2 with C3 (o2). → shift keys by (order, place, day)."""
    wait_until(lambda: len(sql("select 1 from communities where path is not null")) == 3
               and len(sql("select 1 from grids where path is not null")) == 4,
               what="the area tree in dispatch")
    admin = as_role("city_admin", area="4401")
    for unit in ("U1", "U2"):
        admin.ok("POST", "/units", {"unit_id": unit, "name": f"单位 {unit}",
                                    "area_code": "4401", "coordinator_name": "王协调员",
                                    "coordinator_phone": "13912345678"}, 201)
        for n in range(10):
            admin.ok("POST", "/volunteers", volunteer(n, unit), 201)
    for order_id, unit, community in (("o1", "U1", "C1"), ("o4", "U1", "C3"),
                                      ("o2", "U2", "C3")):
        admin.ok("POST", "/orders", order(order_id, days_ahead=0, unit_id=unit,
                                          community_code=community, batches=4,
                                          head_count=2), 201)
    today = clock.today().isoformat()
    shifts = {}
    for order_id in ("o1", "o2", "o4"):
        for s in admin.ok("GET", f"/orders/{order_id}/shifts")["shifts"]:
            when = "today" if s["day"] == today else "later"
            shifts.setdefault((order_id, s["place_code"], when), s)
    return shifts


def first_on(shift: dict) -> str:
    return shift["volunteers"][0]["volunteer_id"]


def leaks(client: Client, *clear: str) -> list[str]:
    return [body for body in client.bodies for value in clear if value in body]


# -- 401, and what stays open ----------------------------------------------------------------
def test_missing_bad_expired_and_foreign_tokens_are_401(dispatch_url, sql):
    for bearer, reason in refused_bearers(KEY):
        client = Client(dispatch_url, bearer)
        for method, path, body in (("GET", "/units", None), ("GET", "/shifts/x", None),
                                   ("POST", "/units", {"unit_id": "U9", "name": "x",
                                                       "coordinator_name": "y",
                                                       "coordinator_phone": "13900000000"})):
            status, answer = client.call(method, path, body)
            assert status == 401 and reason in answer["error"], (bearer, path, answer)
            assert client.last_headers["WWW-Authenticate"] == 'Bearer realm="wangge"'
    # refused before anything was written
    assert sql("select 1 from units") == [] and sql("select 1 from outbox") == []
    anonymous = Client(dispatch_url, None)
    assert anonymous.status("GET", "/health") == 200
    assert anonymous.status("GET", "/metrics") == 200


def test_revoked_token_is_401(dispatch_url, monkeypatch):
    issued = token("city_admin", KEY, area="4401")
    client = Client(dispatch_url, issued)
    assert client.status("GET", "/units") == 200
    monkeypatch.setenv("AUTH_REVOKED", token_id(issued))
    assert client.call("GET", "/units") == (401, {"error": "token revoked", "errors": {}})


# -- unit coordinators ---------------------------------------------------------------------
def test_a_unit_coordinator_sees_and_manages_only_their_unit(as_role, world):
    coord = as_role("unit_coordinator", unit="U1")
    assert [u["unit_id"] for u in coord.ok("GET", "/units")["units"]] == ["U1"]
    assert coord.ok("GET", "/units/U1")["volunteers"] == 10
    assert coord.status("GET", "/units/U2") == 403
    # the volunteer list is narrowed, even when asked for another unit
    mine = coord.ok("GET", "/volunteers")
    assert mine["total"] == 10 and {v["unit_id"] for v in mine["volunteers"]} == {"U1"}
    assert coord.ok("GET", "/volunteers?unit=U2")["total"] == 0
    assert coord.status("GET", "/volunteers/U2-v01") == 403
    assert coord.status("GET", "/volunteers/U1-v01") == 200
    # their roster: enrol and change their own people only, and keep them in the unit
    coord.ok("POST", "/volunteers", volunteer(20, "U1"), 201)
    status, body = coord.call("POST", "/volunteers", volunteer(21, "U2"))
    assert status == 403 and "U2" in body["error"]
    coord.ok("PATCH", "/volunteers/U1-v20", {"weekly_limit": 2})
    assert coord.status("PATCH", "/volunteers/U2-v01", {"weekly_limit": 2}) == 403
    assert coord.status("PATCH", "/volunteers/U1-v20", {"unit_id": "U2"}) == 403
    assert coord.status("PATCH", "/units/U1", {"name": "新名"}) == 200
    assert coord.status("PATCH", "/units/U2", {"name": "新名"}) == 403
    # their figures and their pairings, wherever they are; not the other unit's
    for path in ("/units/U1/understaffed", "/units/U1/person-times", "/orders/o1",
                 "/orders/o4/shifts", "/orders/o1/person-times"):
        assert coord.status("GET", path) == 200, path
    for path in ("/units/U2/understaffed", "/units/U2/person-times", "/orders/o2",
                 "/orders/o2/shifts"):
        assert coord.status("GET", path) == 403, path
    assert len(coord.ok("GET", "/units/U1/person-times")["orders"]) == 2
    # their shifts: replace, check in; not another unit's
    later = world[("o1", "G1", "later")]
    done = coord.ok("POST", f"/shifts/{later['shift_key']}/replace",
                    {"volunteer_id": first_on(later)})
    assert done["left"] == first_on(later)
    other = world[("o2", "G4", "later")]
    assert coord.status("POST", f"/shifts/{other['shift_key']}/replace",
                        {"volunteer_id": first_on(other)}) == 403
    today = world[("o1", "G1", "today")]
    coord.ok("POST", f"/shifts/{today['shift_key']}/checkins",
             {"volunteer_id": first_on(today)}, 201)
    other_today = world[("o2", "G4", "today")]
    assert coord.status("POST", f"/shifts/{other_today['shift_key']}/checkins",
                        {"volunteer_id": first_on(other_today)}) == 403
    # what is not theirs to do at all
    assert coord.status("POST", "/orders", order("o9", unit_id="U1", community_code="C1")) \
        == 403
    assert coord.status("PATCH", "/orders/o1", {"head_count": 3}) == 403
    assert coord.status("GET", "/communities") == 403  # a unit has no place in the tree
    assert coord.status("GET", "/communities/C1/person-times") == 403
    assert coord.status("POST", "/units", {"unit_id": "U9", "name": "x",
                                           "coordinator_name": "y",
                                           "coordinator_phone": "13900000000"}) == 403
    # no read_sensitive in the role: names stay masked for them
    assert coord.status("GET", "/volunteers/U1-v01?reveal=phone") == 403
    assert leaks(coord, "志愿者01", "13800000001", "王协调员", "13912345678") == []


# -- community admins ----------------------------------------------------------------------
def test_a_community_admin_orders_for_their_community_and_sees_those_pairings(
        as_role, world, sql):
    admin = as_role("community_admin", area="C1")
    assert [c["code"] for c in admin.ok("GET", "/communities")["communities"]] == ["C1"]
    assert admin.status("GET", "/communities/C1") == 200
    assert admin.status("GET", "/communities/C3") == 403
    admin.ok("POST", "/communities/C1/sites", {"site_code": "C1-KK", "name": "卡口",
                                               "kind": "checkpoint"}, 201)
    assert admin.status("POST", "/communities/C3/sites", {"site_code": "C3-KK", "name": "卡口",
                                                          "kind": "checkpoint"}) == 403
    # units narrowed to those paired here; their figures narrowed to this community
    assert [u["unit_id"] for u in admin.ok("GET", "/units")["units"]] == ["U1"]
    assert admin.ok("GET", "/volunteers")["total"] == 10
    assert admin.status("GET", "/units/U2") == 403
    figures = admin.ok("GET", "/units/U1/person-times")
    assert [o["order_id"] for o in figures["orders"]] == ["o1"]
    assert {s["community_code"] for s in admin.ok("GET", "/units/U1/understaffed")["shifts"]} \
        <= {"C1"}
    # orders for this community, with any unit; not for another community
    admin.ok("POST", "/orders", order("o3", days_ahead=2, unit_id="U2", community_code="C1",
                                      batches=2, head_count=2), 201)
    assert [u["unit_id"] for u in admin.ok("GET", "/units")["units"]] == ["U1", "U2"]
    status, body = admin.call("POST", "/orders", order("o5", unit_id="U2",
                                                       community_code="C3"))
    assert status == 403 and "outside" in body["error"]
    assert sql("select 1 from pairings where id = 'o5'") == []
    admin.ok("PATCH", "/orders/o1", {"head_count": 3})
    assert admin.status("PATCH", "/orders/o2", {"head_count": 3}) == 403
    assert admin.status("POST", "/orders/o2/cancel", {}) == 403
    assert admin.status("GET", "/orders/o2") == 403
    assert admin.status("GET", "/orders/o1/shifts") == 200
    assert admin.status("GET", "/communities/C1/person-times") == 200
    # shifts of their community; a swap that would change a shift elsewhere is refused
    here, there = world[("o1", "G2", "later")], world[("o4", "G4", "later")]
    assert admin.status("GET", f"/shifts/{there['shift_key']}") == 403
    status, body = admin.call("POST", f"/shifts/{here['shift_key']}/swap", {
        "volunteer_id": first_on(here), "other_shift_key": there["shift_key"],
        "other_volunteer_id": first_on(there)})
    assert status == 403, body
    assert admin.status("POST", f"/shifts/{here['shift_key']}/replace",
                        {"volunteer_id": first_on(here)}) == 200
    # a unit's roster is its coordinator's (or an admin's), not the community's
    assert admin.status("POST", "/volunteers", volunteer(30, "U1")) == 403
    assert admin.status("POST", "/units", {"unit_id": "U9", "name": "x",
                                           "coordinator_name": "y",
                                           "coordinator_phone": "13900000000"}) == 403


# -- grid workers --------------------------------------------------------------------------
def test_a_grid_worker_checks_people_in_on_shifts_in_their_grid(as_role, world):
    worker = as_role("grid_worker", area="G1")
    mine, beside = world[("o1", "G1", "today")], world[("o1", "G2", "today")]
    shown = worker.ok("GET", f"/shifts/{mine['shift_key']}")
    assert all(set(v) == {"volunteer_id", "name_masked"} for v in shown["volunteers"])
    worker.ok("POST", f"/shifts/{mine['shift_key']}/checkins",
              {"volunteer_id": first_on(mine)}, 201)
    assert worker.status("POST", f"/shifts/{beside['shift_key']}/checkins",
                         {"volunteer_id": first_on(beside)}) == 403
    assert worker.status("GET", f"/shifts/{beside['shift_key']}") == 403
    assert worker.status("POST", f"/shifts/{mine['shift_key']}/replace",
                         {"volunteer_id": first_on(mine)}) == 403  # no write
    assert worker.status("POST", "/orders", order("o9", unit_id="U1",
                                                  community_code="C1")) == 403
    # a grid lies below every community: the community list is empty, not refused
    assert worker.ok("GET", "/communities") == {"communities": []}
    assert leaks(worker, "志愿者") == []


# -- report readers and integrators ------------------------------------------------------------
def test_a_report_reader_reads_person_times_in_their_subtree_only(as_role, world):
    reader = as_role("report_reader", area="440106")
    figures = reader.ok("GET", "/communities/C1/person-times")
    assert [u["unit_id"] for u in figures["units"]] == ["U1"]
    assert reader.status("GET", "/communities/C3/person-times") == 403
    for path in ("/units", "/volunteers", "/orders/o1", "/communities", "/units/U1"):
        assert reader.status("GET", path) == 403, path


def test_an_integrator_enrols_orders_and_checks_in_within_its_area(as_role, world, sql):
    system = as_role("integrator", area="C1")
    system.ok("POST", "/volunteers", volunteer(40, "U1"), 201)  # U1 works in C1
    assert system.status("POST", "/volunteers", volunteer(40, "U2")) == 403
    system.ok("POST", "/orders", order("o6", days_ahead=3, unit_id="U1", community_code="C1",
                                       batches=2, head_count=2), 201)
    assert system.status("POST", "/orders", order("o7", unit_id="U1",
                                                  community_code="C3")) == 403
    shift = world[("o1", "G2", "today")]
    system.ok("POST", f"/shifts/{shift['shift_key']}/checkins",
              {"volunteer_id": first_on(shift)}, 201)
    elsewhere = world[("o4", "G4", "today")]
    assert system.status("POST", f"/shifts/{elsewhere['shift_key']}/checkins",
                         {"volunteer_id": first_on(elsewhere)}) == 403
    # a roster import is all or nothing: one row of a unit outside refuses the file
    roster = io.StringIO()
    writer = csv.writer(roster)
    writer.writerow(["volunteer_id", "unit_id", "name"])
    writer.writerow(["U1-v41", "U1", "新志愿者"])
    writer.writerow(["U2-v41", "U2", "新志愿者"])
    status, body = system.call("POST", "/volunteers/import", raw=roster.getvalue().encode(),
                               content_type="text/csv")
    assert status == 403 and "U2" in body["error"]
    assert sql("select 1 from volunteers where id in ('U1-v41', 'U2-v41')") == []
    # other systems feed dispatch; they do not read it
    for path in ("/orders/o1", "/units", "/volunteers", f"/shifts/{shift['shift_key']}"):
        assert system.status("GET", path) == 403, path


# -- personal data: masked everywhere, clear only when revealed, and audited ------------------
def test_names_are_masked_and_every_clear_read_is_audited(as_role, world, sql):
    admin = as_role("city_admin", area="4401")
    for path in ("/units", "/units/U1", "/volunteers?limit=50", "/volunteers/U1-v01",
                 "/orders/o1/shifts", f"/shifts/{world[('o1', 'G1', 'later')]['shift_key']}"):
        admin.ok("GET", path)
    assert leaks(admin, "志愿者", "13800000001", "王协调员", "13912345678") == []
    assert sql("select 1 from access_audit") == []  # masked reads are not audited

    shown = admin.ok("GET", "/volunteers/U1-v01?reveal=name,phone")
    assert (shown["name"], shown["phone"], shown["name_masked"]) == \
        ("志愿者01", "13800000001", "志***1")
    coordinator = admin.ok("GET", "/units/U2?reveal=coordinator_phone")["coordinator"]
    assert coordinator["phone"] == "13912345678" and "name" not in coordinator
    status, body = admin.call("GET", "/volunteers/U1-v01?reveal=id_number")
    assert status == 400 and "reveal" in body["errors"]

    # a grid worker needs the names of the people coming to their grid (U1 works in C1)
    worker = as_role("grid_worker", area="G1")
    assert worker.ok("GET", "/volunteers/U1-v02?reveal=name")["name"] == "志愿者02"
    assert worker.status("GET", "/volunteers/U2-v02?reveal=name") == 403
    rows = sql("select subject, role, token_id, resource, resource_id, fields, source, "
               "request from access_audit order by id")
    assert [(r["subject"], r["role"], r["resource"], r["resource_id"], r["fields"])
            for r in rows] == [
        ("city_admin-user", "city_admin", "volunteer", "U1-v01", ["name", "phone"]),
        ("city_admin-user", "city_admin", "unit", "U2", ["coordinator_phone"]),
        ("grid_worker-user", "grid_worker", "volunteer", "U1-v02", ["name"])]
    assert rows[0]["request"] == "GET /volunteers/U1-v01" and rows[0]["source"] == "127.0.0.1"
    assert all(r["token_id"] for r in rows)


def test_a_community_kept_before_paths_gets_its_path_when_announced_again(
        dispatch_url, sql, outside, as_role):
    wait_until(lambda: len(sql("select 1 from communities where path is not null")) == 3,
               what="the area tree in dispatch")
    sql("insert into communities (code, area_id, name, parent_code, version) "
        "values ('C9', 99, 'old', 'S1', 4) returning code")
    admin = as_role("community_admin", area="S1")
    assert admin.status("GET", "/communities/C9") == 403  # no path: nobody's
    announce = {"area_id": 99, "code": "C9", "level": "community", "name": "old",
                "parent_code": "S1", "path": ["4401", "440106", "S1", "C9"], "version": 4}
    outside.publish_as("registry", "area_updated", announce)
    wait_until(lambda: sql("select path from communities where code = 'C9'")[0]["path"],
               what="C9's path")
    assert admin.ok("GET", "/communities/C9")["version"] == 4
    # once known, the row is replaced only by a newer version, as before
    stale = outside.publish_as("registry", "area_updated", {**announce, "name": "stale",
                                                       "path": ["X"]})
    wait_until(lambda: sql("select 1 from inbox where event_id = :i", i=stale["id"]),
               what="the stale announcement handled")
    assert [dict(r) for r in sql("select name, path from communities where code = 'C9'")] \
        == [{"name": "old", "path": ["4401", "440106", "S1", "C9"]}]


# -- two cities: a unit belongs to the area whose organisation pairs it (finding 14) -----------
# 4416 (河源) > 441602 > HS > HC > HG, beside 4401 (广州)
HEYUAN = [("4416", "city", None, ["4416"]),
          ("441602", "district", "4416", ["4416", "441602"]),
          ("HS", "street", "441602", ["4416", "441602", "HS"]),
          ("HC", "community", "HS", ["4416", "441602", "HS", "HC"]),
          ("HG", "grid", "HC", ["4416", "441602", "HS", "HC", "HG"])]


@pytest.fixture
def two_cities(world, as_role, outside, sql):
    for n, (code, level, parent, path) in enumerate(HEYUAN):
        outside.publish_as("registry", "grid_registered" if level == "grid" else "area_registered",
                         {"area_id": 100 + n, "code": code, "level": level,
                          "name": f"{level} {code}", "parent_code": parent, "path": path,
                          "version": 1})
    wait_until(lambda: sql("select 1 from grids where code = 'HG' and path is not null")
               and sql("select 1 from communities where code = 'HC' and path is not null"),
               what="河源's areas in dispatch")
    heyuan = as_role("city_admin", area="4416")
    heyuan.ok("POST", "/units", {"unit_id": "H1", "name": "河源单位", "area_code": "441602",
                                 "coordinator_name": "李协调员",
                                 "coordinator_phone": "13711112222"}, 201)
    for n in range(60, 63):
        heyuan.ok("POST", "/volunteers", volunteer(n, "H1"), 201)
    return world


def test_a_city_admin_reaches_neither_the_units_nor_the_people_of_another_city(
        as_role, two_cities, sql):
    heyuan, guangzhou = as_role("city_admin", area="4416"), as_role("city_admin", area="4401")
    # what the finding read: another city's volunteer and coordinator in clear, and its list
    assert heyuan.status("GET", "/volunteers/U1-v01?reveal=name,phone") == 403
    assert heyuan.status("GET", "/units/U1?reveal=coordinator_name,coordinator_phone") == 403
    assert heyuan.status("GET", "/volunteers/U1-v01") == 403
    assert heyuan.status("GET", "/units/U1") == 403
    mine = heyuan.ok("GET", "/volunteers?limit=100")
    assert mine["total"] == 3 and {v["unit_id"] for v in mine["volunteers"]} == {"H1"}
    assert heyuan.ok("GET", "/volunteers?unit=U1")["total"] == 0
    assert [u["unit_id"] for u in heyuan.ok("GET", "/units")["units"]] == ["H1"]
    assert heyuan.ok("GET", "/units/H1")["area_code"] == "441602"
    # nor its figures, orders or shifts
    shift = two_cities[("o1", "G1", "later")]
    for path in ("/units/U1/person-times", "/units/U1/understaffed", "/orders/o1",
                 "/orders/o1/shifts", f"/shifts/{shift['shift_key']}"):
        assert heyuan.status("GET", path) == 403, path
    # nor may it write to them: units, volunteers, rosters, shifts
    assert heyuan.status("PATCH", "/units/U1", {"name": "x"}) == 403
    assert heyuan.status("POST", "/volunteers", volunteer(70, "U1")) == 403
    assert heyuan.status("PATCH", "/volunteers/U1-v01", {"weekly_limit": 1}) == 403
    assert heyuan.status("PATCH", "/volunteers/H1-v60", {"unit_id": "U1"}) == 403
    roster = "volunteer_id,unit_id,name\nU1-v71,U1,新人\n".encode()
    assert heyuan.call("POST", "/volunteers/import", raw=roster,
                       content_type="text/csv")[0] == 403
    assert heyuan.status("POST", f"/shifts/{shift['shift_key']}/replace",
                         {"volunteer_id": first_on(shift)}) == 403
    # nor register a unit in another city
    status, body = heyuan.call("POST", "/units", {
        "unit_id": "H9", "name": "x", "area_code": "440106", "coordinator_name": "y",
        "coordinator_phone": "13900000000"})
    assert status == 403 and "outside" in body["error"]
    # a unit is paired only inside its area: by nobody across cities
    status, body = heyuan.call("POST", "/orders", order("ho1", unit_id="U1",
                                                        community_code="HC"))
    assert status == 400 and "outside unit U1's area 4401" in \
        body["errors"]["community_code"][0]
    status, body = guangzhou.call("POST", "/orders", order("go1", unit_id="H1",
                                                           community_code="C1"))
    assert status == 400 and "outside unit H1's area 441602" in \
        body["errors"]["community_code"][0]
    # and the other way round
    assert [u["unit_id"] for u in guangzhou.ok("GET", "/units")["units"]] == ["U1", "U2"]
    assert guangzhou.status("GET", "/volunteers/H1-v60?reveal=phone") == 403
    assert "H1" not in {v["unit_id"] for v in
                        guangzhou.ok("GET", "/volunteers?limit=100")["volunteers"]}
    # unknown is 404, as for anyone
    assert heyuan.status("GET", "/units/NOPE") == 404
    assert heyuan.status("GET", "/volunteers/NOPE") == 404
    assert leaks(heyuan, "志愿者01", "13800000001", "王协调员", "13912345678") == []
    assert leaks(guangzhou, "13800000060", "李协调员", "13711112222") == []
    assert sql("select id from units where id = 'H9'") == []
    assert sql("select id from pairings where id in ('ho1', 'go1')") == []
    assert sql("select id from volunteers where id = 'U1-v70' or id = 'U1-v71'") == []
    assert sql("select 1 from access_audit") == []  # nothing was read in clear
    # each admin reads their own city's people in clear, audited
    assert heyuan.ok("GET", "/volunteers/H1-v60?reveal=phone")["phone"] == "13800000060"
    assert [(r["subject"], r["resource_id"]) for r in
            sql("select subject, resource_id from access_audit")] == \
        [("city_admin-user", "H1-v60")]


def test_a_district_reaches_the_units_of_its_district_only(as_role, two_cities):
    district = as_role("integrator", area="441602")
    district.ok("POST", "/volunteers", volunteer(64, "H1"), 201)
    assert district.status("POST", "/volunteers", volunteer(64, "U2")) == 403
    assert as_role("city_admin", area="440106").status("GET", "/units/H1") == 403
