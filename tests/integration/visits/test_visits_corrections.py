"""A correction found at the door reaches the real registry: a new resident (sealed on
the bus) is registered there, registry.correction_applied comes back, the correction is
marked applied and the head-count discrepancy closes."""

from __future__ import annotations

import json
from datetime import timedelta

from services.visits import clock
from tests.support.http import Client
from tests.support.identities import make_id, make_phone
from tests.support.visits_world import campaign

from .support import EVENTS, assign_volunteer, of_type, shift, visit, wait_until

GRID = "4401060101-G01"
NEW_PERSON = make_id(900)


def test_a_new_resident_found_at_the_door_is_registered_and_the_discrepancy_closes(
        registry, visits, outside, visits_sql, sql, visits_mid_morning):
    reg, vis = Client(registry.base_url), Client(visits.base_url)
    for code, level, parent in [("4401", "city", None), ("440106", "district", "4401"),
                                ("44010601", "street", "440106"),
                                ("4401060101", "community", "44010601"),
                                (GRID, "grid", "4401060101")]:
        reg.ok("POST", "/areas", {"code": code, "level": level, "name": f"{level} {code}",
                                  "parent_code": parent}, 201)
    reg.ok("POST", "/buildings", {"code": "B1", "name": "1栋", "grid_code": GRID}, 201)
    reg.ok("POST", "/households", {"code": "H1", "kind": "residence", "building_code": "B1",
                                   "address": "1栋101"}, 201)
    residents = [reg.ok("POST", "/residents", {"id_number": make_id(n), "name": f"居民{n}号",
                                               "household_code": "H1",
                                               "phone": make_phone(n)}, 201)["resident_id"]
                 for n in (1, 2)]
    wait_until(lambda: len(visits_sql("select 1 from residents")) == 2,
               what="residents in visits")
    campaign(vis, areas=(GRID,))
    now = clock.now() - timedelta(minutes=1)
    s = shift(GRID, clock.local_day(now), "day", head_count=1)
    outside.publish_as("dispatch", "shift_scheduled", s)
    assign_volunteer(outside, s, "V1")
    wait_until(lambda: visits_sql("select 1 from shift_volunteers"), what="shift staffed")

    outside.listen(EVENTS)
    outside.listen("registry.events")
    found = visit("c1", "H1", "V1", s["shift_key"], now, people_found=3, corrections=[
        {"kind": "new_resident", "id_number": NEW_PERSON, "name": "赵新来", "gender": "female"},
        {"kind": "tags_changed", "resident_id": residents[0], "tags_add": ["elderly_alone"]}])
    vis.ok("POST", "/visits", found, 201)
    opened = outside.wait_for(EVENTS, lambda ms: of_type(ms, "discrepancy_opened"))
    discrepancy = of_type(opened, "discrepancy_opened")[0]["data"]
    assert (discrepancy["people_found"], discrepancy["people_registered"]) == (3, 2)

    answers = outside.wait_for("registry.events", lambda ms: len(
        [m for m in ms if m["type"] == "registry.correction_applied"]) == 2, timeout=30)
    applied = [m["data"] for m in answers if m["type"] == "registry.correction_applied"]
    assert {a["visit_id"] for a in applied} == {found["visit_id"]}
    new_id = next(a["resident_id"] for a in applied if a["resident_id"] != residents[0])
    assert not json.dumps(answers, ensure_ascii=False).count(NEW_PERSON)

    # the registry now has the person, with the visit as the cause of the change
    person = reg.ok("GET", f"/residents/{new_id}")
    assert person["household_code"] == "H1" and person["id_masked"].endswith(NEW_PERSON[-4:])
    history = json.dumps(reg.ok("GET", f"/residents/{new_id}/history"))
    assert f"visit:{found['visit_id']}" in history
    assert "elderly_alone" in reg.ok("GET", f"/residents/{residents[0]}")["tags"]

    closed = outside.wait_for(EVENTS, lambda ms: of_type(ms, "discrepancy_closed"),
                              seen=opened, timeout=30)
    assert of_type(closed, "discrepancy_closed")[0]["data"]["resolution"] == "corrected"
    assert {r["state"] for r in visits_sql("select state from corrections")} == {"applied"}
    listed = vis.ok("GET", "/discrepancies?campaign_id=c1")["discrepancies"]
    assert [(d["status"], d["resolution"]) for d in listed] == [("closed", "corrected")]
    # the registry's database holds the ID number only hashed, visits' not at all
    assert NEW_PERSON not in json.dumps(visits_sql("select * from corrections"), default=str)
    assert sql("select count(*) n from residents")[0]["n"] == 3
