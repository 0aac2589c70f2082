"""The inbox's batch mode on the real database: one claim statement for a batch's ids and
deferred-write handlers without savepoints, with the outcomes of the savepoint path.

A consumer of the registry's database (its own consumer name, so nothing of the registry
runs) stages integration.test_result_recorded events and writes them in `after_batch`,
the way visits' VisitBatch does; the `site` field tells the handler how to misbehave.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from services.common import metrics
from services.common.inbound import Failed, Incoming, Outcome, Rejected
from services.common.inbox import Inbox
from services.common.inbox_batches import deferred
from services.common.inbox_retention import InboxRetention
from services.common.outbox import Outbox
from services.registry.adapters.models import MESSAGING
from tests.support.amqp import envelope
from tests.support.servers import database, sql_runner

ID = "44010619800118123X"
CONSUMER = "batch_test"


class Staging:
    """A deferred-write consumer: stages in memory, writes the accepted rows at the end."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.fail_after = False

    def before_batch(self, session) -> None:
        self.rows = []

    def after_batch(self, session) -> None:
        if self.fail_after:
            raise RuntimeError("the batch's writes failed")
        if self.rows:
            session.execute(text("insert into batch_effects (event_id, site) "
                                 "values (:event_id, :site)"), self.rows)

    def handler(self):
        @deferred
        def on_result(session, env, data):
            site = data["site"] or ""
            staged = {"event_id": env.id, "site": site}
            if site == "refuse":
                raise Rejected("data.site: refused here", {"data.site": ["refused here"]})
            if site == "crash":
                raise RuntimeError(f"handler bug on {data['id_number']}")
            if site == "db-error":
                session.execute(text("select 1 / 0"))
            self.rows.append(staged)  # joins the batch only once nothing can fail

        return on_result


@pytest.fixture
def db(clean_registry_db):
    for db in database(clean_registry_db):
        with db.transaction() as session:
            session.execute(text("create table if not exists batch_effects "
                                 "(event_id text primary key, site text)"))
            session.execute(text("truncate batch_effects"))
        yield db


@pytest.fixture
def sql(db):
    return sql_runner(db)


def inbox_for(staging: Staging, *, batch_mode: bool = True) -> Inbox:
    return Inbox(CONSUMER, MESSAGING, Outbox("registry", MESSAGING),
                 {"integration.test_result_recorded": staging.handler()}, batch_mode=batch_mode,
                 retention=InboxRetention())


def message(site: str | None, *, id_: str | None = None, **data) -> Incoming:
    payload = {"id_number": ID, "tested_on": "2022-05-03", "result": "negative",
               "site": site, **data}
    body = envelope("integration.test_result_recorded", payload, id_=id_)
    return Incoming(json.dumps(body).encode(), "test_result_recorded", "integration.events")


def count(outcome: str) -> float:
    return metrics.EVENTS.value(service="registry", consumer=CONSUMER, outcome=outcome)


def test_claims_skip_duplicates_and_rejections_leave_only_their_record(db, sql):
    staging = Staging()
    inbox = inbox_for(staging)
    earlier = message("a", id_="evt-earlier")
    assert inbox.process_batch(db, [earlier], staging) == [Outcome.APPLIED]

    before = {o: count(o) for o in ("handled", "duplicate", "rejected", "failed")}
    batch = [message("b", id_="evt-b"), earlier, message("b", id_="evt-b"),
             message("refuse", id_="evt-refused"), message(None, id_="evt-bad", result="?"),
             message("c", id_="evt-c")]
    results = inbox.process_batch(db, batch, staging)

    assert results == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE,
                       Outcome.REJECTED, Outcome.REJECTED, Outcome.APPLIED]
    assert {r["event_id"] for r in sql("select event_id from batch_effects")} == \
        {"evt-earlier", "evt-b", "evt-c"}
    inbox_rows = {r["event_id"]: r["outcome"] for r in sql(
        "select event_id, outcome from inbox where consumer = :c", c=CONSUMER)}
    assert inbox_rows == {"evt-earlier": "applied", "evt-b": "applied", "evt-c": "applied",
                          "evt-refused": "rejected", "evt-bad": "rejected"}
    kept = sql("select event_id, errors, body from rejected_events order by id")
    assert [r["event_id"] for r in kept] == ["evt-refused", "evt-bad"]
    assert kept[0]["errors"] == {"data.site": ["refused here"]}
    assert "data.result" in kept[1]["errors"]
    assert ID not in json.dumps([r["body"] for r in kept])
    answered = sql("select body from outbox where type = 'registry.event_rejected' "
                   "order by seq")
    assert [json.loads(r["body"])["data"]["event_id"] for r in answered] == \
        ["evt-refused", "evt-bad"]
    assert {o: count(o) - before[o] for o in before} == \
        {"handled": 2, "duplicate": 2, "rejected": 2, "failed": 0}

    # sent again: every one of them is a duplicate, and nothing more is written
    again = inbox.process_batch(db, batch, staging)
    assert again == [Outcome.DUPLICATE] * len(batch)
    assert len(sql("select 1 from rejected_events")) == 2


