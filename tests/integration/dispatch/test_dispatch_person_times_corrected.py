"""Dispatch's own person-times say how many of those delivered were recorded by an audited
correction (`corrected`), per order, day, unit and community, as reporting's pt_corrected
does; the answers match their published schema."""

from __future__ import annotations

import jsonschema

from services.common.openapi import discover, document
from services.common.outbox import Outbox
from services.dispatch import clock
from services.dispatch.adapters.models import MESSAGING
from services.dispatch.use_cases.attendance import sweep_no_shows
from tests.support.http import Client

from .support import local, order_today_at_bj01, today_shift

PATHS = {"/orders/o1/person-times": "/orders/{order_id}/person-times",
         "/units/U1/person-times": "/units/{unit_id}/person-times",
         "/communities/BJ/person-times": "/communities/{code}/person-times"}


def answers(api: Client) -> dict[str, dict]:
    doc = document("dispatch", discover()["dispatch"])
    found = {}
    for path, template in PATHS.items():
        found[path] = api.ok("GET", path)
        schema = doc["paths"][template]["get"]["responses"]["200"]["content"][
            "application/json"]["schema"]
        jsonschema.validate(found[path], schema)
    return found


def test_person_times_count_corrected_check_ins_apart(dispatch, outside, dispatch_sql,
                                                      dispatch_db, at_local):
    api = Client(dispatch.base_url)
    order_today_at_bj01(api, outside, dispatch_sql, at_local)
    morning, (m1, _m2) = today_shift(api, "am")
    afternoon, (a1, _a2) = today_shift(api, "pm")
    now = at_local(12, 30)
    assert sweep_no_shows(dispatch_db, Outbox("dispatch", MESSAGING), now=now,
                          tz=clock.tz()) == 2
    api.ok("POST", f"/shifts/{morning}/attendance-corrections", {
        "volunteer_id": m1, "checked_in_at": local(8, 10).isoformat(),
        "reason": "扫码枪故障，书记现场确认到岗"}, status=201)
    at_local(13, 30)
    api.ok("POST", f"/shifts/{afternoon}/checkins", {"volunteer_id": a1}, status=201)

    found = answers(api)
    o = found["/orders/o1/person-times"]
    assert (o["delivered"], o["corrected"], o["no_shows"]) == (2, 1, 1)
    assert [(d["day"], d["delivered"], d["corrected"]) for d in o["days"]] == [
        (clock.today().isoformat(), 2, 1)]
    unit = found["/units/U1/person-times"]
    assert unit["totals"]["corrected"] == 1
    assert [(g["order_id"], g["corrected"]) for g in unit["orders"]] == [("o1", 1)]
    community = found["/communities/BJ/person-times"]
    assert community["totals"]["corrected"] == 1
    assert [(g["unit_id"], g["corrected"]) for g in community["units"]] == [("U1", 1)]
