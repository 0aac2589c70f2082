"""Person-times (人次): promised vs scheduled vs delivered, no-shows; understaffed shifts.

The figures are the domain's (person_times.figures); this module selects the shifts and
feeds it their bookings and check-ins. Beside them, `corrected`: of those delivered, the
check-ins recorded after the shift by an audited correction (docs/shifts.md), as
reporting's pt_corrected counts them, so a corrected figure says so here too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.dispatch.adapters import mapping
from services.dispatch.adapters.models import ASSIGNED, SCHEDULED, Attendance, Booking, Shift
from services.dispatch.domain import PersonTimes, Presence, daily_figures, figures, no_show_bookings
from services.dispatch.use_cases.attendance import CORRECTION


def _load(session: Session, where: list):
    """Scheduled shifts matching ``where`` with their bookings and check-ins, and how many
    of those check-ins per shift are corrections."""
    shifts = list(session.execute(
        select(Shift).where(Shift.status == SCHEDULED, *where)
        .order_by(Shift.day, Shift.half, Shift.place_code)).scalars())
    bookings = [mapping.booking(b) for b in session.execute(
        select(Booking).join(Shift, Shift.key == Booking.shift_key)
        .where(Booking.status == ASSIGNED, Shift.status == SCHEDULED, *where)).scalars()]
    presences, corrected = [], Counter()
    for a in session.execute(
            select(Attendance).join(Shift, Shift.key == Attendance.shift_key)
            .where(Attendance.checked_in_at.is_not(None), Shift.status == SCHEDULED,
                   *where)).scalars():
        presences.append(Presence(a.volunteer_id, a.shift_key, a.checked_in_at))
        if a.basis == CORRECTION:
            corrected[a.shift_key] += 1
    return shifts, bookings, presences, corrected


def _view(found: PersonTimes, corrected: Counter, shifts: Iterable[Shift]) -> dict:
    # a check-in is one per volunteer and shift (attendance's key), so counting the
    # shifts' corrections counts people, as delivered does
    return {**asdict(found), "corrected": sum(corrected[s.key] for s in shifts)}


def _period(since: date | None, until: date | None) -> list:
    where = []
    if since is not None:
        where.append(Shift.day >= since)
    if until is not None:
        where.append(Shift.day <= until)
    return where


def order_person_times(session: Session, order_id: str, *, now: datetime, tz: tzinfo) -> dict:
    shifts, bookings, presences, corrected = _load(session, [Shift.pairing_id == order_id])
    plans = [mapping.shift_plan(s) for s in shifts]
    total = figures(plans, bookings, presences, now=now, tz=tz)
    missing = no_show_bookings(plans, bookings, presences, now=now, tz=tz)
    by_day: dict[date, list[Shift]] = defaultdict(list)
    for s in shifts:
        by_day[s.day].append(s)
    return {
        **_view(total, corrected, shifts),
        "days": [{"day": day, **_view(f, corrected, by_day[day])} for day, f in
                 daily_figures(plans, bookings, presences, now=now, tz=tz).items()],
        "no_show_list": [{"shift_key": b.shift_key, "volunteer_id": b.volunteer_id}
                         for b in missing],
    }


def grouped_person_times(session: Session, where: list, group: str, *, now: datetime,
                         tz: tzinfo, since: date | None = None, until: date | None = None
                         ) -> dict:
    """Totals over the shifts matching ``where``, and the same per ``group`` column of the
    shift (pairing_id, unit_id or community_code)."""
    shifts, bookings, presences, corrected = _load(session, where + _period(since, until))
    by_key = {s.key: s for s in shifts}
    plans: dict[str, list] = defaultdict(list)
    grouped: dict[str, list[Shift]] = defaultdict(list)
    for s in shifts:
        plans[getattr(s, group)].append(mapping.shift_plan(s))
        grouped[getattr(s, group)].append(s)
    booked: dict[str, list] = defaultdict(list)
    for b in bookings:
        booked[getattr(by_key[b.shift_key], group)].append(b)
    present: dict[str, list] = defaultdict(list)
    for p in presences:
        present[getattr(by_key[p.shift_key], group)].append(p)
    total = figures([mapping.shift_plan(s) for s in shifts], bookings, presences,
                    now=now, tz=tz)
    return {"totals": _view(total, corrected, shifts), "groups": [
        {"key": key, **_view(figures(group_plans, booked[key], present[key], now=now, tz=tz),
                             corrected, grouped[key])}
        for key, group_plans in sorted(plans.items())]}


def understaffed(session: Session, unit_id: str, *, today: date, where: list | None = None
                 ) -> list[dict]:
    """The unit's shifts from today on that still miss people: the coordinator's list
    (``where`` narrows it further)."""
    rows = session.execute(
        select(Shift).where(Shift.unit_id == unit_id, Shift.status == SCHEDULED,
                            Shift.missing > 0, Shift.day >= today, *(where or ()))
        .order_by(Shift.day, Shift.half, Shift.place_code)).scalars()
    return [{**mapping.shift_ref(r), "task_kinds": list(r.task_kinds),
             "head_count": r.head_count, "assigned": r.head_count - r.missing,
             "missing": r.missing} for r in rows]
