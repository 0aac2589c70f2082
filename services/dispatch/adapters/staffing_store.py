"""Staffing's reads and writes in SQL (use_cases/stores.StaffingStore): a few set-based
statements per use case, however many shifts and people it touches (bench `dispatch`
places large orders through them)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import bindparam, func, select, text, tuple_, update
from sqlalchemy.orm import Session

from services.dispatch.adapters import mapping
from services.dispatch.adapters.models import ASSIGNED, DECLINED, Shift
from services.dispatch.adapters.models import Booking as BookingRow
from services.dispatch.adapters.models import Volunteer as VolunteerRow
from services.dispatch.domain import Booking, Staffing, Volunteer

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


class SqlStaffing:
    def __init__(self, session: Session) -> None:
        self.session = session

    def unit_staff(self, unit_id: str) -> list[Volunteer]:
        rows = self.session.execute(select(VolunteerRow).where(VolunteerRow.unit_id == unit_id)
                                    .order_by(VolunteerRow.id)).scalars()
        return [mapping.volunteer(row) for row in rows]

    def load_staffing(self, unit_id: str, days: Iterable[date],
                      volunteers: list[Volunteer] | None = None) -> Staffing:
        staff = Staffing(volunteers if volunteers is not None else self.unit_staff(unit_id))
        days = list(days)
        mine = select(VolunteerRow.id).where(VolunteerRow.unit_id == unit_id)
        if days:
            first, last = mapping.week_window(days)
            rows = self.session.execute(
                select(BookingRow.volunteer_id, BookingRow.day, BookingRow.half,
                       BookingRow.shift_key)
                .where(BookingRow.volunteer_id.in_(mine), BookingRow.status == ASSIGNED,
                       BookingRow.day.between(first, last)))
            staff.bookings = [Booking(r.volunteer_id, mapping.Slot(r.day, r.half),
                                      r.shift_key) for r in rows]
        staff.rotation = dict(self.session.execute(
            select(BookingRow.volunteer_id, func.count())
            .where(BookingRow.volunteer_id.in_(mine), BookingRow.status == ASSIGNED)
            .group_by(BookingRow.volunteer_id)).all())
        return staff

    def declined_on(self, shift_keys: Iterable[str]) -> dict[str, set[str]]:
        keys = list(shift_keys)
        out: dict[str, set[str]] = {}
        if not keys:
            return out
        for key, vid in self.session.execute(
                select(BookingRow.shift_key, BookingRow.volunteer_id)
                .where(BookingRow.shift_key.in_(keys), BookingRow.status == DECLINED)):
            out.setdefault(key, set()).add(vid)
        return out

    def shortfalls(self, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
        keys = list(keys)
        if not keys:
            return {}
        return {key: (head_count, missing) for key, head_count, missing in self.session.execute(
            select(Shift.key, Shift.head_count, Shift.missing).where(Shift.key.in_(keys)))}

    def book(self, bookings: Iterable[Booking]) -> None:
        bookings = list(bookings)
        if bookings:
            self.session.connection().execute(_BOOK, {
                "keys": [b.shift_key for b in bookings],
                "volunteers": [b.volunteer_id for b in bookings],
                "days": [b.slot.day for b in bookings],
                "halves": [b.slot.half for b in bookings]})

    def set_status(self, pairs: Iterable[tuple[str, str]], status: str) -> None:
        pairs = list(pairs)
        if pairs:
            table = BookingRow.__table__
            self.session.connection().execute(
                update(table).where(tuple_(table.c.shift_key, table.c.volunteer_id).in_(pairs))
                .values(status=status, changed_at=func.now()))

    def set_missing(self, missing: dict[str, int]) -> None:
        if missing:
            table = Shift.__table__
            self.session.connection().execute(
                update(table).where(table.c.key == bindparam("k"))
                .values(missing=bindparam("m")),
                [{"k": key, "m": count} for key, count in missing.items()])
