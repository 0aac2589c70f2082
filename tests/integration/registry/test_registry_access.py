"""Access control on the registry's HTTP API: the real service with AUTH required, real
tokens, the real database (issue 6). Each role inside and outside its scope, 401s, list
narrowing, masking, and the audit log of clear reads."""

from __future__ import annotations

import json

import pytest

from services.common.auth import Grant
from tests.support.http import Client
from tests.support.identities import make_id, make_phone
from tests.support.servers import running, service_config, sql_runner, truncate
from tests.support.tokens import auth_settings, refused_bearers, token, token_id

KEY = "registry-access-test-key"
# 4401 > 440106 > S1 > {C1 > {G1, G2}, C2 > G3}; one building and household per grid
TREE = [("4401", "city", None), ("440106", "district", "4401"), ("S1", "street", "440106"),
        ("C1", "community", "S1"), ("C2", "community", "S1"), ("G1", "grid", "C1"),
        ("G2", "grid", "C1"), ("G3", "grid", "C2")]
PLACES = {"G1": ("B1", "H1"), "G2": ("B2", "H2"), "G3": ("B3", "H3")}
NAMES = {1: "欧阳一号", 2: "欧阳二号", 3: "欧阳三号", 4: "欧阳四号"}




@pytest.fixture
def registry_url(amqp_uri, clean_registry_db, purge_registry_queues):
    """The registry with AUTH required and a token key of the test's own."""
    from services.registry.entrypoints.service import RegistryService

    truncate(clean_registry_db, ("access_audit",))
    config = {**service_config("registry", amqp_uri, clean_registry_db),
              **auth_settings(KEY)}
    for runner in running(RegistryService, config):
        yield runner.base_url


@pytest.fixture
def audit(registry_db):
    run = sql_runner(registry_db)
    return lambda: run("select * from access_audit order by id")


@pytest.fixture
def as_role(registry_url):
    return lambda role, **scope: Client(registry_url, token(role, KEY, **scope))


@pytest.fixture
def ids(as_role) -> dict[int, int]:
    """The tree, a building and household per grid, residents 1-3 in G1-G3 and resident 4
    moved out of the area from G1; returns n → resident id."""
    admin = as_role("city_admin", area="4401")
    for code, level, parent in TREE:
        admin.ok("POST", "/areas", {"code": code, "level": level, "name": f"name {code}",
                                    "parent_code": parent}, 201)
    for grid, (building, household) in PLACES.items():
        admin.ok("POST", "/buildings", {"code": building, "name": building,
                                        "grid_code": grid}, 201)
        admin.ok("POST", "/households", {"code": household, "kind": "residence",
                                         "address": f"{building} 101", "building_code": building},
                 201)
    out = {}
    for n, household in ((1, "H1"), (2, "H2"), (3, "H3"), (4, "H1")):
        out[n] = admin.ok("POST", "/residents", {
            "id_number": make_id(n), "name": NAMES[n], "phone": make_phone(n),
            "household_code": household}, 201)["resident_id"]
    admin.ok("POST", f"/residents/{out[4]}/move", {"to_household_code": None,
                                                   "moved_on": "2026-01-02"}, 201)
    return out


def listed(client: Client, query: str = "") -> set[int]:
    return {item["resident_id"] for item in client.ok("GET", f"/residents{query}")["items"]}


# -- 401 ----------------------------------------------------------------------------------
def test_missing_bad_expired_and_foreign_tokens_are_401(registry_url):
    for bearer, reason in refused_bearers(KEY):
        client = Client(registry_url, bearer)
        status, body = client.call("GET", "/areas/4401")
        assert status == 401 and reason in body["error"], (bearer, body)
        assert client.last_headers["WWW-Authenticate"] == 'Bearer realm="wangge"'
    basic = Client(registry_url, None)
    status, body = basic.call("GET", "/residents", headers={"Authorization": "Basic YTpi"})
    assert status == 401 and "Bearer" in body["error"]
    # writes are refused before anything is read or written
    assert Client(registry_url, None).status("POST", "/areas", {"code": "X", "level": "city",
                                                                "name": "x"}) == 401


