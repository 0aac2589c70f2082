"""Sites (卡口 checkpoints, 核酸采样点 testing sites): registered over HTTP, named by orders,
and the shifts are at the site, end to end through the outbox and the broker."""

from __future__ import annotations

from tests.support.amqp import wait_until
from tests.support.dispatch_world import seed_community, seed_unit
from tests.support.http import Client
from tests.support.published import count_at_least

from .support import EVENTS, of_type, order, settle

CHECKPOINT = {"site_code": "BJ-KK1", "name": "滨江路卡口", "kind": "checkpoint"}


def test_sites_are_registered_listed_and_announced(dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_community(outside, dispatch_sql, code="HX", grids=("HX-01",))
    outside.listen(EVENTS)
    created = api.ok("POST", "/communities/BJ/sites", CHECKPOINT, status=201)
    assert created == {**CHECKPOINT, "community_code": "BJ", "version": 1}
    # a retry changes nothing and announces nothing
    assert api.ok("POST", "/communities/BJ/sites", CHECKPOINT) == created
    testing = {"site_code": "BJ-HS1", "name": "社区广场核酸采样点", "kind": "testing_site"}
    api.ok("POST", "/communities/BJ/sites", testing, status=201)

    for body, path, status, field in (
            ({**CHECKPOINT, "name": "另一个卡口"}, "/communities/BJ/sites", 409, "site_code"),
            ({**CHECKPOINT}, "/communities/HX/sites", 409, "site_code"),
            ({**CHECKPOINT, "site_code": "BJ-01"}, "/communities/BJ/sites", 409, "site_code"),
            ({**CHECKPOINT, "site_code": "X1", "kind": "gate"}, "/communities/BJ/sites", 400,
             "kind"),
            ({"site_code": "X2"}, "/communities/BJ/sites", 400, "name"),
            ({**CHECKPOINT, "site_code": "X3"}, "/communities/NOPE/sites", 404, None)):
        got, answer = api.call("POST", path, body)
        assert got == status, (body, path, answer)
        assert field is None or field in answer["errors"], answer
    assert len(dispatch_sql("select 1 from sites")) == 2

    listed = api.ok("GET", "/communities/BJ/sites")["sites"]
    assert [s["site_code"] for s in listed] == ["BJ-HS1", "BJ-KK1"]
    assert api.ok("GET", "/communities/HX/sites")["sites"] == []
    assert api.call("GET", "/communities/NOPE/sites")[0] == 404
    community = api.ok("GET", "/communities/BJ")
    assert community["grids"] == ["BJ-01", "BJ-02", "BJ-03"]
    assert {s["kind"] for s in community["sites"]} == {"checkpoint", "testing_site"}

    seen = settle(outside, dispatch_sql, outside.wait_for(
        EVENTS, count_at_least(site_registered=2)))
    announced = [m["data"] for m in of_type(seen, "site_registered")]
    assert sorted(a["site_code"] for a in announced) == ["BJ-HS1", "BJ-KK1"]
    assert {**CHECKPOINT, "community_code": "BJ", "version": 1} in announced


def test_an_order_on_a_checkpoint_site_schedules_its_shifts_at_the_site(
        dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12)
    api.ok("POST", "/communities/BJ/sites", CHECKPOINT, status=201)
    outside.listen(EVENTS)

    placed = api.ok("POST", "/orders", order(places=["BJ-KK1"], task_kinds=["checkpoint"],
                                             head_count=4), status=201)
    assert (placed["places"], placed["shifts"], placed["promised"], placed["assigned"]) == \
        (["BJ-KK1"], 6, 24, 24)
    seen = outside.wait_for(EVENTS, count_at_least(shift_scheduled=6, volunteer_assigned=24))
    scheduled = [m["data"] for m in of_type(seen, "shift_scheduled")]
    assert {s["place_code"] for s in scheduled} == {"BJ-KK1"}
    assert all(s["task_kinds"] == ["checkpoint"] and s["head_count"] == 4 for s in scheduled)
    assert {m["data"]["place_code"] for m in of_type(seen, "volunteer_assigned")} == {"BJ-KK1"}
    shifts = api.ok("GET", "/orders/o1/shifts")["shifts"]
    assert {s["place_code"] for s in shifts} == {"BJ-KK1"}
    assert all(len(s["volunteers"]) == 4 for s in shifts)

    # an amendment may add a grid next to the site; the site's people stay
    before = {r["volunteer_id"] for r in dispatch_sql(
        "select volunteer_id from bookings where status = 'assigned'")}
    api.ok("PATCH", "/orders/o1", {"places": ["BJ-KK1", "BJ-02"], "head_count": 8})
    places = {r["place_code"] for r in dispatch_sql(
        "select distinct place_code from shifts where status = 'scheduled'")}
    assert places == {"BJ-KK1", "BJ-02"}
    after = {r["volunteer_id"] for r in dispatch_sql(
        "select volunteer_id from bookings where status = 'assigned' "
        "and shift_key like :site", site="%:BJ-KK1")}
    assert before <= after


def test_an_inbound_order_may_name_a_site_and_an_unknown_place_is_rejected(
        dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_community(outside, dispatch_sql, code="HX", grids=("HX-01",))
    seed_unit(api, volunteers=12)
    api.ok("POST", "/communities/BJ/sites",
           {"site_code": "BJ-HS1", "name": "核酸采样点", "kind": "testing_site"}, status=201)
    api.ok("POST", "/communities/HX/sites", {**CHECKPOINT, "site_code": "HX-KK1"}, status=201)
    outside.listen(EVENTS)

    outside.publish("pairing_ordered", order(places=["BJ-HS1", "BJ-01"],
                                             task_kinds=["testing_support"]))
    seen = outside.wait_for(EVENTS, count_at_least(pairing_ordered=1, shift_scheduled=12))
    assert {m["data"]["place_code"] for m in of_type(seen, "shift_scheduled")} == \
        {"BJ-HS1", "BJ-01"}

    # another community's site is not a place of this one
    status, refused = api.call("POST", "/orders", order("o2", places=["HX-KK1"]))
    assert status == 400 and "HX-KK1" in refused["errors"]["places"][0]
    bad = outside.publish("pairing_ordered", order("o3", places=["BJ-KK9"]))
    rows = wait_until(lambda: dispatch_sql("select reason from rejected_events "
                                           "where event_id = :i", i=bad["id"]),
                      what="the order naming an unknown site rejected")
    assert "BJ-KK9" in rows[0]["reason"]
    assert [r["id"] for r in dispatch_sql("select id from pairings")] == ["o1"]
