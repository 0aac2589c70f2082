"""The registry's HTTP API against the real service, broker and database."""

from __future__ import annotations

import json

import eventlet
import pytest

from tests.support.http import Client
from tests.support.identities import make_id, make_phone

from .support import EVENTS, add_resident, seed_places


@pytest.fixture
def api(registry):
    return Client(registry.base_url)


def types(seen: list[dict]) -> list[str]:
    return [m["type"] for m in seen]


def test_every_level_can_be_created_read_and_updated(api, outside):
    outside.listen(EVENTS)
    assert api.ok("GET", "/health") == {"status": "ok", "database": "ok", "broker": "ok"}
    seed_places(api)
    grid = api.ok("GET", "/areas/G1")
    assert grid["path"] == ["4401", "440106", "S1", "C_1", "G1"]
    assert grid["parent_code"] == "C_1" and grid["version"] == 1
    updated = api.ok("PATCH", "/areas/G1", {"name": "第一网格", "leader_name": "王", "version": 1})
    assert (updated["name"], updated["leader_name"], updated["version"]) == ("第一网格", "王", 2)
    children = api.ok("GET", "/areas/C_1/children")["children"]
    assert [c["code"] for c in children] == ["G1", "G2"]

    assert api.ok("GET", "/buildings/B1")["grid_code"] == "G1"
    building = api.ok("PATCH", "/buildings/B1", {"name": "1 栋"})
    assert (building["name"], building["version"]) == ("1 栋", 2)
    listed = api.ok("GET", "/grids/G1/buildings")["buildings"]
    assert [(b["code"], b["households"]) for b in listed] == [("B1", 3)]

    household = api.ok("GET", "/households/H2")
    assert (household["kind"], household["building_code"], household["grid_code"]) == \
        ("rental", "B1", "G1")
    changed = api.ok("PATCH", "/households/H2", {"kind": "residence", "address": "1 栋 202"})
    assert (changed["kind"], changed["address"], changed["version"]) == \
        ("residence", "1 栋 202", 2)
    unchanged = api.ok("PATCH", "/households/H2", {"kind": "residence"})
    assert unchanged["version"] == 2  # nothing changed, no new version, no event

    seen = outside.wait_for(EVENTS, lambda ms: "registry.household_updated" in types(ms)
                            and len(ms) >= 19)
    kinds = types(seen)
    assert kinds.count("registry.area_registered") == 5
    assert kinds.count("registry.grid_registered") == 3
    assert kinds.count("registry.grid_updated") == 1
    assert kinds.count("registry.building_registered") == 3
    assert kinds.count("registry.building_updated") == 1
    assert kinds.count("registry.household_registered") == 5
    assert kinds.count("registry.household_updated") == 1
    event = next(m for m in seen if m["type"] == "registry.household_updated")
    assert event["data"] == {"household_id": changed["household_id"], "code": "H2",
                             "kind": "residence", "address": "1 栋 202", "building_code": "B1",
                             "grid_code": "G1", "version": 2}


def test_bad_input_is_400_naming_the_field(api):
    seed_places(api)
    status, body = api.post("/areas", {"code": "x y", "name": ""})
    assert status == 400 and set(body["errors"]) == {"code", "name", "level"}
    assert "level" in body["error"]
    status, body = api.post("/households", {"code": "H9", "kind": "castle",
                                            "building_code": "B1", "address": "x", "floor": 3})
    assert status == 400 and set(body["errors"]) == {"kind", "floor"}
    status, body = api.call("POST", "/buildings", raw=b"{not json")
    assert status == 400 and "_body" in body["errors"]
    status, body = api.post("/residents", {"id_number": "440106199003070011", "name": "甲",
                                           "household_code": "H1"})
    assert status == 400 and "check digit" in body["errors"]["id_number"][0]
    status, body = api.post("/residents", {"id_number": make_id(1), "name": "甲",
                                           "household_code": "H1",
                                           "status": {"latest_test_result": "positive"}})
    assert status == 400 and "status.latest_test_date" in body["errors"]
    status, body = api.post("/residents", {"id_number": make_id(1), "name": "甲",
                                           "household_code": "H1",
                                           "status": {"vaccination": "many"}})
    assert status == 400 and body["errors"]["status.vaccination"][0].startswith("Must be one of")
    resident = add_resident(api, 1, "H1")
    status, body = api.patch(f"/residents/{resident['resident_id']}", {"household_code": "H2"})
    assert status == 400 and "move" in body["errors"]["household_code"][0]
    for query, param in [("gird=G1", "gird"), ("limit=501", "limit"), ("limit=0", "limit"),
                         ("offset=-1", "offset"), ("limit=5&limit=6", "limit"),
                         ("grid=NOPE", "grid"), ("grid=C_1", "grid"), ("area=NOPE", "area"),
                         ("tag=vip", "tag.0"), ("test_result=maybe", "test_result"),
                         ("returned_since=yesterday", "returned_since"),
                         ("registration_code_applied=perhaps", "registration_code_applied")]:
        status, body = api.get(f"/residents?{query}")
        assert status == 400 and param in body["errors"], (query, body)
    status, body = api.get("/grids/G1/households?building=B2")
    assert status == 400 and "building" in body["errors"]
    for path in ["/areas/G1/children?depth=2", "/areas/G1?x=1", "/buildings/B1?x=1",
                 "/households/H1?x=1", f"/residents/{resident['resident_id']}?x=1",
                 f"/residents/{resident['resident_id']}/history?x=1"]:
        status, body = api.get(path)
        assert status == 400 and body["errors"], (path, body)


