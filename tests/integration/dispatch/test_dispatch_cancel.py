"""Cancelling an order calls off only the shifts that have not begun: a shift under way
(its start has passed, or someone already checked in) keeps its people and attendance."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from services.dispatch import clock
from tests.support.dispatch_world import seed_community, seed_unit
from tests.support.http import Client

from .support import EVENTS, of_type, order, settle


@pytest.fixture
def at_local(monkeypatch):
    """at_local(hh, mm): the service's clock (in-process) reads today at that local time."""

    def set_to(hour: int, minute: int = 0) -> datetime:
        moment = datetime.combine(clock.today(), time(hour, minute), tzinfo=clock.tz())
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return set_to


def _kept(api: Client, order_id: str) -> set[tuple[str, str]]:
    return {(s["day"], s["half"]) for s in api.ok("GET", f"/orders/{order_id}/shifts")["shifts"]}


def test_cancelling_keeps_begun_shifts_and_calls_off_the_rest(
        dispatch, outside, dispatch_sql, at_local):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, volunteers=12)
    at_local(7, 30)
    today = clock.today().isoformat()
    api.ok("POST", "/orders", order(days_ahead=0, batches=4, head_count=3), status=201)
    api.ok("POST", "/orders", order("o2", days_ahead=0, batches=2, head_count=3), status=201)
    early = next(s for s in api.ok("GET", "/orders/o1/shifts")["shifts"]
                 if s["half"] == "am" and s["place_code"] == "BJ-01")
    who = early["volunteers"][0]["volunteer_id"]
    api.ok("POST", f"/shifts/{early['shift_key']}/checkins", {"volunteer_id": who},
           status=201)

    outside.listen(EVENTS)

    # 07:40: nothing has started, but someone is already at BJ-01: that shift stays
    at_local(7, 40)
    cancelled = api.ok("POST", "/orders/o1/cancel", {})
    assert (cancelled["status"], cancelled["shifts"]) == ("cancelled", 1)
    kept = api.ok("GET", "/orders/o1/shifts")["shifts"]
    assert [s["shift_key"] for s in kept] == [early["shift_key"]]
    assert [v["volunteer_id"] for v in kept[0]["volunteers"]] == [who]
    assert dispatch_sql("select count(*) n from attendance")[0]["n"] == 1

    # 10:00: the morning is under way and stays; the afternoon is called off
    at_local(10, 0)
    api.ok("POST", "/orders/o2/cancel", {})
    assert _kept(api, "o2") == {(today, "am")}
    figures = api.ok("GET", "/orders/o2/person-times")
    assert figures["scheduled"] == 3                    # the morning's people stay booked

    seen = settle(outside, dispatch_sql, [])
    cancels = {m["data"]["order_id"]: m["data"]["shifts_cancelled"]
               for m in of_type(seen, "pairing_cancelled")}
    assert cancels == {"o1": 11, "o2": 3}
    called_off = {m["data"]["shift_key"] for m in of_type(seen, "shift_cancelled")}
    assert early["shift_key"] not in called_off and len(called_off) == 14
    assert all(f":{today}:am:" not in k for k in called_off if k.startswith("o2:"))
