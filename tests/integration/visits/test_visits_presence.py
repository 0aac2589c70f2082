"""Visits are evidence of presence (docs/shifts.md), end to end on the real services:
a volunteer who recorded visits on a shift without checking in is delivered, not a
no-show; one whose visits arrive after the no-show was published is moved to delivered
with the change on the event."""

from __future__ import annotations

from datetime import datetime, time

from services.common.outbox import Outbox
from services.dispatch import clock as dispatch_clock
from services.dispatch.adapters.models import MESSAGING
from services.dispatch.use_cases.attendance import sweep_no_shows
from services.visits import clock
from tests.support.dispatch_world import seed_unit, staffed
from tests.support.http import Client
from tests.support.published import DISPATCH
from tests.support.visits_world import COMMUNITY, campaign, seed_area

from .support import visit, wait_until


def local(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(clock.today(), time(hour, minute), tzinfo=clock.tz())


def checked_in(seen: list[dict]) -> dict[str, dict]:
    return {m["data"]["volunteer_id"]: m["data"]
            for m in DISPATCH.of_type(seen, "volunteer_checked_in")}


def test_visits_on_a_shift_count_their_visitor_present(
        dispatch, visits, outside, visits_sql, dispatch_sql, dispatch_db, at_local,
        monkeypatch):
    dis, vis = Client(dispatch.base_url), Client(visits.base_url)
    households = seed_area(outside, visits_sql, buildings=2, per_building=4)
    wait_until(lambda: dispatch_sql("select 1 from grids where code = 'G01'"),
               what="G01 in dispatch")
    seed_unit(dis, volunteers=3, area_code="440106")
    at_local(7, 0)
    dis.ok("POST", "/orders", {"order_id": "o1", "unit_id": "U1",
                               "community_code": COMMUNITY,
                               "start": clock.today().isoformat(), "batches": 1,
                               "slot_kind": "half_day", "head_count": 3,
                               "task_kinds": ["door_to_door"], "places": ["G01"]}, 201)
    (key, people), = staffed(dis).items()
    scanned, knocked, late = sorted(people)
    wait_until(lambda: len(visits_sql("select 1 from shift_volunteers where shift_key = :k",
                                      k=key)) == 3, what="the shift's people in visits")
    campaign(vis)
    outside.listen(DISPATCH.exchange)

    at_local(8, 0)
    dis.ok("POST", f"/shifts/{key}/checkins", {"volunteer_id": scanned}, 201)
    after_noon = local(12, 5)
    monkeypatch.setattr(clock, "now", lambda: after_noon)
    for n, code in enumerate(households[:4]):        # never scanned, knocked all morning
        vis.ok("POST", "/visits", visit("c1", code, knocked, key, local(9, 10 * n)), 201)
    vis.ok("POST", "/visits", visit("c1", households[4], scanned, key, local(9, 30)), 201)
    seen = outside.wait_for(DISPATCH.exchange, lambda ms: knocked in checked_in(ms))
    got = checked_in(seen)[knocked]
    assert (got["basis"], got["booked"], got["revokes_no_show"], got["correction_id"]) == \
        ("visit", True, False, None)
    assert got["source"].startswith("visit:") and got["at"].startswith(f"{clock.today()}T01:00")

    # the morning is over: only the one with neither scan nor visit is a no-show
    now = at_local(12, 30)
    assert sweep_no_shows(dispatch_db, Outbox("dispatch", MESSAGING), now=now,
                          tz=dispatch_clock.tz()) == 1
    figures = dis.ok("GET", "/orders/o1/person-times")
    assert (figures["delivered"], figures["no_shows"]) == (2, 1)
    assert figures["no_show_list"] == [{"shift_key": key, "volunteer_id": late}]

    # a phone offline all morning sends its visits after the no-show went out
    later = local(12, 40)
    monkeypatch.setattr(clock, "now", lambda: later)
    vis.ok("POST", "/visits", visit("c1", households[5], late, key, local(11, 30)), 201)
    vis.ok("POST", "/visits", visit("c1", households[6], late, key, local(11, 45),
                                    method="phone"), 201)
    seen = outside.wait_for(DISPATCH.exchange, lambda ms: late in checked_in(ms), seen=seen)
    assert (checked_in(seen)[late]["basis"], checked_in(seen)[late]["revokes_no_show"]) == \
        ("visit", True)
    seen = DISPATCH.settle(outside, dispatch_sql, seen)
    assert sorted(checked_in(seen)) == sorted(people)      # once each, however many visits
    assert len(DISPATCH.of_type(seen, "volunteer_checked_in")) == 3
    figures = dis.ok("GET", "/orders/o1/person-times")
    assert (figures["delivered"], figures["no_shows"]) == (3, 0)
    kept = dispatch_sql("select volunteer_id, basis from attendance order by volunteer_id")
    assert {r["volunteer_id"]: r["basis"] for r in kept} == {
        scanned: "scan", knocked: "visit", late: "visit"}