def test_revoked_token_is_401(registry_url, monkeypatch):
    issued = token("city_admin", KEY, area="4401")
    client = Client(registry_url, issued)
    assert client.status("GET", "/areas/4401") == 404  # valid token, no such area yet
    monkeypatch.setenv("AUTH_REVOKED", token_id(issued))
    assert client.call("GET", "/areas/4401") == (401, {"error": "token revoked", "errors": {}})


def test_health_and_metrics_need_no_token(registry_url):
    assert Client(registry_url, None).status("GET", "/health") == 200
    assert Client(registry_url, None).status("GET", "/metrics") == 200


# -- each role ----------------------------------------------------------------------------
def test_grid_worker_sees_only_their_grid(as_role, ids):
    worker = as_role("grid_worker", area="G1")
    assert [h["code"] for h in worker.ok("GET", "/grids/G1/households")["households"]] == ["H1"]
    assert worker.ok("GET", "/households/H1")["code"] == "H1"
    assert worker.ok("GET", "/buildings/B1")["code"] == "B1"
    assert worker.ok("GET", "/areas/G1")["code"] == "G1"
    assert worker.ok("GET", f"/residents/{ids[1]}")["resident_id"] == ids[1]
    assert worker.ok("GET", f"/residents/{ids[4]}/history")["resident"]["household_id"] is None
    for path in ["/grids/G2/households", "/households/H2", "/buildings/B3", "/areas/C1",
                 "/areas/G2/children", "/grids/G3/buildings", f"/residents/{ids[2]}",
                 f"/residents/{ids[3]}/history"]:
        status, body = worker.call("GET", path)
        assert status == 403, path
        assert "outside this token's scope (grid_worker (area G1))" in body["error"], path
    # a grid worker reads and captures; the registry is written by admins
    status, body = worker.call("PATCH", "/households/H1", {"address": "x"})
    assert status == 403 and body["error"] == "role grid_worker may not write here"
    assert worker.status("POST", "/residents", {"id_number": make_id(9), "name": "新",
                                                "household_code": "H1"}) == 403
    assert worker.status("POST", f"/residents/{ids[1]}/move",
                         {"to_household_code": None, "moved_on": "2026-02-01"}) == 403


def test_lists_narrow_to_the_scope_instead_of_403(as_role, ids):
    worker = as_role("grid_worker", area="G1")
    # resident 4 moved out of the area from G1: still the G1 worker's to find
    assert listed(worker) == {ids[1], ids[4]}
    assert listed(worker, "?area=4401") == {ids[1]}  # living in the area (as before)
    assert listed(worker, "?grid=G2") == set()
    assert listed(worker, "?moved_out=true") == {ids[4]}
    assert worker.ok("GET", "/residents")["total"] == 2
    community = as_role("community_admin", area="C1")
    assert listed(community) == {ids[1], ids[2], ids[4]}
    assert listed(as_role("community_admin", area="C2")) == {ids[3]}
    assert listed(as_role("city_admin", area="4401")) == set(ids.values())
    # a token for an area the registry does not know sees nobody, not everybody
    assert listed(as_role("city_admin", area="9999")) == set()


def test_a_caller_of_several_grants_lists_what_any_of_them_holds(registry_url, ids):
    """A grid worker of G1 who is also community admin of C2 (issue 13): the lists OR the
    subtrees; a unit grant beside them adds nothing and takes nothing away."""
    both = Client(registry_url, token(None, KEY, grants=[
        Grant("grid_worker", area="G1"), Grant("community_admin", area="C2"),
        Grant("unit_coordinator", unit="U1")]))
    assert listed(both) == {ids[1], ids[3], ids[4]}
    assert listed(both, "?grid=G3") == {ids[3]}
    assert both.ok("POST", "/residents/lookup", {"id_number": make_id(3)})["resident_id"] == \
        ids[3]
    assert both.status("POST", "/residents/lookup", {"id_number": make_id(2)}) == 404


