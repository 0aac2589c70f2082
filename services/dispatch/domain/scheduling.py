"""From a pairing order to its shifts: validation, planning and amendment diffs."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, timedelta

from services.common.vocab import SLOT_KINDS, TASK_KINDS
from services.dispatch.domain.model import (
    HALF_ORDER,
    OrderSpec,
    PlanDiff,
    RuleBroken,
    ShiftPlan,
    Slot,
    Volunteer,
    shift_key,
)

# A runaway period (a typo in the year) would fan out into tens of thousands of shifts;
# a pairing longer than a year is renewed as a new order instead.
MAX_DAYS = 366


def field_capacity(volunteers: Iterable[Volunteer], unit_id: str, slot_kind: str) -> int:
    """How many people the unit can ever field in one slot: its active volunteers who are
    available on some weekday for that kind of slot (a 'day' slot needs both halves)."""
    need = {"am", "pm"} if slot_kind == "day" else set()
    return sum(1 for v in volunteers
               if v.unit_id == unit_id and v.active and v.weekly_limit > 0 and v.weekdays
               and v.halves and need <= v.halves)


def places_of(spec: OrderSpec, community_grids: Iterable[str]) -> list[str]:
    """The places an order covers, sorted so planning does not depend on row order."""
    return sorted(spec.places) if spec.places else sorted(community_grids)


def people_per_slot(spec: OrderSpec, place_count: int) -> int:
    return spec.head_count * place_count if spec.head_count_per_place else spec.head_count


def validate_order(spec: OrderSpec, *, today: date, known_unit: bool, known_community: bool,
                   community_grids: Collection[str], unit_capacity: int,
                   community_sites: Collection[str] = (),
                   previous: OrderSpec | None = None) -> list[tuple[str, str]]:
    """Every reason to refuse the order, as (field, reason); empty means valid.

    ``unit_capacity`` is field_capacity() of the unit for the order's slot kind. Places
    must be grids of the community or its known sites (checkpoints, testing sites).
    ``previous`` is the order being amended: a running order may keep a start that has
    passed, but an amendment cannot move the start into the past nor end before today.
    """
    problems: list[tuple[str, str]] = []
    add = problems.append
    if not known_unit:
        add(("unit_id", f"unknown unit {spec.unit_id!r}"))
    if not known_community:
        add(("community_code", f"unknown community {spec.community_code!r}"))
    keeps_start = previous is not None and previous.start == spec.start
    if spec.start < today and not keeps_start:
        add(("start", f"{spec.start} is in the past (today is {today})"))
    if spec.slot_kind not in SLOT_KINDS:
        add(("slot_kind", f"must be one of {', '.join(SLOT_KINDS)}, not {spec.slot_kind!r}"))
    _check_period(spec, today, previous is not None, add)
    if spec.head_count <= 0:
        add(("head_count", f"must be at least 1, not {spec.head_count}"))
    if not spec.task_kinds:
        add(("task_kinds", "name at least one task kind"))
    unknown_kinds = [k for k in spec.task_kinds if k not in TASK_KINDS]
    if unknown_kinds:
        add(("task_kinds", f"unknown task kind(s) {', '.join(unknown_kinds)}; "
                           f"known: {', '.join(TASK_KINDS)}"))
    places = places_of(spec, community_grids)
    if len(set(spec.places)) != len(spec.places):
        add(("places", "a place is listed twice"))
    unknown_places = sorted(set(spec.places) - set(community_grids) - set(community_sites))
    if known_community and unknown_places:
        add(("places", f"not grids or sites of {spec.community_code}: "
                       f"{', '.join(unknown_places)}"))
    if known_community and not places:
        add(("places", f"{spec.community_code} has no grids on record; name the places"))
    if spec.head_count > 0 and places:
        if not spec.head_count_per_place and spec.head_count < len(places):
            add(("head_count", f"{spec.head_count} people cannot be split over "
                               f"{len(places)} places; raise the head-count, name fewer "
                               "places, or count it per place"))
        per_slot = people_per_slot(spec, len(places))
        if known_unit and per_slot > unit_capacity:
            add(("head_count", f"needs {per_slot} people per slot but the unit can field "
                               f"at most {unit_capacity}"))
    return problems


def _check_period(spec: OrderSpec, today: date, amending: bool, add) -> None:
    if (spec.batches is None) == (spec.end is None):
        add(("batches", "give either a number of batches or an end date, not "
                        + ("both" if spec.batches is not None else "neither")))
        return
    if spec.batches is not None:
        per_day = 2 if spec.slot_kind == "half_day" else 1
        if spec.batches <= 0:
            add(("batches", f"must be at least 1, not {spec.batches}"))
        elif spec.batches > MAX_DAYS * per_day:
            add(("batches", f"{spec.batches} batches run past {MAX_DAYS} days; "
                            "split the pairing into several orders"))
        elif amending and spec.start + timedelta(days=(spec.batches - 1) // per_day) < today:
            add(("batches", f"{spec.batches} batches would end in the past: "
                            "past shifts cannot be taken back"))
        return
    if spec.end < spec.start:
        add(("end", f"{spec.end} is before the start {spec.start}"))
    elif (spec.end - spec.start).days + 1 > MAX_DAYS:
        add(("end", f"the period is longer than {MAX_DAYS} days; "
                    "split the pairing into several orders"))
    elif amending and spec.end < today:
        add(("end", f"{spec.end} is in the past: past shifts cannot be taken back"))


def order_slots(spec: OrderSpec) -> list[Slot]:
    """The order's slots in time order. Half-day orders fill am then pm of each day.
    Every calendar day counts, weekends included: nothing is skipped silently."""
    halves = ("am", "pm") if spec.slot_kind == "half_day" else ("day",)
    if spec.batches is not None:
        return [Slot(spec.start + timedelta(days=i // len(halves)), halves[i % len(halves)])
                for i in range(spec.batches)]
    if spec.end is None:
        raise RuleBroken("batches", "give either a number of batches or an end date")
    days = (spec.end - spec.start).days + 1
    return [Slot(spec.start + timedelta(days=d), half)
            for d in range(days) for half in halves]


def plan_shifts(spec: OrderSpec, community_grids: Iterable[str]) -> list[ShiftPlan]:
    """One shift per (slot, place), every one carrying all the order's task kinds.

    A split head-count gives each place head_count // n people and hands the remainder
    out one by one starting at a place that rotates with the slot (by date, not by
    position in the order, so amending the period does not reshuffle existing shifts):
    no grid is always the one short-handed. Expects a valid order (validate_order).
    """
    places = places_of(spec, community_grids)
    if not places:
        raise RuleBroken("places", "no places to cover")
    if spec.head_count <= 0 or (not spec.head_count_per_place
                                and spec.head_count < len(places)):
        raise RuleBroken("head_count", f"{spec.head_count} cannot staff {len(places)} places")
    kinds = tuple(k for k in TASK_KINDS if k in spec.task_kinds)
    n = len(places)
    base, extra = divmod(spec.head_count, n)
    plans = []
    for slot in order_slots(spec):
        offset = (slot.day.toordinal() * 2 + HALF_ORDER[slot.half]) % n
        for i, place in enumerate(places):
            if spec.head_count_per_place:
                count = spec.head_count
            else:
                count = base + (1 if (i - offset) % n < extra else 0)
            plans.append(ShiftPlan(shift_key(spec.order_id, slot, place), slot, place,
                                   kinds, count))
    return plans


def diff_plans(old: Iterable[ShiftPlan], new: Iterable[ShiftPlan], *,
               from_day: date | None = None,
               begun: Callable[[ShiftPlan], bool] | None = None) -> PlanDiff:
    """What an amendment (or, with new=[], a cancellation) does to the shifts.

    Keys are deterministic, so a shift in both plans is the same shift: it is 'changed'
    when its head-count or kinds differ and untouched otherwise, and its assignments are
    kept. Shifts before ``from_day`` (usually today), and those ``begun`` says are under
    way or over (today's morning shift at 10:00), are history: those the new plan would
    add, change or remove are listed in ``frozen`` (as they stay, i.e. the old version
    where there is one) and nowhere else.
    """
    old_by_key = {p.key: p for p in old}
    new_by_key = {p.key: p for p in new}

    def past(plan: ShiftPlan) -> bool:
        return ((from_day is not None and plan.slot.day < from_day)
                or (begun is not None and begun(plan)))

    diff = PlanDiff()
    for key, plan in old_by_key.items():
        if key not in new_by_key:
            (diff.frozen if past(plan) else diff.removed).append(plan)
        elif new_by_key[key] != plan:
            if past(plan):
                diff.frozen.append(plan)
            else:
                diff.changed.append(new_by_key[key])
    for key, plan in new_by_key.items():
        if key not in old_by_key:
            (diff.frozen if past(plan) else diff.added).append(plan)
    for part in (diff.added, diff.removed, diff.changed, diff.frozen):
        part.sort(key=lambda p: (p.slot.sort_key(), p.place_code))
    return diff
