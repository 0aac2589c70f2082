"""Volunteers onto shifts: hard availability rules, fair rotation, understaffing, scale."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from datetime import date, timedelta

from services.dispatch.domain import (
    Booking,
    BookingIndex,
    Slot,
    Volunteer,
    assign,
    plan_shifts,
    why_not,
)
from tests.support.dispatch_plans import MONDAY, order, shift, team

GRIDS = ("BJ-01", "BJ-02", "BJ-03")


def check_hard_rules(bookings: list[Booking], volunteers: list[Volunteer]) -> None:
    """No one twice at overlapping times, within weekly limits and availability."""
    by_id = {v.id: v for v in volunteers}
    taken: dict[tuple[str, date, str], str] = {}
    per_week: Counter = Counter()
    for b in bookings:
        for half in b.slot.halves:
            assert (b.volunteer_id, b.slot.day, half) not in taken, f"double booking: {b}"
            taken[(b.volunteer_id, b.slot.day, half)] = b.shift_key
        per_week[(b.volunteer_id, b.slot.week)] += 1
        v = by_id.get(b.volunteer_id)
        if v is not None:
            assert v.active and b.slot.day.weekday() in v.weekdays
            assert set(b.slot.halves) <= v.halves and b.slot.day not in v.blackout
    for (vid, _week), n in per_week.items():
        if vid in by_id:
            assert n <= by_id[vid].weekly_limit, (vid, n)


# -- staffing ---------------------------------------------------------------------------

def test_the_binjiang_order_is_fully_staffed_with_distinct_people_per_slot():
    plans = plan_shifts(order(), GRIDS)
    vols = team(10)
    result = assign(plans, vols, [], {})
    assert result.understaffed == {}
    assert sum(len(ids) for ids in result.assigned.values()) == 48
    assert len(result.bookings_added) == 48
    for p in plans:
        assert len(result.assigned[p.key]) == p.head_count
    per_slot = defaultdict(list)
    for b in result.bookings_added:
        per_slot[b.slot].append(b.volunteer_id)
    assert all(len(ids) == len(set(ids)) == 8 for ids in per_slot.values())
    check_hard_rules(result.bookings_added, vols)


def test_rotation_is_fair_over_a_long_order_with_equal_availability():
    plans = plan_shifts(order(batches=60), GRIDS)       # 30 days, 480 person-times
    vols = team(13, weekly_limit=14)
    result = assign(plans, vols, [], {})
    counts = Counter(b.volunteer_id for b in result.bookings_added)
    assert sum(counts.values()) == 480 and len(counts) == 13
    assert max(counts.values()) - min(counts.values()) <= 1
    assert result.rotation == dict(counts)


def test_rotation_continues_from_earlier_counts():
    vols = team(4)
    result = assign([shift("s1", head_count=2)], vols, [], {"v000": 5, "v001": 5})
    assert sorted(result.assigned["s1"]) == ["v002", "v003"]


def test_the_tie_break_rotates_between_shifts_but_is_repeatable():
    vols = team(20)
    firsts = {assign([shift(f"s{i}")], vols, [], {}).assigned[f"s{i}"][0] for i in range(30)}
    assert len(firsts) > 5                       # not always the same person first
    again = assign([shift("s7")], vols, [], {}).assigned["s7"]
    assert again == assign([shift("s7")], vols, [], {}).assigned["s7"]


def test_assignment_is_deterministic():
    plans, vols = plan_shifts(order(), GRIDS), team(12)
    assert assign(plans, vols, [], {}) == assign(plans, vols, [], {})


# -- hard rules ------------------------------------------------------------------------

def test_why_not_names_the_rule_that_keeps_someone_home():
    mon_am, mon_day = Slot(MONDAY, "am"), Slot(MONDAY, "day")
    index = BookingIndex([Booking("busy", Slot(MONDAY, "pm"), "o9:x"),
                          Booking("full", Slot(MONDAY + timedelta(days=1), "am"), "o9:y")])
    cases = {
        Volunteer("a", "u1", active=False): (mon_am, "is not active"),
        Volunteer("b", "u2"): (mon_am, "belongs to unit u2, not u1"),
        Volunteer("c", "u1", weekdays=frozenset({1})): (mon_am, "not available on Mondays"),
        Volunteer("d", "u1", halves=frozenset({"am"})): (mon_day, "in the afternoons"),
        Volunteer("e", "u1", blackout=frozenset({MONDAY})): (mon_am, "unavailable on"),
        Volunteer("busy", "u1"): (mon_day, "already booked at that time (shift o9:x)"),
        Volunteer("full", "u1", weekly_limit=1): (mon_am, "weekly limit of 1 shift(s) in "
                                                          "2030-W10"),
    }
    for volunteer, (slot, words) in cases.items():
        reason = why_not(volunteer, slot, index, unit_id="u1")
        assert reason is not None and words in reason, (volunteer.id, reason)
    assert why_not(Volunteer("busy", "u1"), mon_am, index, unit_id="u1") is None

def test_only_active_volunteers_of_the_orders_unit_go():
    vols = team(3) + team(5, unit="u2", prefix="x") + team(3, prefix="off", active=False)
    result = assign([shift("s1", head_count=5)], vols, [], {}, unit_id="u1")
    assert sorted(result.assigned["s1"]) == ["v000", "v001", "v002"]
    assert result.understaffed == {"s1": 2}


def test_weekdays_halves_and_blackout_days_are_honoured():
    tuesday = MONDAY + timedelta(days=1)
    vols = [Volunteer("weekend", "u1", weekdays=frozenset({5, 6})),
            Volunteer("mornings", "u1", halves=frozenset({"am"})),
            Volunteer("away", "u1", blackout=frozenset({MONDAY})),
            Volunteer("anyone", "u1")]
    shifts = [shift("mon-am", head_count=4), shift("mon-pm", half="pm", head_count=4),
              shift("tue-pm", day=tuesday, half="pm", head_count=4)]
    result = assign(shifts, vols, [], {})
    assert sorted(result.assigned["mon-am"]) == ["anyone", "mornings"]
    assert result.assigned["mon-pm"] == ["anyone"]
    assert sorted(result.assigned["tue-pm"]) == ["anyone", "away"]
    assert result.understaffed == {"mon-am": 2, "mon-pm": 3, "tue-pm": 2}


def test_a_day_slot_needs_both_halves():
    vols = [Volunteer("am-only", "u1", halves=frozenset({"am"})), Volunteer("both", "u1")]
    result = assign([shift("d", half="day", head_count=2)], vols, [], {})
    assert result.assigned["d"] == ["both"] and result.understaffed == {"d": 1}


def test_weekly_limits_count_bookings_of_other_pairings():
    vols = [Volunteer("busy", "u1", weekly_limit=2), Volunteer("free", "u1", weekly_limit=2)]
    elsewhere = [Booking("busy", Slot(MONDAY, "am"), "other-order:mon")]
    shifts = [shift(f"s{d}", day=MONDAY + timedelta(days=d), half="pm") for d in range(1, 9)]
    result = assign(shifts, vols, elsewhere, {})
    mine = Counter((b.volunteer_id, b.slot.week) for b in result.bookings_added)
    week10, week11 = (2030, 10), (2030, 11)
    assert mine[("busy", week10)] == 1            # one left after the other pairing's
    assert mine[("free", week10)] == 2
    assert mine[("busy", week11)] + mine[("free", week11)] == 2
    check_hard_rules(elsewhere + result.bookings_added, vols)
    # Tuesday-Sunday (6 shifts) fall in week 10 with 3 seats left; days 7-8 in week 11
    assert sum(result.understaffed.values()) == 3


def test_nobody_is_in_two_places_at_once_across_two_orders():
    vols = team(12)
    first = assign(plan_shifts(order(), GRIDS), vols, [], {})
    second_plans = plan_shifts(order(order_id="o2", slot_kind="day", batches=2, head_count=6,
                                     places=("CK-1",)), GRIDS)
    second = assign(second_plans, vols, first.bookings_added, first.rotation)
    check_hard_rules(first.bookings_added + second.bookings_added, vols)
    for plan in second_plans:
        # a whole-day shift needs someone free in the morning *and* the afternoon
        busy = {b.volunteer_id for b in first.bookings_added if b.slot.day == plan.slot.day}
        free = {v.id for v in vols} - busy
        assert set(second.assigned[plan.key]) <= free
        assert len(second.assigned[plan.key]) == min(6, len(free))
        assert second.understaffed.get(plan.key, 0) == max(0, 6 - len(free))
    assert sum(second.understaffed.values()) > 0       # 12 people cannot do it all
    third = assign(second_plans, team(20), first.bookings_added, first.rotation)
    assert third.understaffed == {}
    check_hard_rules(first.bookings_added + third.bookings_added, team(20))


def test_understaffed_slots_spread_people_and_report_exact_missing_counts():
    plans = plan_shifts(order(batches=1), GRIDS)            # 3 + 3 + 2 on Monday am
    result = assign(plans, team(5), [], {})
    got = sorted(len(result.assigned[p.key]) for p in plans)
    assert got == [1, 2, 2]                                 # every grid gets someone
    missing = {p.key: p.head_count - len(result.assigned[p.key]) for p in plans}
    assert result.understaffed == {k: n for k, n in missing.items() if n}
    assert sum(result.understaffed.values()) == 3
    nobody = assign(plans, [], [], {})
    assert nobody.understaffed == {p.key: p.head_count for p in plans}


# -- preferences -----------------------------------------------------------------------

def test_phone_checks_prefer_dialect_speakers_without_requiring_them():
    vols = team(6) + [Volunteer("dialect", "u1", skills=frozenset({"dialect"}))]
    phone = shift("p1", kinds=("phone_check",))
    assert "dialect" in assign([phone], vols, [], {}).assigned["p1"]
    # one shift of credit: still preferred with one more shift than the others…
    assert assign([phone], vols, [], {"dialect": 1}).assigned["p1"] == ["dialect"]
    # …but not with two more: the preference cannot wear out the few
    assert assign([phone], vols, [], {"dialect": 2}).assigned["p1"] != ["dialect"]
    # and without any dialect speaker the shift is staffed anyway
    assert assign([phone], team(2), [], {}).understaffed == {}


# -- the large order --------------------------------------------------------------------

def test_the_large_order_fans_out_and_keeps_every_rule():
    grids = [f"G{i:02d}" for i in range(20)]
    spec = order(order_id="big", batches=120, head_count_per_place=True, places=())
    vols = team(400, weekly_limit=7)
    started = time.perf_counter()
    plans = plan_shifts(spec, grids)
    planned = time.perf_counter()
    result = assign(plans, vols, [], {}, unit_id="u1")
    done = time.perf_counter()
    print(f"\nlarge order: {len(plans)} shifts, {len(result.bookings_added)} bookings; "
          f"plan {planned - started:.3f}s, assign {done - planned:.3f}s")
    assert len(plans) == 60 * 2 * 20
    assert result.understaffed == {}
    assert all(len(ids) == 8 == len(set(ids)) for ids in result.assigned.values())
    assert len(result.bookings_added) == 60 * 2 * 20 * 8
    check_hard_rules(result.bookings_added, vols)
    counts = Counter(b.volunteer_id for b in result.bookings_added)
    assert max(counts.values()) - min(counts.values()) <= 1
