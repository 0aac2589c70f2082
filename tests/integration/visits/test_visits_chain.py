"""The whole chain on the real services: households registered in the registry →
a door_to_door pairing order staffed by dispatch → visit tasks appear in visits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.visits import clock
from tests.support.dispatch_world import seed_unit
from tests.support.http import Client
from tests.support.visits_world import campaign

from .support import EVENTS, of_type, wait_until

GRID = "4401060101-G01"


@pytest.fixture
def visits_settings():
    # tomorrow's shift is due at once (the default waits until an hour before it starts)
    return {"VISITS_TASK_LEAD_MINUTES": 3 * 24 * 60}


def test_registered_households_become_tasks_of_a_staffed_door_to_door_shift(
        registry, dispatch, visits, outside, visits_sql, dispatch_sql):
    reg, dis, vis = Client(registry.base_url), Client(dispatch.base_url), Client(visits.base_url)
    for code, level, parent in [("4401", "city", None), ("440106", "district", "4401"),
                                ("44010601", "street", "440106"),
                                ("4401060101", "community", "44010601"),
                                (GRID, "grid", "4401060101")]:
        reg.ok("POST", "/areas", {"code": code, "level": level, "name": f"{level} {code}",
                                  "parent_code": parent}, 201)
    codes = []
    for b in (1, 2):
        reg.ok("POST", "/buildings", {"code": f"B{b}", "name": f"{b}栋", "grid_code": GRID},
               201)
        for h in range(1, 4):
            code = f"H{b}{h:02d}"
            reg.ok("POST", "/households", {"code": code, "kind": "residence",
                                           "building_code": f"B{b}",
                                           "address": f"{b}栋{h:02d}号"}, 201)
            codes.append(code)
    wait_until(lambda: len(visits_sql("select 1 from households")) == 6,
               what="households in visits")
    wait_until(lambda: dispatch_sql("select 1 from grids where code = :g", g=GRID),
               what="grid in dispatch")
    created = campaign(vis, areas=("4401060101",))
    assert (created["grid_codes"], created["households"]) == ([GRID], 6)

    outside.listen(EVENTS)
    volunteers = seed_unit(dis, volunteers=2, area_code="440106")
    tomorrow = clock.today() + timedelta(days=1)
    dis.ok("POST", "/orders", {"order_id": "o1", "unit_id": "U1",
                               "community_code": "4401060101", "start": tomorrow.isoformat(),
                               "batches": 1, "slot_kind": "half_day", "head_count": 2,
                               "task_kinds": ["door_to_door"], "places": [GRID]}, 201)
    seen = outside.wait_for(EVENTS, lambda ms: len(of_type(ms, "tasks_assigned")) == 2)
    tasks = {m["data"]["volunteer_id"]: m["data"] for m in of_type(seen, "tasks_assigned")}
    assert sorted(tasks) == sorted(volunteers)
    assert sorted(c for t in tasks.values() for c in t["household_codes"]) == codes
    assert {t["grid_code"] for t in tasks.values()} == {GRID}
    key = next(iter(tasks.values()))["shift_key"]
    phone = vis.ok("GET", f"/shifts/{key}/tasks")
    assert [len(v["tasks"]) for v in phone["volunteers"]] == [3, 3]
    coverage = vis.ok("GET", "/campaigns/c1/coverage")
    assert coverage["states"]["assigned"] == 6 and coverage["coverage"] == 0
