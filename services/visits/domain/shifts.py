"""Dispatch's shifts as visits' rules read them: which shifts carry door-to-door visits,
and whether a volunteer was on one at a given moment. Plain Python over whatever holds a
shift's or a booking's fields (an ORM object, a result row, a test's stand-in)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

# dispatch bookings as visits knows them
ASSIGNED, UNASSIGNED = "assigned", "unassigned"
SCHEDULED, CANCELLED = "scheduled", "cancelled"
DOOR_TO_DOOR = "door_to_door"


class ShiftFacts(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def task_kinds(self) -> list[str] | None: ...


class BookingFacts(Protocol):
    """A (shift, volunteer) row: assigned, or taken off at ``unassigned_at``."""

    @property
    def status(self) -> str: ...
    @property
    def unassigned_at(self) -> datetime | None: ...


def is_door_to_door(shift: ShiftFacts) -> bool:
    return shift.status == SCHEDULED and DOOR_TO_DOOR in (shift.task_kinds or ())


def was_on_shift(booking: BookingFacts | None, at: datetime) -> bool:
    """Was the volunteer on the shift at that moment? (assigned, or taken off later)"""
    if booking is None:
        return False
    if booking.status == ASSIGNED:
        return True
    return booking.unassigned_at is not None and at < booking.unassigned_at
