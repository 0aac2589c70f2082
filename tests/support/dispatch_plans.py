"""Dispatch's domain objects as its unit tests build them: an order, a team of volunteers,
a shift, from a Monday of the tests' own."""

from __future__ import annotations

from datetime import date

from services.dispatch.domain import OrderSpec, ShiftPlan, Slot, Volunteer

MONDAY = date(2030, 3, 4)


def order(**changes) -> OrderSpec:
    base = dict(order_id="o1", unit_id="u1", community_code="binjiang", start=MONDAY,
                end=None, batches=6, slot_kind="half_day", head_count=8,
                task_kinds=("door_to_door",), places=(), head_count_per_place=False)
    return OrderSpec(**{**base, **changes})


def team(n: int, unit: str = "u1", prefix: str = "v", **kw) -> list[Volunteer]:
    return [Volunteer(f"{prefix}{i:03d}", unit, **{"weekly_limit": 14, **kw}) for i in range(n)]


def shift(key: str, day: date = MONDAY, half: str = "am", head_count: int = 1,
          kinds: tuple[str, ...] = ("door_to_door",)) -> ShiftPlan:
    return ShiftPlan(key, Slot(day, half), "BJ-01", kinds, head_count)
