"""Staffing again shifts that lost people or never got enough: only those shifts re-run
(the domain's assign keeps whoever is on them and fills the empty seats)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.dispatch.adapters import mapping
from services.dispatch.adapters.models import SCHEDULED, Shift, Unit
from services.dispatch.domain import Assignment, assign, shift_start
from services.dispatch.use_cases.staffing import (
    Events,
    apply_assignment,
    declined_on,
    load_staffing,
)


def lock_units(session: Session, unit_ids: Iterable[str]) -> set[str]:
    """Staffing of one unit runs one use case at a time (see staffing). → the ids found.

    Dispatch's one lock order, which keeps its use cases from waiting on each other: the
    units first, all those the use case may touch, in id order, before any row that
    refers to them is written; then the person; then the unit's shifts and bookings, only
    ever locked under their unit's lock (an order's amendment or cancellation locks the
    order's row before its unit; nothing else locks an order). Every lock is FOR NO KEY
    UPDATE (shifts.shift_by_key, orders included): they exclude the other staffing use
    cases, not the KEY SHARE a foreign key takes when a row referring to the locked one
    is written (a volunteer of the unit, a check-in on the shift), since a consumer's
    batch holds those KEY SHAREs while a later message of it waits for a unit's lock.
    """
    found = set()
    for unit_id in sorted(set(unit_ids)):
        if session.execute(select(Unit.id).where(Unit.id == unit_id)
                           .with_for_update(key_share=True)).first() is not None:
            found.add(unit_id)
    return found


def restaff(session: Session, events: Events, unit_id: str, rows: list[Shift], *,
            exclude: dict[str, set[str]] | None = None,
            replaces: dict[str, str] | None = None, only_gains: bool = False
            ) -> Assignment | None:
    """Fill the empty seats of these shifts of one unit (the caller holds its lock).

    ``exclude``: shift key → people not to put back on it (besides those who declined
    it). ``replaces``: shift key → the person whose seat is filled, for the events.
    ``only_gains``: write and announce only the shifts that gained someone (a refill
    that finds nobody for a shift says nothing new about it).
    """
    if not rows:
        return None
    refs = {r.key: mapping.shift_ref(r) for r in rows}
    staff = load_staffing(session, unit_id, [r.day for r in rows])
    declined = declined_on(session, refs)
    for key, people in (exclude or {}).items():
        declined.setdefault(key, set()).update(people)
    result = assign([mapping.shift_plan(r) for r in rows], staff.volunteers, staff.bookings,
                    staff.rotation, unit_id=unit_id, declined=declined)
    if only_gains:
        gained = {b.shift_key for b in result.bookings_added}
        refs = {key: ref for key, ref in refs.items() if key in gained}
    apply_assignment(session, events, refs, result, replaces=replaces)
    return result


def refill_understaffed(session: Session, events: Events, unit_id: str, *,
                        now: datetime, tz: tzinfo) -> int:
    """Re-run assignment for the unit's short shifts that have not begun (someone joined,
    came back or became available). → seats filled."""
    lock_units(session, [unit_id])
    today = mapping.local_day(now, tz)
    rows = [r for r in session.execute(
        select(Shift).where(Shift.unit_id == unit_id, Shift.status == SCHEDULED,
                            Shift.missing > 0, Shift.day >= today)
        .order_by(Shift.day, Shift.half, Shift.key).with_for_update(key_share=True)).scalars()
        if shift_start(mapping.shift_plan(r).slot, tz) > now]
    result = restaff(session, events, unit_id, rows, only_gains=True)
    return len(result.bookings_added) if result else 0
