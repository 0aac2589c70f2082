"""Dispatch's copy of communities (from registry events), units and volunteers."""

from __future__ import annotations

import json

from tests.support.amqp import wait_until
from tests.support.dispatch_world import PHONE, area, seed_community, seed_unit, volunteer
from tests.support.http import Client
from tests.support.published import count_at_least

from .support import EVENTS, of_type


def test_communities_follow_registry_events_in_any_order(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    # an update overtakes its registration; a grid arrives before its community
    outside.publish_as("registry", "grid_registered", area("G1", "grid", "C1"))
    outside.publish_as("registry", "area_updated", area("C1", "community", "S1", version=2,
                                                   name="新名字"))
    outside.publish_as("registry", "area_registered", area("C1", "community", "S1", name="旧名字"))
    dup = outside.publish_as("registry", "grid_registered", area("G2", "grid", "C1"))
    outside.publish_as("registry", "grid_registered", area("G2", "grid", "C1"), id_=dup["id"])
    outside.publish_as("registry", "area_registered", area("D1", "district", "X"))
    last = outside.publish_as("registry", "grid_updated", area("G2", "grid", "C1", version=3,
                                                          name="二网格"))
    wait_until(lambda: dispatch_sql("select 1 from inbox where event_id = :i", i=last["id"]),
               what="last registry event handled")
    community = api.ok("GET", "/communities/C1")
    assert (community["name"], community["version"], community["grids"]) == \
        ("新名字", 2, ["G1", "G2"])
    assert dispatch_sql("select name, version from grids where code = 'G2'")[0] == \
        {"name": "二网格", "version": 3}
    assert dispatch_sql("select count(*) n from communities")[0]["n"] == 1
    assert dispatch_sql("select count(*) n from inbox where event_id = :i",
                        i=dup["id"])[0]["n"] == 1
    assert api.ok("GET", "/communities")["communities"][0]["grids"] == 2
    assert api.call("GET", "/communities/D1")[0] == 404


def test_units_and_volunteers_by_http_and_by_event(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    outside.listen(EVENTS)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=2)
    unit = api.ok("GET", "/units/U1")
    assert unit["area_code"] == "S1"
    # people's names and phones are masked unless revealed (test_dispatch_access.py)
    assert unit["coordinator"] == {"name_masked": "王*调", "phone_masked": "139****5678"}
    assert unit["volunteers"] == 2
    assert api.call("POST", "/units", {"unit_id": "U1", "name": "x", "area_code": "S1",
                                       "coordinator_name": "y",
                                       "coordinator_phone": PHONE})[0] == 409
    status, body = api.call("POST", "/units", {"unit_id": "U2", "name": "x"})
    assert status == 400 and {"coordinator_name", "coordinator_phone", "area_code"} <= \
        set(body["errors"])
    # a unit belongs to an area dispatch knows (a city, a district: who pairs it)
    status, body = api.call("POST", "/units", {"unit_id": "U2", "name": "x", "area_code": "X9",
                                               "coordinator_name": "y",
                                               "coordinator_phone": PHONE})
    assert status == 400 and "unknown area X9" in body["errors"]["area_code"][0]
    assert dispatch_sql("select id from units") == [{"id": "U1"}]
    api.ok("PATCH", "/units/U1", {"coordinator_phone": "13700001111", "version": 1})
    assert api.ok("GET", "/units/U1")["coordinator"]["phone_masked"] == "137****1111"

    v = api.ok("GET", "/volunteers/U1-v00")
    assert v["phone_masked"] == "138****0000" and v["weekdays"] == list(range(7))
    assert v["name_masked"] == "志***0" and not {"name", "phone"} & set(v)
    changed = api.ok("PATCH", "/volunteers/U1-v00", {"skills": ["medic"], "weekly_limit": 3,
                                                     "blackout": ["2030-01-01"]})
    assert (changed["skills"], changed["weekly_limit"], changed["version"]) == \
        (["medic"], 3, 2)
    status, body = api.call("POST", "/volunteers", volunteer(5, unit="nope"))
    assert status == 400 and "unit_id" in body["errors"]
    status, body = api.call("POST", "/volunteers", volunteer(6, weekdays=[7], halves=["eve"]))
    assert status == 400 and {"weekdays.0", "halves.0"} <= set(body["errors"])

    # an enrolment system creates one and updates another; a bad one is rejected
    new = outside.publish("volunteer_enrolled", volunteer(7, skills=["dialect"]))
    upd = outside.publish("volunteer_enrolled", volunteer(1, active=False))
    bad = outside.publish("volunteer_enrolled", volunteer(8, unit="ghost"))
    seen = outside.wait_for(EVENTS, count_at_least(event_rejected=1, volunteer_registered=3,
                                                   volunteer_updated=2))
    assert of_type(seen, "event_rejected")[0]["data"]["errors"] == \
        {"data.unit_id": ["unknown unit ghost"]}
    registered = {m["data"]["volunteer_id"]: m["data"] for m in
                  of_type(seen, "volunteer_registered")}
    assert registered["U1-v07"]["cause"] == f"event:{new['id']}"
    updated = [m["data"] for m in of_type(seen, "volunteer_updated")]
    assert {"U1-v00", "U1-v01"} == {u["volunteer_id"] for u in updated}
    assert any(u["cause"] == f"event:{upd['id']}" and u["active"] is False for u in updated)
    listed = api.ok("GET", "/volunteers?unit=U1&active=true")
    assert listed["total"] == 2
    kept = dispatch_sql("select body from rejected_events where event_id = :i", i=bad["id"])
    assert "13800000008" not in kept[0]["body"]
    wire = json.dumps(seen) + "".join(api.bodies)
    assert PHONE not in wire and "13700001111" not in wire and "13800000007" not in wire
    assert api.call("GET", "/volunteers?unti=U1")[0] == 400
