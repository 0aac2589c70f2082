"""A batch of phones' visits in one inbox transaction (what the integration consumer
does), on the real database: good, refused, resent and conflicting visits side by side,
two visits to one household, and a batch whose final writes fail being retried whole."""

from __future__ import annotations

import json

import eventlet
from sqlalchemy import insert

from services.common.inbound import Failed, Outcome
from services.visits import clock
from services.visits.adapters.models import Visit
from services.visits.entrypoints.handlers import consume_integration
from tests.support.amqp import wait_until

from .batches import DAY, GRID, NOON, message, seed
from .support import at, visit


def outbox_types(sql) -> dict[str, int]:
    return {r["type"]: r["n"] for r in sql(
        "select type, count(*) n from outbox where type not in "
        "('visits.campaign_started') group by type")}


def test_one_batch_commits_its_good_visits_and_nothing_of_the_refused_ones(
        visits_backbone, visits_sql):
    key, (h1, h2, h3, _) = seed(visits_backbone)
    reached = visit("c1", h1, "V1", key, at(DAY, 9))
    not_home = visit("c1", h3, "V2", key, at(DAY, 9, 10), outcome="not_home")
    batch = [
        message(reached),
        message(visit("c1", h2, "V9", key, at(DAY, 9, 5))),         # V9 is not on the shift
        message(reached),                                          # the phone resends
        message(not_home),
        message(visit("c1", h3, "V2", key, at(DAY, 11))),          # back later: reached
        message(body=b"{not json"),
        message({**not_home, "outcome": "refused"}),               # same id, other content
    ]

    results = consume_integration(visits_backbone, batch, now=NOON, tz=clock.tz())

    assert results == [Outcome.APPLIED, Outcome.REJECTED, Outcome.APPLIED, Outcome.APPLIED,
                       Outcome.APPLIED, Outcome.REJECTED, Outcome.REJECTED]
    visits = {r["household_code"]: r for r in visits_sql(
        "select household_code, attempt, outcome from visits where household_code <> :h3",
        h3=h3)}
    assert set(visits) == {h1}
    assert [(r["attempt"], r["outcome"]) for r in visits_sql(
        "select attempt, outcome from visits where household_code = :h order by attempt",
        h=h3)] == [(1, "not_home"), (2, "reached")]
    rows = {r["household_code"]: r for r in visits_sql(
        "select household_code, state, attempts, version, shift_key, reached_at is not null "
        "reached from campaign_households")}
    assert (rows[h1]["state"], rows[h1]["shift_key"], rows[h1]["reached"]) == \
        ("reached", None, True)
    assert (rows[h2]["state"], rows[h2]["version"], rows[h2]["shift_key"]) == \
        ("assigned", 2, key), "the refused visit changed its household"
    assert (rows[h3]["state"], rows[h3]["attempts"], rows[h3]["version"]) == ("reached", 1, 3)
    tasks = {r["household_code"]: r for r in visits_sql(
        "select household_code, status, visit_id from tasks")}
    assert (tasks[h1]["status"], tasks[h1]["visit_id"]) == ("done", reached["visit_id"])
    assert tasks[h2]["status"] == "open"
    assert outbox_types(visits_sql) == {
        "visits.visit_recorded": 3, "visits.household_state_changed": 3,
        "visits.household_reached": 2, "visits.event_rejected": 3}
    reasons = [r["reason"] for r in visits_sql("select reason from rejected_events order by id")]
    assert len(reasons) == 3 and "V9 is not on shift" in reasons[0]
    assert "already recorded with other content" in reasons[2]

    # the whole batch again (a redelivery): nothing new
    again = consume_integration(visits_backbone, batch, now=NOON, tz=clock.tz())
    assert again == [Outcome.DUPLICATE] * 5 + [Outcome.REJECTED, Outcome.DUPLICATE]
    assert visits_sql("select count(*) n from visits")[0]["n"] == 3
    assert outbox_types(visits_sql)["visits.visit_recorded"] == 3


