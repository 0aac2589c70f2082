"""The inbox's retention on the real database: rows past the window are pruned, and a
redelivery arriving after its row was pruned is refused as too old, never applied twice
(services/common/inbox_retention.py, docs/inbox-retention.md).

Time is moved by shifting what the database holds and the redelivered envelope into the
past together: the same as the clock moving forward, without waiting for it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from services.common import inbox_retention
from services.common.inbound import Incoming, Outcome
from services.common.inbox import Inbox
from services.common.inbox_retention import MARGIN, InboxRetention
from services.common.outbox import Outbox
from services.registry.adapters.models import MESSAGING
from tests.support.amqp import envelope
from tests.support.servers import database

CONSUMER = "retention_test"
TYPE = "integration.test_result_recorded"
WINDOW = InboxRetention(hours=24)


@pytest.fixture
def db(clean_registry_db):
    for db in database(clean_registry_db):
        with db.transaction() as session:
            session.execute(text("delete from inbox where consumer = :c"), {"c": CONSUMER})
            session.execute(text("delete from rejected_events where consumer = :c"),
                            {"c": CONSUMER})
        yield db


def body(id_: str, at: datetime) -> dict:
    data = {"id_number": "44010619800118123X", "tested_on": "2022-05-03",
            "result": "negative", "site": None}
    return {**envelope(TYPE, data, id_=id_), "time": at.isoformat()}


def incoming(env: dict) -> Incoming:
    return Incoming(json.dumps(env).encode(), "test_result_recorded", "integration.events")


class Applied:
    def __init__(self) -> None:
        self.ids: list[str] = []

    def __call__(self, session, env, data) -> None:
        self.ids.append(env.id)


def inbox(applied: Applied, *, batch_mode: bool) -> Inbox:
    return Inbox(CONSUMER, MESSAGING, Outbox("registry", MESSAGING), {TYPE: applied},
                 batch_mode=batch_mode, retention=WINDOW)


def shift_back(db, hours: float) -> None:
    """What the inbox holds, made `hours` older: as if that much time had passed."""
    with db.transaction() as session:
        session.execute(text(
            "update inbox set processed_at = processed_at - make_interval(hours => :h), "
            "event_time = event_time - make_interval(hours => :h) where consumer = :c"),
            {"h": hours, "c": CONSUMER})


def rows(db) -> dict[str, tuple]:
    with db.transaction() as session:
        return {r.event_id: (r.outcome, r.event_time) for r in session.execute(text(
            "select event_id, outcome, event_time from inbox where consumer = :c"),
            {"c": CONSUMER})}


@pytest.mark.parametrize("batch_mode", [False, True])
def test_a_redelivery_after_the_prune_is_refused_not_applied_twice(db, batch_mode):
    applied = Applied()
    now = datetime.now(UTC)
    first = body("e-late", now - timedelta(minutes=5))
    assert inbox(applied, batch_mode=batch_mode).process_batch(db, [incoming(first)]) \
        == [Outcome.APPLIED]
    assert rows(db)["e-late"][1] is not None  # the envelope's time is kept with the id

    # a day and a half later: redelivered while the row is kept, it is a duplicate
    shift_back(db, 36)
    again = {**first, "time": (now - timedelta(hours=36, minutes=5)).isoformat()}
    assert inbox(applied, batch_mode=batch_mode).process_batch(db, [incoming(again)]) \
        == [Outcome.DUPLICATE]

    # pruned (window 24 h + margin), then redelivered: too old to tell, so refused
    assert inbox_retention.prune(db, MESSAGING, WINDOW) == 1
    assert "e-late" not in rows(db)
    assert inbox(applied, batch_mode=batch_mode).process_batch(db, [incoming(again)]) \
        == [Outcome.REJECTED]
    assert applied.ids == ["e-late"]
    with db.transaction() as session:
        kept = session.execute(text(
            "select reason, errors from rejected_events where consumer = :c"),
            {"c": CONSUMER}).one()
    assert kept.reason.startswith("time: older than the inbox's 24 h window")
    assert set(kept.errors) == {"time"}
    # and its refusal is remembered: once more is a duplicate
    assert rows(db)["e-late"][0] == "rejected"
    assert inbox(applied, batch_mode=batch_mode).process_batch(db, [incoming(again)]) \
        == [Outcome.DUPLICATE]


def test_the_prune_keeps_what_the_window_or_a_later_event_time_still_covers(db):
    now = datetime.now(UTC)
    edge = WINDOW.prune_before(now)
    assert edge == now - timedelta(hours=24) - MARGIN
    cases = {  # event id → (processed_at, event_time, pruned?)
        "old": (edge - timedelta(minutes=1), edge - timedelta(hours=2), True),
        "old-no-time": (edge - timedelta(minutes=1), None, True),
        "recent": (edge + timedelta(minutes=1), edge - timedelta(hours=2), False),
        # processed long ago, but its envelope is dated later (a clock ahead, a test
        # fixture in the future): kept until that time too is past the window
        "dated-later": (edge - timedelta(days=3), now + timedelta(days=400), False),
        "late-arrival": (edge - timedelta(minutes=1), edge + timedelta(minutes=1), False),
    }
    with db.transaction() as session:
        for event_id, (processed, at, _) in cases.items():
            session.execute(text(
                "insert into inbox (consumer, event_id, event_type, outcome, processed_at, "
                "event_time) values (:c, :e, :t, 'applied', :p, :at)"),
                {"c": CONSUMER, "e": event_id, "t": TYPE, "p": processed, "at": at})
    assert inbox_retention.prune(db, MESSAGING, WINDOW, now=now, chunk=1) == 2
    assert set(rows(db)) == {e for e, (_, _, pruned) in cases.items() if not pruned}
    # 0 keeps every row
    assert inbox_retention.prune(db, MESSAGING, InboxRetention(0), now=now) == 0


def test_an_event_older_than_the_window_on_first_arrival_is_refused(db):
    applied = Applied()
    old = body("e-old", datetime.now(UTC) - timedelta(hours=25))
    assert inbox(applied, batch_mode=True).process_batch(
        db, [incoming(old), incoming(body("e-new", datetime.now(UTC)))]) \
        == [Outcome.REJECTED, Outcome.APPLIED]
    assert applied.ids == ["e-new"]
