"""A volunteer's record changes: which booked shifts they must leave, and which shifts of
an order have begun and so survive a cancellation. Plain functions, no servers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.dispatch.domain import (
    Booking,
    Slot,
    Volunteer,
    diff_plans,
    plan_shifts,
    shift_end,
    shift_start,
    withdrawals,
)
from tests.support.dispatch_plans import MONDAY, order

SHANGHAI = ZoneInfo("Asia/Shanghai")
V = Volunteer("v1", "u1", weekly_limit=14)


def week_of_bookings(days: int = 5, half: str = "am") -> list[Booking]:
    return [Booking("v1", Slot(MONDAY + timedelta(days=d), half), f"s{d}")
            for d in range(days)]


def units(bookings, unit: str = "u1") -> dict[str, str]:
    return {b.shift_key: unit for b in bookings}


def test_a_deactivated_volunteer_leaves_every_open_shift_and_keeps_the_begun_ones():
    bookings = week_of_bookings()
    open_keys = {"s2", "s3", "s4"}
    gone = withdrawals(replace(V, active=False), bookings, units(bookings), open_keys)
    assert [b.shift_key for b, _ in gone] == ["s2", "s3", "s4"]
    assert all(reason == "is not active" for _, reason in gone)


def test_a_blackout_day_withdraws_only_that_day():
    bookings = week_of_bookings()
    thursday = MONDAY + timedelta(days=3)
    gone = withdrawals(replace(V, blackout=frozenset({thursday})), bookings, units(bookings),
                       {b.shift_key for b in bookings})
    assert [(b.shift_key, reason) for b, reason in gone] == \
        [("s3", f"is unavailable on {thursday}")]


def test_fewer_weekdays_or_halves_withdraw_the_shifts_that_no_longer_fit():
    bookings = week_of_bookings() + [Booking("v1", Slot(MONDAY, "pm"), "pm0")]
    everything = {b.shift_key for b in bookings}
    weekdays = withdrawals(replace(V, weekdays=frozenset({0, 1, 2})), bookings,
                           units(bookings), everything)
    assert sorted(b.shift_key for b, _ in weekdays) == ["s3", "s4"]
    mornings = withdrawals(replace(V, halves=frozenset({"am"})), bookings, units(bookings),
                           everything)
    assert [b.shift_key for b, _ in mornings] == ["pm0"]


def test_a_lower_weekly_limit_keeps_the_earliest_shifts_and_counts_the_begun_ones():
    bookings = week_of_bookings()
    # Monday and Tuesday are under way or over: they count, they are never withdrawn
    gone = withdrawals(replace(V, weekly_limit=3), bookings, units(bookings),
                       {"s2", "s3", "s4"})
    assert [b.shift_key for b, _ in gone] == ["s3", "s4"]
    assert "weekly limit of 3" in gone[0][1]
    # a limit below what is already done withdraws every open shift, nothing more
    none_left = withdrawals(replace(V, weekly_limit=1), bookings, units(bookings),
                            {"s2", "s3", "s4"})
    assert [b.shift_key for b, _ in none_left] == ["s2", "s3", "s4"]


def test_a_volunteer_moved_to_another_unit_leaves_the_old_units_shifts():
    bookings = week_of_bookings(2)
    gone = withdrawals(replace(V, unit_id="u2"), bookings, units(bookings, "u1"),
                       {"s0", "s1"})
    assert len(gone) == 2 and "belongs to unit u2, not u1" in gone[0][1]


def test_an_unchanged_volunteer_keeps_everything():
    bookings = week_of_bookings()
    assert withdrawals(V, bookings, units(bookings), {b.shift_key for b in bookings}) == []
    others = [Booking("v2", Slot(MONDAY, "am"), "x")]
    assert withdrawals(replace(V, active=False), others, units(others), {"x"}) == []


def test_shifts_begin_before_they_end():
    for half in ("am", "pm", "day"):
        slot = Slot(MONDAY, half)
        assert shift_start(slot, SHANGHAI) < shift_end(slot, SHANGHAI)
    assert shift_start(Slot(MONDAY, "pm"), SHANGHAI).time() == time(14, 0)


def test_cancelling_at_ten_keeps_the_morning_shift_and_calls_off_the_afternoon():
    plans = plan_shifts(order(), ("BJ-01", "BJ-02", "BJ-03"))   # Monday am to Wednesday pm
    ten = datetime.combine(MONDAY, time(10, 0), tzinfo=SHANGHAI)

    def begun(plan):
        return shift_start(plan.slot, SHANGHAI) <= ten

    diff = diff_plans(plans, [], from_day=MONDAY, begun=begun)
    assert {(p.slot.day, p.slot.half) for p in diff.frozen} == {(MONDAY, "am")}
    assert (MONDAY, "pm") in {(p.slot.day, p.slot.half) for p in diff.removed}
    assert len(diff.removed) == len(plans) - 3
    # a shift someone already checked in on counts as begun, whatever the clock says
    seven = datetime.combine(MONDAY, time(7, 0), tzinfo=SHANGHAI)
    early = plans[0].key
    diff = diff_plans(plans, [], from_day=MONDAY,
                      begun=lambda p: shift_start(p.slot, SHANGHAI) <= seven or p.key == early)
    assert [p.key for p in diff.frozen] == [early]
