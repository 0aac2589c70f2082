"""Pairing orders (下沉指令): place, amend, cancel.

Each use case runs inside the caller's one transaction: the pairing, its shifts, the
bookings, the missing counts and every event land together or not at all. The rules are
the domain's (validate_order, plan_shifts, diff_plans, assign); this module only feeds
them rows and writes back what they decided.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.outbox import Outbox
from services.common.web import Conflict, NotFound
from services.dispatch.adapters import mapping
from services.dispatch.adapters.areas import community_grids
from services.dispatch.adapters.models import (
    ACTIVE,
    CANCELLED,
    SCHEDULED,
    Attendance,
    Community,
    Pairing,
    Shift,
    Unit,
)
from services.dispatch.domain import (
    OrderSpec,
    ShiftPlan,
    Volunteer,
    assign,
    diff_plans,
    field_capacity,
    plan_shifts,
    shift_start,
)
from services.dispatch.domain import validate_order as domain_validate
from services.dispatch.entrypoints.errors import check_version, refuse_if
from services.dispatch.use_cases.refills import lock_units
from services.dispatch.use_cases.shifts import cancel_shifts, schedule_shifts
from services.dispatch.use_cases.sites import community_sites
from services.dispatch.use_cases.staffing import (
    Events,
    apply_assignment,
    declined_on,
    load_staffing,
    missing_of,
    unit_staff,
)


def order_by_id(session: Session, order_id: str, *, lock: bool = False) -> Pairing:
    """The order; ``lock``: FOR NO KEY UPDATE, before its unit (refills.py), as every
    dispatch lock, so it never excludes the KEY SHARE of a row referring to it."""
    query = select(Pairing).where(Pairing.id == order_id)
    if lock:
        query = query.with_for_update(key_share=True)
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        raise NotFound("order", order_id)
    return row


def totals(session: Session, order_id: str) -> dict:
    count, promised, missing = session.execute(
        select(func.count(), func.coalesce(func.sum(Shift.head_count), 0),
               func.coalesce(func.sum(Shift.missing), 0))
        .where(Shift.pairing_id == order_id, Shift.status == SCHEDULED)).one()
    return {"shifts": count, "promised": promised, "assigned": promised - missing,
            "missing": missing}


def order_view(pairing: Pairing, sums: dict) -> dict:
    return {"order_id": pairing.id, **mapping.spec_columns(mapping.pairing_spec(pairing)),
            "status": pairing.status, "version": pairing.version, "cause": pairing.cause,
            **sums}


def _payload(pairing: Pairing, sums: dict) -> dict:
    view = order_view(pairing, sums)
    view.pop("status")
    return view


def _validate(session: Session, spec: OrderSpec, unit: Unit | None, today: date,
              previous: OrderSpec | None = None) -> tuple[list[Volunteer], list[str]]:
    """The domain's checks against what dispatch holds; raises Refused naming each field."""
    known_community = session.get(Community, spec.community_code) is not None
    grids = community_grids(session, spec.community_code) if known_community else []
    site_codes = community_sites(session, spec.community_code) if known_community else []
    volunteers = unit_staff(session, spec.unit_id) if unit is not None else []
    problems = domain_validate(
        spec, today=today, known_unit=unit is not None, known_community=known_community,
        community_grids=grids, community_sites=site_codes, previous=previous,
        unit_capacity=field_capacity(volunteers, spec.unit_id, spec.slot_kind))
    if unit is not None and not unit.active:
        problems.insert(0, ("unit_id", f"unit {unit.id} is not active"))
    if unit is not None and known_community and previous is None:
        problems += _outside_unit_area(session, unit, spec.community_code)
    refuse_if(problems)
    return volunteers, grids


def _outside_unit_area(session: Session, unit: Unit, community_code: str) -> list:
    """A unit is paired only inside its area (scopes.py): its organisation's communities."""
    if unit.area_code is None:
        return [("unit_id", f"unit {unit.id} has no area yet; an operator gives it one "
                            "(docs/access-control.md)")]
    path = session.get(Community, community_code).path or []
    if unit.area_code not in path:
        return [("community_code", f"community {community_code} is outside unit {unit.id}'s "
                                   f"area {unit.area_code}")]
    return []


def place_order(session: Session, outbox: Outbox, data: dict, cause: str, *,
                today: date) -> tuple[Pairing, bool]:
    """Accept an order: the pairing, its shifts, their people. → (pairing, created).

    The same order sent again (same id, same terms) changes nothing; the same id with
    other terms is a conflict (amend it instead)."""
    spec = mapping.order_spec(data.get("order_id") or f"o-{uuid.uuid4().hex[:12]}", data)
    # the unit first (refills.lock_units, FOR NO KEY UPDATE: a volunteer enrolled in it
    # meanwhile is not excluded), read after the lock
    lock_units(session, [spec.unit_id])
    unit = session.get(Unit, spec.unit_id, populate_existing=True)
    existing = session.get(Pairing, spec.order_id)
    if existing is not None:
        if mapping.pairing_spec(existing) == spec:
            return existing, False
        raise Conflict("order_id", f"order {spec.order_id} already exists with other terms; "
                                   "amend it instead")
    volunteers, grids = _validate(session, spec, unit, today)
    plans = plan_shifts(spec, grids)
    staff = load_staffing(session, spec.unit_id, [p.slot.day for p in plans], volunteers)
    result = assign(plans, staff.volunteers, staff.bookings, staff.rotation,
                    unit_id=spec.unit_id)
    refs = {p.key: mapping.plan_ref(p, spec) for p in plans}
    pairing = Pairing(id=spec.order_id, **mapping.spec_columns(spec), status=ACTIVE,
                      cause=cause, version=1)
    session.add(pairing)
    session.flush()
    events = Events(outbox)
    schedule_shifts(session, events, spec, plans, missing_of(refs, result), insert_only=True)
    apply_assignment(session, events, refs, result, update_missing=False)
    events.add("pairing_ordered", _payload(pairing, totals(session, spec.order_id)),
               spec.order_id, first=True)
    events.write(session)
    return pairing, True


