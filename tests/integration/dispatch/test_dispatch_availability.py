"""A volunteer's record changes and the shifts follow: someone deactivated or blacked out
leaves the shifts that have not begun and only those are staffed again; a newcomer fills
understaffed shifts, and shift_staffed clears the flag."""

from __future__ import annotations

from tests.support.dispatch_world import seed_community, seed_unit, staffed, volunteer
from tests.support.http import Client
from tests.support.published import count_at_least

from .support import EVENTS, of_type, order, settle


def test_deactivation_leaves_a_shift_short_and_a_newcomer_fills_it(
        dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=6)
    api.ok("POST", "/orders", order(days_ahead=2, batches=1, head_count=6), status=201)
    before = staffed(api)
    key = sorted(before)[0]
    leaving = before[key][0]
    outside.listen(EVENTS)

    api.ok("PATCH", f"/volunteers/{leaving}", {"active": False})
    seen = outside.wait_for(EVENTS, count_at_least(volunteer_unassigned=1,
                                                   shift_understaffed=1))
    gone = of_type(seen, "volunteer_unassigned")[0]["data"]
    assert (gone["shift_key"], gone["volunteer_id"], gone["reason"]) == \
        (key, leaving, "volunteer_unavailable")
    short = of_type(seen, "shift_understaffed")[0]["data"]
    assert (short["shift_key"], short["missing"], short["assigned"]) == (key, 1, 1)
    assert leaving not in staffed(api)[key]
    assert api.ok("GET", "/units/U1/understaffed")["missing"] == 1
    # a change that frees nobody and takes nobody off says nothing about shifts
    api.ok("PATCH", f"/volunteers/{before[key][1]}", {"skills": ["medic"]})

    api.ok("POST", "/volunteers", volunteer(6), status=201)
    seen = settle(outside, dispatch_sql, outside.wait_for(
        EVENTS, count_at_least(volunteer_assigned=1, shift_staffed=1), seen=seen))
    came = of_type(seen, "volunteer_assigned")[0]["data"]
    assert (came["shift_key"], came["volunteer_id"]) == (key, "U1-v06")
    staffed_event = of_type(seen, "shift_staffed")[0]["data"]
    assert (staffed_event["shift_key"], staffed_event["head_count"],
            staffed_event["assigned"]) == (key, 2, 2)
    assert len(of_type(seen, "shift_understaffed")) == 1
    assert len(of_type(seen, "volunteer_unassigned")) == 1
    assert api.ok("GET", "/units/U1/understaffed")["missing"] == 0
    assert sorted(staffed(api)[key]) == sorted([before[key][1], "U1-v06"])


def test_blackout_dates_take_a_volunteer_off_that_day_and_someone_replaces_them(
        dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=6)
    api.ok("POST", "/orders", order(days_ahead=3, batches=2, head_count=3), status=201)
    before = staffed(api)
    am = sorted(k for k in before if ":am:" in k)
    key, who = am[0], before[am[0]][0]
    day = key.split(":")[1]
    other_day = api.ok("POST", "/orders", order("o2", days_ahead=5, batches=1, head_count=3),
                       status=201)
    assert other_day["assigned"] == 3
    elsewhere = [k for k, vs in staffed(api, "o2").items() if who in vs]
    outside.listen(EVENTS)

    api.ok("PATCH", f"/volunteers/{who}", {"blackout": [day]})
    seen = settle(outside, dispatch_sql, outside.wait_for(
        EVENTS, count_at_least(volunteer_unassigned=1, volunteer_assigned=1)))
    assert [(m["data"]["shift_key"], m["data"]["reason"])
            for m in of_type(seen, "volunteer_unassigned")] == [(key, "volunteer_unavailable")]
    came = of_type(seen, "volunteer_assigned")[0]["data"]
    assert (came["shift_key"], came["replaces"]) == (key, who)
    assert not of_type(seen, "shift_understaffed")
    after = staffed(api)
    assert who not in after[key] and came["volunteer_id"] in after[key]
    assert {k: v for k, v in after.items() if k != key} == \
        {k: v for k, v in before.items() if k != key}
    # other days keep them
    assert all(who in staffed(api, "o2")[k] for k in elsewhere)
