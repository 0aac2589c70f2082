"""Who can take a slot: availability, weekly limits and existing bookings.

The bookings are indexed by (volunteer, day, half) and by (volunteer, ISO week) so each
check is a couple of dictionary look-ups, whatever the number of pairings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from services.dispatch.domain.model import Booking, Slot, Volunteer

WEEKDAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
                 "Sundays")
HALF_NAMES = {"am": "mornings", "pm": "afternoons"}


class BookingIndex:
    """Bookings across all pairings, for clash and weekly-limit checks."""

    def __init__(self, bookings: Iterable[Booking] = ()) -> None:
        self._taken: dict[tuple[str, object, str], str] = {}   # (vid, day, half) → shift
        self._week: Counter[tuple[str, tuple[int, int]]] = Counter()
        self._on_shift: dict[str, list[str]] = defaultdict(list)
        self._count: Counter[str] = Counter()
        for booking in bookings:
            self.add(booking)

    def add(self, booking: Booking) -> None:
        vid, slot = booking.volunteer_id, booking.slot
        for half in slot.halves:
            self._taken[(vid, slot.day, half)] = booking.shift_key
        self._week[(vid, slot.week)] += 1
        self._on_shift[booking.shift_key].append(vid)
        self._count[vid] += 1

    def remove(self, booking: Booking) -> None:
        vid, slot = booking.volunteer_id, booking.slot
        for half in slot.halves:
            if self._taken.get((vid, slot.day, half)) == booking.shift_key:
                del self._taken[(vid, slot.day, half)]
        self._week[(vid, slot.week)] -= 1
        self._on_shift[booking.shift_key].remove(vid)
        self._count[vid] -= 1

    def clash(self, volunteer_id: str, slot: Slot) -> str | None:
        """The shift this volunteer is already booked on at an overlapping time, if any."""
        for half in slot.halves:
            key = self._taken.get((volunteer_id, slot.day, half))
            if key is not None:
                return key
        return None

    def in_week(self, volunteer_id: str, slot: Slot) -> int:
        return self._week[(volunteer_id, slot.week)]

    def on_shift(self, shift_key: str) -> list[str]:
        return list(self._on_shift.get(shift_key, ()))

    def counts(self) -> Counter[str]:
        """Shifts per volunteer: the default rotation counts."""
        return Counter(self._count)


def why_not(volunteer: Volunteer, slot: Slot, index: BookingIndex, *,
            unit_id: str | None = None) -> str | None:
    """Why this volunteer cannot take this slot, or None when they can.

    The hard rules: active, of the order's unit (when given), available that weekday and
    every half the slot takes (a 'day' slot needs both), not in a blackout day, below the
    weekly limit counting bookings of all pairings, and not already booked at that time.
    """
    if not volunteer.active:
        return "is not active"
    if unit_id is not None and volunteer.unit_id != unit_id:
        return f"belongs to unit {volunteer.unit_id}, not {unit_id}"
    weekday = slot.day.weekday()
    if weekday not in volunteer.weekdays:
        return f"is not available on {WEEKDAY_NAMES[weekday]}"
    for half in slot.halves:
        if half not in volunteer.halves:
            return f"is not available in the {HALF_NAMES[half]}"
    if slot.day in volunteer.blackout:
        return f"is unavailable on {slot.day}"
    clash = index.clash(volunteer.id, slot)
    if clash is not None:
        return f"is already booked at that time (shift {clash})"
    booked = index.in_week(volunteer.id, slot)
    if booked >= volunteer.weekly_limit:
        year, week = slot.week
        return (f"has reached the weekly limit of {volunteer.weekly_limit} shift(s) "
                f"in {year}-W{week:02d}")
    return None
