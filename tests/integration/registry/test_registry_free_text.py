"""The registry keeps no ID number or phone in clear in its free text (issue 11, finding
15): addresses, travel, move reasons and the change trail, read from the rows; the same
text in its events is masked too."""

from __future__ import annotations

import json

from tests.support.http import Client

from .support import EVENTS, add_resident, seed_places

ID = "440106195001011234"
MOBILE = "13800138000"


def test_addresses_travel_and_move_reasons_are_stored_masked(registry, outside, sql):
    api = Client(registry.base_url)
    outside.listen(EVENTS)
    seed_places(api)
    api.ok("POST", "/households", {"code": "H9", "kind": "rental", "building_code": "B1",
                                   "address": f"B1-9 号 房东{MOBILE}"}, 201)
    api.ok("PATCH", "/households/H1", {"address": f"B1-1 号 户主身份证{ID}"})
    rid = add_resident(api, 1, "H1", status={"recent_travel": f"上海 联系{MOBILE}"}
                       )["resident_id"]
    api.ok("PATCH", f"/residents/{rid}", {"status": {"recent_travel": f"武汉 同行人{ID}"}})
    api.ok("POST", f"/residents/{rid}/move", {"to_household_code": "H3",
                                              "moved_on": "2022-05-01",
                                              "reason": "投靠亲属 138-0013-8000"}, 201)
    rows = json.dumps([[dict(r) for r in sql(q)] for q in (
        "select address from households", "select recent_travel from residents",
        "select changes from resident_changes", "select reason from resident_moves")],
        default=str, ensure_ascii=False)
    for clear in (ID, MOBILE, "138-0013-8000"):
        assert clear not in rows, clear
    assert sql("select address from households where code = 'H9'")[0]["address"] == \
        "B1-9 号 房东138****8000"
    assert sql("select reason from resident_moves")[0]["reason"] == "投靠亲属 138****8000"
    assert sql("select recent_travel from residents")[0]["recent_travel"] == \
        "武汉 同行人4401**********1234"
    seen = outside.wait_for(EVENTS, lambda ms: any(m["type"] == "registry.resident_moved"
                                                   for m in ms))
    published = json.dumps(seen, ensure_ascii=False)
    assert ID not in published and MOBILE not in published
