"""Dispatch's one lock order, which keeps its use cases from waiting on each other."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.dispatch.adapters.models import Unit


def lock_units(session: Session, unit_ids: Iterable[str]) -> set[str]:
    """Staffing of one unit runs one use case at a time (use_cases/staffing.py).
    → the ids found.

    The lock order: the units first, all those the use case may touch, in id order,
    before any row that refers to them is written; then the person; then the unit's
    shifts and bookings, only ever locked under their unit's lock (an order's amendment
    or cancellation locks the order's row before its unit; nothing else locks an order).
    Every lock is FOR NO KEY UPDATE (shifts.shift_by_key, orders included): they exclude
    the other staffing use cases, not the KEY SHARE a foreign key takes when a row
    referring to the locked one is written (a volunteer of the unit, a check-in on the
    shift), since a consumer's batch holds those KEY SHAREs while a later message of it
    waits for a unit's lock.
    """
    found = set()
    for unit_id in sorted(set(unit_ids)):
        if session.execute(select(Unit.id).where(Unit.id == unit_id)
                           .with_for_update(key_share=True)).first() is not None:
            found.add(unit_id)
    return found
