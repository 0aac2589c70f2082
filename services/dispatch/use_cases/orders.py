"""Pairing orders (下沉指令): place, amend, cancel.

Each use case runs inside the caller's one unit of work: the pairing, its shifts, the
bookings, the missing counts and every event land together or not at all. The rules are
the domain's (validate_order, plan_shifts, diff_plans, assign); this module only feeds
them what an `OrderStore` reads (SQL: adapters/order_store.py, unless a test hands an
in-memory one) and has it write back what they decided.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.errors import Conflict, NotFound, refuse_if
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters import mapping
from services.dispatch.adapters.models import (
    ACTIVE,
    CANCELLED,
    OrderChange,
    Pairing,
    Shift,
    Unit,
)
from services.dispatch.adapters.order_store import SqlOrders, order_totals
from services.dispatch.domain import (
    OrderSpec,
    ShiftPlan,
    Volunteer,
    assign,
    check_version,
    diff_plans,
    field_capacity,
    plan_shifts,
    shift_start,
)
from services.dispatch.domain import validate_order as domain_validate
from services.dispatch.use_cases.shifts import cancel_shifts, schedule_shifts
from services.dispatch.use_cases.staffing import apply_assignment, missing_of
from services.dispatch.use_cases.stores import OrderStore


def _found(store: OrderStore, order_id: str, *, lock: bool = False) -> Pairing:
    pairing = store.order(order_id, lock=lock)
    if pairing is None:
        raise NotFound("order", order_id)
    return pairing


def order_by_id(session: Session, order_id: str) -> Pairing:
    return _found(SqlOrders(session), order_id)


def totals(session: Session, order_id: str) -> dict:
    return order_totals(session, order_id)


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _record(store: OrderStore, pairing: Pairing, change: str, actor: str | None, cause: str,
            before: dict | None = None, after: dict | None = None) -> None:
    """The step in the order's history, with its author (an account id) and the terms it
    changed."""
    before, after = before or {}, after or {}
    changed = {name: [_plain(before.get(name)), _plain(value)]
               for name, value in after.items() if before.get(name) != value}
    store.record_change(OrderChange(order_id=pairing.id, version=pairing.version,
                                    change=change, actor=actor, cause=cause[:120],
                                    fields=changed))


def order_history(session: Session, order_id: str) -> list[dict]:
    rows = session.execute(select(OrderChange).where(OrderChange.order_id == order_id)
                           .order_by(OrderChange.id)).scalars()
    return [{"version": r.version, "change": r.change, "actor": r.actor, "cause": r.cause,
             "changed_at": r.changed_at, "fields": r.fields} for r in rows]


def order_view(pairing: Pairing, sums: dict) -> dict:
    return {"order_id": pairing.id, **mapping.spec_columns(mapping.pairing_spec(pairing)),
            "status": pairing.status, "version": pairing.version, "cause": pairing.cause,
            **sums}


def _payload(pairing: Pairing, sums: dict) -> dict:
    view = order_view(pairing, sums)
    view.pop("status")
    return view


def _validate(store: OrderStore, spec: OrderSpec, unit: Unit | None, today: date,
              previous: OrderSpec | None = None) -> tuple[list[Volunteer], list[str]]:
    """The domain's checks against what dispatch holds; raises Refused naming each field."""
    community = store.community(spec.community_code)
    grids = store.community_grids(spec.community_code) if community is not None else []
    site_codes = store.community_sites(spec.community_code) if community is not None else []
    volunteers = store.unit_staff(spec.unit_id) if unit is not None else []
    problems = domain_validate(
        spec, today=today, known_unit=unit is not None, known_community=community is not None,
        community_grids=grids, community_sites=site_codes, previous=previous,
        unit_capacity=field_capacity(volunteers, spec.unit_id, spec.slot_kind))
    if unit is not None and not unit.active:
        problems.insert(0, ("unit_id", f"unit {unit.id} is not active"))
    if unit is not None and community is not None and previous is None:
        problems += _outside_unit_area(unit, community.code, community.path)
    refuse_if(problems)
    return volunteers, grids


def _outside_unit_area(unit: Unit, community_code: str, path: list[str] | None) -> list:
    """A unit is paired only inside its area (scopes.py): its organisation's communities."""
    if unit.area_code is None:
        return [("unit_id", f"unit {unit.id} has no area yet; an operator gives it one "
                            "(docs/access-control.md)")]
    if unit.area_code not in (path or []):
        return [("community_code", f"community {community_code} is outside unit {unit.id}'s "
                                   f"area {unit.area_code}")]
    return []


