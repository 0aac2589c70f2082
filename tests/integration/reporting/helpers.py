"""Reading reporting over HTTP, waiting for its figures (no sleeps as assertions), and a
small district published to it."""

from __future__ import annotations

import json

from tests.support.amqp import wait_until
from tests.support.http import Client

from . import world as w


def get(service, path: str) -> tuple[int, dict | bytes]:
    return Client(service.base_url).get(path)


def post(service, path: str) -> tuple[int, dict | bytes]:
    return Client(service.base_url).post(path, {})


def figures(service, code: str, day, **params) -> dict:
    query = "&".join([f"day={day}"] + [f"{k}={v}" for k, v in params.items()])
    status, body = get(service, f"/areas/{code}/figures?{query}")
    assert status == 200, body
    return body


def wait_figures(service, code: str, day, predicate, what: str = "", **params) -> dict:
    found = {}

    def ready():
        found["f"] = figures(service, code, day, **params)
        return predicate(found["f"])

    try:
        wait_until(ready, timeout=30, interval=0.1, what=what or f"figures of {code}")
    except AssertionError:
        raise AssertionError(f"{what}: last figures {json.dumps(found.get('f'))[:3000]}") \
            from None
    return found["f"]


def wait_area(service, code: str) -> None:
    wait_until(lambda: get(service, f"/areas/{code}")[0] == 200, timeout=30,
               what=f"area {code} known to reporting")


def coverage(fig: dict, campaign: str) -> dict:
    return next((c for c in fig["coverage"] if c["campaign_id"] == campaign), {})


def publish(producer, events, **kwargs) -> list[dict]:
    return [producer.publish_event(t, d, **kwargs) for t, d in events]


def district(producer, reporting) -> dict:
    """Publish a small district; returns what each grid should show."""
    publish(producer, w.areas())
    wait_area(reporting, w.G2)
    publish(producer, w.households(w.G1, 3, 100) + w.households(w.G2, 2, 200))
    publish(producer, [w.resident(1, 100, w.G1, ["elderly_alone"]),
                       w.resident(2, 101, w.G1, []),
                       w.resident(3, 200, w.G2, ["returnee", "disabled"]),
                       w.resident(2, 101, w.G1, ["returnee"], version=2)])
    wait_figures(reporting, w.CITY, w.DAY, lambda f: f["registry"]["residents"] == 3
                 and f["registry"]["households"] == 5, "registry figures")
    publish(producer, [w.campaign(5)])
    publish(producer, [w.state(w.G1, 0, "assigned", 1), w.state(w.G1, 1, "assigned", 1)]
            + w.visit(w.G1, 0, "reached", "v-1", found=3)
            + w.visit(w.G1, 1, "not_home", "v-2")
            + w.visit(w.G2, 0, "reached", "v-3"))
    publish(producer, [w.shift("s1", w.G1, 2), w.volunteer("assigned", "s1", w.G1, "p1"),
                       w.volunteer("assigned", "s1", w.G1, "p2"),
                       w.volunteer("checked_in", "s1", w.G1, "p1"),
                       w.volunteer("no_show", "s1", w.G1, "p2"),
                       w.shift("s2", w.G2, 3), w.volunteer("assigned", "s2", w.G2, "p3")])
    publish(producer, [w.request("r1", w.G2, "open", 1), w.request("r2", w.G1, "open", 1)])
    return {w.G1: {"target": 3, "reached": 1, "not_home": 1, "not_yet_assigned": 1,
                   "people_found": 3, "visits": 2},
            w.G2: {"target": 2, "reached": 1, "not_home": 0, "not_yet_assigned": 1,
                   "people_found": 2, "visits": 1}}


def settled(f: dict) -> bool:
    """Every event of `district` shows at the city (each count waits for its last event)."""
    cov = coverage(f, w.CAMPAIGN)
    totals = f["effort"]["totals"]
    return cov.get("visits", {}).get("to_date") == 3 and cov["reached"] == 2 \
        and cov["not_home"] == 1 and cov["people_found"] == 5 and cov["target"] == 5 \
        and f["requests"]["open"] == 2 and totals["pt_scheduled"]["day"] == 3 \
        and totals["pt_delivered"]["day"] == 1 and totals["pt_no_show"]["day"] == 1 \
        and totals["shifts_scheduled"]["day"] == 2