def test_conflicts_are_409(api):
    seed_places(api)
    for path, body in [("/areas", {"code": "G1", "level": "grid", "name": "again",
                                   "parent_code": "C_1"}),
                       ("/areas", {"code": "G9", "level": "grid", "name": "x",
                                   "parent_code": "S1"}),
                       ("/buildings", {"code": "B1", "name": "again", "grid_code": "G2"}),
                       ("/buildings", {"code": "B9", "name": "x", "grid_code": "C_1"}),
                       ("/households", {"code": "H1", "kind": "shop", "building_code": "B2",
                                        "address": "again"})]:
        status, answer = api.post(path, body)
        assert status == 409, (path, body, answer)
    status, body = api.patch("/areas/G1", {"name": "stale", "version": 5})
    assert status == 409 and "version" in body["errors"]
    assert api.ok("GET", "/areas/G1")["name"] == "name G1"


def test_unknown_ids_and_codes_are_404(api):
    seed_places(api)
    for path in ["/areas/NOPE", "/areas/NOPE/children", "/buildings/NOPE", "/households/NOPE",
                 "/residents/999", "/residents/999/history", "/grids/NOPE/households",
                 "/grids/C_1/households", "/grids/C_1/buildings",
                 "/residents/99999999999999999999999"]:
        assert api.get(path)[0] == 404, path
    assert api.patch("/residents/999", {"name": "x"})[0] == 404
    assert api.post("/buildings", {"code": "B9", "name": "x", "grid_code": "NOPE"})[0] == 404
    assert api.post("/households", {"code": "H9", "kind": "shop", "building_code": "NOPE",
                                    "address": "x"})[0] == 404
    resident = add_resident(api, 1, "H1")
    status, body = api.post(f"/residents/{resident['resident_id']}/move",
                            {"to_household_code": "NOPE", "moved_on": "2022-05-01"})
    assert status == 404 and "NOPE" in body["error"]
    status, body = api.post("/residents/lookup", {"id_number": make_id(2)})
    assert status == 404 and make_id(2) not in body["error"]


def test_the_same_person_registered_twice_is_one_resident(api, outside):
    outside.listen(EVENTS)
    seed_places(api)
    first = add_resident(api, 1, "H1", tags=["elderly_alone"])
    assert (first["birth_year"], first["gender"]) == (1990, "male")  # read from the number
    status, again = api.post("/residents", {"id_number": make_id(1).lower(), "name": "别名",
                                            "household_code": "H3"})
    assert status == 200
    assert again == first  # the existing record, unchanged: no second person, no move
    assert api.ok("GET", "/residents?limit=500")["total"] == 1
    assert api.ok("POST", "/residents/lookup", {"id_number": make_id(1)}) == first
    api.ok("GET", "/areas/G1")
    seen = outside.wait_for(EVENTS, lambda ms: "registry.resident_registered" in types(ms))
    outside.conn.sleep(0.5)
    seen = outside.wait_for(EVENTS, lambda ms: True, seen=seen)
    assert types(seen).count("registry.resident_registered") == 1


def test_a_new_person_sent_many_times_at_once_is_registered_once(api):
    seed_places(api)
    body = {"id_number": make_id(7), "name": "并发", "household_code": "H1"}
    pool = eventlet.GreenPool(8)
    answers = list(pool.imap(lambda _: api.call("POST", "/residents", body), range(8)))
    assert sorted(status for status, _ in answers) == [200] * 7 + [201]
    assert len({answer["resident_id"] for _, answer in answers}) == 1
    assert api.ok("GET", "/residents")["total"] == 1


