"""Rows ↔ the domain's frozen values, and the days a rule must look at. Pure functions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from services.dispatch.adapters.models import Booking as BookingRow
from services.dispatch.adapters.models import Pairing, Shift
from services.dispatch.adapters.models import Volunteer as VolunteerRow
from services.dispatch.domain import Booking, OrderSpec, ShiftPlan, Slot, Volunteer

ORDER_FIELDS = ("unit_id", "community_code", "start", "end", "batches", "slot_kind",
                "head_count", "head_count_per_place", "task_kinds", "places")


def volunteer(row: VolunteerRow) -> Volunteer:
    return Volunteer(
        id=row.id, unit_id=row.unit_id, party_member=row.party_member,
        skills=frozenset(row.skills or ()), weekdays=frozenset(row.weekdays or ()),
        halves=frozenset(row.halves or ()), blackout=frozenset(row.blackout or ()),
        weekly_limit=row.weekly_limit, active=row.active)


def order_spec(order_id: str, data: dict) -> OrderSpec:
    """An OrderSpec from a loaded payload or a pairing's columns."""
    return OrderSpec(
        order_id=order_id, unit_id=data["unit_id"], community_code=data["community_code"],
        start=data["start"], end=data.get("end"), batches=data.get("batches"),
        slot_kind=data["slot_kind"], head_count=data["head_count"],
        task_kinds=tuple(data["task_kinds"]), places=tuple(data.get("places") or ()),
        head_count_per_place=bool(data.get("head_count_per_place")))


def pairing_spec(row: Pairing) -> OrderSpec:
    return order_spec(row.id, {name: getattr(row, name) for name in ORDER_FIELDS})


def spec_columns(spec: OrderSpec) -> dict:
    """The pairing columns an OrderSpec sets."""
    return {"unit_id": spec.unit_id, "community_code": spec.community_code,
            "start": spec.start, "end": spec.end, "batches": spec.batches,
            "slot_kind": spec.slot_kind, "head_count": spec.head_count,
            "head_count_per_place": spec.head_count_per_place,
            "task_kinds": list(spec.task_kinds), "places": list(spec.places)}


def amended_spec(old: OrderSpec, changes: dict) -> OrderSpec:
    """The order after an amendment. Giving ``end`` drops ``batches`` and the other way
    round, so a period given the other way does not end up bounded twice."""
    values = {name: getattr(old, name) for name in ORDER_FIELDS}
    for name in ORDER_FIELDS:
        if name in changes:
            values[name] = changes[name]
    if changes.get("end") is not None and "batches" not in changes:
        values["batches"] = None
    if changes.get("batches") is not None and "end" not in changes:
        values["end"] = None
    return order_spec(old.order_id, values)


def shift_plan(row: Shift) -> ShiftPlan:
    return ShiftPlan(row.key, Slot(row.day, row.half), row.place_code,
                     tuple(row.task_kinds), row.head_count)


def booking(row: BookingRow) -> Booking:
    return Booking(row.volunteer_id, Slot(row.day, row.half), row.shift_key)


def week_window(days: list[date]) -> tuple[date, date]:
    """Monday of the first week to Sunday of the last: the bookings the weekly-limit and
    clash rules need to see for shifts on these days."""
    first, last = min(days), max(days)
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def shift_ref(row: Shift) -> dict:
    """The fields every shift event starts with."""
    return {"shift_key": row.key, "order_id": row.pairing_id, "unit_id": row.unit_id,
            "community_code": row.community_code, "day": row.day, "half": row.half,
            "place_code": row.place_code}


def plan_ref(plan: ShiftPlan, spec: OrderSpec) -> dict:
    return {"shift_key": plan.key, "order_id": spec.order_id, "unit_id": spec.unit_id,
            "community_code": spec.community_code, "day": plan.slot.day,
            "half": plan.slot.half, "place_code": plan.place_code}


def local_day(at: datetime, tz) -> date:
    return at.astimezone(tz).date()
