"""Dispatch's world as the tests of several groups build it: communities announced the way
the registry publishes them on `registry.events`, units and volunteers created over
dispatch's HTTP API, and the volunteers on each of an order's shifts."""

from __future__ import annotations

from tests.support.amqp import wait_until
from tests.support.http import Client

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


def staffed(api: Client, order_id: str = "o1") -> dict[str, list[str]]:
    """Shift key → the volunteers on it, for the order's scheduled shifts."""
    shifts = api.ok("GET", f"/orders/{order_id}/shifts")["shifts"]
    return {s["shift_key"]: [v["volunteer_id"] for v in s["volunteers"]] for s in shifts}
