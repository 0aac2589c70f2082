"""The transactional outbox and its relay on the real broker and database, without nameko."""

from __future__ import annotations

import dataclasses
import json
import time

import pika
import pytest
from sqlalchemy import text

from services.common.outbox import OutboxRelay
from services.common.publisher import ConfirmingPublisher
from tests.support.amqp import received, wait_until, watched

EVENTS = "registry.events"


def area(i: int) -> dict:
    return {"area_id": i, "code": f"A{i:05d}", "level": "city", "name": f"城市{i}",
            "parent_code": None, "path": [f"A{i:05d}"], "version": 1}


@pytest.fixture
def watch(amqp_uri):
    """A durable queue bound to registry.events, readable from another connection."""
    yield from watched(amqp_uri, EVENTS, "test.relay_watch")


def test_unroutable_event_is_kept_with_routed_false_and_can_be_republished(
        backbone, sql, outside):
    # nothing is bound to registry.events in this vhost yet: nameko would lose this event
    with backbone.db.transaction() as session:
        env = backbone.outbox.add(session, "area_registered", area(1), subject="A00001")
    backbone.relay.drain()
    row = sql("select * from outbox where event_id = :i", i=env.id)[0]
    assert row["routed"] is False and row["published_at"] is not None
    assert backbone.relay.unrouted == 1 and backbone.relay.published == 0

    outside.listen(EVENTS)
    assert backbone.relay.republish_unrouted() == 1
    backbone.relay.drain()
    seen = outside.wait_for(EVENTS, lambda ms: len(ms) >= 1)
    assert [m["id"] for m in seen] == [env.id]
    assert sql("select routed from outbox where event_id = :i", i=env.id)[0]["routed"] is True


def test_no_event_for_a_rolled_back_transaction(backbone, sql, outside):
    outside.listen(EVENTS)
    wakes = []
    backbone.db.on_outbox_commit(lambda: wakes.append(1))
    with pytest.raises(RuntimeError), backbone.db.transaction() as session:
        backbone.outbox.add(session, "area_registered", area(2))
        session.flush()  # the row was really written inside the transaction…
        assert sql("select count(*) as n from outbox")[0]["n"] == 0  # …invisible to others
        raise RuntimeError("the use case failed after writing its event")
    assert sql("select count(*) as n from outbox")[0]["n"] == 0
    assert wakes == []  # and the relay was not even woken
    backbone.relay.drain()
    time.sleep(0.5)
    assert outside.collect(EVENTS) == []

    with backbone.db.transaction() as session:  # the control: a commit does publish
        env = backbone.outbox.add(session, "area_registered", area(3))
    assert wakes == [1]
    backbone.relay.drain()
    assert [m["id"] for m in outside.wait_for(EVENTS, lambda ms: ms)] == [env.id]


def test_relay_keeps_rows_when_the_broker_cannot_be_reached(backbone, sql, registry_db):
    with backbone.db.transaction() as session:
        backbone.outbox.add(session, "area_registered", area(4))
    nowhere = ConfirmingPublisher("amqp://guest:guest@127.0.0.1:1/")
    relay = OutboxRelay(registry_db, backbone.tables, nowhere)
    with pytest.raises(OSError):
        relay.relay_once()
    assert sql("select published_at from outbox")[0]["published_at"] is None
    backbone.relay.drain()  # the same rows go out once a broker answers
    assert sql("select published_at from outbox")[0]["published_at"] is not None


def test_relay_publishes_a_large_batch_exactly_once(backbone, sql, amqp_uri, watch):
    count = 5000
    envelopes = [backbone.outbox.envelope("area_registered", area(i)) for i in range(count)]
    with backbone.db.transaction() as session:
        for start in range(0, count, 1000):
            backbone.outbox.add_envelopes(session, envelopes[start:start + 1000])
    started = time.perf_counter()
    backbone.relay.drain(timeout=120)
    elapsed = time.perf_counter() - started
    print(f"\noutbox relay: {count} events in {elapsed:.2f}s = {count / elapsed:,.0f} events/s "
          f"(batches of {backbone.relay.batch_size}, confirmed, persistent)")

    assert sql("select count(*) as n from outbox where published_at is null "
               "or routed is not true")[0]["n"] == 0
    got = received(amqp_uri, watch)
    ids = [m["id"] for m in got]
    assert len(ids) == count and set(ids) == {e.id for e in envelopes}
    # in commit order, as written
    assert ids == [e.id for e in envelopes]


def test_two_relays_side_by_side_publish_every_row_once(backbone, sql, amqp_uri, watch,
                                                        registry_db):
    """Scaled instances share the outbox: each row is claimed (SKIP LOCKED) by one relay,
    published once, and marked once, even with small batches that make them collide."""
    import threading

    count = 3000
    envelopes = [backbone.outbox.envelope("area_registered", area(i)) for i in range(count)]
    with backbone.db.transaction() as session:
        backbone.outbox.add_envelopes(session, envelopes)
    relays = [OutboxRelay(registry_db, backbone.tables, ConfirmingPublisher(amqp_uri),
                          batch_size=100) for _ in range(2)]
    errors: list[BaseException] = []

    def run(relay):
        try:
            relay.drain(timeout=120)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in relays]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for relay in relays:
            relay.publisher.close()
    assert errors == []
    assert all(r.published for r in relays), "both relays took part"
    assert sum(r.published for r in relays) == count
    assert sql("select count(*) as n from outbox where attempts <> 1 or routed is not true "
               "or published_at is null")[0]["n"] == 0
    ids = [m["id"] for m in received(amqp_uri, watch)]
    assert len(ids) == count and set(ids) == {e.id for e in envelopes}


