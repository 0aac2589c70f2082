"""Visits' dispatch consumer takes its grids' planning locks in one order
(dispatch_events.GridLocks): two instances' batches naming two grids in opposite orders
end without a deadlock.

The interleaving is forced, not hoped for: the test holds a shift row the first batch
needs, lets the second batch start once the first waits on it, and lets go once both
wait (pg_stat_activity). Taken message by message, the locks deadlocked here every run:
the first batch held grid GB and wanted GA, the second held GA and wanted GB.
"""

from __future__ import annotations

import json
from datetime import timedelta

import eventlet
import pytest
from sqlalchemy import text

from services.common.backbone import Backbone
from services.common.db import Database
from services.common.inbound import Incoming, Outcome
from services.visits import clock
from services.visits.adapters.models import MESSAGING
from services.visits.entrypoints.dispatch_events import DISPATCH_EVENTS, consume_dispatch
from services.visits.use_cases.tasks import TaskPolicy
from tests.support.amqp import envelope, wait_until

from .support import shift


@pytest.fixture
def db(clean_visits_db):
    # the test's own transaction, two batches and the watcher at once
    database = Database(clean_visits_db, pool_size=5)
    yield database
    database.dispose()


def assigned(s: dict, volunteer: str) -> Incoming:
    data = {k: s[k] for k in ("shift_key", "order_id", "unit_id", "community_code", "day",
                              "half", "place_code")}
    body = envelope("dispatch.volunteer_assigned", {**data, "volunteer_id": volunteer,
                                                    "replaces": None},
                    source="wangge/dispatch")
    return Incoming(json.dumps(body).encode(), routing_key="volunteer_assigned",
                    exchange="dispatch.events")


def waiting_on_locks(db: Database) -> int:
    with db.transaction() as session:
        return session.execute(text(
            "select count(*) from pg_stat_activity where datname = current_database() "
            "and wait_event_type = 'Lock'")).scalar_one()


def test_two_batches_naming_two_grids_in_opposite_orders_do_not_deadlock(db, visits_outbox):
    backbone = Backbone("visits", db, MESSAGING, visits_outbox, relay=None)
    handlers = DISPATCH_EVENTS.bind(outbox=visits_outbox, now=clock.now, tz=clock.tz,
                                    policy=TaskPolicy())

    def run(messages: list[Incoming]) -> list:
        return consume_dispatch(backbone, messages, handlers)

    day = clock.today() + timedelta(days=7)       # not due: nothing is planned
    a1, a2 = shift("GA", day, order="o1"), shift("GA", day, order="o2")
    b1, b2 = shift("GB", day, order="o1"), shift("GB", day, order="o2")
    assert run([assigned(s, "V0") for s in (a1, a2, b1, b2)]) == [Outcome.APPLIED] * 4

    first = [assigned(b1, "V1"), assigned(a2, "V1")]        # GB, then GA
    second = [assigned(a1, "V2"), assigned(b2, "V2")]       # GA, then GB
    with db.transaction() as held:
        held.execute(text("select 1 from shifts where key = :k for update"),
                     {"k": b1["shift_key"]})
        one = eventlet.spawn(run, first)                    # waits on b1's row
        wait_until(lambda: waiting_on_locks(db) == 1, what="the first batch waits")
        two = eventlet.spawn(run, second)
        wait_until(lambda: waiting_on_locks(db) == 2, what="the second batch waits")
    assert one.wait() == [Outcome.APPLIED] * 2
    assert two.wait() == [Outcome.APPLIED] * 2
    with db.transaction() as session:
        on = {tuple(r) for r in session.execute(text(
            "select shift_key, volunteer_id from shift_volunteers where volunteer_id <> 'V0'"))}
    assert on == {(b1["shift_key"], "V1"), (a2["shift_key"], "V1"),
                  (a1["shift_key"], "V2"), (b2["shift_key"], "V2")}