def test_phones_and_id_numbers_never_leave_in_clear(api, outside):
    outside.listen(EVENTS)
    seed_places(api)
    one = add_resident(api, 1, "H1", tags=["returnee"], status={"vaccination": "full"})
    two = add_resident(api, 2, "H2")
    rid = one["resident_id"]
    api.ok("PATCH", f"/residents/{rid}", {"phone": make_phone(9), "tags": ["returnee"]})
    api.ok("POST", f"/residents/{rid}/move", {"to_household_code": "H3",
                                              "moved_on": "2022-05-01"}, 201)
    for path in [f"/residents/{rid}", f"/residents/{rid}/history", "/residents?area=4401",
                 "/households/H2", "/households/H3", "/grids/G1/households"]:
        api.ok("GET", path)
    api.ok("POST", "/residents/lookup", {"id_number": make_id(2)})
    assert one["phone_masked"] == "138****0001" and two["id_masked"] == "4401**********0028"
    history = api.ok("GET", f"/residents/{rid}/history")
    phone_change = next(c for c in history["changes"] if "phone" in c["changes"])
    assert make_phone(9) not in json.dumps(phone_change)

    seen = outside.wait_for(EVENTS, lambda ms: "registry.resident_moved" in types(ms))
    registered = [m for m in seen if m["type"] == "registry.resident_registered"]
    assert {m["data"]["name_masked"] for m in registered} == {"居**号"}
    secrets = [make_id(n) for n in (1, 2)] + [make_id(n).lower() for n in (1, 2)] \
        + [make_phone(n) for n in (1, 2, 9)]
    everything = api.bodies + [json.dumps(m, ensure_ascii=False) for m in seen]
    for text in everything:
        for secret in secrets:
            assert secret not in text, f"{secret} leaked in {text[:200]}"
    event_text = " ".join(everything[len(api.bodies):])
    assert "居民1号" not in event_text and "居民2号" not in event_text


def test_moves_keep_a_readable_history(api, outside):
    outside.listen(EVENTS)
    seed_places(api)
    resident = add_resident(api, 1, "H1")
    rid = resident["resident_id"]
    api.ok("PATCH", f"/residents/{rid}", {"tags": ["key_person"],
                                          "status": {"registration_code_applied": True}})
    moved = api.ok("POST", f"/residents/{rid}/move", {"to_household_code": "H3",
                                                      "moved_on": "2022-05-01",
                                                      "reason": "搬家"}, 201)
    assert moved["moved"] is True and moved["resident"]["grid_code"] == "G2"
    assert moved["move"]["from"]["household_code"] == "H1"
    again = api.ok("POST", f"/residents/{rid}/move", {"to_household_code": "H3",
                                                      "moved_on": "2022-05-01"}, 200)
    assert again["moved"] is False  # a retried request writes no second move
    status, body = api.post(f"/residents/{rid}/move", {"to_household_code": "H1",
                                                       "moved_on": "2022-04-01"})
    assert status == 409 and "moved_on" in body["errors"]
    out = api.ok("POST", f"/residents/{rid}/move", {"to_household_code": None,
                                                    "moved_on": "2022-06-01",
                                                    "reason": "迁出"}, 201)
    assert (out["resident"]["household_code"], out["resident"]["grid_code"]) == (None, None)

    history = api.ok("GET", f"/residents/{rid}/history")
    assert [(m["moved_on"], m["from"]["household_code"], m["to"] and m["to"]["household_code"])
            for m in history["moves"]] == [("2022-05-01", "H1", "H3"), ("2022-06-01", "H3", None)]
    first = history["moves"][0]
    assert (first["from"]["grid_code"], first["to"]["grid_code"]) == ("G1", "G2")
    assert first["to"]["address"] == "B2-H3 号" and first["reason"] == "搬家"
    assert [c["cause"] for c in history["changes"]] == ["api", "api"]
    assert history["changes"][1]["changes"] == {"tags": [[], ["key_person"]],
                                                "registration_code_applied": [False, True]}

    seen = outside.wait_for(EVENTS, lambda ms: types(ms).count("registry.resident_moved") >= 2)
    moves = [m["data"] for m in seen if m["type"] == "registry.resident_moved"]
    assert [(m["from_grid_code"], m["to_grid_code"]) for m in moves] == [("G1", "G2"),
                                                                        ("G2", None)]
    assert moves[1]["to_household_id"] is None and moves[1]["reason"] == "迁出"
    updated = next(m["data"] for m in seen if m["type"] == "registry.resident_updated")
    assert updated["tags"] == ["key_person"] and updated["version"] == 2
    assert updated["status"]["registration_code_applied"] is True


def _ids(api: Client, query: str) -> list[int]:
    page = api.ok("GET", f"/residents?{query}")
    assert page["total"] >= len(page["items"])
    return [r["resident_id"] for r in page["items"]]