def amend_order(session: Session, outbox: Outbox, order_id: str, changes: dict, cause: str,
                *, now: datetime, tz: tzinfo) -> Pairing:
    """Change head-count, period, places or task kinds; people already on a shift that
    stays keep it. Shifts that have begun (or are over) are history and do not change."""
    today = mapping.local_day(now, tz)
    pairing = order_by_id(session, order_id, lock=True)
    check_version(changes.pop("version", None), pairing.version)
    changes.pop("order_id", None)
    if pairing.status != ACTIVE:
        raise Conflict("order_id", f"order {order_id} is {pairing.status}")
    old = mapping.pairing_spec(pairing)
    new = mapping.amended_spec(old, changes)
    if new == old:
        return pairing
    lock_units(session, [new.unit_id])
    unit = session.get(Unit, new.unit_id, populate_existing=True)
    volunteers, grids = _validate(session, new, unit, today, previous=old)
    rows = _scheduled(session, order_id)
    diff = diff_plans([mapping.shift_plan(r) for r in rows.values()], plan_shifts(new, grids),
                      from_day=today, begun=_begun(session, rows, now, tz))
    events = Events(outbox)
    cancel_shifts(session, events, [rows[p.key] for p in diff.removed])
    touched = diff.added + diff.changed
    refs = {p.key: mapping.plan_ref(p, new) for p in touched}
    schedule_shifts(session, events, new, touched, {})
    staff = load_staffing(session, new.unit_id, [p.slot.day for p in touched], volunteers)
    result = assign(touched, staff.volunteers, staff.bookings, staff.rotation,
                    unit_id=new.unit_id, declined=declined_on(session, refs))
    apply_assignment(session, events, refs, result)
    for name, value in mapping.spec_columns(new).items():
        setattr(pairing, name, value)
    pairing.version += 1
    session.flush()
    events.add("pairing_amended", {
        **_payload(pairing, totals(session, order_id)), "cause": cause,
        "shifts_added": len(diff.added), "shifts_changed": len(diff.changed),
        "shifts_cancelled": len(diff.removed)}, order_id, first=True)
    events.write(session)
    return pairing


def cancel_order(session: Session, outbox: Outbox, order_id: str, cause: str, *,
                 now: datetime, tz: tzinfo) -> Pairing:
    """Call off the pairing's shifts that have not begun; a shift under way or over keeps
    its people and attendance (today's afternoon shift is called off in the morning, not
    at three in the afternoon)."""
    pairing = order_by_id(session, order_id, lock=True)
    if pairing.status == CANCELLED:
        return pairing
    # as amend_order: the unit before its shifts (lock order in refills.py), or a refill
    # of the unit locking the same shifts in another order could deadlock with this
    lock_units(session, [pairing.unit_id])
    rows = _scheduled(session, order_id)
    diff = diff_plans([mapping.shift_plan(r) for r in rows.values()], [],
                      from_day=mapping.local_day(now, tz), begun=_begun(session, rows, now, tz))
    events = Events(outbox)
    cancel_shifts(session, events, [rows[p.key] for p in diff.removed])
    pairing.status, pairing.cancelled_at = CANCELLED, datetime.now(UTC)
    pairing.version += 1
    session.flush()
    events.add("pairing_cancelled", {
        "order_id": order_id, "unit_id": pairing.unit_id,
        "community_code": pairing.community_code, "shifts_cancelled": len(diff.removed),
        "version": pairing.version, "cause": cause}, order_id, first=True)
    events.write(session)
    return pairing


def _begun(session: Session, rows: dict[str, Shift], now: datetime, tz: tzinfo
           ) -> Callable[[ShiftPlan], bool]:
    """Whether a shift is under way or over: its start time has passed, or someone has
    already checked in on it (people arrive early)."""
    today = mapping.local_day(now, tz)
    todays = [key for key, row in rows.items() if row.day == today]
    checked_in = set(session.execute(
        select(Attendance.shift_key).where(Attendance.shift_key.in_(todays))).scalars()
    ) if todays else set()
    return lambda plan: shift_start(plan.slot, tz) <= now or plan.key in checked_in


def _scheduled(session: Session, order_id: str) -> dict[str, Shift]:
    """The order's scheduled shifts, locked (the caller holds their unit's lock) FOR NO
    KEY UPDATE: a check-in or booking written on one meanwhile takes KEY SHARE on it,
    and with FOR UPDATE an amendment waiting on that consumer's batch, while the batch
    waited for the unit, was a deadlock."""
    return {row.key: row for row in session.execute(
        select(Shift).where(Shift.pairing_id == order_id, Shift.status == SCHEDULED)
        .order_by(Shift.key).with_for_update(key_share=True)
        .execution_options(populate_existing=True)).scalars()}
