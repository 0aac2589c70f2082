"""Dispatch keeps no ID number or phone in clear in the free text it stores (issue 11,
finding 15): a scanning device's name, from HTTP or the QR system's event, is masked in
the attendance row and in volunteer_checked_in."""

from __future__ import annotations

import json

from services.dispatch import clock
from tests.support.amqp import wait_until
from tests.support.dispatch_world import seed_community, seed_unit
from tests.support.http import Client

from .support import EVENTS, order, settle

MOBILE = "13800138000"


def test_device_names_are_stored_masked(dispatch, outside, dispatch_sql, mid_morning):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=6)
    api.ok("POST", "/orders", order(days_ahead=0, batches=1, head_count=2, places=["BJ-01"]),
           status=201)
    shift = next(s for s in api.ok("GET", "/orders/o1/shifts")["shifts"]
                 if s["day"] == clock.today().isoformat())
    first, second = (v["volunteer_id"] for v in shift["volunteers"][:2])
    outside.listen(EVENTS)
    api.ok("POST", f"/shifts/{shift['shift_key']}/checkins",
           {"volunteer_id": first, "device": f"王师傅手机 {MOBILE}"}, status=201)
    outside.publish("checkin_recorded", {
        "shift_key": shift["shift_key"], "volunteer_id": second,
        "at": clock.now().isoformat(), "device": "QR 138-0013-8000"})
    rows = wait_until(lambda: (r := dispatch_sql("select source from attendance "
                                                 "order by volunteer_id")) and len(r) == 2
                      and r, what="both scans kept")
    assert sorted(r["source"] for r in rows) == ["QR 138****8000", "王师傅手机 138****8000"]
    published = json.dumps(settle(outside, dispatch_sql, []), ensure_ascii=False)
    assert MOBILE not in published and "138-0013-8000" not in published