def test_lookup_by_id_number_outside_the_scope_is_not_found(as_role, ids):
    worker = as_role("grid_worker", area="G1")
    assert worker.ok("POST", "/residents/lookup", {"id_number": make_id(1)})["resident_id"] == \
        ids[1]
    status, body = worker.call("POST", "/residents/lookup", {"id_number": make_id(2)})
    unknown = worker.call("POST", "/residents/lookup", {"id_number": make_id(99)})
    assert status == unknown[0] == 404  # a person elsewhere looks like nobody at all
    assert body["error"] == f"resident with ID number {make_id(2)[:4]}" \
                            f"**********{make_id(2)[-4:]} not found"


def test_community_admin_writes_within_their_community(as_role, ids):
    admin = as_role("community_admin", area="C1")
    assert admin.ok("PATCH", "/households/H2", {"address": "B2 202"})["address"] == "B2 202"
    admin.ok("POST", "/areas", {"code": "G4", "level": "grid", "name": "four",
                                "parent_code": "C1"}, 201)
    admin.ok("POST", "/buildings", {"code": "B4", "name": "B4", "grid_code": "G4"}, 201)
    admin.ok("POST", "/residents", {"id_number": make_id(5), "name": "新来",
                                    "household_code": "H2"}, 201)
    admin.ok("POST", f"/residents/{ids[1]}/move", {"to_household_code": "H2",
                                                   "moved_on": "2026-03-01"}, 201)
    for method, path, body in [
        ("POST", "/areas", {"code": "G5", "level": "grid", "name": "x", "parent_code": "C2"}),
        ("POST", "/buildings", {"code": "B5", "name": "x", "grid_code": "G3"}),
        ("POST", "/households", {"code": "H5", "kind": "shop", "address": "x",
                                 "building_code": "B3"}),
        ("POST", "/residents", {"id_number": make_id(6), "name": "x", "household_code": "H3"}),
        ("PATCH", "/areas/S1", {"name": "renamed"}),
        ("PATCH", f"/residents/{ids[3]}", {"tags": ["elderly_alone"]}),
    ]:
        status, answer = admin.call(method, path, body)
        assert status == 403, (path, answer)
        assert "scope (community_admin (area C1))" in answer["error"], (path, answer)
    # a new city lies in nobody's subtree: only the admin action creates one
    status, body = admin.call("POST", "/areas", {"code": "4402", "level": "city", "name": "x"})
    assert status == 403 and body["error"] == "role community_admin may not admin here"


def test_registering_someone_who_lives_elsewhere_does_not_show_them(as_role, ids):
    admin = as_role("community_admin", area="C1")
    status, body = admin.call("POST", "/residents", {"id_number": make_id(3), "name": "x",
                                                     "household_code": "H1"})
    assert status == 409 and set(body["errors"]) == {"id_number"}
    assert "H3" not in json.dumps(body) and str(ids[3]) not in json.dumps(body)
    # inside the scope the existing person is answered, as before
    assert admin.ok("POST", "/residents", {"id_number": make_id(2), "name": "x",
                                           "household_code": "H1"})["resident_id"] == ids[2]


def test_city_admin_may_create_a_city_and_write_everywhere(as_role, ids):
    admin = as_role("city_admin", area="4401")
    admin.ok("POST", "/areas", {"code": "4402", "level": "city", "name": "another"}, 201)
    assert admin.ok("PATCH", "/areas/G3", {"leader_name": "王"})["version"] == 2
    assert admin.ok("GET", "/areas/4401/children")["children"][0]["code"] == "440106"


def test_scope_is_checked_before_the_body(as_role, ids):
    """A write elsewhere is 403 even when the rest of the body is wrong; a body that does
    not say where the resource goes is 400 naming the field."""
    admin = as_role("community_admin", area="C1")
    assert admin.status("POST", "/buildings", {"grid_code": "G3"}) == 403
    status, body = admin.call("POST", "/households", {"code": "H9"})
    assert status == 400 and body["errors"] == {"building_code":
                                                ["Missing data for required field."]}
    assert admin.status("POST", "/households", {"building_code": "NOPE"}) == 404


