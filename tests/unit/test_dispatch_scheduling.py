"""Dispatch planning rules: orders are validated, fan out into shifts, and amend by diff."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from services.dispatch.domain import (
    OrderSpec,
    RuleBroken,
    Slot,
    Volunteer,
    diff_plans,
    field_capacity,
    order_slots,
    plan_shifts,
    validate_order,
)

MONDAY = date(2030, 3, 4)
BINJIANG_GRIDS = ("BJ-01", "BJ-02", "BJ-03")


def order(**changes) -> OrderSpec:
    """'8 people every half day, 6 batches, door-to-door in 滨江社区', then any changes."""
    base = dict(order_id="o1", unit_id="u1", community_code="binjiang", start=MONDAY,
                end=None, batches=6, slot_kind="half_day", head_count=8,
                task_kinds=("door_to_door",), places=(), head_count_per_place=False)
    return OrderSpec(**{**base, **changes})


def problems(spec: OrderSpec, **changes) -> dict[str, str]:
    kwargs = dict(today=MONDAY, known_unit=True, known_community=True,
                  community_grids=BINJIANG_GRIDS, unit_capacity=30)
    found = validate_order(spec, **{**kwargs, **changes})
    return dict(found)


# -- slots -----------------------------------------------------------------------------

def test_a_day_slot_overlaps_both_halves_of_its_day_only():
    am, pm, whole = Slot(MONDAY, "am"), Slot(MONDAY, "pm"), Slot(MONDAY, "day")
    assert whole.overlaps(am) and whole.overlaps(pm) and am.overlaps(whole)
    assert am.overlaps(am)
    assert not am.overlaps(pm)
    assert not whole.overlaps(Slot(MONDAY + timedelta(days=1), "day"))
    with pytest.raises(ValueError):
        Slot(MONDAY, "evening")


# -- the seed examples -----------------------------------------------------------------

def test_binjiang_six_half_day_batches_make_48_person_times():
    plans = plan_shifts(order(), BINJIANG_GRIDS)
    assert len(plans) == 6 * 3
    assert sum(p.head_count for p in plans) == 48
    slots = sorted({p.slot for p in plans}, key=Slot.sort_key)
    assert [(s.day - MONDAY).days for s in slots] == [0, 0, 1, 1, 2, 2]
    assert [s.half for s in slots] == ["am", "pm"] * 3
    for slot in slots:
        counts = sorted(p.head_count for p in plans if p.slot == slot)
        assert counts == [2, 3, 3]
    assert {p.place_code for p in plans} == set(BINJIANG_GRIDS)
    assert all(p.task_kinds == ("door_to_door",) for p in plans)


def test_the_short_grid_rotates_so_no_grid_is_always_short_handed():
    plans = plan_shifts(order(), BINJIANG_GRIDS)
    per_grid = Counter()
    for p in plans:
        per_grid[p.place_code] += p.head_count
    assert per_grid == {"BJ-01": 16, "BJ-02": 16, "BJ-03": 16}


def test_weiding_18_people_every_day_carry_all_task_kinds():
    spec = order(community_code="weiding", slot_kind="day", head_count=18, batches=None,
                 end=MONDAY + timedelta(days=4), places=("WD-01",),
                 task_kinds=("safety_check", "door_to_door", "phone_check"))
    plans = plan_shifts(spec, ["WD-01", "WD-02"])
    assert [p.slot for p in plans] == [Slot(MONDAY + timedelta(days=d), "day") for d in range(5)]
    assert {p.head_count for p in plans} == {18}
    # one canonical order, so an amendment listing the kinds differently changes nothing
    assert {p.task_kinds for p in plans} == {("door_to_door", "safety_check", "phone_check")}


def test_yongsheng_20_members_as_grid_workers_tracers_and_publicists():
    spec = order(community_code="yongsheng", slot_kind="day", head_count=20, batches=1,
                 task_kinds=("door_to_door", "phone_check", "publicity"))
    plans = plan_shifts(spec, ["YS-01", "YS-02", "YS-03", "YS-04"])
    assert [p.head_count for p in plans] == [5, 5, 5, 5]
    assert sum(p.head_count for p in plans) == 20


def test_head_count_per_place_gives_every_place_the_full_team():
    plans = plan_shifts(order(head_count_per_place=True), BINJIANG_GRIDS)
    assert {p.head_count for p in plans} == {8}
    assert sum(p.head_count for p in plans) == 6 * 3 * 8


# -- period: batches or end date --------------------------------------------------------

def test_batches_count_consecutive_slots_am_then_pm():
    slots = order_slots(order(batches=5))
    assert slots == [Slot(MONDAY, "am"), Slot(MONDAY, "pm"),
                     Slot(MONDAY + timedelta(days=1), "am"),
                     Slot(MONDAY + timedelta(days=1), "pm"),
                     Slot(MONDAY + timedelta(days=2), "am")]
    assert order_slots(order(batches=3, slot_kind="day")) == [
        Slot(MONDAY + timedelta(days=d), "day") for d in range(3)]


def test_an_end_date_bounds_the_period_weekends_included():
    friday, sunday = MONDAY + timedelta(days=4), MONDAY + timedelta(days=6)
    slots = order_slots(order(batches=None, start=friday, end=sunday))
    assert len(slots) == 6
    assert slots[0] == Slot(friday, "am") and slots[-1] == Slot(sunday, "pm")
    assert order_slots(order(batches=None, end=MONDAY)) == [Slot(MONDAY, "am"),
                                                            Slot(MONDAY, "pm")]


def test_shift_keys_are_unique_and_deterministic():
    first, again = plan_shifts(order(), BINJIANG_GRIDS), plan_shifts(order(), BINJIANG_GRIDS)
    assert [p.key for p in first] == [p.key for p in again]
    assert len({p.key for p in first}) == len(first)
    assert first[0].key == f"o1:{MONDAY.isoformat()}:am:BJ-01"
    # row order of the grids does not change the plan
    assert plan_shifts(order(), list(reversed(BINJIANG_GRIDS))) == first


def test_planning_an_unsplittable_order_refuses_instead_of_skipping():
    with pytest.raises(RuleBroken):
        plan_shifts(order(head_count=2), BINJIANG_GRIDS)
    with pytest.raises(RuleBroken):
        plan_shifts(order(), [])


# -- validation ------------------------------------------------------------------------

def test_a_valid_order_has_no_problems():
    assert problems(order()) == {}
    assert problems(order(places=("BJ-02", "CK-1")), community_sites=("CK-1",)) == {}


@pytest.mark.parametrize(("spec", "kwargs", "field", "words"), [
    (order(), {"known_unit": False}, "unit_id", "unknown unit 'u1'"),
    (order(), {"known_community": False}, "community_code", "unknown community"),
    (order(start=MONDAY - timedelta(days=1)), {}, "start", "in the past"),
    (order(head_count=0), {}, "head_count", "at least 1"),
    (order(head_count=-3), {}, "head_count", "at least 1, not -3"),
    (order(head_count=31), {}, "head_count", "needs 31 people per slot but the unit can "
                                             "field at most 30"),
    (order(head_count=11, head_count_per_place=True), {}, "head_count", "needs 33 people"),
    (order(head_count=2), {}, "head_count", "cannot be split over 3 places"),
    (order(batches=None), {}, "batches", "not neither"),
    (order(end=MONDAY), {}, "batches", "not both"),
    (order(batches=0), {}, "batches", "at least 1"),
    (order(batches=800), {}, "batches", "366 days"),
    (order(batches=None, end=MONDAY - timedelta(days=1)), {}, "end", "before the start"),
    (order(batches=None, end=MONDAY + timedelta(days=400)), {}, "end", "longer than 366"),
    (order(slot_kind="night"), {}, "slot_kind", "half_day, day"),
    (order(task_kinds=()), {}, "task_kinds", "at least one"),
    (order(task_kinds=("door_to_door", "dancing")), {}, "task_kinds", "dancing"),
    (order(places=("BJ-01", "XX-9")), {}, "places", "XX-9"),
    (order(places=("BJ-01", "BJ-01")), {}, "places", "listed twice"),
    (order(), {"community_grids": ()}, "places", "no grids on record"),
])
def test_each_invalid_order_is_refused_with_a_clear_reason(spec, kwargs, field, words):
    found = problems(spec, **kwargs)
    assert field in found, found
    assert words in found[field]


def test_several_problems_are_reported_together():
    found = validate_order(order(head_count=0, start=MONDAY - timedelta(days=2)),
                           today=MONDAY, known_unit=False, known_community=True,
                           community_grids=BINJIANG_GRIDS, unit_capacity=0)
    assert {f for f, _ in found} == {"unit_id", "start", "head_count"}


def test_an_amendment_may_keep_a_start_that_has_passed_but_not_end_in_the_past():
    running = order(batches=None, end=MONDAY + timedelta(days=10))
    later = MONDAY + timedelta(days=3)
    assert problems(running, today=later, previous=running) == {}
    assert "start" in problems(running, today=later)          # as a new order
    moved = order(batches=None, start=MONDAY + timedelta(days=1), end=running.end)
    assert "start" in problems(moved, today=later, previous=running)
    cut = order(batches=None, end=MONDAY + timedelta(days=1))
    assert "past shifts cannot be taken back" in problems(cut, today=later,
                                                          previous=running)["end"]
    assert "batches" in problems(order(batches=2), today=later, previous=order())


def test_field_capacity_counts_who_could_ever_take_a_slot():
    vols = [Volunteer("a", "u1"), Volunteer("b", "u1", halves=frozenset({"am"})),
            Volunteer("c", "u1", active=False), Volunteer("d", "u2"),
            Volunteer("e", "u1", weekdays=frozenset()), Volunteer("f", "u1", weekly_limit=0)]
    assert field_capacity(vols, "u1", "half_day") == 2
    assert field_capacity(vols, "u1", "day") == 1     # a whole day needs both halves


# -- amendments ------------------------------------------------------------------------

def test_amending_the_head_count_changes_the_same_shifts():
    old = plan_shifts(order(), BINJIANG_GRIDS)
    diff = diff_plans(old, plan_shifts(order(head_count=11), BINJIANG_GRIDS))
    assert not diff.added and not diff.removed
    assert {p.key for p in diff.changed} == {p.key for p in old}
    assert sum(p.head_count for p in diff.changed) == 66
    # 8 → 9 over three grids only tops up the grids that had 2: the others keep their shift
    up = diff_plans(old, plan_shifts(order(head_count=9), BINJIANG_GRIDS))
    assert len(up.changed) == 6 and {p.head_count for p in up.changed} == {3}


def test_extending_and_shortening_the_period_adds_and_removes_only_the_edge():
    old = plan_shifts(order(), BINJIANG_GRIDS)
    longer = diff_plans(old, plan_shifts(order(batches=8), BINJIANG_GRIDS))
    assert len(longer.added) == 6 and not longer.removed and not longer.changed
    assert {p.slot.day for p in longer.added} == {MONDAY + timedelta(days=3)}
    shorter = diff_plans(old, plan_shifts(order(batches=4), BINJIANG_GRIDS))
    assert len(shorter.removed) == 6 and not shorter.added and not shorter.changed


def test_changing_the_grids_moves_the_people_between_places():
    old = plan_shifts(order(head_count=6, places=("BJ-01", "BJ-02")), BINJIANG_GRIDS)
    new = plan_shifts(order(head_count=6, places=("BJ-02", "BJ-03")), BINJIANG_GRIDS)
    diff = diff_plans(old, new)
    assert {p.place_code for p in diff.added} == {"BJ-03"}
    assert {p.place_code for p in diff.removed} == {"BJ-01"}
    assert diff.changed == []          # BJ-02 still gets 3 people per slot


def test_an_unchanged_plan_diffs_to_nothing():
    plans = plan_shifts(order(), BINJIANG_GRIDS)
    diff = diff_plans(plans, list(reversed(plans)))
    assert (diff.added, diff.removed, diff.changed, diff.frozen) == ([], [], [], [])


def test_cancelling_a_running_order_leaves_past_shifts_as_history():
    plans = plan_shifts(order(), BINJIANG_GRIDS)
    tuesday = MONDAY + timedelta(days=1)
    diff = diff_plans(plans, [], from_day=tuesday)
    assert {p.slot.day for p in diff.frozen} == {MONDAY}
    assert len(diff.frozen) == 6 and len(diff.removed) == 12
    assert all(p.slot.day >= tuesday for p in diff.removed)
    amended = diff_plans(plans, plan_shifts(order(head_count=11), BINJIANG_GRIDS),
                         from_day=tuesday)
    assert len(amended.changed) == 12
    assert all(p.head_count in (2, 3) for p in amended.frozen)   # old versions stay
