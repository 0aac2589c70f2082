"""Check-in and check-out (QR/attendance scans), presence shown by visits, and the
no-show sweep. The windows and rules are docs/shifts.md."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from sqlalchemy import exists, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.common.clock import ahead_of
from services.common.db import Database
from services.common.errors import Conflict, refuse_if
from services.common.free_text import mask_identifiers
from services.common.outbox import Outbox
from services.common.slots import (
    AttendanceRules,
    attendance_rules,
    checkin_window,
    checkout_window,
    hhmm,
)
from services.common.unit_of_work import UnitOfWork
from services.common.vocab import PRESENCE_BASES
from services.dispatch.adapters import mapping
from services.dispatch.adapters.models import ASSIGNED, SCHEDULED, Attendance, Booking, Shift
from services.dispatch.domain import no_show_bookings
from services.dispatch.use_cases.people import volunteer_by_id
from services.dispatch.use_cases.shifts import shift_by_key

SWEEP_BATCH = 500
# what made a person present: their scan, a visit they recorded on the shift, or a
# correction by someone entitled to make it
SCAN, VISIT, CORRECTION = PRESENCE_BASES


def scan_problems(kind: str, at: datetime, now: datetime, shift: Shift, tz: tzinfo,
                  rules: AttendanceRules) -> list[tuple[str, str]]:
    """Why a scan time cannot be right for the shift; empty when it can."""
    problems = []
    if ahead_of(at, now):
        problems.append(("at", f"{at.isoformat()} is in the future"))
    window = checkin_window if kind == "in" else checkout_window
    opens, closes = window(shift.day, shift.half, tz, rules)
    local = at.astimezone(tz)
    what = "check-in" if kind == "in" else "check-out"
    hours = f"{shift.day} {hhmm(opens, tz)}–{hhmm(closes, tz)} local"
    if local < opens:
        problems.append(("at", f"{local.isoformat()} is before the {what} window of shift "
                               f"{shift.key} opens ({hours})"))
    elif kind == "in" and local >= closes:
        problems.append(("at", f"{local.isoformat()} is after shift {shift.key} ended "
                               f"({hours}): a check-in after the end is a correction with "
                               f"a reason (POST /shifts/{shift.key}/attendance-corrections)"))
    elif local > closes:
        problems.append(("at", f"{local.isoformat()} is after the {what} window of shift "
                               f"{shift.key} closed ({hours})"))
    return problems


def attendance_view(row: Attendance) -> dict:
    return {"shift_key": row.shift_key, "volunteer_id": row.volunteer_id,
            "checked_in_at": row.checked_in_at, "checked_out_at": row.checked_out_at,
            "booked": row.booked, "basis": row.basis}


def no_show_recorded(session: Session, key: str, volunteer_id: str) -> datetime | None:
    return session.execute(select(Booking.no_show_at).where(
        Booking.shift_key == key, Booking.volunteer_id == volunteer_id)).scalar()


def mark(uow: UnitOfWork, shift: Shift, volunteer_id: str, kind: str, at: datetime,
         source: str, *, basis: str = SCAN, correction_id: int | None = None,
         actor: str | None = None) -> tuple[Attendance, bool]:
    """Write the scan (or presence) and publish it the first time; → (row, first).

    A repeated one keeps the earliest check-in and the latest check-out and publishes
    nothing. A volunteer of the unit who was not booked (stepped in) still counts as
    delivered. A check-in after a recorded no-show says so (`revokes_no_show`)."""
    session, key = uow.session, shift.key
    # a device name is whatever the scanning system sent: kept, and in the event
    source = mask_identifiers(source)[:200]
    booked = session.execute(select(exists().where(
        Booking.shift_key == key, Booking.volunteer_id == volunteer_id,
        Booking.status == ASSIGNED))).scalar_one()
    column = "checked_in_at" if kind == "in" else "checked_out_at"
    extra = {"basis": basis} if kind == "in" else {}
    created = session.execute(
        insert(Attendance).values(shift_key=key, volunteer_id=volunteer_id, booked=booked,
                                  source=source[:200], recorded_by=actor, **{column: at},
                                  **extra)
        .on_conflict_do_nothing().returning(Attendance.shift_key)).first()
    # the attendance row only: of the shift, a scan or a visit takes just the KEY SHARE
    # of its insert, which no staffing lock excludes (FOR NO KEY UPDATE, adapters/locks.py), so
    # it never waits across the lock order
    row = session.execute(select(Attendance).where(
        Attendance.shift_key == key, Attendance.volunteer_id == volunteer_id)
        .with_for_update(key_share=True)).scalar_one()
    first = created is not None
    if not first:
        current = getattr(row, column)
        if current is None:
            first = True
            row.basis = extra.get("basis", row.basis)
        if current is None or (at < current if kind == "in" else at > current):
            setattr(row, column, at)
            row.recorded_by = actor
            session.flush()
    if first:
        payload = {**mapping.shift_ref(shift), "volunteer_id": volunteer_id, "at": at,
                   "booked": row.booked, "source": source[:200]}
        if kind == "in":
            payload.update(basis=basis, correction_id=correction_id,
                           revokes_no_show=no_show_recorded(session, key, volunteer_id)
                           is not None)
        uow.events.add(f"volunteer_checked_{kind}", payload, key)
    return row, first


def record_scan(uow: UnitOfWork, key: str, volunteer_id: str, kind: str, at: datetime,
                source: str, *, now: datetime, tz: tzinfo,
                rules: AttendanceRules | None = None, actor: str | None = None
                ) -> tuple[dict, bool]:
    """Record a check-in ('in') or check-out ('out') within the shift's windows, by
    `actor` (an account id; None for a scan from an event). → (attendance, first scan of
    kind)."""
    at = at.astimezone(UTC)                  # every timestamp on the wire is UTC
    shift = shift_by_key(uow.session, key)
    volunteer = volunteer_by_id(uow.session, volunteer_id)
    if shift.status != SCHEDULED:
        raise Conflict("shift_key", f"shift {key} is {shift.status}")
    problems = []
    if volunteer.unit_id != shift.unit_id:
        problems.append(("volunteer_id", f"{volunteer_id} belongs to unit {volunteer.unit_id}, "
                                         f"not {shift.unit_id}"))
    refuse_if(problems + scan_problems(kind, at, now, shift, tz,
                                       rules or attendance_rules()))
    # A scan timed inside the window that arrives after the no-show was swept (a device
    # that was offline, or this service catching up with its queue after a restart) is
    # taken: mark() publishes it with revokes_no_show, so the change is in the event
    # history and the figures' history, never silent. A scan timed after the end is
    # refused above and only an audited correction records it.
    row, first = mark(uow, shift, volunteer_id, kind, at, source, actor=actor)
    return attendance_view(row), first


def sweep_once(uow: UnitOfWork, *, now: datetime, tz: tzinfo, limit: int = SWEEP_BATCH
               ) -> tuple[int, int]:
    """Publish volunteer_no_show once per booking whose shift ended without a check-in.
    → (bookings looked at, no-shows published)."""
    session = uow.session
    today = now.astimezone(tz).date()
    present = exists().where(Attendance.shift_key == Booking.shift_key,
                             Attendance.volunteer_id == Booking.volunteer_id,
                             Attendance.checked_in_at.is_not(None))
    rows = session.execute(
        select(Booking, Shift).join(Shift, Shift.key == Booking.shift_key)
        .where(Booking.status == ASSIGNED, Booking.no_show_at.is_(None), Booking.day <= today,
               Shift.status == SCHEDULED, ~present)
        # 'am' < 'day' < 'pm' is also the order the shifts end in: due ones come first
        .order_by(Booking.day, Booking.half, Booking.id)
        # bookings without their unit's lock (adapters/locks.py), which is safe only because the
        # sweep never waits: a booking a staffing change holds is swept next time
        .limit(limit).with_for_update(of=Booking, key_share=True, skip_locked=True)).all()
    shifts = {s.key: s for _b, s in rows}
    due = no_show_bookings([mapping.shift_plan(s) for s in shifts.values()],
                           [mapping.booking(b) for b, _s in rows], [], now=now, tz=tz)
    if due:
        pairs = [(b.shift_key, b.volunteer_id) for b in due]
        table = Booking.__table__
        session.connection().execute(update(table).where(
            tuple_(table.c.shift_key, table.c.volunteer_id).in_(pairs)).values(no_show_at=now))
        for b in due:
            uow.events.add("volunteer_no_show", {**mapping.shift_ref(shifts[b.shift_key]),
                                                 "volunteer_id": b.volunteer_id}, b.shift_key)
    return len(rows), len(due)


def sweep_no_shows(db: Database, outbox: Outbox, *, now: datetime, tz: tzinfo,
                   limit: int = SWEEP_BATCH) -> int:
    """Sweep in batches of its own transaction each, until nothing more is due."""
    published = 0
    while True:
        with UnitOfWork.begin(db, outbox) as uow:
            seen, due = sweep_once(uow, now=now, tz=tz, limit=limit)
        published += due
        if seen < limit or due < seen:
            return published
