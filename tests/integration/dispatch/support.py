"""Helpers for the dispatch integration tests (no tests here): an HTTP client, and seeding
communities the way the registry would, with plain pika on `registry.events`."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from datetime import timedelta

from services.dispatch import clock
from tests.support.amqp_tools import envelope, wait_until

EVENTS = "dispatch.events"
PHONE = "13912345678"


class Api:
    """A urllib client that keeps every response body, to search them for leaks."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.bodies: list[str] = []

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body, default=str).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, text = resp.status, resp.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        self.bodies.append(text)
        return status, json.loads(text)

    def ok(self, method: str, path: str, body=None, status: int = 200) -> dict:
        got, payload = self.call(method, path, body)
        assert got == status, (method, path, got, payload)
        return payload


def publish_registry(outside, name: str, data: dict, *, id_: str | None = None) -> dict:
    """Publish as the registry does: a registry.<name> envelope on registry.events."""
    env = envelope(f"registry.{name}", data, id_=id_, source="wangge/registry")
    outside.publish_raw(name, json.dumps(env), exchange="registry.events")
    return env


def area(code: str, level: str, parent: str | None, *, version: int = 1,
         name: str | None = None, area_id: int = 1) -> dict:
    return {"area_id": area_id, "code": code, "level": level, "name": name or f"{level} {code}",
            "parent_code": parent, "path": [code], "version": version}


def seed_community(outside, sql, code: str = "BJ", grids=("BJ-01", "BJ-02", "BJ-03")) -> None:
    """A community of street S1 (the area seed_unit's units belong to) and its grids."""
    publish_registry(outside, "area_registered", area("S1", "street", "D1"))
    publish_registry(outside, "area_registered", {
        **area(code, "community", "S1", name="滨江社区"), "path": ["S1", code]})
    for n, grid in enumerate(grids):
        publish_registry(outside, "grid_registered", {
            **area(grid, "grid", code, area_id=10 + n), "path": ["S1", code, grid]})
    wait_until(lambda: len(sql("select 1 from grids where community_code = :c", c=code))
               == len(grids) and sql("select 1 from communities where code = :c", c=code),
               what=f"community {code} in dispatch")


def volunteer(n: int, unit: str = "U1", **changes) -> dict:
    return {"volunteer_id": f"{unit}-v{n:02d}", "unit_id": unit, "name": f"志愿者{n:02d}",
            "phone": f"1380000{n:04d}", "party_member": n % 2 == 0, **changes}


def seed_unit(api: Api, unit: str = "U1", volunteers: int = 10, *, area_code: str = "S1",
              **changes) -> list[str]:
    """A unit of area_code (by default the street of seed_community's communities)."""
    api.ok("POST", "/units", {"unit_id": unit, "name": f"单位 {unit}", "area_code": area_code,
                              "coordinator_name": "王协调", "coordinator_phone": PHONE},
           status=201)
    ids = []
    for n in range(volunteers):
        ids.append(api.ok("POST", "/volunteers", volunteer(n, unit, **changes),
                          status=201)["volunteer_id"])
    return ids


def order(order_id: str = "o1", *, days_ahead: int = 1, **changes) -> dict:
    """'8 people every half day, 6 batches, door-to-door in 滨江社区' (48 person-times)."""
    start = clock.today() + timedelta(days=days_ahead)
    return {"order_id": order_id, "unit_id": "U1", "community_code": "BJ",
            "start": start.isoformat(), "batches": 6, "slot_kind": "half_day",
            "head_count": 8, "task_kinds": ["door_to_door"], **changes}


def of_type(messages: list[dict], name: str) -> list[dict]:
    return [m for m in messages if m["type"] == f"dispatch.{name}"]


def kinds(messages: list[dict]) -> Counter:
    return Counter(m["type"].split(".", 1)[1] for m in messages)


def count_at_least(**wanted):
    """A wait_for predicate: at least these many events of each type."""
    return lambda ms: all(kinds(ms)[name] >= n for name, n in wanted.items())


def settle(outside, sql, seen: list[dict]) -> list[dict]:
    """Wait until dispatch published everything it committed, then collect the rest: for
    exact counts (nothing published twice)."""
    wait_until(lambda: not sql("select 1 from outbox where published_at is null"),
               what="dispatch outbox drained")
    seen.extend(outside.collect(EVENTS))
    return seen


def staffed(api: Api, order_id: str = "o1") -> dict[str, list[str]]:
    """Shift key → the volunteers on it, for the order's scheduled shifts."""
    shifts = api.ok("GET", f"/orders/{order_id}/shifts")["shifts"]
    return {s["shift_key"]: [v["volunteer_id"] for v in s["volunteers"]] for s in shifts}


def wangge(base_url: str, *args: str):
    """`wangge dispatch …` in-process against the running service → CliRunner result."""
    from typer.testing import CliRunner

    from services.cli.main import app

    return CliRunner().invoke(app, ["dispatch", *args], env={"DISPATCH_URL": base_url})
