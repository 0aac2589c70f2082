"""Shifts (批次/班次): writing them, calling them off, and showing them with their people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, timedelta

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from services.common.errors import NotFound
from services.common.pii import mask_name
from services.common.slots import shift_hours
from services.common.unit_of_work import EventSink
from services.dispatch import clock
from services.dispatch.adapters import mapping
from services.dispatch.adapters.leads import leads_at
from services.dispatch.adapters.models import (
    ASSIGNED,
    SCHEDULED,
    Attendance,
    Booking,
    Grid,
    Shift,
    Site,
    Volunteer,
)
from services.dispatch.domain import OrderSpec, ShiftPlan
from services.dispatch.use_cases.stores import OrderStore


def shift_by_key(session: Session, key: str, *, lock: bool = False) -> Shift:
    """The shift; ``lock``: FOR NO KEY UPDATE, taken only under its unit's lock (lock
    order in adapters/locks.py). FOR UPDATE also excluded the KEY SHARE a check-in or booking on
    the shift takes: a replacement holding the unit and waiting on a consumer's batch that
    had written a check-in on the shift, while that batch waited for the unit, was a
    deadlock. The locked read refreshes the identity map's copy, which callers read
    before they waited for the unit's lock."""
    query = select(Shift).where(Shift.key == key)
    if lock:
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    row = session.execute(query).scalar_one_or_none()
    if row is None:
        raise NotFound("shift", key)
    return row


def schedule_shifts(store: OrderStore, events: EventSink, spec: OrderSpec,
                    plans: Iterable[ShiftPlan], missing: dict[str, int], *,
                    insert_only: bool = False) -> None:
    """Write new or changed shifts of an order and stage shift_scheduled for each.

    A shift called off by an earlier amendment and planned again comes back with a higher
    version (its key is deterministic); a changed one gets its new head-count and kinds.
    """
    rows = [{"key": p.key, "pairing_id": spec.order_id, "unit_id": spec.unit_id,
             "community_code": spec.community_code, "day": p.slot.day, "half": p.slot.half,
             "place_code": p.place_code, "task_kinds": list(p.task_kinds),
             "head_count": p.head_count, "missing": missing.get(p.key, 0),
             "status": SCHEDULED, "version": 1} for p in plans]
    if not rows:
        return
    versions = store.write_shifts(rows, insert_only=insert_only)
    for row in rows:
        events.add("shift_scheduled", {
            "shift_key": row["key"], "order_id": spec.order_id, "unit_id": spec.unit_id,
            "community_code": spec.community_code, "day": row["day"], "half": row["half"],
            "place_code": row["place_code"], "task_kinds": row["task_kinds"],
            "head_count": row["head_count"], "version": versions[row["key"]]}, row["key"])


def cancel_shifts(store: OrderStore, events: EventSink, rows: list[Shift]) -> None:
    """Call shifts off; everyone on them is unassigned (reason: shift_cancelled)."""
    if not rows:
        return
    refs = {r.key: mapping.shift_ref(r) for r in rows}
    versions = {r.key: r.version + 1 for r in rows}
    gone = store.cancel_shifts(list(refs))
    for key in refs:
        events.add("shift_cancelled", {**refs[key], "version": versions[key]}, key)
    for key, volunteer_id in sorted(gone):
        events.add("volunteer_unassigned", {**refs[key], "volunteer_id": volunteer_id,
                                            "reason": "shift_cancelled"}, key)


def on_shift(session: Session, key: str) -> list[str]:
    """Volunteer ids on a shift, in the order they were booked."""
    return list(session.execute(
        select(Booking.volunteer_id).where(Booking.shift_key == key,
                                           Booking.status == ASSIGNED)
        .order_by(Booking.id)).scalars())


def shift_view(row: Shift, people: list[dict], *, leads: list[dict] | None = None,
               place_name: str | None = None) -> dict:
    """A shift as answers show it: its terms, hours (UTC), place, people (names masked)
    and `leads`, the grid workers of its grid (adapters/leads.py; none at a site)."""
    starts, ends = shift_hours(row.day, row.half, clock.tz())
    return {**mapping.shift_ref(row), "task_kinds": list(row.task_kinds),
            "head_count": row.head_count, "assigned": len(people), "missing": row.missing,
            "status": row.status, "version": row.version, "volunteers": people,
            "starts_at": starts.astimezone(UTC), "ends_at": ends.astimezone(UTC),
            "place_name": place_name, "leads": leads or []}