def test_a_batch_whose_writes_fail_is_retried_whole(visits_backbone, visits_db, visits_sql):
    """Another transaction records one of the batch's visits while the batch runs: the
    batch's insert waits for it, then fails, and none of the batch is kept; the retry
    refuses that visit (other content) and records the rest."""
    key, (h1, h2, h3, _) = seed(visits_backbone)
    taken = visit("c1", h1, "V1", key, at(DAY, 9))
    batch = [message(taken), message(visit("c1", h3, "V2", key, at(DAY, 9, 30))),
             message(visit("c1", h2, "V9", key, at(DAY, 9, 40)))]
    with visits_db.transaction() as other:
        other.execute(insert(Visit).values(
            visit_id=taken["visit_id"], campaign_id="c1", household_code=h1, grid_code=GRID,
            visitor_id="V1", shift_key=key, visited_at=at(DAY, 8), day=DAY,
            method="in_person", outcome="not_home", attempt=1, questionnaire_version=1,
            answers={}, people_found=None, people_registered=2, fingerprint="other",
            source="api"))
        worker = eventlet.spawn(consume_integration, visits_backbone, batch, now=NOON,
                                tz=clock.tz())
        wait_until(lambda: visits_sql(
            "select 1 from pg_stat_activity where datname = current_database() "
            "and wait_event_type = 'Lock'"), what="the batch waiting for the other visit")
    results = worker.wait()

    assert len(results) == 3 and all(isinstance(r, Failed) for r in results)
    assert [r["visit_id"] for r in visits_sql("select visit_id from visits")] == \
        [taken["visit_id"]]
    for table in ("inbox", "rejected_events", "hazards", "discrepancies"):
        assert visits_sql(f"select count(*) n from {table}")[0]["n"] == 0, table
    assert not outbox_types(visits_sql)
    assert visits_sql("select state from campaign_households where household_code = :h",
                      h=h3)[0]["state"] == "unassigned"

    retried = consume_integration(visits_backbone, batch, now=NOON, tz=clock.tz())
    assert retried == [Outcome.REJECTED, Outcome.APPLIED, Outcome.REJECTED]
    assert visits_sql("select state from campaign_households where household_code = :h",
                      h=h3)[0]["state"] == "reached"


def test_a_visit_that_fails_unexpectedly_leaves_nothing_in_the_batch(
        visits_backbone, visits_sql, monkeypatch):
    """No savepoint per visit (deferred-write): a visit that raises after its checks, with
    its household's state already moved on its copy, must leave nothing staged; the next
    visit to the household is its first attempt, and the failed one is retried."""
    from services.visits.use_cases import capture as capture_module

    key, (h1, _, h3, _) = seed(visits_backbone)
    crashing = visit("c1", h1, "V1", key, at(DAY, 9))
    original = capture_module._open_discrepancy

    def crash_once(writes, visit_, ref, *, now):
        if visit_.visit_id == crashing["visit_id"]:
            raise RuntimeError("bug after the state change")
        return original(writes, visit_, ref, now=now)

    monkeypatch.setattr(capture_module, "_open_discrepancy", crash_once)
    later = visit("c1", h1, "V1", key, at(DAY, 10), outcome="not_home")
    batch = [message(crashing), message(later),
             message(visit("c1", h3, "V2", key, at(DAY, 9), outcome="not_home"))]

    results = consume_integration(visits_backbone, batch, now=NOON, tz=clock.tz())

    assert isinstance(results[0], Failed) and results[1:] == [Outcome.APPLIED] * 2
    assert visits_sql("select visit_id, attempt from visits where household_code = :h",
                      h=h1) == [{"visit_id": later["visit_id"], "attempt": 1}]
    assert visits_sql("select 1 from inbox where event_id = :i",
                      i=json.loads(batch[0].body)["id"]) == []
    assert outbox_types(visits_sql)["visits.visit_recorded"] == 2

    monkeypatch.setattr(capture_module, "_open_discrepancy", original)
    assert consume_integration(visits_backbone, batch[:1], now=NOON, tz=clock.tz()) == \
        [Outcome.APPLIED]
    assert visits_sql("select attempt from visits where visit_id = :v",
                      v=crashing["visit_id"]) == [{"attempt": 2}]
