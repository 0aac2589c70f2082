"""GET /metrics: the counters move with real events on the real broker."""

from __future__ import annotations

import uuid

import pytest

from services.common import metrics
from services.common.consumer import event_consumer
from services.common.inbound import Failed
from tests.support.amqp import wait_until
from tests.support.metrics import scrape, value
from tests.support.servers import consumer_queues, on_queues, running


def events(sample: dict, outcome: str) -> float:
    return value(sample, "wangge_events_total", service="registry", consumer="integration",
                 outcome=outcome)


def test_handled_duplicate_and_rejected_events_are_counted(registry, outside,
                                                           register_resident):
    outside.listen("registry.events")  # someone must listen, or the events are unroutable
    register_resident("110101199003071233")
    before = scrape(registry.base_url)
    result = {"id_number": "110101199003071233", "tested_on": "2026-11-20",
              "result": "negative"}
    first = outside.publish("test_result_recorded", result)
    outside.publish("test_result_recorded", result, id_=first["id"])  # a redelivery
    outside.publish("test_result_recorded", {**result, "result": "maybe"})

    def moved():
        now = scrape(registry.base_url)
        done = all(events(now, o) - events(before, o) >= 1
                   for o in ("handled", "duplicate", "rejected"))
        return now if done else None

    after = wait_until(moved, timeout=20, what="the three outcomes counted")
    for outcome in ("handled", "duplicate", "rejected"):
        assert events(after, outcome) - events(before, outcome) == 1, outcome
    assert events(after, "failed") == events(before, "failed")
    count = ("wangge_handler_seconds_count",
             frozenset({("service", "registry"), ("consumer", "integration")}))
    assert after[count] - before.get(count, 0) == 3
    inf = ("wangge_handler_seconds_bucket", frozenset(
        {("service", "registry"), ("consumer", "integration"), ("le", "+Inf")}))
    assert after[inf] == after[count]
    # the outbox: the resident's change and the rejection went out, nothing is left behind
    # the pending count is read from the table, the published count from the relay after
    # the broker's confirm: wait for both, or a scrape between the two sees one of them
    sent_before = value(before, "wangge_outbox_published_total", service="registry")
    published = wait_until(lambda: (s := scrape(registry.base_url)) and value(
        s, "wangge_outbox_pending", service="registry") == 0 and value(
        s, "wangge_outbox_published_total", service="registry") >= sent_before + 2 and s,
        what="outbox drained and both events counted as published")
    assert value(published, "wangge_database_up", service="registry") == 1
    assert value(published, "wangge_outbox_oldest_pending_seconds", service="registry") == 0
    # another service's series never show up in this one's answer
    assert all(dict(labels).get("service") == "registry" for _, labels in published)


class Failing:
    """A consumer whose handler always fails: its messages retry, then go dead."""

    name = "wgmetricsprobe"

    @event_consumer("probe", ["integration.metrics_probe"])
    def consume(self, batch):
        return [Failed(RuntimeError("always fails"))] * len(batch)


@pytest.fixture
def failing(amqp_uri):
    queues = consumer_queues(Failing.name, ("probe",))
    on_queues(amqp_uri, queues, "queue_delete")
    # no HTTP entrypoint: the address is only what the shared runner fixture expects
    config = {"AMQP_URI": amqp_uri, "EVENT_MAX_ATTEMPTS": 2, "EVENT_RETRY_DELAY_MS": 50,
              "max_workers": 2, "WEB_SERVER_ADDRESS": "127.0.0.1:0"}
    yield from running(Failing, config)
    on_queues(amqp_uri, queues, "queue_delete")


def test_retried_and_dead_lettered_messages_are_counted(failing, outside):
    queue = f"{Failing.name}.probe"
    labels = {"service": Failing.name, "queue": queue}
    before = (metrics.PARKED.value(**labels, to="retry"), metrics.PARKED.value(**labels,
                                                                               to="dead"))
    outside.publish("metrics_probe", {"n": str(uuid.uuid4())})
    wait_until(lambda: outside.queue_depth(f"{queue}.dead") == 1, timeout=20,
               what="the message dead-lettered")
    assert metrics.PARKED.value(**labels, to="retry") - before[0] == 1
    assert metrics.PARKED.value(**labels, to="dead") - before[1] == 1
    text = "\n".join(metrics.PARKED.render(Failing.name))
    assert f'wangge_events_parked_total{{queue="{queue}",service="{Failing.name}",' \
           f'to="dead"}}' in text
