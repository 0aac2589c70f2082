"""Which events are retained (a missing subscriber is a fault: their unrouted outbox rows
wait for a republish) and which are notifications (derived from state their producer
keeps and serves: unheard, they are pruned like routed rows)."""

from __future__ import annotations

from services.common.contracts import CONTRACTS
from services.common.contracts.asyncapi import document


def test_reporting_events_and_rejections_are_notifications_the_rest_retained():
    notifications = {t for t, c in CONTRACTS.items() if not c.retained}
    assert notifications == {t for t in CONTRACTS if t.startswith("reporting.")} | {
        f"{s}.event_rejected" for s in ("registry", "dispatch", "visits", "reporting",
                                        "accounts")}
    assert CONTRACTS["visits.visit_recorded"].retained
    assert CONTRACTS["integration.visit_captured"].retained


def test_the_asyncapi_document_says_so_per_message():
    said = {}
    for channel in document()["channels"].values():
        message = (channel.get("subscribe") or channel["publish"])["message"]
        said[message["name"]] = message["x-wangge-retained"]
    assert said == {t: c.retained for t, c in CONTRACTS.items()}
