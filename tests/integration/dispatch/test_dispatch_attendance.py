"""Declines, check-ins (HTTP and the QR system's events), person-times and no-shows."""

from __future__ import annotations

from datetime import timedelta

from services.common.outbox import Outbox
from services.dispatch import clock
from services.dispatch.adapters.models import MESSAGING
from services.dispatch.use_cases.attendance import sweep_no_shows
from tests.support.dispatch_world import seed_community, seed_unit, staffed
from tests.support.http import Client
from tests.support.published import count_at_least

from .support import EVENTS, of_type, order, settle


def test_a_decline_reruns_only_that_shift(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12)
    api.ok("POST", "/orders", order(days_ahead=2, batches=2, head_count=6), status=201)
    before = staffed(api)
    key = sorted(before)[0]
    leaving = before[key][0]
    outside.listen(EVENTS)
    result = api.ok("POST", f"/shifts/{key}/decline", {"volunteer_id": leaving})
    replacement = result["replacement"]
    assert replacement and replacement not in sum(
        (v for k, v in before.items() if k.split(":")[1:3] == key.split(":")[1:3]), [])
    seen = outside.wait_for(EVENTS, count_at_least(volunteer_unassigned=1,
                                                   volunteer_assigned=1))
    assert of_type(seen, "volunteer_unassigned")[0]["data"]["reason"] == "declined"
    assert of_type(seen, "volunteer_assigned")[0]["data"]["replaces"] == leaving
    after = staffed(api)
    assert sorted(after[key]) == sorted([*before[key][1:], replacement])
    assert {k: v for k, v in after.items() if k != key} == \
        {k: v for k, v in before.items() if k != key}

    # not on the shift any more; a named replacement who is busy at that time
    status, body = api.call("POST", f"/shifts/{key}/decline", {"volunteer_id": leaving})
    assert status == 400 and "volunteer_id" in body["errors"]
    busy = next(v for k, vs in after.items() for v in vs
                if k != key and k.split(":")[1:3] == key.split(":")[1:3])
    status, body = api.call("POST", f"/shifts/{key}/decline",
                            {"volunteer_id": after[key][0], "incoming_volunteer_id": busy})
    assert status == 400 and "already booked" in body["errors"]["incoming_volunteer_id"][0]
    assert api.call("POST", "/shifts/nope/decline", {"volunteer_id": leaving})[0] == 404


def test_check_ins_become_person_times_and_no_shows_are_published_once(
        dispatch, outside, dispatch_sql, dispatch_db, mid_morning):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12)
    seed_unit(api, "U2", volunteers=1)
    api.ok("POST", "/orders", order(days_ahead=0, batches=4, head_count=6), status=201)
    on_shift = staffed(api)
    today = clock.today().isoformat()
    key = next(k for k in sorted(on_shift) if f":{today}:am:" in k)
    first, second = on_shift[key][:2]
    walk_in = next(f"U1-v{n:02d}" for n in range(12) if f"U1-v{n:02d}" not in on_shift[key])
    outside.listen(EVENTS)

    assert api.ok("POST", f"/shifts/{key}/checkins", {"volunteer_id": first},
                  status=201)["booked"] is True
    api.ok("POST", f"/shifts/{key}/checkins", {"volunteer_id": first})      # a second scan
    api.ok("POST", f"/shifts/{key}/checkins", {"volunteer_id": first, "kind": "out"},
           status=201)
    assert api.ok("POST", f"/shifts/{key}/checkins", {"volunteer_id": walk_in},
                  status=201)["booked"] is False
    now = clock.now()
    scan = outside.publish("checkin_recorded", {
        "shift_key": key, "volunteer_id": second, "at": now.isoformat(), "device": "QR-7"})
    ghost = outside.publish("checkin_recorded", {
        "shift_key": "o1:2000-01-01:am:BJ-01", "volunteer_id": second,
        "at": now.isoformat()})
    status, body = api.call("POST", f"/shifts/{key}/checkins", {"volunteer_id": "U2-v00"})
    assert status == 400 and "belongs to unit U2" in body["errors"]["volunteer_id"][0]
    yesterday = (now - timedelta(days=1)).isoformat()
    status, body = api.call("POST", f"/shifts/{key}/checkins",
                            {"volunteer_id": first, "at": yesterday})
    assert status == 400 and "at" in body["errors"]

    seen = outside.wait_for(EVENTS, count_at_least(volunteer_checked_in=3,
                                                   volunteer_checked_out=1, event_rejected=1))
    seen = settle(outside, dispatch_sql, seen)
    assert len(of_type(seen, "volunteer_checked_in")) == 3       # a second scan says nothing
    ins = {m["data"]["volunteer_id"]: m["data"] for m in of_type(seen, "volunteer_checked_in")}
    assert set(ins) == {first, second, walk_in}
    assert (ins[second]["source"], ins[walk_in]["booked"]) == ("QR-7", False)
    rejected = of_type(seen, "event_rejected")[0]["data"]
    assert rejected["event_id"] == ghost["id"] and "data.shift_key" in rejected["errors"]
    assert scan["id"] not in {m["data"]["event_id"] for m in of_type(seen, "event_rejected")}

    figures = api.ok("GET", "/orders/o1/person-times")
    assert (figures["promised"], figures["scheduled"], figures["delivered"]) == (24, 24, 3)
    assert figures["short"] == 0 and len(figures["days"]) == 2
    assert figures["no_shows"] == len(figures["no_show_list"])
    unit = api.ok("GET", "/units/U1/person-times")
    assert unit["totals"]["delivered"] == 3 and unit["orders"][0]["order_id"] == "o1"
    community = api.ok("GET", f"/communities/BJ/person-times?since={today}")
    assert community["units"][0]["unit_id"] == "U1"
    assert community["totals"]["promised"] == 24

    # after every shift ended: one no-show per booking nobody checked in for, once
    later = now + timedelta(days=3)
    outbox = Outbox("dispatch", MESSAGING)
    published = sweep_no_shows(dispatch_db, outbox, now=later, tz=clock.tz(), limit=7)
    assert sweep_no_shows(dispatch_db, outbox, now=later, tz=clock.tz()) == 0
    marked = dispatch_sql("select count(*) n from bookings where no_show_at is not null")
    assert marked[0]["n"] == 22 and published <= 22
    seen = settle(outside, dispatch_sql, outside.wait_for(EVENTS, count_at_least(
        volunteer_no_show=22)))
    assert len(of_type(seen, "volunteer_no_show")) == 22
    missing = {(m["data"]["shift_key"], m["data"]["volunteer_id"])
               for m in of_type(seen, "volunteer_no_show")}
    assert len(missing) == 22 and (key, first) not in missing and (key, second) not in missing
