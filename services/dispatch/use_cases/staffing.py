"""Feeding the domain's assignment rules from the database, and writing back what they
decided: bookings, released people, missing counts, and the events that say so.

The caller holds the unit's row lock (FOR NO KEY UPDATE, refills.lock_units), so two
orders, amendments or declines of the same unit never staff from the same stale bookings:
no double booking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, func, select, text, tuple_, update
from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.outbox import Outbox
from services.dispatch.adapters import mapping
from services.dispatch.adapters.models import ASSIGNED, DECLINED, RELEASED, Shift
from services.dispatch.adapters.models import Booking as BookingRow
from services.dispatch.adapters.models import Volunteer as VolunteerRow
from services.dispatch.domain import Assignment, Booking, Volunteer


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
    rows = session.execute(select(VolunteerRow).where(VolunteerRow.unit_id == unit_id)
                           .order_by(VolunteerRow.id)).scalars()
    return [mapping.volunteer(row) for row in rows]


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


# One statement for any number of bookings: the rows travel as four arrays. A plain
# executemany of this upsert costs one round trip per row (SQLAlchemy does not batch
# upserts without RETURNING), i.e. 19,200 on a large order.
_BOOK = text(f"""
    insert into bookings (shift_key, volunteer_id, day, half, status)
    select k, v, d, h, '{ASSIGNED}' from unnest(
        cast(:keys as text[]), cast(:volunteers as text[]), cast(:days as date[]),
        cast(:halves as text[])) as u(k, v, d, h)
    on conflict (shift_key, volunteer_id)
    do update set status = '{ASSIGNED}', changed_at = now(), no_show_at = null""")


def book(session: Session, bookings: Iterable[Booking]) -> None:
    """Put people on shifts; a booking released or cancelled earlier comes back."""
    bookings = list(bookings)
    if bookings:
        session.connection().execute(_BOOK, {
            "keys": [b.shift_key for b in bookings],
            "volunteers": [b.volunteer_id for b in bookings],
            "days": [b.slot.day for b in bookings], "halves": [b.slot.half for b in bookings]})


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


def shortfalls(session: Session, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Shift key → (head-count, missing) as stored now."""
    keys = list(keys)
    if not keys:
        return {}
    return {key: (head_count, missing) for key, head_count, missing in session.execute(
        select(Shift.key, Shift.head_count, Shift.missing).where(Shift.key.in_(keys)))}


def announce_staffed(events: Events, refs: dict[str, dict],
                     before: dict[str, tuple[int, int]], missing: dict[str, int]) -> None:
    """shift_staffed for each shift that was short before and is full now, so downstream
    clears its understaffed flag. ``before`` is shortfalls() read before the change."""
    for key, count in missing.items():
        head_count, was = before.get(key, (0, 0))
        if was > 0 and count == 0:
            events.add("shift_staffed", {**refs[key], "head_count": head_count,
                                         "assigned": head_count}, key)


def apply_assignment(session: Session, events: Events, refs: dict[str, dict],
                     result: Assignment, *, update_missing: bool = True,
                     replaces: dict[str, str] | None = None) -> None:
    """Write what `assign` decided for the shifts in ``refs`` (shift key → shift event
    fields) and queue its events: volunteer_unassigned for people released by a lower
    head-count, volunteer_assigned per new booking (``replaces``: shift key → the person
    who left it), shift_understaffed per short shift, shift_staffed per shift short
    before and full now. ``update_missing`` false: the caller inserted the shifts with
    their counts already (new shifts: nothing was short before)."""
    before: dict[str, tuple[int, int]] = {}
    missing = missing_of(refs, result)
    if update_missing:
        before = shortfalls(session, refs)
        set_missing(session, missing)
    set_status(session, [(b.shift_key, b.volunteer_id) for b in result.released], RELEASED)
    for b in result.released:
        events.add("volunteer_unassigned", {**refs[b.shift_key], "volunteer_id": b.volunteer_id,
                                            "reason": "head_count_reduced"}, b.shift_key)
    book(session, result.bookings_added)
    replaces = replaces or {}
    for b in result.bookings_added:
        events.add("volunteer_assigned", {**refs[b.shift_key], "volunteer_id": b.volunteer_id,
                                          "replaces": replaces.get(b.shift_key)}, b.shift_key)
    for key, short in result.understaffed.items():
        if key in refs:
            on_it = len(result.assigned[key])
            events.add("shift_understaffed", {**refs[key], "head_count": on_it + short,
                                              "assigned": on_it, "missing": short}, key)
    announce_staffed(events, refs, before, missing)
