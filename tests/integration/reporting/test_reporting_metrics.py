"""Reporting's consumers go through the common inbox: GET /metrics counts their handled,
duplicate and rejected events, and the handler time, as every service's do."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from tests.support.amqp import wait_until
from tests.support.metrics import scrape, value

from . import world as w
from .helpers import publish, wait_area


def events(sample: dict, outcome: str) -> float:
    return value(sample, "wangge_events_total", service="reporting", consumer="registry",
                 outcome=outcome)


def handler_count(sample: dict) -> float:
    return value(sample, "wangge_handler_seconds_count", service="reporting",
                 consumer="registry")


def test_reporting_counts_its_events_like_every_service(producer, reporting):
    before = scrape(reporting.base_url)
    sent = publish(producer, w.areas())
    wait_area(reporting, sent[-1]["data"]["code"])
    producer.republish(sent[0])  # a redelivery
    producer.publish_raw("area_registered", json.dumps({
        "specversion": "1.0", "id": f"bad-{uuid.uuid4()}", "source": "test",
        "type": "registry.area_registered", "time": datetime.now(UTC).isoformat(),
        "data": {}}), exchange="registry.events")
    expected = {"handled": len(sent), "duplicate": 1, "rejected": 1}

    def counted():
        now = scrape(reporting.base_url)
        done = all(events(now, o) - events(before, o) >= n for o, n in expected.items())
        return now if done else None

    after = wait_until(counted, timeout=30, what="reporting's outcomes counted")
    for outcome, n in expected.items():
        assert events(after, outcome) - events(before, outcome) == n, outcome
    assert events(after, "failed") == events(before, "failed")
    assert handler_count(after) - handler_count(before) == len(sent) + 2
