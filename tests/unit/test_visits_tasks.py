"""Splitting a grid's households among a door_to_door shift's volunteers."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from services.visits.domain import HouseholdSlot, split_households, unassigned, walking_order


def grid(*sizes: int) -> list[HouseholdSlot]:
    """Buildings B00, B01, … with the given numbers of households."""
    return [HouseholdSlot(f"B{b:02d}-{i:03d}", f"B{b:02d}", f"{b}号楼{i + 1:03d}室")
            for b, size in enumerate(sizes) for i in range(size)]


def team(n: int) -> list[str]:
    return [f"v{i}" for i in range(n)]


def loads(split: dict[str, list[str]]) -> list[int]:
    return [len(codes) for codes in split.values()]


def building_of(code: str) -> str:
    return code.split("-")[0]


def check_contiguous(households: list[HouseholdSlot], split: dict[str, list[str]],
                     fair: int) -> None:
    """A building up to a fair share goes to one volunteer; a larger one is cut into runs
    that are contiguous in walking order."""
    position = {h.code: i for i, h in enumerate(walking_order(households))}
    size = {b: sum(1 for h in households if h.building_code == b)
            for b in {h.building_code for h in households}}
    holders: dict[str, set[str]] = {}
    for volunteer, codes in split.items():
        for building, part in itertools.groupby(codes, key=building_of):
            holders.setdefault(building, set()).add(volunteer)
            spots = [position[c] for c in part]
            assert spots == list(range(spots[0], spots[0] + len(spots))), (volunteer, building)
        assert [position[c] for c in codes] == sorted(position[c] for c in codes)
    for building, who in holders.items():
        if size[building] <= fair:
            assert len(who) == 1, building


def test_buildings_stay_together_and_loads_balance():
    households = grid(8, 8, 8, 6, 6, 6, 4, 4)   # 50 households
    split = split_households(households, team(3))
    assert sorted(loads(split)) == [16, 16, 18]   # the best the building sizes allow
    check_contiguous(households, split, fair=17)


def test_every_household_goes_to_exactly_one_volunteer():
    households = grid(5, 3, 9, 1, 7)
    split = split_households(households, team(4))
    codes = [c for cs in split.values() for c in cs]
    assert sorted(codes) == sorted(h.code for h in households)


def test_a_building_larger_than_a_fair_share_is_cut_into_near_equal_runs():
    households = grid(30, 2)
    split = split_households(households, team(3))   # fair share 11
    assert sorted(loads(split)) == [10, 11, 11]
    check_contiguous(households, split, fair=11)
    assert len({building_of(c) for c in split["v0"]}) == 1


def test_single_household_buildings_are_dealt_in_blocks():
    households = grid(*[1] * 30)
    split = split_households(households, team(3))
    assert split["v0"] == [f"B{b:02d}-000" for b in range(10)]
    assert split["v1"] == [f"B{b:02d}-000" for b in range(10, 20)]
    assert loads(split) == [10, 10, 10]


def test_deterministic_whatever_the_input_order():
    households = grid(4, 7, 2, 9, 3, 5)
    first = split_households(households, ["ann", "bo", "cy"])
    shuffled = households[:]
    random.Random(3).shuffle(shuffled)
    assert split_households(shuffled, ["cy", "ann", "bo", "ann"]) == first


def test_per_volunteer_caps_and_leaves_the_tail_for_a_later_shift():
    households = grid(6, 6, 6, 6, 6)   # 30
    split = split_households(households, team(2), per_volunteer=12)
    assert loads(split) == [12, 12]
    assert sorted(c for cs in split.values() for c in cs) == \
        [h.code for h in walking_order(households)][:24]
    assert unassigned(households, split) == [f"B04-{i:03d}" for i in range(6)]


def test_the_cap_holds_even_when_buildings_do_not_fit_it():
    households = grid(7, 6, 6)   # 19, fair share 10 but pieces of 7, 6, 6
    split = split_households(households, team(2), per_volunteer=10)
    assert max(loads(split)) <= 10
    assert sum(loads(split)) == 19 - len(unassigned(households, split))
    assert len(unassigned(households, split)) == 0


def test_a_cap_of_zero_assigns_nothing():
    households = grid(3)
    assert split_households(households, team(2), per_volunteer=0) == {"v0": [], "v1": []}


def test_a_cap_larger_than_the_grid_changes_nothing():
    households = grid(4, 4, 4)
    assert split_households(households, team(3), per_volunteer=100) == \
        split_households(households, team(3))


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_a_bad_cap_is_refused(bad):
    with pytest.raises(ValueError, match="per_volunteer"):
        split_households(grid(2), team(1), per_volunteer=bad)


def test_empty_inputs():
    assert split_households([], team(2)) == {"v0": [], "v1": []}
    assert split_households(grid(3), []) == {}
    assert split_households([], []) == {}


def test_more_volunteers_than_households():
    split = split_households(grid(2, 1), team(5))
    assert sorted(loads(split)) == [0, 0, 1, 1, 1]
    assert set(split) == set(team(5))


def test_a_household_listed_twice_is_refused():
    households = grid(2)
    with pytest.raises(ValueError, match="listed twice"):
        split_households(households + households[:1], team(2))


def test_one_volunteer_takes_all_in_walking_order():
    households = grid(3, 2)
    split = split_households(list(reversed(households)), ["solo"])
    assert split == {"solo": [h.code for h in households]}


def brute_force_gap(sizes: list[int], people: int) -> int:
    best = math.inf
    for owners in itertools.product(range(people), repeat=len(sizes)):
        per = [0] * people
        for size, owner in zip(sizes, owners, strict=True):
            per[owner] += size
        best = min(best, max(per) - min(per))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_the_gap_is_the_smallest_the_buildings_allow(seed):
    rnd = random.Random(seed)
    people = rnd.randint(2, 4)
    while True:   # whole buildings only (none above a fair share): brute force compares
        sizes = [rnd.randint(1, 9) for _ in range(rnd.randint(people, 7))]
        if max(sizes) <= math.ceil(sum(sizes) / people):
            break
    households = grid(*sizes)
    split = split_households(households, team(people))
    got = loads(split)
    assert max(got) - min(got) == brute_force_gap(sizes, people), (sizes, got)
    check_contiguous(households, split, fair=math.ceil(sum(sizes) / people))


@pytest.mark.parametrize("seed", range(20))
def test_large_grids_keep_the_gap_within_the_smallest_piece_held(seed):
    rnd = random.Random(100 + seed)
    people = rnd.randint(2, 12)
    sizes = [rnd.randint(1, 40) for _ in range(rnd.randint(10, 60))]
    households = grid(*sizes)
    split = split_households(households, team(people))
    fair = math.ceil(len(households) / people)
    got = loads(split)
    heaviest = max(split, key=lambda v: len(split[v]))
    pieces = [len(list(part)) for _, part in itertools.groupby(split[heaviest],
                                                                key=building_of)]
    assert max(got) - min(got) <= min(pieces) <= fair
    check_contiguous(households, split, fair)


def test_a_new_split_moves_only_the_tasks_that_change_hands():
    from services.visits.domain.tasks import reassignments

    old, new = ("s-old", "V1"), ("s-new", "V2")
    held = {"H1": old, "H2": old, "H3": old, "H4": old}
    moves, dropped = reassignments(held, {old: ["H1", "H2"], new: ["H3", "H5"]})
    assert moves == {"H3": new}                 # H5 had no task: not a move
    assert dropped == ["H4"]                    # left out (a cap): released, not kept
    assert reassignments(held, {old: sorted(held)}) == ({}, [])


def test_shifts_sharing_a_grid_split_it_like_volunteers_do():
    # owners are (shift, volunteer): the split is the same rules over everyone on the
    # grid's due shifts, whichever shift they came with
    households = [HouseholdSlot(f"H{i}", f"B{i // 3}") for i in range(6)]
    split = split_households(households, [("s2", "V2"), ("s1", "V1")])
    assert split == {("s1", "V1"): ["H0", "H1", "H2"], ("s2", "V2"): ["H3", "H4", "H5"]}
