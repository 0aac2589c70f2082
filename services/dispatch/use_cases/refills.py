"""Staffing again shifts that lost people or never got enough: only those shifts re-run
(the domain's assign keeps whoever is on them and fills the empty seats)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy import select

from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters import mapping
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import SCHEDULED, Shift
from services.dispatch.adapters.staffing_store import SqlStaffing
from services.dispatch.domain import Assignment, assign, shift_start
from services.dispatch.use_cases.staffing import apply_assignment


def restaff(uow: UnitOfWork, unit_id: str, rows: list[Shift], *,
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
    store = SqlStaffing(uow.session)
    refs = {r.key: mapping.shift_ref(r) for r in rows}
    staff = store.load_staffing(unit_id, [r.day for r in rows])
    declined = store.declined_on(refs)
    for key, people in (exclude or {}).items():
        declined.setdefault(key, set()).update(people)
    result = assign([mapping.shift_plan(r) for r in rows], staff.volunteers, staff.bookings,
                    staff.rotation, unit_id=unit_id, declined=declined)
    if only_gains:
        gained = {b.shift_key for b in result.bookings_added}
        refs = {key: ref for key, ref in refs.items() if key in gained}
    apply_assignment(store, uow.events, refs, result, replaces=replaces)
    return result


def refill_understaffed(uow: UnitOfWork, unit_id: str, *, now: datetime, tz: tzinfo) -> int:
    """Re-run assignment for the unit's short shifts that have not begun (someone joined,
    came back or became available). → seats filled."""
    lock_units(uow.session, [unit_id])
    today = mapping.local_day(now, tz)
    rows = [r for r in uow.session.execute(
        select(Shift).where(Shift.unit_id == unit_id, Shift.status == SCHEDULED,
                            Shift.missing > 0, Shift.day >= today)
        .order_by(Shift.day, Shift.half, Shift.key).with_for_update(key_share=True)).scalars()
        if shift_start(mapping.shift_plan(r).slot, tz) > now]
    result = restaff(uow, unit_id, rows, only_gains=True)
    return len(result.bookings_added) if result else 0
