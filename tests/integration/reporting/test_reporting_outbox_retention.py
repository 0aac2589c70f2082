"""Reporting's events are notifications (their contracts say not retained): published
while nobody subscribes to reporting.events, they are unroutable, and the outbox prunes
them after the retention like routed rows, so the table cannot grow without end (finding
9 of issue 11). A retained event's unrouted row stays for a republish (tested with the
registry's outbox in test_outbox_relay.py; which events are which:
tests/unit/test_contract_retention.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.common.store import Backbone
from services.reporting import freeze_probes
from services.reporting.models import MESSAGING

from ..conftest import sql_runner


@pytest.fixture
def backbone(amqp_uri, clean_reporting_db):
    bb = Backbone.create("reporting", MESSAGING, database_url=clean_reporting_db,
                         amqp_uri=amqp_uri, pool_size=2)
    yield bb
    bb.close()


def _coverage(area: str) -> dict:
    return {"area_code": area, "level": "grid", "at": datetime.now(UTC), "campaigns": []}


def test_unrouted_notifications_are_pruned_after_the_retention(backbone, outside):
    sql = sql_runner(backbone.db)
    with backbone.db.transaction() as session:
        envs = [backbone.outbox.add(session, "coverage_updated", _coverage(f"G{i}"))
                for i in range(5)]
    backbone.relay.drain()
    rows = sql("select event_id, routed from outbox order by seq")
    assert [r["routed"] for r in rows] == [False] * 5, "nobody subscribes: unroutable"

    old = [e.id for e in envs[:3]]
    sql("update outbox set published_at = now() - interval '192 hours' "
        "where event_id = any(:ids) returning seq", ids=old)
    with backbone.db.transaction() as session:  # a probe nobody consumed, as old
        freeze_probes._send(session, backbone.outbox, "visits", datetime.now(UTC).date(),
                            "t")
    outside.channel.exchange_declare("reporting.parking", "direct", durable=True)
    backbone.relay.drain()
    sql("update outbox set published_at = now() - interval '192 hours' "
        "where type = :t returning seq", t=freeze_probes.TYPE)

    backbone.relay.retention_hours = 168
    assert backbone.relay.prune(chunk=2) == 4
    left = {r["event_id"] for r in sql("select event_id from outbox")}
    assert left == {e.id for e in envs[3:]}, "the recent ones stay until their time"