def test_search_by_place_tag_and_status(api):
    seed_places(api)
    r = {}
    r[1] = add_resident(api, 1, "H1", tags=["elderly_alone", "disabled"])["resident_id"]
    r[2] = add_resident(api, 2, "H1", tags=["elderly_alone"], status={
        "vaccination": "full", "registration_code_applied": True,
        "latest_test_date": "2022-05-02", "latest_test_result": "positive"})["resident_id"]
    r[3] = add_resident(api, 3, "H3", tags=["returnee"], status={
        "vaccination": "booster", "returned_on": "2022-05-03", "recent_travel": "上海",
        "latest_test_date": "2022-05-04", "latest_test_result": "negative"})["resident_id"]
    r[4] = add_resident(api, 4, "H4", tags=["returnee"], status={
        "returned_on": "2022-04-01"})["resident_id"]
    r[5] = add_resident(api, 5, "H2")["resident_id"]
    api.ok("POST", f"/residents/{r[5]}/move", {"to_household_code": None,
                                               "moved_on": "2022-05-01"}, 201)

    assert _ids(api, "grid=G1") == [r[1], r[2]]
    assert _ids(api, "household=H3") == [r[3]]
    assert _ids(api, "area=C_1") == [r[1], r[2], r[3]]  # not CX1's G3
    assert _ids(api, "area=CX1") == [r[4]]
    assert _ids(api, "area=G3") == [r[4]]
    assert _ids(api, "area=4401") == [r[1], r[2], r[3], r[4]]
    assert _ids(api, "tag=elderly_alone") == [r[1], r[2]]
    assert _ids(api, "tag=elderly_alone&tag=disabled") == [r[1]]
    assert _ids(api, "test_result=positive") == [r[2]]
    assert _ids(api, "tested_before=2022-05-03") == [r[1], r[2], r[4], r[5]]
    assert _ids(api, "vaccination=none") == [r[1], r[4], r[5]]
    assert _ids(api, "registration_code_applied=false&grid=G1") == [r[1]]
    assert _ids(api, "tag=returnee&returned_since=2022-05-01") == [r[3]]
    assert _ids(api, "moved_out=true") == [r[5]]
    assert _ids(api, "moved_out=false&area=S1") == [r[1], r[2], r[3], r[4]]

    page = api.ok("GET", "/residents?limit=2&offset=1")
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 1
    assert [i["resident_id"] for i in page["items"]] == [r[2], r[3]]
    item = page["items"][1]
    assert (item["household_code"], item["grid_code"], item["name_masked"]) == ("H3", "G2",
                                                                              "居**号")
    assert item["status"]["recent_travel"] == "上海"
    assert api.ok("GET", "/residents?offset=10")["items"] == []


def test_grid_households_with_counts(api):
    seed_places(api)
    add_resident(api, 1, "H1", tags=["elderly_alone", "disabled"])
    add_resident(api, 2, "H1", tags=["elderly_alone"])
    add_resident(api, 3, "H2", tags=["returnee"])
    add_resident(api, 4, "H3", tags=["returnee"])
    listing = api.ok("GET", "/grids/G1/households")
    assert listing["grid"]["code"] == "G1"
    rows = {h["code"]: h for h in listing["households"]}
    assert list(rows) == ["H1", "H2", "H5"]
    assert (rows["H1"]["residents"], rows["H1"]["tag_counts"]) == \
        (2, {"elderly_alone": 2, "disabled": 1})
    assert (rows["H2"]["residents"], rows["H2"]["tag_counts"]) == (1, {"returnee": 1})
    assert (rows["H5"]["residents"], rows["H5"]["tag_counts"]) == (0, {})
    assert rows["H2"]["kind"] == "rental" and rows["H2"]["building_code"] == "B1"
    totals = listing["totals"]
    assert (totals["households"], totals["residents"]) == (3, 3)
    assert totals["by_kind"]["residence"] == {"households": 2, "residents": 2}
    assert totals["by_kind"]["rental"] == {"households": 1, "residents": 1}
    assert totals["tags"] == {"disabled": 1, "elderly_alone": 2, "returnee": 1}
    rentals = api.ok("GET", "/grids/G1/households?kind=rental")
    assert [h["code"] for h in rentals["households"]] == ["H2"]
    assert rentals["totals"] == totals  # filters narrow the list, never the totals
    assert [h["code"] for h in
            api.ok("GET", "/grids/G1/households?building=B1")["households"]] == \
        ["H1", "H2", "H5"]
    detail = api.ok("GET", "/households/H1")
    assert [p["name_masked"] for p in detail["residents"]] == ["居**号", "居**号"]
    assert "name" not in detail["residents"][0]
