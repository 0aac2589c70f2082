"""Person-times of a pairing: promised, scheduled, delivered and no-shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.dispatch.domain import (
    Booking,
    OrderSpec,
    PersonTimes,
    Presence,
    Slot,
    daily_figures,
    figures,
    no_show_bookings,
    plan_shifts,
    shift_end,
)

MONDAY = date(2030, 3, 4)
SHANGHAI = ZoneInfo("Asia/Shanghai")
PLANS = plan_shifts(OrderSpec("o1", "u1", "binjiang", MONDAY, None, 6, "half_day", 8,
                              ("door_to_door",)), ("BJ-01", "BJ-02", "BJ-03"))


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def test_shift_ends_are_noon_and_six_pm_local_time():
    assert shift_end(Slot(MONDAY, "am")) == local(MONDAY, 12)
    assert shift_end(Slot(MONDAY, "pm")) == local(MONDAY, 18)
    assert shift_end(Slot(MONDAY, "day"), "Asia/Shanghai") == local(MONDAY, 18)
    # on the wire that is 04:00 UTC for a morning shift in Shanghai
    assert shift_end(Slot(MONDAY, "am"), SHANGHAI).astimezone(UTC).hour == 4
    assert shift_end(Slot(MONDAY, "am"), UTC) == datetime(2030, 3, 4, 12, tzinfo=UTC)


def book_all(plans, people_per_shift=None):
    bookings = []
    for p in plans:
        for i in range(p.head_count if people_per_shift is None else people_per_shift):
            bookings.append(Booking(f"{p.slot}-{i}", p.slot, p.key))
    return bookings


def test_an_unstaffed_plan_promises_48_and_has_delivered_nothing():
    result = figures(PLANS, [], [], now=local(MONDAY, 8))
    assert result == PersonTimes(promised=48, scheduled=0, delivered=0, no_shows=0, short=48)


def test_delivered_counts_one_per_person_and_shift_and_includes_walk_ins():
    bookings = book_all(PLANS)
    first = PLANS[0]
    mine = [b for b in bookings if b.shift_key == first.key]
    presences = [Presence(b.volunteer_id, first.key) for b in mine]
    presences.append(Presence(mine[0].volunteer_id, first.key))     # scanned twice
    presences.append(Presence("walk-in", first.key))                # stepped in unbooked
    presences.append(Presence("someone", "another-order:shift"))    # not this pairing
    result = figures(PLANS, bookings, presences, now=local(MONDAY, 9))
    assert result.promised == result.scheduled == 48
    assert result.delivered == first.head_count + 1
    assert result.short == 0


def test_no_shows_only_count_once_the_shift_has_ended():
    bookings = book_all(PLANS)
    am_keys = {p.key for p in PLANS if p.slot == Slot(MONDAY, "am")}
    came = [Presence(b.volunteer_id, b.shift_key) for b in bookings
            if b.shift_key in am_keys][:5]                          # 5 of 8 came
    assert figures(PLANS, bookings, came, now=local(MONDAY, 11, 59)).no_shows == 0
    assert figures(PLANS, bookings, came, now=local(MONDAY, 12)).no_shows == 3
    # the afternoon shift has not ended at 17:00, it has at 18:00
    assert figures(PLANS, bookings, came, now=local(MONDAY, 17)).no_shows == 3
    assert figures(PLANS, bookings, came, now=local(MONDAY, 18)).no_shows == 3 + 8
    late = no_show_bookings(PLANS, bookings, came, now=local(MONDAY, 12))
    assert len(late) == 3 and all(b.shift_key in am_keys for b in late)
    assert not {(b.volunteer_id, b.shift_key) for b in late} & {
        (p.volunteer_id, p.shift_key) for p in came}


def test_understaffed_seats_show_as_short():
    bookings = book_all(PLANS, people_per_shift=2)       # shifts want 2 or 3
    result = figures(PLANS, bookings + bookings[:1], [], now=local(MONDAY, 8))
    assert result.scheduled == 36                          # a duplicate counts once
    assert result.short == 48 - 36


def test_figures_need_an_aware_now():
    with pytest.raises(ValueError):
        figures(PLANS, [], [], now=datetime(2030, 3, 4, 12))
    with pytest.raises(ValueError):
        no_show_bookings(PLANS, [], [], now=datetime(2030, 3, 4, 12))


def test_daily_figures_split_by_local_day():
    bookings = book_all(PLANS)
    days = daily_figures(PLANS, bookings, [], now=local(MONDAY + timedelta(days=1), 13))
    assert list(days) == [MONDAY + timedelta(days=d) for d in range(3)]
    assert [d.promised for d in days.values()] == [16, 16, 16]
    assert [d.no_shows for d in days.values()] == [16, 8, 0]