def place_order(uow: UnitOfWork, data: dict, cause: str, *, today: date,
                store: OrderStore | None = None, actor: str | None = None
                ) -> tuple[Pairing, bool]:
    """Accept an order: the pairing, its shifts, their people. → (pairing, created).

    The same order sent again (same id, same terms) changes nothing; the same id with
    other terms is a conflict (amend it instead)."""
    store = store or SqlOrders(uow.session)
    start = uow.events.mark()
    spec = mapping.order_spec(data.get("order_id") or f"o-{uuid.uuid4().hex[:12]}", data)
    # the unit first (FOR NO KEY UPDATE, adapters/locks.py: a volunteer enrolled in it
    # meanwhile is not excluded), read after the lock
    store.lock_units([spec.unit_id])
    unit = store.unit(spec.unit_id)
    existing = store.order(spec.order_id)
    if existing is not None:
        if mapping.pairing_spec(existing) == spec:
            return existing, False
        raise Conflict("order_id", f"order {spec.order_id} already exists with other terms; "
                                   "amend it instead")
    volunteers, grids = _validate(store, spec, unit, today)
    plans = plan_shifts(spec, grids)
    staff = store.load_staffing(spec.unit_id, [p.slot.day for p in plans], volunteers)
    result = assign(plans, staff.volunteers, staff.bookings, staff.rotation,
                    unit_id=spec.unit_id)
    refs = {p.key: mapping.plan_ref(p, spec) for p in plans}
    pairing = Pairing(id=spec.order_id, **mapping.spec_columns(spec), status=ACTIVE,
                      cause=cause, version=1)
    store.add_order(pairing)
    _record(store, pairing, "ordered", actor, cause)
    schedule_shifts(store, uow.events, spec, plans, missing_of(refs, result),
                    insert_only=True)
    apply_assignment(store, uow.events, refs, result, update_missing=False)
    uow.events.add("pairing_ordered", {**_payload(pairing, store.totals(spec.order_id)),
                                       "actor": actor}, spec.order_id, at=start)
    return pairing, True


def amend_order(uow: UnitOfWork, order_id: str, changes: dict, cause: str, *,
                now: datetime, tz: tzinfo, store: OrderStore | None = None,
                actor: str | None = None) -> Pairing:
    """Change head-count, period, places or task kinds; people already on a shift that
    stays keep it. Shifts that have begun (or are over) are history and do not change."""
    store = store or SqlOrders(uow.session)
    start = uow.events.mark()
    today = mapping.local_day(now, tz)
    pairing = _found(store, order_id, lock=True)
    check_version(changes.pop("version", None), pairing.version)
    changes.pop("order_id", None)
    if pairing.status != ACTIVE:
        raise Conflict("order_id", f"order {order_id} is {pairing.status}")
    old = mapping.pairing_spec(pairing)
    new = mapping.amended_spec(old, changes)
    if new == old:
        return pairing
    store.lock_units([new.unit_id])
    unit = store.unit(new.unit_id)
    volunteers, grids = _validate(store, new, unit, today, previous=old)
    rows = store.scheduled_shifts(order_id)
    diff = diff_plans([mapping.shift_plan(r) for r in rows.values()], plan_shifts(new, grids),
                      from_day=today, begun=_begun(store, rows, now, tz))
    events = uow.events
    cancel_shifts(store, events, [rows[p.key] for p in diff.removed])
    touched = diff.added + diff.changed
    refs = {p.key: mapping.plan_ref(p, new) for p in touched}
    schedule_shifts(store, events, new, touched, {})
    staff = store.load_staffing(new.unit_id, [p.slot.day for p in touched], volunteers)
    result = assign(touched, staff.volunteers, staff.bookings, staff.rotation,
                    unit_id=new.unit_id, declined=store.declined_on(refs))
    apply_assignment(store, events, refs, result)
    before = mapping.spec_columns(old)
    for name, value in mapping.spec_columns(new).items():
        setattr(pairing, name, value)
    pairing.version += 1
    store.save()
    _record(store, pairing, "amended", actor, cause, before, mapping.spec_columns(new))
    events.add("pairing_amended", {
        **_payload(pairing, store.totals(order_id)), "cause": cause, "actor": actor,
        "shifts_added": len(diff.added), "shifts_changed": len(diff.changed),
        "shifts_cancelled": len(diff.removed)}, order_id, at=start)
    return pairing


def cancel_order(uow: UnitOfWork, order_id: str, cause: str, *, now: datetime, tz: tzinfo,
                 store: OrderStore | None = None, actor: str | None = None) -> Pairing:
    """Call off the pairing's shifts that have not begun; a shift under way or over keeps
    its people and attendance (today's afternoon shift is called off in the morning, not
    at three in the afternoon). ``now`` decides which shifts have begun, and is when it
    was cancelled."""
    store = store or SqlOrders(uow.session)
    start = uow.events.mark()
    pairing = _found(store, order_id, lock=True)
    if pairing.status == CANCELLED:
        return pairing
    # as amend_order: the unit before its shifts (adapters/locks.py), or a refill of the
    # unit locking the same shifts in another order could deadlock with this
    store.lock_units([pairing.unit_id])
    rows = store.scheduled_shifts(order_id)
    diff = diff_plans([mapping.shift_plan(r) for r in rows.values()], [],
                      from_day=mapping.local_day(now, tz), begun=_begun(store, rows, now, tz))
    cancel_shifts(store, uow.events, [rows[p.key] for p in diff.removed])
    pairing.status, pairing.cancelled_at = CANCELLED, now
    pairing.version += 1
    store.save()
    _record(store, pairing, "cancelled", actor, cause, {"status": ACTIVE},
            {"status": CANCELLED})
    uow.events.add("pairing_cancelled", {
        "order_id": order_id, "unit_id": pairing.unit_id,
        "community_code": pairing.community_code, "shifts_cancelled": len(diff.removed),
        "version": pairing.version, "cause": cause, "actor": actor}, order_id, at=start)
    return pairing


def _begun(store: OrderStore, rows: dict[str, Shift], now: datetime, tz: tzinfo
           ) -> Callable[[ShiftPlan], bool]:
    """Whether a shift is under way or over: its start time has passed, or someone has
    already checked in on it (people arrive early)."""
    today = mapping.local_day(now, tz)
    checked_in = store.checked_in([key for key, row in rows.items() if row.day == today])
    return lambda plan: shift_start(plan.slot, tz) <= now or plan.key in checked_in
