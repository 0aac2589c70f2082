"""A visit on a shift happens during the shift's hours, give or take the tolerance
(docs/shifts.md): outside them it is refused naming `visited_at`, over HTTP and from
phones (integration.visit_captured), and nothing of it is written."""

from __future__ import annotations

from datetime import timedelta

from services.visits import clock
from tests.support.http import Client
from tests.support.inbox import inbox_outcome
from tests.support.visits_world import campaign, seed_area

from .support import EVENTS, at, of_type, shift, staff, visit


def test_visits_outside_the_shifts_hours_are_refused_naming_visited_at(
        visits, outside, visits_sql):
    api = Client(visits.base_url)
    households = seed_area(outside, visits_sql)
    yesterday = clock.today() - timedelta(days=1)
    campaign(api, start=yesterday)
    morning, afternoon = shift("G01", yesterday, "am"), shift("G01", yesterday, "pm")
    staff(outside, visits_sql, morning, "V1")
    staff(outside, visits_sql, afternoon, "V1")
    outside.listen(EVENTS)

    early = visit("c1", households[0], "V1", morning["shift_key"], at(yesterday, 7, 17))
    status, body = api.call("POST", "/visits", early)
    assert status == 400, body
    assert "outside shift" in body["errors"]["visited_at"][0]
    assert "08:00–12:00" in body["errors"]["visited_at"][0]
    lunch = visit("c1", households[1], "V1", afternoon["shift_key"], at(yesterday, 12, 10))
    sent = outside.publish("visit_captured", lunch)
    assert inbox_outcome(visits_sql, sent["id"]) == "rejected"
    seen = outside.wait_for(EVENTS, lambda ms: of_type(ms, "event_rejected"))
    errors = of_type(seen, "event_rejected")[0]["data"]["errors"]
    assert list(errors) == ["data.visited_at"] and "14:00–18:00" in errors["data.visited_at"][0]
    assert not visits_sql("select 1 from visits")

    # within the tolerance (15 min by default) on either side: taken
    api.ok("POST", "/visits", visit("c1", households[0], "V1", morning["shift_key"],
                                    at(yesterday, 7, 50)), 201)
    api.ok("POST", "/visits", visit("c1", households[1], "V1", afternoon["shift_key"],
                                    at(yesterday, 18, 10)), 201)
    assert len(visits_sql("select 1 from visits")) == 2
