"""A consumer stuck on a lock is reported by /health (503, naming its queue) while HTTP
keeps answering; a batch that loses a deadlock runs again without spending one of its
messages' attempts (issue 11, finding 1). Real dispatch, broker and database; the test
holds row locks in transactions of its own."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.support.amqp import wait_until
from tests.support.dispatch_world import seed_community, seed_unit
from tests.support.dispatch_world import volunteer as person
from tests.support.http import Client
from tests.support.servers import running


@pytest.fixture
def strict_dispatch(dispatch_config, purge_dispatch_queues):
    """One attempt per message (a failure is dead-lettered at once) and a short stall.
    Its sessions look for deadlocks after 5 s of waiting, the test's own after 60 s, so
    that PostgreSQL breaks the test's deadlock in the service even on a loaded machine
    (the first session whose wait times out with a cycle in place is the one aborted)."""
    from services.dispatch.entrypoints.service import DispatchService

    url = dispatch_config["DISPATCH_DATABASE_URL"] + "?options=-c%20deadlock_timeout%3D5s"
    yield from running(DispatchService, {**dispatch_config, "EVENT_MAX_ATTEMPTS": 1,
                                         "EVENT_STALL_SECONDS": 2,
                                         "DISPATCH_DATABASE_URL": url})


def health(base_url: str) -> tuple[int, dict]:
    return Client(base_url).get("/health")


def lock_unit(db, unit_id: str):
    """An open transaction holding the unit's staffing lock; commit it to let go."""
    session = db.sessionmaker()
    session.execute(text("set local deadlock_timeout = '60s'"))
    session.execute(text("select 1 from units where id = :u for no key update"),
                    {"u": unit_id})
    return session


def waiting(sql) -> bool:
    """Whether a session of this database waits for a lock."""
    return bool(sql("select 1 from pg_locks l join pg_stat_activity a using (pid) "
                    "where not l.granted and a.datname = current_database()"))


def volunteers(sql, unit: str) -> int:
    return sql("select count(*) n from volunteers where unit_id = :u", u=unit)[0]["n"]


def test_a_stuck_consumer_turns_health_to_503_while_http_answers(
        strict_dispatch, outside, dispatch_sql, dispatch_db):
    api = Client(strict_dispatch.base_url)
    seed_community(outside, dispatch_sql)
    seed_unit(api, "U1", volunteers=1)
    held = lock_unit(dispatch_db, "U1")
    try:
        outside.publish("volunteer_enrolled", person(5, "U1"))
        status, body = wait_until(lambda: (h := health(strict_dispatch.base_url))[0] == 503
                                  and h, timeout=30, interval=0.2, what="a 503")
        assert body["consumers"]["dispatch.integration"].startswith("stalled: 1 message(s)")
        assert body["database"] == "ok" and body["broker"] == "ok"
        assert api.ok("GET", "/volunteers?unit=U1")["total"] == 1  # HTTP still answers
    finally:
        held.commit()
        held.close()
    wait_until(lambda: volunteers(dispatch_sql, "U1") == 2, what="the enrolment applied")
    assert wait_until(lambda: health(strict_dispatch.base_url)[0] == 200, timeout=10)


def test_a_batch_that_loses_a_deadlock_runs_again_without_spending_an_attempt(
        strict_dispatch, outside, dispatch_sql, dispatch_db):
    api = Client(strict_dispatch.base_url)
    seed_community(outside, dispatch_sql)
    for unit in ("UA", "UU", "UZ"):
        seed_unit(api, unit, volunteers=1)
    gate = lock_unit(dispatch_db, "UZ")  # holds the consumer up on a first batch
    mine = lock_unit(dispatch_db, "UU")
    try:
        outside.publish("volunteer_enrolled", person(1, "UZ"))
        wait_until(lambda: waiting(dispatch_sql), what="the first batch waiting for UZ")
        # these two wait in the buffer and go as one batch: UA's lock, then UU's (held)
        outside.publish("volunteer_enrolled", person(2, "UA"))
        outside.publish("volunteer_enrolled", person(3, "UU"))
        gate.commit()
        wait_until(lambda: volunteers(dispatch_sql, "UZ") == 2, what="the first batch")
        wait_until(lambda: waiting(dispatch_sql), what="the second batch waiting for UU")
        # UA now, held by the waiting batch: a deadlock, which PostgreSQL breaks in the
        # batch (it has waited longer): its UU enrolment fails with DeadlockDetected
        mine.execute(text("select 1 from units where id = 'UA' for no key update"))
        mine.commit()
    finally:
        for session in (gate, mine):
            session.close()
    wait_until(lambda: volunteers(dispatch_sql, "UU") == 2, timeout=30,
               what="the enrolment that lost the deadlock applied")
    assert volunteers(dispatch_sql, "UA") == 2
    assert outside.queue_depth("dispatch.integration.dead") == 0
    assert outside.queue_depth("dispatch.integration.retry") == 0