def place_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The names of grids (as the registry called them) and sites, by code."""
    codes = list(set(codes))
    if not codes:
        return {}
    names = dict(session.execute(select(Site.code, Site.name).where(Site.code.in_(codes))
                                 ).all())
    names.update(session.execute(select(Grid.code, Grid.name).where(Grid.code.in_(codes))
                                 ).all())
    return names


def shifts_with_people(session: Session, rows: list[Shift]) -> list[dict]:
    people: dict[str, list[dict]] = {r.key: [] for r in rows}
    if rows:
        for key, vid, name in session.execute(
                select(Booking.shift_key, Volunteer.id, Volunteer.name)
                .join(Volunteer, Volunteer.id == Booking.volunteer_id)
                .where(Booking.shift_key.in_(list(people)), Booking.status == ASSIGNED)
                .order_by(Booking.id)):
            people[key].append({"volunteer_id": vid, "name_masked": mask_name(name)})
    places = {r.place_code for r in rows}
    leads, names = leads_at(session, places), place_names(session, places)
    return [shift_view(r, people[r.key], leads=leads.get(r.place_code),
                       place_name=names.get(r.place_code)) for r in rows]


def grid_shifts(session: Session, grid_code: str, since: date, days: int) -> list[dict]:
    """The scheduled shifts at a grid from `since` for `days` days, in time order: each
    with its people (names masked), everyone's attendance (a volunteer present without a
    booking, who stepped in, is listed too, `booked: false`), and how many are missing
    (seats nobody holds, and booked people not checked in)."""
    rows = list(session.execute(
        select(Shift).where(Shift.place_code == grid_code, Shift.status == SCHEDULED,
                            Shift.day >= since, Shift.day < since + timedelta(days=days))
        .order_by(Shift.day, Shift.half, Shift.key)).scalars())
    views = shifts_with_people(session, rows)
    present: dict[str, dict[str, Attendance]] = {r.key: {} for r in rows}
    if rows:
        for row in session.execute(select(Attendance).where(
                Attendance.shift_key.in_(list(present)))).scalars():
            present[row.shift_key][row.volunteer_id] = row
    walk_ins = {vid for marks in present.values() for vid in marks}
    names = dict(session.execute(select(Volunteer.id, Volunteer.name)
                                 .where(Volunteer.id.in_(walk_ins))).all()) \
        if walk_ins else {}
    for view in views:
        marks = present[view["shift_key"]]
        booked = {p["volunteer_id"] for p in view["volunteers"]}
        people = [{**p, "booked": True} for p in view["volunteers"]]
        people += [{"volunteer_id": vid, "name_masked": mask_name(names.get(vid, "")),
                    "booked": False} for vid in sorted(set(marks) - booked)]
        for person in people:
            mark = marks.get(person["volunteer_id"])
            person.update(checked_in_at=mark.checked_in_at if mark else None,
                          checked_out_at=mark.checked_out_at if mark else None,
                          basis=mark.basis if mark and mark.checked_in_at else None)
        view["volunteers"] = people
        view["checked_in"] = sum(1 for p in people if p["checked_in_at"] is not None)
        view["not_checked_in"] = sum(1 for p in people
                                     if p["booked"] and p["checked_in_at"] is None)
    return views


def order_shifts(session: Session, order_id: str, *, include_cancelled: bool = False
                 ) -> list[dict]:
    query = select(Shift).where(Shift.pairing_id == order_id)
    if not include_cancelled:
        query = query.where(Shift.status == SCHEDULED)
    rows = list(session.execute(query.order_by(Shift.day, Shift.half, Shift.place_code))
                .scalars())
    return shifts_with_people(session, rows)


def volunteer_shifts(session: Session, volunteer_id: str, since: date) -> list[dict]:
    """A volunteer's own shifts from `since` on (what they are booked for, in time order),
    each with its people (names masked) and the volunteer's own check-in and check-out."""
    rows = list(session.execute(
        select(Shift).join(Booking, Booking.shift_key == Shift.key)
        .where(Booking.volunteer_id == volunteer_id, Booking.status == ASSIGNED,
               Shift.status == SCHEDULED, Shift.day >= since)
        .order_by(Shift.day, Shift.half, Shift.place_code)).scalars())
    present = {a.shift_key: a for a in session.execute(
        select(Attendance).where(Attendance.volunteer_id == volunteer_id,
                                 Attendance.shift_key.in_([r.key for r in rows]))).scalars()}
    views = shifts_with_people(session, rows)
    for view in views:
        mine = present.get(view["shift_key"])
        view["checked_in_at"] = mine.checked_in_at if mine else None
        view["checked_out_at"] = mine.checked_out_at if mine else None
    return views


def assigned_to(session: Session, key: str) -> set[str]:
    """Who is on the shift now (the owners a volunteer's token is checked against)."""
    return set(on_shift(session, key))


def sign_bookings(session: Session, pairs: Iterable[tuple[str, str]], actor: str | None
                  ) -> None:
    """Name the account whose request changed these (shift key, volunteer id) bookings:
    a decline, a replacement, a swap (bookings.changed_by)."""
    pairs = list(pairs)
    if pairs and actor is not None:
        session.execute(update(Booking).where(
            tuple_(Booking.shift_key, Booking.volunteer_id).in_(pairs))
            .values(changed_by=actor[:200]).execution_options(synchronize_session=False))
