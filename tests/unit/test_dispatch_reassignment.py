"""Re-running assignment for one shift: amendments, declines, replacements and swaps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.dispatch.domain import Booking, RuleBroken, Volunteer, assign, reassign_shift, swap
from tests.support.dispatch_plans import MONDAY, shift, team

# -- re-runs ---------------------------------------------------------------------------

def test_re_running_keeps_existing_people_and_releases_the_busiest_on_reduction():
    s = shift("s1", head_count=2)
    vols = team(6)
    first = assign([s], vols, [], {})
    kept = first.assigned["s1"]
    bigger = assign([shift("s1", head_count=4)], vols, first.bookings_added, first.rotation)
    assert bigger.assigned["s1"][:2] == kept and len(bigger.assigned["s1"]) == 4
    assert len(bigger.bookings_added) == 2
    everyone = first.bookings_added + bigger.bookings_added
    rotation = dict(bigger.rotation, **{bigger.assigned["s1"][0]: 9})
    smaller = assign([shift("s1", head_count=3)], vols, everyone, rotation)
    assert [b.volunteer_id for b in smaller.released] == [bigger.assigned["s1"][0]]
    assert smaller.bookings_added == [] and len(smaller.assigned["s1"]) == 3


def test_people_who_declined_a_shift_are_not_asked_again():
    vols = team(3)
    result = assign([shift("s1", head_count=3)], vols, [], {}, declined={"s1": {"v001"}})
    assert sorted(result.assigned["s1"]) == ["v000", "v002"]
    assert result.understaffed == {"s1": 1}


def test_reassign_replaces_in_place_with_an_eligible_person():
    s = shift("s1", head_count=3)
    vols = team(6)
    bookings = [Booking(v, s.slot, "s1") for v in ("v000", "v001", "v002")]
    bookings.append(Booking("v003", s.slot, "elsewhere"))     # busy at that time
    new, replacement = reassign_shift(s, ["v000", "v001", "v002"], "v001", vols, bookings,
                                      {"v004": 3, "v005": 0})
    assert replacement == "v005"
    assert new == ["v000", "v005", "v002"]
    others = [Volunteer("x", "u2")]            # another unit's volunteer is never taken
    assert reassign_shift(s, ["v000", "v001", "v002"], "v001", vols[:4] + others, bookings,
                          unit_id="u1") == (["v000", "v002"], None)


def test_a_decline_asks_nobody_who_declined_and_may_leave_the_shift_short():
    s = shift("s1", head_count=2)
    vols = team(3)
    bookings = [Booking("v000", s.slot, "s1"), Booking("v001", s.slot, "s1")]
    new, replacement = reassign_shift(s, ["v000", "v001"], "v000", vols, bookings,
                                      exclude={"v002"})
    assert (new, replacement) == (["v001"], None)
    with pytest.raises(RuleBroken, match="not on shift"):
        reassign_shift(s, ["v000", "v001"], "v009", vols, bookings)


def test_a_named_replacement_is_checked_against_the_rules():
    s = shift("s1", head_count=1)
    vols = team(2) + [Volunteer("away", "u1", blackout=frozenset({MONDAY}))]
    bookings = [Booking("v000", s.slot, "s1")]
    new, replacement = reassign_shift(s, ["v000"], "v000", vols, bookings, incoming="v001")
    assert (new, replacement) == (["v001"], "v001")
    with pytest.raises(RuleBroken, match="unavailable on 2030-03-04"):
        reassign_shift(s, ["v000"], "v000", vols, bookings, incoming="away")
    with pytest.raises(RuleBroken, match="unknown volunteer"):
        reassign_shift(s, ["v000"], "v000", vols, bookings, incoming="ghost")


def test_swap_exchanges_two_people_when_both_stay_valid():
    a, b = shift("a", day=MONDAY), shift("b", day=MONDAY + timedelta(days=1))
    vols = [Volunteer("ann", "u1"), Volunteer("bob", "u1")]
    bookings = [Booking("ann", a.slot, "a"), Booking("bob", b.slot, "b")]
    assert swap(a, "ann", b, "bob", vols, bookings) == (Booking("ann", b.slot, "b"),
                                                        Booking("bob", a.slot, "a"))


def test_swap_is_refused_with_the_reason_when_one_would_break_a_rule():
    a, b = shift("a", day=MONDAY), shift("b", day=MONDAY + timedelta(days=1))
    vols = [Volunteer("ann", "u1", weekdays=frozenset({0})), Volunteer("bob", "u1"),
            Volunteer("cat", "u1")]
    bookings = [Booking("ann", a.slot, "a"), Booking("bob", b.slot, "b"),
                Booking("cat", b.slot, "b"), Booking("bob", a.slot, "other")]
    with pytest.raises(RuleBroken, match="ann is not available on Tuesdays"):
        swap(a, "ann", b, "bob", vols, bookings)
    with pytest.raises(RuleBroken, match="already booked at that time"):
        swap(b, "bob", a, "ann", [Volunteer("ann", "u1"), Volunteer("bob", "u1")], bookings)
    with pytest.raises(RuleBroken, match="not on shift"):
        swap(a, "cat", b, "bob", vols, bookings)
    with pytest.raises(RuleBroken, match="already on shift"):
        swap(b, "cat", a, "ann", vols, bookings + [Booking("cat", a.slot, "a")])