@pytest.mark.parametrize("role, scope, reason", [
    ("unit_coordinator", {"unit": "U1"}, "outside this token's scope (unit_coordinator (unit U1))"),
    ("integrator", {"area": "4401"}, "role integrator may not read here"),
    ("report_reader", {"area": "4401"}, "role report_reader may not read here"),
    # the owner-only roles (issue 13) own nothing in the registry: a volunteer's tasks and
    # a handler's requests are visits' and dispatch's, never a resident's record
    ("volunteer", {"unit": "U1", "volunteer": "V1"},
     "outside this token's scope (volunteer (unit U1))"),
    ("request_handler", {"unit": "U1"}, "outside this token's scope (request_handler (unit U1))"),
])
def test_roles_without_registry_access(as_role, ids, role, scope, reason):
    client = as_role(role, **scope)
    status, body = client.call("GET", "/areas/4401")
    assert status == 403 and body["error"] == reason
    status, body = client.call("GET", "/residents")
    assert status == 403
    for method, path, body in [
            ("GET", f"/residents/{ids[1]}", None), ("GET", f"/residents/{ids[1]}/history", None),
            ("GET", "/grids/G1/households", None), ("GET", "/households/H1", None),
            ("POST", "/residents/lookup", {"id_number": make_id(1)}),
            ("PATCH", f"/residents/{ids[1]}", {"tags": ["elderly_alone"]}),
            ("POST", f"/residents/{ids[1]}/move", {"to_household_code": "H2",
                                                   "moved_on": "2026-03-01"}),
            ("POST", "/households", {"code": "H8", "kind": "shop", "address": "x",
                                     "building_code": "B1"}),
            ("PATCH", "/areas/G1", {"name": "renamed"})]:
        # a look-up by ID number: a token holding no area at all learns nothing from a 403
        assert client.status(method, path, body) == 403, (role, path)


# -- masking and the audit log -------------------------------------------------------------
def test_masked_by_default_everywhere(as_role, ids, audit):
    admin = as_role("city_admin", area="4401")
    admin.ok("PATCH", f"/residents/{ids[1]}", {"name": "欧阳改名"})
    one = admin.ok("GET", f"/residents/{ids[1]}")
    assert (one["name_masked"], one["phone_masked"], one["id_masked"]) == \
        ("欧**名", "138****0001", make_id(1)[:4] + "*" * 10 + make_id(1)[-4:])
    assert "name" not in one and "phone" not in one
    admin.ok("GET", "/households/H1")
    admin.ok("GET", "/residents?grid=G1")
    trail = admin.ok("GET", f"/residents/{ids[1]}/history")["changes"]
    assert {"name": ["欧**号", "欧**名"]} in [c["changes"] for c in trail]
    admin.ok("POST", "/residents/lookup", {"id_number": make_id(2)})
    every_answer = "".join(admin.bodies)
    for secret in [*NAMES.values(), "欧阳改名", *(make_phone(n) for n in NAMES),
                   *(make_id(n) for n in NAMES)]:
        assert secret not in every_answer, secret
    assert audit() == []  # masked reads are not sensitive reads


def test_a_clear_read_is_asked_for_allowed_and_audited(as_role, ids, audit):
    worker = as_role("grid_worker", area="G1")
    one = worker.call("GET", f"/residents/{ids[1]}?reveal=name,phone",
                      headers={"X-Forwarded-For": "10.1.2.3"})
    assert one[0] == 200
    assert (one[1]["name"], one[1]["phone"]) == (NAMES[1], make_phone(1))
    assert one[1]["name_masked"] == "欧**号"
    only_name = worker.ok("GET", f"/residents/{ids[1]}?reveal=name")
    assert "phone" not in only_name and only_name["name"] == NAMES[1]
    rows = audit()
    assert [(r["subject"], r["role"], r["resource"], r["resource_id"], r["fields"])
            for r in rows] == [("grid_worker-user", "grid_worker", "resident", str(ids[1]),
                                ["name", "phone"]),
                               ("grid_worker-user", "grid_worker", "resident", str(ids[1]),
                                ["name"])]
    first = rows[0]
    assert first["token_id"] == token_id(worker.bearer)
    assert first["source"].startswith("10.1.2.3 via 127.0.0.1")
    assert first["request"] == f"GET /residents/{ids[1]}"
    assert first["read_at"] is not None
    stored = json.dumps([dict(r) for r in rows], default=str, ensure_ascii=False)
    assert NAMES[1] not in stored and make_phone(1) not in stored  # never the values


