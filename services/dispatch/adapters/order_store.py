"""An order's reads and writes in SQL (use_cases/stores.OrderStore): its pairing, unit,
community and shifts, besides staffing's (SqlStaffing). Shifts are written and called
off in one statement each, whatever their number."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.dispatch.adapters.areas import community_grids
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import (
    ASSIGNED,
    CANCELLED,
    SCHEDULED,
    Attendance,
    Booking,
    Community,
    OrderChange,
    Pairing,
    Shift,
    Site,
    Unit,
)
from services.dispatch.adapters.staffing_store import SqlStaffing


def order_totals(session: Session, order_id: str) -> dict:
    count, promised, missing = session.execute(
        select(func.count(), func.coalesce(func.sum(Shift.head_count), 0),
               func.coalesce(func.sum(Shift.missing), 0))
        .where(Shift.pairing_id == order_id, Shift.status == SCHEDULED)).one()
    return {"shifts": count, "promised": promised, "assigned": promised - missing,
            "missing": missing}


class SqlOrders(SqlStaffing):
    def lock_units(self, unit_ids: Iterable[str]) -> set[str]:
        return lock_units(self.session, unit_ids)

    def unit(self, unit_id: str) -> Unit | None:
        return self.session.get(Unit, unit_id, populate_existing=True)

    def community(self, code: str) -> Community | None:
        return self.session.get(Community, code)

    def community_grids(self, code: str) -> list[str]:
        return community_grids(self.session, code)

    def community_sites(self, code: str) -> list[str]:
        return list(self.session.execute(
            select(Site.code).where(Site.community_code == code).order_by(Site.code)
        ).scalars())

    def order(self, order_id: str, *, lock: bool = False) -> Pairing | None:
        """``lock``: FOR NO KEY UPDATE, before its unit (adapters/locks.py), as every
        dispatch lock, so it never excludes the KEY SHARE of a row referring to it."""
        if not lock:
            return self.session.get(Pairing, order_id)
        return self.session.execute(select(Pairing).where(Pairing.id == order_id)
                                    .with_for_update(key_share=True)).scalar_one_or_none()

    def add_order(self, pairing: Pairing) -> None:
        self.session.add(pairing)
        self.session.flush()

    def record_change(self, change: OrderChange) -> None:
        self.session.add(change)
        self.session.flush()

    def save(self) -> None:
        self.session.flush()

    def scheduled_shifts(self, order_id: str) -> dict[str, Shift]:
        """FOR NO KEY UPDATE: a check-in or booking written on one meanwhile takes KEY
        SHARE on it, and with FOR UPDATE an amendment waiting on that consumer's batch,
        while the batch waited for the unit, was a deadlock."""
        return {row.key: row for row in self.session.execute(
            select(Shift).where(Shift.pairing_id == order_id, Shift.status == SCHEDULED)
            .order_by(Shift.key).with_for_update(key_share=True)
            .execution_options(populate_existing=True)).scalars()}

    def checked_in(self, shift_keys: list[str]) -> set[str]:
        if not shift_keys:
            return set()
        return set(self.session.execute(
            select(Attendance.shift_key).where(Attendance.shift_key.in_(shift_keys))
        ).scalars())

    def write_shifts(self, rows: list[dict], *, insert_only: bool) -> dict[str, int]:
        if not rows:
            return {}
        table = Shift.__table__
        stmt = insert(table)
        if insert_only:
            self.session.connection().execute(stmt, rows)
            return dict.fromkeys((r["key"] for r in rows), 1)
        stmt = stmt.on_conflict_do_update(index_elements=[table.c.key], set_={
            "head_count": stmt.excluded.head_count, "task_kinds": stmt.excluded.task_kinds,
            "status": SCHEDULED, "version": table.c.version + 1})
        return dict(self.session.connection().execute(
            stmt.returning(table.c.key, table.c.version, sort_by_parameter_order=True),
            rows).all())

    def cancel_shifts(self, keys: list[str]) -> list[tuple[str, str]]:
        if not keys:
            return []
        table, bookings = Shift.__table__, Booking.__table__
        self.session.connection().execute(
            update(table).where(table.c.key.in_(keys))
            .values(status=CANCELLED, missing=0, version=table.c.version + 1))
        return [tuple(row) for row in self.session.execute(
            update(bookings)
            .where(bookings.c.shift_key.in_(keys), bookings.c.status == ASSIGNED)
            .values(status=CANCELLED, changed_at=func.now())
            .returning(bookings.c.shift_key, bookings.c.volunteer_id)).all()]

    def totals(self, order_id: str) -> dict:
        return order_totals(self.session, order_id)
