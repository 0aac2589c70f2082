"""Helpers of the dispatch integration tests (no tests here): communities seeded the way
the registry announces them on `registry.events`, units, volunteers and orders over
dispatch's HTTP API, and today's shifts at local times."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

from services.dispatch import clock
from tests.support.amqp import wait_until
from tests.support.http import Client

EVENTS = "dispatch.events"
PHONE = "13912345678"



def area(code: str, level: str, parent: str | None, *, version: int = 1,
         name: str | None = None, area_id: int = 1) -> dict:
    return {"area_id": area_id, "code": code, "level": level, "name": name or f"{level} {code}",
            "parent_code": parent, "path": [code], "version": version}


def seed_community(outside, sql, code: str = "BJ", grids=("BJ-01", "BJ-02", "BJ-03")) -> None:
    """A community of street S1 (the area seed_unit's units belong to) and its grids."""
    outside.publish_as("registry", "area_registered", area("S1", "street", "D1"))
    outside.publish_as("registry", "area_registered", {
        **area(code, "community", "S1", name="滨江社区"), "path": ["S1", code]})
    for n, grid in enumerate(grids):
        outside.publish_as("registry", "grid_registered", {
            **area(grid, "grid", code, area_id=10 + n), "path": ["S1", code, grid]})
    wait_until(lambda: len(sql("select 1 from grids where community_code = :c", c=code))
               == len(grids) and sql("select 1 from communities where code = :c", c=code),
               what=f"community {code} in dispatch")


def volunteer(n: int, unit: str = "U1", **changes) -> dict:
    return {"volunteer_id": f"{unit}-v{n:02d}", "unit_id": unit, "name": f"志愿者{n:02d}",
            "phone": f"1380000{n:04d}", "party_member": n % 2 == 0, **changes}


def seed_unit(api: Client, unit: str = "U1", volunteers: int = 10, *, area_code: str = "S1",
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


def staffed(api: Client, order_id: str = "o1") -> dict[str, list[str]]:
    """Shift key → the volunteers on it, for the order's scheduled shifts."""
    shifts = api.ok("GET", f"/orders/{order_id}/shifts")["shifts"]
    return {s["shift_key"]: [v["volunteer_id"] for v in s["volunteers"]] for s in shifts}


def wangge(base_url: str, *args: str):
    """`wangge dispatch …` in-process against the running service → CliRunner result."""
    from typer.testing import CliRunner

    from services.cli.main import app

    return CliRunner().invoke(app, ["dispatch", *args], env={"DISPATCH_URL": base_url})


def local(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(clock.today(), time(hour, minute, second), tzinfo=clock.tz())


def seed_places(outside, sql) -> None:
    """BJ of street S1 with its grids, with real paths (what access checks read)."""
    outside.publish_as("registry", "area_registered", {
        "area_id": 1, "code": "S1", "level": "street", "name": "街道", "parent_code": None,
        "path": ["S1"], "version": 1})
    outside.publish_as("registry", "area_registered", {
        "area_id": 2, "code": "BJ", "level": "community", "name": "滨江社区",
        "parent_code": "S1", "path": ["S1", "BJ"], "version": 1})
    for n, grid in enumerate(("BJ-01", "BJ-02")):
        outside.publish_as("registry", "grid_registered", {
            "area_id": 10 + n, "code": grid, "level": "grid", "name": grid,
            "parent_code": "BJ", "path": ["S1", "BJ", grid], "version": 1})
    wait_until(lambda: len(sql("select 1 from grids where path is not null")) == 2,
               what="BJ's grids in dispatch")


def today_shift(api: Client, half: str, place: str = "BJ-01") -> tuple[str, list[str]]:
    key = next(k for k in staffed(api) if k.endswith(f":{clock.today()}:{half}:{place}"))
    return key, staffed(api)[key]