def test_clear_reads_outside_the_scope_or_role_are_refused_and_not_audited(as_role, ids,
                                                                           audit):
    worker = as_role("grid_worker", area="G1")
    status, body = worker.call("GET", f"/residents/{ids[2]}?reveal=name")
    assert status == 403 and NAMES[2] not in json.dumps(body, ensure_ascii=False)
    coordinator = as_role("unit_coordinator", unit="U1")
    assert coordinator.status("GET", f"/residents/{ids[1]}?reveal=phone") == 403
    status, body = worker.call("GET", f"/residents/{ids[1]}?reveal=id_number")
    assert status == 400 and "cannot be shown in clear" in body["errors"]["reveal"][0]
    status, body = worker.call("GET", f"/residents/{ids[1]}?reveal=address")
    assert status == 400 and body["errors"] == {"reveal": ["address: must be one of name, "
                                                           "phone"]}
    assert audit() == []
    # the resident who moved out of G1 is still the G1 worker's to call, and audited
    assert worker.ok("GET", f"/residents/{ids[4]}?reveal=phone")["phone"] == make_phone(4)
    assert [r["resource_id"] for r in audit()] == [str(ids[4])]


# -- every write names its author (issue 13) -----------------------------------------------
WRITER = "5b0e3a4c-6f1d-4a53-9d0e-2f8c1b7a9e01"  # an account id, as accounts issues them


def test_history_names_the_account_behind_each_write(as_role, ids, registry_db,
                                                     registry_url):
    """The trail keeps the token's subject (an account id) beside what was done: the
    resident's changes and moves, the places' writes, and the resident events."""
    writer = Client(registry_url, token("community_admin", KEY, area="C1", subject=WRITER))
    writer.ok("PATCH", f"/residents/{ids[1]}", {"tags": ["elderly_alone"]})
    writer.ok("POST", f"/residents/{ids[1]}/move", {"to_household_code": "H2",
                                                     "moved_on": "2026-03-01"}, 201)
    writer.ok("PATCH", "/households/H1", {"address": "B1 102"})
    history = as_role("city_admin", area="4401").ok("GET", f"/residents/{ids[1]}/history")
    assert [(c["cause"], c["actor"]) for c in history["changes"]] == [
        ("api", "city_admin-user"), ("api", WRITER)]          # registered, then tagged
    assert history["changes"][1]["changes"] == {"tags": [[], ["elderly_alone"]]}
    assert [(m["cause"], m["actor"], m["to"]["household_code"])
            for m in history["moves"]] == [("api", WRITER, "H2")]
    run = sql_runner(registry_db)
    places = {(r["kind"], r["code"], r["actor"]): r["changes"] for r in run(
        "select kind, code, actor, changes from place_changes")}
    assert places[("household", "H1", WRITER)] == {"address": "B1 102"}
    assert places[("area", "G1", "city_admin-user")] == {"registered": True}
    assert places[("building", "B1", "city_admin-user")] == {"registered": True}
    # the events say who, by id only: no name of the writer exists anywhere to leak
    bodies = [json.loads(r["body"]) for r in run(
        "select body from outbox where type in ('registry.resident_updated', "
        "'registry.resident_moved') order by seq")]
    assert [(b["type"], b["data"]["actor"]) for b in bodies[-2:]] == [
        ("registry.resident_updated", WRITER), ("registry.resident_moved", WRITER)]
