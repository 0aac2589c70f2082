"""A volunteer who can no longer go (deactivated, moved to another unit, blackout dates,
fewer weekdays or halves, a lower weekly limit) leaves the shifts that have not begun, and
only those shifts are staffed again: a replacement, or the shift is flagged understaffed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters import mapping
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import ASSIGNED, RELEASED, SCHEDULED, Shift
from services.dispatch.adapters.models import Booking as BookingRow
from services.dispatch.adapters.models import Volunteer as VolunteerRow
from services.dispatch.adapters.staffing_store import SqlStaffing
from services.dispatch.domain import Booking, shift_start, withdrawals
from services.dispatch.use_cases.refills import restaff

# the volunteer fields whose change can make a booking break the rules
AVAILABILITY_FIELDS = frozenset({"active", "unit_id", "weekdays", "halves", "blackout",
                                 "weekly_limit"})


def _monday(now: datetime, tz: tzinfo):
    # from this week's Monday: shifts already done this week count against the limit
    today = mapping.local_day(now, tz)
    return today - timedelta(days=today.weekday())


def _bookings(volunteer_id: str, now: datetime, tz: tzinfo, *columns) -> Select:
    """``columns`` of the volunteer's bookings from this week's Monday with their shifts:
    one query for both booked_units and withdraw_unavailable, so the units a change
    locks first are those of the bookings it may then take the volunteer off."""
    return (select(*columns).select_from(BookingRow)
            .join(Shift, Shift.key == BookingRow.shift_key)
            .where(BookingRow.volunteer_id == volunteer_id, BookingRow.status == ASSIGNED,
                   BookingRow.day >= _monday(now, tz)))


def booked_units(session: Session, volunteer_id: str, now: datetime, tz: tzinfo) -> set[str]:
    """The units whose shifts withdraw_unavailable may take the volunteer off: a change
    locks them before the person (lock order in adapters/locks.py)."""
    return set(session.execute(
        _bookings(volunteer_id, now, tz, Shift.unit_id).distinct()).scalars())


def withdraw_unavailable(uow: UnitOfWork, row: VolunteerRow, *, now: datetime, tz: tzinfo
                         ) -> int:
    """Take the volunteer off the shifts they may no longer do. → bookings withdrawn."""
    session = uow.session
    query = _bookings(row.id, now, tz, BookingRow.shift_key, BookingRow.day, BookingRow.half,
                      Shift)
    found = session.execute(query).all()
    if not found:
        return 0
    lock_units(session, {shift.unit_id for *_, shift in found} | {row.unit_id})
    found = session.execute(query.with_for_update(of=Shift, key_share=True)).all()
    shifts = {shift.key: shift for *_, shift in found}
    bookings = [Booking(row.id, mapping.Slot(day, half), key) for key, day, half, _ in found]
    open_keys = {key for key, shift in shifts.items() if shift.status == SCHEDULED
                 and shift_start(mapping.shift_plan(shift).slot, tz) > now}
    gone = withdrawals(mapping.volunteer(row), bookings,
                       {key: shift.unit_id for key, shift in shifts.items()}, open_keys)
    if not gone:
        return 0
    SqlStaffing(session).set_status([(b.shift_key, row.id) for b, _ in gone], RELEASED)
    by_unit: dict[str, list[Shift]] = defaultdict(list)
    for booking, _reason in gone:
        shift = shifts[booking.shift_key]
        by_unit[shift.unit_id].append(shift)
        uow.events.add("volunteer_unassigned", {
            **mapping.shift_ref(shift), "volunteer_id": row.id,
            "reason": "volunteer_unavailable"}, shift.key)
    for unit_id, rows in sorted(by_unit.items()):
        keys = [r.key for r in rows]
        restaff(uow, unit_id, rows, exclude={k: {row.id} for k in keys},
                replaces=dict.fromkeys(keys, row.id))
    return len(gone)
