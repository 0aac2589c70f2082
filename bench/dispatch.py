"""The dispatch section of `python -m bench`: pairing orders accepted and fanned out.

Two orders go through the real path: HTTP POST /orders to `python -m services.dispatch`,
the transactional outbox, the relay, RabbitMQ, and an outside pika consumer on
dispatch.events. Small: 6 batches × 8 people over 3 grids. Large: 60 days × 2 slots ×
20 grids × 8 people (per grid). Fan-out latency runs from sending the order until its
last shift_scheduled / volunteer_assigned event is received. The baseline publishes the
same bodies straight to the broker in the same run (see bench.events).

BENCH_VOLUNTEERS (default 400) sets the unit's size.
"""

from __future__ import annotations

import inspect
import json
import os
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from services.common.db import Database
from services.common.outbox import OutboxRelay
from services.dispatch import clock

from . import database
from .dispatch_env import (
    COMMUNITY,
    UNIT,
    dispatch_service,
    grid,
    private_vhost,
    seed,
    wait_outbox_drained,
)
from .dispatch_env import database_url as bench_url
from .events import EventCounter, baseline

GRIDS = 20
TIMEOUT = 600.0
# what the relay of the service runs with (its batch size is also the baseline's)
RELAY_BATCH = inspect.signature(OutboxRelay).parameters["batch_size"].default


def orders() -> list[tuple[str, dict]]:
    """The two orders, on periods that do not overlap (the large one alone in its weeks)."""
    today = clock.today()
    common = {"unit_id": UNIT, "community_code": COMMUNITY, "slot_kind": "half_day",
              "head_count": 8, "task_kinds": ["door_to_door"]}
    small = {**common, "order_id": "bench-small", "start": today + timedelta(days=1),
             "batches": 6, "places": [grid(n) for n in (1, 2, 3)]}
    start = today + timedelta(days=7)
    large = {**common, "order_id": "bench-large", "start": start,
             "end": start + timedelta(days=59), "head_count_per_place": True,
             "task_kinds": ["door_to_door", "safety_check"]}
    return [("small", small), ("large", large)]


def post(base_url: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(
        base_url + path, data=json.dumps(body, default=str).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as resp:
        return json.loads(resp.read())


def outbox_rows(url: str, order_id: str) -> list[tuple[str, str, str]]:
    """The order's events as dispatch published them: the baseline sends the same bytes."""
    db = Database(url, pool_size=1)
    try:
        with db.transaction() as session:
            return [tuple(r) for r in session.execute(text(
                "select event_id, routing_key, body from outbox "
                "where (body::jsonb -> 'data' ->> 'order_id') = :o order by seq"),
                {"o": order_id})]
    finally:
        db.dispose()


def run_order(base_url: str, counter: EventCounter, order: dict) -> dict:
    counter.watch(order["order_id"])
    started = time.perf_counter()
    view = post(base_url, "/orders", order)
    accepted = time.perf_counter() - started
    wanted = {"pairing_ordered": 1, "shift_scheduled": view["shifts"],
              "volunteer_assigned": view["assigned"]}
    done = counter.wait(wanted, TIMEOUT) - started
    return {"view": view, "accepted": accepted, "fanout": done,
            "events": sum(counter.counts.values()), "counts": dict(counter.counts)}


def report(label: str, r: dict, base_seconds: float) -> None:
    view, events, fanout = r["view"], r["events"], r["fanout"]
    relayed = fanout - r["accepted"]
    print(f"  {label:<6} {view['shifts']:,} shifts, {view['assigned']:,} assignments "
          f"({view['missing']:,} missing), {events:,} events")
    print(f"         acceptance     {r['accepted'] * 1000:9.0f} ms  (HTTP 201: planned, "
          "staffed, committed with its outbox rows)")
    print(f"         fan-out        {fanout * 1000:9.0f} ms  to the last event received  "
          f"{events / fanout:>9,.0f} events/s")
    if relayed > 0:
        print(f"         relay part     {relayed * 1000:9.0f} ms  after acceptance            "
              f"{events / relayed:>9,.0f} events/s")
    else:  # the relay had sent everything before the HTTP answer reached the bench
        print("         relay part             0 ms  every event arrived before the HTTP answer")
    print(f"         baseline       {base_seconds * 1000:9.0f} ms  same bodies, raw publish "
          f"{events / base_seconds:>9,.0f} events/s")
    relay_ratio = f", relay part at {base_seconds / relayed:.2f}x" if relayed > 0 else ""
    print(f"         ratio          fan-out at {base_seconds / fanout:.2f}x of the raw rate"
          f"{relay_ratio}")


def main() -> None:
    url = bench_url()
    volunteers = int(os.environ.get("BENCH_VOLUNTEERS", "400"))
    log_path = Path(os.environ.get("BENCH_DIR", "var/bench")) / "dispatch-service.log"
    print(f"bench dispatch: {GRIDS} grids, {volunteers} volunteers, database "
          f"{url.rsplit('/', 1)[-1]}, relay batches of {RELAY_BATCH}")
    database.fresh(url, "dispatch")
    seed(url, grids=GRIDS, volunteers=volunteers)
    with private_vhost() as amqp_uri:
        # subscribed before the service starts, as a deployed consumer would be
        counter = EventCounter(amqp_uri, "dispatch.events")
        try:
            with dispatch_service(amqp_uri, url, log_path) as base_url:
                wait_outbox_drained(url)
                for label, order in orders():
                    result = run_order(base_url, counter, order)
                    base = baseline(amqp_uri, order["order_id"],
                                    outbox_rows(url, order["order_id"]),
                                    batch_size=RELAY_BATCH)
                    report(label, result, base)
        finally:
            counter.close()
