"""Dispatch's consumer of visits.visit_recorded runs the inbox's batch mode: one claim
statement for the batch's ids and no savepoint per visit (the handler stages; the batch's
presences are written at its end), with the outcomes of one visit at a time: the first
in-person visit in the shift's hours makes its visitor present once, a phone call or a
stranger shows nothing, a redelivery is a duplicate."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, time

from sqlalchemy import event

from services.common.backbone import Backbone
from services.common.inbound import Incoming, Outcome
from services.common.outbox import Outbox
from services.dispatch import clock
from services.dispatch.adapters.models import MESSAGING
from services.dispatch.entrypoints.handlers import consume_visits
from tests.support.amqp import envelope
from tests.support.http import Client

from .support import order_today_at_bj01, today_shift


def local(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(clock.today(), time(hour, minute), tzinfo=clock.tz())


def recorded(shift: str | None, visitor: str, at: datetime, method: str = "in_person",
             id_: str | None = None) -> Incoming:
    data = {"campaign_id": "c1", "household_code": f"H-{uuid.uuid4().hex[:8]}",
            "grid_code": "BJ-01", "visit_id": f"v-{uuid.uuid4().hex[:12]}",
            "visitor_id": visitor, "shift_key": shift, "visited_at": at.isoformat(),
            "day": at.date().isoformat(), "method": method, "outcome": "reached",
            "attempt": 1, "people_found": 2, "people_registered": 2, "hazards": 0,
            "requests": 0, "corrections": 0}
    body = envelope("visits.visit_recorded", data, id_=id_, source="wangge/visits")
    return Incoming(json.dumps(body).encode(), routing_key="visit_recorded",
                    exchange="visits.events")


def test_a_batch_of_visits_is_claimed_at_once_and_makes_each_visitor_present_once(
        dispatch, outside, dispatch_sql, dispatch_db, at_local):
    api = Client(dispatch.base_url)
    order_today_at_bj01(api, outside, dispatch_sql, at_local)
    morning, (m1, m2) = today_shift(api, "am")
    backbone = Backbone("dispatch", dispatch_db, MESSAGING, Outbox("dispatch", MESSAGING),
                        relay=None)
    again = recorded(morning, m1, local(9, 30))
    batch = [recorded(morning, m1, local(9, 0)), again,
             recorded(morning, m2, local(9, 10), method="phone"),   # proves nothing
             recorded(morning, m2, local(9, 20)),
             recorded(morning, "stranger", local(9, 25)),             # not of the unit
             recorded(morning, m2, local(7, 0)),                      # before the hours
             again]                                                   # the same id again

    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement.lstrip().lower())

    event.listen(dispatch_db.engine, "before_cursor_execute", seen)
    try:
        results = consume_visits(backbone, batch, clock.tz())
    finally:
        event.remove(dispatch_db.engine, "before_cursor_execute", seen)

    assert results == [Outcome.APPLIED] * 6 + [Outcome.DUPLICATE]
    assert sum(s.startswith("insert into inbox") for s in statements) == 1, "one claim"
    assert not [s for s in statements if s.startswith("savepoint")]
    present = {r["volunteer_id"]: r for r in dispatch_sql(
        "select volunteer_id, checked_in_at, basis, source from attendance "
        "where shift_key = :k", k=morning)}
    assert set(present) == {m1, m2}
    assert present[m1]["checked_in_at"] == local(9, 0)
    assert present[m2]["checked_in_at"] == local(9, 20)
    assert {r["basis"] for r in present.values()} == {"visit"}
    assert len(dispatch_sql("select 1 from outbox where type = 'dispatch.volunteer_checked_in'"
                            )) == 2
    assert len(dispatch_sql("select 1 from inbox where consumer = 'visits'")) == 6

    # the whole batch redelivered: nothing new
    assert consume_visits(backbone, batch, clock.tz()) == [Outcome.DUPLICATE] * 7
    assert len(dispatch_sql("select 1 from outbox where type = 'dispatch.volunteer_checked_in'"
                            )) == 2
