"""Feeding the domain's assignment rules from the database, and writing back what they
decided: bookings, released people, missing counts, and the events that say so.

The caller holds the unit's row lock (FOR UPDATE), so two orders, amendments or declines
of the same unit never staff from the same stale bookings: no double booking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.outbox import Outbox

from . import mapping
from .domain import Assignment, Booking, Volunteer
from .models import ASSIGNED, DECLINED, RELEASED, Shift
from .models import Booking as BookingRow
from .models import Volunteer as VolunteerRow
from .people import unit_volunteers


@dataclass
class Staffing:
    """What the assignment rules need for one unit: its volunteers, the bookings near the
    shifts (every pairing), and shifts so far per volunteer (the rotation counts)."""

    volunteers: list[Volunteer]
    bookings: list[Booking] = field(default_factory=list)
    rotation: dict[str, int] = field(default_factory=dict)


class Events:
    """Events of one use case, written to the outbox together at the end."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self.envelopes: list[Envelope] = []

    def add(self, name: str, data: dict, subject: str | None = None, *,
            first: bool = False) -> None:
        envelope = self.outbox.envelope(name, data, subject=subject)
        if first:  # the summary of a use case goes out before its details
            self.envelopes.insert(0, envelope)
        else:
            self.envelopes.append(envelope)

    def write(self, session: Session) -> None:
        self.outbox.add_envelopes(session, self.envelopes)
        self.envelopes = []


def unit_staff(session: Session, unit_id: str) -> list[Volunteer]:
    return [mapping.volunteer(row) for row in unit_volunteers(session, unit_id)]


def load_staffing(session: Session, unit_id: str, days: Iterable[date],
                  volunteers: list[Volunteer] | None = None) -> Staffing:
    staff = Staffing(volunteers if volunteers is not None else unit_staff(session, unit_id))
    days = list(days)
    mine = select(VolunteerRow.id).where(VolunteerRow.unit_id == unit_id)
    if days:
        first, last = mapping.week_window(days)
        rows = session.execute(
            select(BookingRow.volunteer_id, BookingRow.day, BookingRow.half,
                   BookingRow.shift_key)
            .where(BookingRow.volunteer_id.in_(mine), BookingRow.status == ASSIGNED,
                   BookingRow.day.between(first, last)))
        staff.bookings = [Booking(r.volunteer_id, mapping.Slot(r.day, r.half), r.shift_key)
                          for r in rows]
    staff.rotation = dict(session.execute(
        select(BookingRow.volunteer_id, func.count())
        .where(BookingRow.volunteer_id.in_(mine), BookingRow.status == ASSIGNED)
        .group_by(BookingRow.volunteer_id)).all())
    return staff


def declined_on(session: Session, shift_keys: Iterable[str]) -> dict[str, set[str]]:
    """Shift key → people who declined it: they are not asked again."""
    keys = list(shift_keys)
    out: dict[str, set[str]] = {}
    if not keys:
        return out
    for key, vid in session.execute(
            select(BookingRow.shift_key, BookingRow.volunteer_id)
            .where(BookingRow.shift_key.in_(keys), BookingRow.status == DECLINED)):
        out.setdefault(key, set()).add(vid)
    return out


def book(session: Session, bookings: Iterable[Booking]) -> None:
    """Put people on shifts; a booking released or cancelled earlier comes back."""
    rows = [{"shift_key": b.shift_key, "volunteer_id": b.volunteer_id, "day": b.slot.day,
             "half": b.slot.half, "status": ASSIGNED} for b in bookings]
    if not rows:
        return
    table = BookingRow.__table__
    session.connection().execute(insert(table).on_conflict_do_update(
        index_elements=[table.c.shift_key, table.c.volunteer_id],
        set_={"status": ASSIGNED, "changed_at": func.now(), "no_show_at": None}), rows)


def set_status(session: Session, pairs: Iterable[tuple[str, str]], status: str) -> None:
    """Change the status of (shift key, volunteer id) bookings."""
    pairs = list(pairs)
    if pairs:
        table = BookingRow.__table__
        session.connection().execute(
            update(table).where(tuple_(table.c.shift_key, table.c.volunteer_id).in_(pairs))
            .values(status=status, changed_at=func.now()))


def set_missing(session: Session, missing: dict[str, int]) -> None:
    if missing:
        table = Shift.__table__
        session.connection().execute(
            update(table).where(table.c.key == bindparam("k")).values(missing=bindparam("m")),
            [{"k": key, "m": count} for key, count in missing.items()])


def missing_of(refs: dict[str, dict], result: Assignment) -> dict[str, int]:
    """Shift key → people still missing, for every shift in ``refs``."""
    return {key: result.understaffed.get(key, 0) for key in refs}


def apply_assignment(session: Session, events: Events, refs: dict[str, dict],
                     result: Assignment, *, update_missing: bool = True) -> None:
    """Write what `assign` decided for the shifts in ``refs`` (shift key → shift event
    fields) and queue its events: volunteer_unassigned for people released by a lower
    head-count, volunteer_assigned per new booking, shift_understaffed per short shift.
    ``update_missing`` false: the caller inserted the shifts with their counts already."""
    if update_missing:
        set_missing(session, missing_of(refs, result))
    set_status(session, [(b.shift_key, b.volunteer_id) for b in result.released], RELEASED)
    for b in result.released:
        events.add("volunteer_unassigned", {**refs[b.shift_key], "volunteer_id": b.volunteer_id,
                                            "reason": "head_count_reduced"}, b.shift_key)
    book(session, result.bookings_added)
    for b in result.bookings_added:
        events.add("volunteer_assigned", {**refs[b.shift_key], "volunteer_id": b.volunteer_id,
                                          "replaces": None}, b.shift_key)
    for key, short in result.understaffed.items():
        if key in refs:
            on_it = len(result.assigned[key])
            events.add("shift_understaffed", {**refs[key], "head_count": on_it + short,
                                              "assigned": on_it, "missing": short}, key)
