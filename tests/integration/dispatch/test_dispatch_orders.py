"""Pairing orders end to end: another system publishes with plain pika on
`integration.events`; dispatch schedules, staffs and publishes on `dispatch.events`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

from services.dispatch import clock
from tests.support.amqp import envelope
from tests.support.dispatch_world import PHONE, seed_community, seed_unit
from tests.support.http import Client
from tests.support.inbox import inbox_outcome
from tests.support.published import count_at_least, kinds

from .support import EVENTS, of_type, order, settle


def test_an_order_is_scheduled_and_staffed_once(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12)
    outside.listen(EVENTS)
    sent = outside.publish("pairing_ordered", order())
    seen = outside.wait_for(EVENTS, count_at_least(pairing_ordered=1, shift_scheduled=18,
                                                   volunteer_assigned=48))
    ordered = of_type(seen, "pairing_ordered")[0]["data"]
    assert (ordered["shifts"], ordered["promised"], ordered["assigned"], ordered["missing"]) \
        == (18, 48, 48, 0)
    assert ordered["cause"] == f"event:{sent['id']}"
    scheduled = {m["data"]["shift_key"]: m["data"] for m in of_type(seen, "shift_scheduled")}
    assert sum(s["head_count"] for s in scheduled.values()) == 48
    assert {s["place_code"] for s in scheduled.values()} == {"BJ-01", "BJ-02", "BJ-03"}
    assert all(s["community_code"] == "BJ" and s["task_kinds"] == ["door_to_door"]
               for s in scheduled.values())
    assigned = [m["data"] for m in of_type(seen, "volunteer_assigned")]
    per_shift = Counter(a["shift_key"] for a in assigned)
    assert per_shift == {k: s["head_count"] for k, s in scheduled.items()}
    # nobody in two places at once
    slots = Counter((a["volunteer_id"], a["day"], a["half"]) for a in assigned)
    assert max(slots.values()) == 1
    assert not of_type(seen, "shift_understaffed")
    assert PHONE not in json.dumps(seen) and "1380000" not in json.dumps(seen)

    # the same message again, and the same order under another message id
    outside.publish_raw("pairing_ordered", json.dumps(sent))
    again = outside.publish("pairing_ordered", order())
    assert inbox_outcome(dispatch_sql, again["id"]) == "applied"
    assert dispatch_sql("select count(*) n from pairings")[0]["n"] == 1
    assert dispatch_sql("select count(*) n from shifts")[0]["n"] == 18
    assert dispatch_sql("select count(*) n from bookings")[0]["n"] == 48
    later = settle(outside, dispatch_sql, [])
    assert not {"pairing_ordered", "shift_scheduled", "volunteer_assigned"} & set(kinds(later))

    view = api.ok("GET", "/orders/o1")
    assert (view["status"], view["promised"], view["assigned"]) == ("active", 48, 48)
    shifts = api.ok("GET", "/orders/o1/shifts")["shifts"]
    assert len(shifts) == 18 and all(s["missing"] == 0 for s in shifts)


def test_an_amendment_keeps_people_and_a_cancellation_calls_shifts_off(
        dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12)
    outside.listen(EVENTS)
    api.ok("POST", "/orders", order(), status=201)
    outside.wait_for(EVENTS, count_at_least(volunteer_assigned=48))
    before = {(r["shift_key"], r["volunteer_id"]) for r in dispatch_sql(
        "select shift_key, volunteer_id from bookings where status = 'assigned'")}

    # 3 more people per batch and 2 more batches, from the ordering system
    amend = outside.publish("pairing_amended", {"order_id": "o1", "head_count": 11,
                                                "batches": 8})
    seen = outside.wait_for(EVENTS, count_at_least(pairing_amended=1))
    seen = settle(outside, dispatch_sql, seen)
    amended = of_type(seen, "pairing_amended")[0]["data"]
    assert amended["cause"] == f"event:{amend['id']}"
    assert (amended["head_count"], amended["batches"], amended["shifts"]) == (11, 8, 24)
    assert amended["shifts_added"] == 6 and amended["shifts_changed"] == 18
    assert amended["assigned"] + amended["missing"] == amended["promised"] == 88
    after = {(r["shift_key"], r["volunteer_id"]) for r in dispatch_sql(
        "select shift_key, volunteer_id from bookings where status = 'assigned'")}
    assert before <= after, "an amendment keeps everyone already on a shift"
    assert len(after) == amended["assigned"]
    assert len(of_type(seen, "volunteer_assigned")) == len(after) - len(before)
    versions = Counter(m["data"]["version"] for m in of_type(seen, "shift_scheduled"))
    assert versions == {2: 18, 1: 6}
    short = sum(m["data"]["missing"] for m in of_type(seen, "shift_understaffed"))
    assert short == amended["missing"]
    listed = api.ok("GET", "/units/U1/understaffed")
    assert listed["missing"] == amended["missing"]

    # fewer people again over HTTP: the busiest are released, the rest stay
    api.ok("PATCH", "/orders/o1", {"head_count": 8, "version": 2})
    seen = settle(outside, dispatch_sql, outside.wait_for(EVENTS,
                                                          count_at_least(pairing_amended=1)))
    released = [m["data"] for m in of_type(seen, "volunteer_unassigned")]
    assert released and {m["reason"] for m in released} == {"head_count_reduced"}
    view = api.ok("GET", "/orders/o1")
    assert view["promised"] == 64 and view["assigned"] + view["missing"] == 64
    assert len(dispatch_sql("select 1 from bookings where status = 'assigned'")) == \
        view["assigned"]
    status, stale = api.call("PATCH", "/orders/o1", {"head_count": 9, "version": 2})
    assert status == 409 and "version" in stale["errors"]

    api.ok("POST", "/orders/o1/cancel", {})
    seen = outside.wait_for(EVENTS, count_at_least(pairing_cancelled=1, shift_cancelled=24,
                                                   volunteer_unassigned=view["assigned"]))
    assert of_type(seen, "pairing_cancelled")[0]["data"]["shifts_cancelled"] == 24
    assert {m["data"]["reason"] for m in of_type(seen, "volunteer_unassigned")} == \
        {"shift_cancelled"}
    view = api.ok("GET", "/orders/o1")
    assert (view["status"], view["shifts"], view["assigned"]) == ("cancelled", 0, 0)
    assert api.ok("POST", "/orders/o1/cancel", {})["status"] == "cancelled"
    status, body = api.call("PATCH", "/orders/o1", {"head_count": 9})
    assert status == 409 and "order_id" in body["errors"]


def test_an_invalid_order_is_rejected_with_its_reasons(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=5)
    outside.listen(EVENTS)
    past = (clock.today() - timedelta(days=1)).isoformat()
    bad = outside.publish("pairing_ordered", order(start=past, head_count=8))
    unknown = outside.publish("pairing_ordered", order("o2", unit_id="nobody",
                                                       community_code="nowhere"))
    broken = outside.publish("pairing_ordered", {**order("o3"), "head_count": "many"})
    seen = outside.wait_for(EVENTS, count_at_least(event_rejected=3))
    notices = {m["data"]["event_id"]: m["data"] for m in of_type(seen, "event_rejected")}
    assert set(notices[bad["id"]]["errors"]) == {"data.start", "data.head_count"}
    assert "can field at most 5" in notices[bad["id"]]["reason"]
    assert "in the past" in notices[bad["id"]]["reason"]
    assert set(notices[unknown["id"]]["errors"]) == {"data.unit_id", "data.community_code"}
    assert "data.head_count" in notices[broken["id"]]["errors"]
    kept = dispatch_sql("select event_id, reason, errors from rejected_events")
    assert {r["event_id"] for r in kept} == {bad["id"], unknown["id"], broken["id"]}
    for table in ("pairings", "shifts", "bookings"):
        assert dispatch_sql(f"select count(*) n from {table}")[0]["n"] == 0

    # the same rules over HTTP: 400 naming each field
    status, body = api.call("POST", "/orders", order(head_count=0))
    assert status == 400 and "head_count" in body["errors"]
    status, body = api.call("POST", "/orders", order(places=["BJ-01", "XX-09"]))
    assert status == 400 and "places" in body["errors"]
    status, body = api.call("POST", "/orders", order(batches=None))
    assert status == 400 and "batches" in body["errors"]
    assert dispatch_sql("select count(*) n from pairings")[0]["n"] == 0
    # an order for the same id with other terms conflicts
    api.ok("POST", "/orders", order(head_count=5), status=201)
    assert api.ok("POST", "/orders", order(head_count=5))["order_id"] == "o1"
    status, body = api.call("POST", "/orders", order(head_count=4))
    assert status == 409 and "order_id" in body["errors"]


def test_a_message_that_is_not_a_known_envelope_is_kept(dispatch, outside, dispatch_sql):
    outside.listen(EVENTS)
    outside.publish_raw("pairing_ordered", json.dumps(envelope("integration.other", {})))
    seen = outside.wait_for(EVENTS, count_at_least(event_rejected=1))
    assert "not handled" in of_type(seen, "event_rejected")[0]["data"]["reason"]


def test_orders_placed_at_once_never_book_anyone_twice(dispatch, outside, dispatch_sql):
    import eventlet

    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12, weekly_limit=14)
    pool = eventlet.GreenPool()
    results = list(pool.imap(lambda oid: api.call("POST", "/orders", order(oid, head_count=6)),
                             ["o1", "o2", "o3"]))
    assert sorted(status for status, _ in results) == [201, 201, 201]
    clashes = dispatch_sql("""select volunteer_id, day, half, count(*) n from bookings
                              where status = 'assigned' group by 1, 2, 3 having count(*) > 1""")
    assert clashes == []
    # 12 people per slot can staff two orders of 6, not three: the third is short
    missing = sorted(body["missing"] for _, body in results)
    assert sum(body["assigned"] for _, body in results) == 12 * 6
    assert missing[0] == 0 and sum(missing) == 3 * 36 - 72
