"""Person-times (人次) of a pairing: promised, scheduled, delivered, no-shows.

Plain functions over plain records; the service feeds them its rows.
- promised: the sum of head-counts of the plan (what the unit committed to);
- scheduled: bookings on the plan's shifts (one per volunteer and shift);
- delivered: check-ins on the plan's shifts, one per volunteer and shift however often
  they scanned; someone who stepped in without a booking still delivered the effort;
- no-shows: bookings with no check-in once the shift has ended;
- short: seats no one was scheduled for (the understaffed total).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from services.common.slots import SHIFT_ENDS, SHIFT_STARTS
from services.dispatch.domain.model import Booking, ShiftPlan, Slot

DEFAULT_TZ = "Asia/Shanghai"
# From its start a shift is under way: people may be on site and checking in, so calling
# it off, or taking someone off it for a rule change, would erase what happened. Without
# a check-in by its end a booking is a no-show, never while the volunteer may turn up.


@dataclass(frozen=True)
class Presence:
    """A check-in: this volunteer was present for this shift."""

    volunteer_id: str
    shift_key: str
    checked_in_at: datetime | None = None


@dataclass(frozen=True)
class PersonTimes:
    promised: int
    scheduled: int
    delivered: int
    no_shows: int
    short: int


def _zone(tz: tzinfo | str) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def shift_end(slot: Slot, tz: tzinfo | str = DEFAULT_TZ) -> datetime:
    """When the shift ends, as an aware datetime in the local time zone."""
    return datetime.combine(slot.day, SHIFT_ENDS[slot.half], tzinfo=_zone(tz))


def shift_start(slot: Slot, tz: tzinfo | str = DEFAULT_TZ) -> datetime:
    """When the shift begins, as an aware datetime in the local time zone."""
    return datetime.combine(slot.day, SHIFT_STARTS[slot.half], tzinfo=_zone(tz))


def no_show_bookings(plans: Iterable[ShiftPlan], bookings: Iterable[Booking],
                     presences: Iterable[Presence], *, now: datetime,
                     tz: tzinfo | str = DEFAULT_TZ) -> list[Booking]:
    """Bookings on the plan's shifts that ended before ``now`` (aware) with no check-in."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = _zone(tz)
    ended = {p.key for p in plans if shift_end(p.slot, zone) <= now}
    present = {(p.volunteer_id, p.shift_key) for p in presences}
    seen: set[tuple[str, str]] = set()
    missing = []
    for b in bookings:
        pair = (b.volunteer_id, b.shift_key)
        if b.shift_key in ended and pair not in present and pair not in seen:
            seen.add(pair)
            missing.append(b)
    return missing


def figures(plans: Iterable[ShiftPlan], bookings: Iterable[Booking],
            presences: Iterable[Presence], *, now: datetime,
            tz: tzinfo | str = DEFAULT_TZ) -> PersonTimes:
    """The person-time figures of one pairing (or any set of its shifts)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    plans, zone = list(plans), _zone(tz)
    keys = {p.key for p in plans}
    ended = {p.key for p in plans if shift_end(p.slot, zone) <= now}
    booked = {(b.volunteer_id, b.shift_key) for b in bookings if b.shift_key in keys}
    present = {(p.volunteer_id, p.shift_key) for p in presences if p.shift_key in keys}
    per_shift: dict[str, int] = defaultdict(int)
    for _vid, key in booked:
        per_shift[key] += 1
    return PersonTimes(
        promised=sum(p.head_count for p in plans),
        scheduled=len(booked),
        delivered=len(present),
        no_shows=sum(1 for pair in booked if pair[1] in ended and pair not in present),
        short=sum(max(0, p.head_count - per_shift[p.key]) for p in plans),
    )


def daily_figures(plans: Iterable[ShiftPlan], bookings: Iterable[Booking],
                  presences: Iterable[Presence], *, now: datetime,
                  tz: tzinfo | str = DEFAULT_TZ) -> dict[date, PersonTimes]:
    """figures() per local day of the shifts, for the daily report (每日一报)."""
    by_day: dict[date, list[ShiftPlan]] = defaultdict(list)
    for plan in plans:
        by_day[plan.slot.day].append(plan)
    bookings, presences = list(bookings), list(presences)
    return {day: figures(day_plans, bookings, presences, now=now, tz=tz)
            for day, day_plans in sorted(by_day.items())}
