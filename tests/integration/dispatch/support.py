"""Helpers only the dispatch integration tests use (no tests here): orders, the CLI, places
with real paths, and today's shifts at local times. Communities, units and volunteers that
other groups seed too are in tests/support/dispatch_world.py."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from services.dispatch import clock
from tests.support.amqp import wait_until
from tests.support.dispatch_world import seed_unit, staffed
from tests.support.http import Client
from tests.support.published import DISPATCH

EVENTS, of_type, settle = DISPATCH.exchange, DISPATCH.of_type, DISPATCH.settle


def order(order_id: str = "o1", *, days_ahead: int = 1, **changes) -> dict:
    """'8 people every half day, 6 batches, door-to-door in 滨江社区' (48 person-times)."""
    start = clock.today() + timedelta(days=days_ahead)
    return {"order_id": order_id, "unit_id": "U1", "community_code": "BJ",
            "start": start.isoformat(), "batches": 6, "slot_kind": "half_day",
            "head_count": 8, "task_kinds": ["door_to_door"], **changes}


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


def order_today_at_bj01(api: Client, outside, sql, at_local) -> None:
    """BJ's places, unit U1 of 6 volunteers and, placed at 07:00, today's order of a morning
    and an afternoon shift of 2 at BJ-01 (today_shift reads them)."""
    seed_places(outside, sql)
    seed_unit(api, volunteers=6)
    at_local(7, 0)
    api.ok("POST", "/orders", order(days_ahead=0, batches=2, head_count=2, places=["BJ-01"]),
           status=201)


def today_shift(api: Client, half: str, place: str = "BJ-01") -> tuple[str, list[str]]:
    key = next(k for k in staffed(api) if k.endswith(f":{clock.today()}:{half}:{place}"))
    return key, staffed(api)[key]