def test_a_failed_message_leaves_nothing_and_is_applied_on_retry(db, sql):
    staging = Staging()
    inbox = inbox_for(staging)
    failed_before = count("failed")
    crash = message("crash", id_="evt-crash")
    results = inbox.process_batch(db, [message("a", id_="evt-1"), crash,
                                       message("crash", id_="evt-crash"),
                                       message("b", id_="evt-2")], staging)

    assert results[0] == Outcome.APPLIED and results[3] == Outcome.APPLIED
    assert isinstance(results[1], Failed) and results[2] is results[1]
    assert ID not in results[1].describe()
    assert count("failed") - failed_before == 2
    # no claim left behind: the retry must not be taken for a duplicate
    assert sql("select 1 from inbox where event_id = 'evt-crash'") == []
    assert {r["event_id"] for r in sql("select event_id from batch_effects")} == \
        {"evt-1", "evt-2"}

    fixed = Incoming(crash.body.replace(b'"crash"', b'"fixed"'))
    assert inbox.process_batch(db, [fixed], staging) == [Outcome.APPLIED]
    assert sql("select outcome from inbox where event_id = 'evt-crash'") == \
        [{"outcome": "applied"}]


def test_a_database_error_in_a_deferred_handler_fails_that_message_only(db, sql):
    staging = Staging()
    results = inbox_for(staging).process_batch(
        db, [message("a", id_="evt-1"), message("db-error", id_="evt-db"),
             message("refuse", id_="evt-refused"), message("b", id_="evt-2")], staging)

    assert results[0] == Outcome.APPLIED and results[3] == Outcome.APPLIED
    assert isinstance(results[1], Failed) and "division by zero" in results[1].describe()
    assert results[2] == Outcome.REJECTED
    assert {r["event_id"] for r in sql("select event_id from batch_effects")} == \
        {"evt-1", "evt-2"}
    assert {r["event_id"] for r in sql("select event_id from inbox")} == \
        {"evt-1", "evt-2", "evt-refused"}
    # the batch ran twice, but its rejection is kept once
    assert len(sql("select 1 from rejected_events")) == 1


def test_when_the_batch_writes_fail_every_message_fails_and_nothing_is_kept(db, sql):
    staging = Staging()
    staging.fail_after = True
    results = inbox_for(staging).process_batch(
        db, [message("a"), message("refuse")], staging)

    assert all(isinstance(r, Failed) for r in results) and len(results) == 2
    assert sql("select 1 from inbox") == [] and sql("select 1 from rejected_events") == []
    assert sql("select 1 from batch_effects") == []


@pytest.mark.parametrize("batch_mode", [True, False])
def test_a_handler_writing_through_the_session_keeps_its_savepoint(db, sql, batch_mode):
    def writes_then_refuses(session, env, data):
        session.execute(text("insert into batch_effects values (:i, :s)"),
                        {"i": env.id, "s": data["site"]})
        if data["site"] == "refuse":
            raise Rejected("data.site: refused here", {"data.site": ["refused here"]})

    inbox = Inbox(CONSUMER, MESSAGING, Outbox("registry", MESSAGING),
                  {"integration.test_result_recorded": writes_then_refuses},
                  batch_mode=batch_mode, retention=InboxRetention())
    results = inbox.process_batch(db, [message("refuse", id_="evt-r"),
                                       message("a", id_="evt-a")])

    assert results == [Outcome.REJECTED, Outcome.APPLIED]
    assert sql("select event_id from batch_effects") == [{"event_id": "evt-a"}]
