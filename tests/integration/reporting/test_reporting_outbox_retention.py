"""Reporting's events are notifications (their contracts say not retained): published
while nobody subscribes to reporting.events, they are unroutable, and the outbox prunes
them an hour after their publication (OUTBOX_UNROUTED_NOTIFICATION_HOURS), at the latest
after the retention like routed rows, so the table cannot grow without end (finding 9 of
issue 11). A retained event's unrouted row stays for a republish (tested with the
registry's outbox in test_outbox_relay.py; which events are which:
tests/unit/test_contract_retention.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.reporting.use_cases import freeze_probes
from tests.support.servers import sql_runner


def _coverage(area: str) -> dict:
    return {"area_code": area, "level": "grid", "at": datetime.now(UTC), "campaigns": []}


def test_unrouted_notifications_are_pruned_after_the_retention(reporting_backbone, outside):
    backbone = reporting_backbone
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


def test_unrouted_notifications_go_after_an_hour_of_their_own(reporting_backbone, outside):
    backbone = reporting_backbone
    """OUTBOX_UNROUTED_NOTIFICATION_HOURS (default 1): a week of unheard coverage_updated
    was millions of rows, kept only to be deleted. A routed row keeps the retention."""
    sql = sql_runner(backbone.db)
    assert backbone.relay.unrouted_hours == 1
    with backbone.db.transaction() as session:
        envs = [backbone.outbox.add(session, "coverage_updated", _coverage(f"G{i}"))
                for i in range(4)]
    backbone.relay.drain()
    two_hours_ago, recent, routed, also_old = (e.id for e in envs)
    sql("update outbox set published_at = now() - interval '2 hours' "
        "where event_id = any(:ids) returning seq", ids=[two_hours_ago, routed, also_old])
    sql("update outbox set published_at = now() - interval '30 minutes' "
        "where event_id = :i returning seq", i=recent)
    sql("update outbox set routed = true where event_id = :i returning seq", i=routed)

    backbone.relay.retention_hours = 168
    backbone.relay.unrouted_hours = 0
    assert backbone.relay.prune() == 0, "0: unrouted notifications keep the retention"
    backbone.relay.unrouted_hours = 1
    assert backbone.relay.prune(chunk=1) == 2
    left = {r["event_id"] for r in sql("select event_id from outbox")}
    assert left == {recent, routed}
    backbone.relay.retention_hours = 0      # keeps routed rows, not unheard notifications
    sql("update outbox set published_at = now() - interval '2 hours' "
        "where event_id = :i returning seq", i=recent)
    assert backbone.relay.prune() == 1
    assert {r["event_id"] for r in sql("select event_id from outbox")} == {routed}
