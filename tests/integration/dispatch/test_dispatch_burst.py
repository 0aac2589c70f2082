"""A burst of enrolments for one new unit, mixed with other dispatch traffic (issue 11,
finding 1): every message applied once, none dead-lettered, and the HTTP API, /health
included, answering while the burst is consumed."""

from __future__ import annotations

from tests.support.amqp import wait_until
from tests.support.dispatch_world import area, seed_community, seed_unit
from tests.support.dispatch_world import volunteer as person
from tests.support.http import Client

from .support import order

BURST = 250
# an answer this late is a hung API, not a slow one: it fails the test instead of the
# test waiting for ever
HTTP_TIMEOUT = 30


def dead_letters(outside) -> int:
    return sum(outside.queue_depth(f"dispatch.{c}.dead") for c in ("integration", "registry"))


def test_a_burst_of_enrolments_for_one_new_unit_is_applied_while_http_answers(
        dispatch, outside, dispatch_sql):
    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    # the new unit starts small and with an order it cannot staff: every enrolment refills
    seed_unit(api, "NU", volunteers=3, weekly_limit=1)
    api.ok("POST", "/orders", order("o-new", unit_id="NU", head_count=3), status=201)
    seed_unit(api, "U1", volunteers=8)

    health, listing = [], []
    client = Client(dispatch.base_url, timeout=HTTP_TIMEOUT)

    def ask() -> None:
        health.append(client.status("GET", "/health"))
        listing.append(client.status("GET", "/volunteers?unit=NU&limit=5"))

    for n in range(BURST):
        outside.publish("volunteer_enrolled", person(n + 10, "NU", weekly_limit=2))
        if n % 10 == 0:  # other traffic: another unit's people, its orders, registry news
            outside.publish("volunteer_enrolled", person(n // 10 + 20, "U1"))
            outside.publish_as("registry", "grid_registered",
                             area(f"OT-{n:03d}", "grid", "OT", area_id=100 + n))
        if n % 50 == 0:
            outside.publish("pairing_ordered", order(f"o-u1-{n}", head_count=3, batches=2))
        if n % 25 == 0:  # people enrolled by hand in the same unit, by HTTP; and reads
            api.ok("POST", "/volunteers", person(n // 25 + 300, "NU"), status=201)
            ask()

    def applied() -> bool:
        ask()
        return dispatch_sql("select count(*) n from volunteers where unit_id = 'NU'")[0]["n"] \
            == 3 + BURST + 10

    wait_until(applied, timeout=300, interval=0.2, what="every enrolment applied")
    assert set(health) == {200} and set(listing) == {200}, (health, listing)
    assert dispatch_sql("select count(*) n from volunteers where unit_id = 'U1'")[0]["n"] == 33
    wait_until(lambda: len(dispatch_sql("select 1 from pairings")) == 6, timeout=60,
               what="every order placed")
    assert dispatch_sql("select count(*) n from rejected_events")[0]["n"] == 0
    assert dead_letters(outside) == 0
    # the refills kept the rules: nobody booked twice in one slot
    assert not dispatch_sql("select volunteer_id, day, half from bookings "
                            "where status = 'assigned' group by 1, 2, 3 having count(*) > 1")
    assert client.get("/health")[1]["status"] == "ok"


def test_people_enrolled_by_hand_at_once_in_one_unit_never_deadlock(dispatch, outside,
                                                                   dispatch_sql):
    """HTTP has no rerun: only the lock order (refills.py) keeps these from deadlocking."""
    import eventlet

    api = Client(dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, "NU", volunteers=3, weekly_limit=1)
    api.ok("POST", "/orders", order("o-new", unit_id="NU", head_count=3), status=201)

    def enrol(first: int) -> list[int]:
        return [Client(dispatch.base_url).call("POST", "/volunteers",
                                            person(n, "NU", weekly_limit=2))[0]
                for n in range(first, first + 15)]

    pool = eventlet.GreenPool(4)
    statuses = [s for batch in pool.imap(enrol, (10, 30, 50, 70)) for s in batch]
    assert statuses == [201] * 60
    assert dispatch_sql("select count(*) n from volunteers where unit_id = 'NU'")[0]["n"] == 63