@pytest.mark.off_contract_routing_keys
def test_unroutable_rows_inside_pipelined_batches_are_kept_apart(backbone, sql, amqp_uri):
    """Across several pipelined batches, exactly the rows nobody listens to are marked
    routed=false; the others are routed, and every row is marked published."""
    conn = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = conn.channel()
    channel.exchange_declare(EVENTS, "topic", durable=True)
    channel.queue_declare("test.relay_some", durable=True)
    channel.queue_purge("test.relay_some")
    channel.queue_bind("test.relay_some", EVENTS, "area_registered")
    try:
        envelopes = [backbone.outbox.envelope("area_registered", area(i)) for i in range(400)]
        with backbone.db.transaction() as session:
            backbone.outbox.add_envelopes(session, envelopes)
            # every fifth row goes to a routing key no queue is bound to
            session.execute(text("update outbox set routing_key = 'nobody_listens' "
                                 "where seq % 5 = 0"))
        backbone.relay.batch_size = 64
        backbone.relay.drain()
        rows = sql("select seq, routed, published_at from outbox order by seq")
        assert all(r["published_at"] is not None for r in rows)
        assert [r["seq"] for r in rows if r["routed"] is False] == \
            [r["seq"] for r in rows if r["seq"] % 5 == 0]
        assert backbone.relay.unrouted == 80 and backbone.relay.published == 320
        assert len(received(amqp_uri, "test.relay_some", idle=1.0)) == 320
    finally:
        channel.queue_delete("test.relay_some")
        conn.close()


def test_commits_during_a_busy_run_are_published_without_waiting_for_the_poll(
        backbone, sql, amqp_uri, watch):
    """The relay is woken by commits: one that lands while it is publishing is not lost
    (with an hour-long poll interval, a lost wake-up would leave rows behind)."""
    import threading

    relay = backbone.relay
    relay.poll_interval = 3600
    thread = threading.Thread(target=relay.run_forever)
    thread.start()
    try:
        for round_ in range(20):
            envelopes = [backbone.outbox.envelope("area_registered", area(round_ * 100 + i))
                         for i in range(100)]
            with backbone.db.transaction() as session:
                backbone.outbox.add_envelopes(session, envelopes)
        wait_until(lambda: sql("select count(*) as n from outbox where published_at is null")
                   [0]["n"] == 0, timeout=60, what="every committed row published")
    finally:
        relay.stop()
        thread.join(10)
    assert len(received(amqp_uri, watch)) == 2000


def test_a_batch_of_envelopes_keeps_its_order_and_its_column_limits(backbone, sql):
    envs = [backbone.outbox.envelope("area_registered", area(100 + i)) for i in range(5)]
    with backbone.db.transaction() as session:
        backbone.outbox.add_envelopes(session, envs)
    rows = sql("select event_id, type, exchange, routing_key, body from outbox order by seq")
    assert [r["event_id"] for r in rows] == [e.id for e in envs]
    assert {(r["type"], r["exchange"], r["routing_key"]) for r in rows} == {
        ("registry.area_registered", "registry.events", "area_registered")}
    assert [json.loads(r["body"]) for r in rows] == [e.to_dict() for e in envs]

    too_long = [backbone.outbox.envelope("area_registered", area(200)) for _ in range(2)]
    too_long[1] = dataclasses.replace(too_long[1], id="x" * 65)  # event_id is varchar(64)
    with pytest.raises(Exception, match="too long"), backbone.db.transaction() as session:
        backbone.outbox.add_envelopes(session, too_long)
    assert len(sql("select seq from outbox")) == 5, "nothing of the failed batch is kept"


def test_published_rows_past_the_retention_are_pruned_in_chunks(backbone, sql, outside):
    outside.listen(EVENTS)
    with backbone.db.transaction() as session:
        envs = [backbone.outbox.add(session, "area_registered", area(300 + i)) for i in range(6)]
    backbone.relay.drain()
    old = [e.id for e in envs[:4]]
    # four published eight days ago, one of them unroutable then; two published just now
    sql("update outbox set published_at = now() - interval '192 hours' "
        "where event_id = any(:ids) returning seq", ids=old)
    sql("update outbox set routed = false where event_id = :i returning seq", i=old[0])
    with backbone.db.transaction() as session:  # and one never published
        pending = backbone.outbox.add(session, "area_registered", area(400)).id
    sql("update outbox set created_at = now() - interval '400 hours' where event_id = :i "
        "returning seq", i=pending)

    backbone.relay.retention_hours = 0
    assert backbone.relay.prune() == 0, "0 keeps every row"
    backbone.relay.retention_hours = 168
    assert backbone.relay.prune(chunk=2) == 3
    left = {r["event_id"] for r in sql("select event_id from outbox")}
    assert left == {old[0], pending, *(e.id for e in envs[4:])}


def test_pruning_rounds_stop_after_their_chunks(backbone, sql):
    with backbone.db.transaction() as session:
        for i in range(5):
            backbone.outbox.add(session, "area_registered", area(500 + i))
    sql("update outbox set published_at = now() - interval '200 hours', routed = true "
        "returning seq")
    backbone.relay.retention_hours = 168
    assert backbone.relay.prune(chunk=2, max_chunks=1) == 2
    assert backbone.relay.prune(chunk=2, max_chunks=1) == 2
    assert backbone.relay.prune(chunk=2) == 1
    assert sql("select count(*) as n from outbox")[0]["n"] == 0
