"""Which of a volunteer's bookings they can no longer keep after their record changed:
deactivated, moved to another unit, fewer weekdays or halves, blackout dates, a lower
weekly limit. Plain Python over the domain's values.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from services.dispatch.domain.availability import BookingIndex, why_not
from services.dispatch.domain.model import Booking, Volunteer


def withdrawals(volunteer: Volunteer, bookings: Iterable[Booking],
                shift_units: Mapping[str, str], open_shifts: Collection[str]
                ) -> list[tuple[Booking, str]]:
    """The volunteer's bookings on ``open_shifts`` that break the rules now, with why.

    ``bookings`` are the volunteer's bookings in the weeks concerned, including shifts
    already under way or over: those are history, never withdrawn, but they still count
    against the weekly limit. Open bookings are re-checked in time order as if booked
    afresh, so a lowered weekly limit keeps the earliest shifts of each week and
    withdraws the later ones. ``shift_units`` maps a shift key to the unit it belongs to
    (a volunteer moved to another unit leaves the old unit's shifts).
    """
    mine = [b for b in bookings if b.volunteer_id == volunteer.id]
    index = BookingIndex(b for b in mine if b.shift_key not in open_shifts)
    gone: list[tuple[Booking, str]] = []
    for booking in sorted((b for b in mine if b.shift_key in open_shifts),
                          key=lambda b: (b.slot.sort_key(), b.shift_key)):
        reason = why_not(volunteer, booking.slot, index,
                         unit_id=shift_units.get(booking.shift_key))
        if reason is None:
            index.add(booking)
        else:
            gone.append((booking, reason))
    return gone
