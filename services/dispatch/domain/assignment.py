"""Putting volunteers on shifts: fair rotation under hard availability rules.

Hard rules (availability.why_not): active, of the order's unit, available on the slot,
below the weekly limit, never in two places at once, across all pairings.

Choice among those who may go, best first:
1. fewest shifts so far (the rotation counts), so over a long order with equal
   availability everybody's count differs by at most one;
2. a volunteer with a skill the task kinds prefer (phone_check → dialect speakers,
   testing_support → medics) gets one shift of credit: preferred over someone with the
   same count or one fewer, never more, so the preference cannot wear out the few;
3. a tie-break that rotates: a stable hash of the volunteer XOR a stable hash of the
   shift key, so the same people are not always first and results are repeatable.
"""

from __future__ import annotations

import heapq
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby

from services.dispatch.domain.availability import BookingIndex, why_not
from services.dispatch.domain.model import Booking, RuleBroken, ShiftPlan, Volunteer

SKILL_PREFERENCES: Mapping[str, frozenset[str]] = {
    "phone_check": frozenset({"dialect"}),
    "testing_support": frozenset({"medic"}),
    "safety_check": frozenset({"fire_safety"}),
}
SKILL_CREDIT = 1


@dataclass(frozen=True)
class Assignment:
    """assigned: shift key → volunteer ids (kept ones first); understaffed: shift key →
    missing people (only shifts short of their head-count); bookings_added: the new
    bookings; released: existing bookings dropped because the head-count went down;
    rotation: the counts after this assignment."""

    assigned: dict[str, list[str]]
    understaffed: dict[str, int]
    bookings_added: list[Booking]
    released: list[Booking]
    rotation: dict[str, int]


@dataclass
class Staffing:
    """What the assignment rules need for one unit: its volunteers, the bookings near the
    shifts (every pairing), and shifts so far per volunteer (the rotation counts)."""

    volunteers: list[Volunteer]
    bookings: list[Booking] = field(default_factory=list)
    rotation: dict[str, int] = field(default_factory=dict)


def _stable_hash(text: str) -> int:
    # Python's hash() of a str changes per process; crc32 keeps the picks repeatable.
    return zlib.crc32(text.encode())


def _spread(needs: list[int], supply: int) -> list[int]:
    """Seats per shift when a slot is short of people: hand them out one round at a time,
    so every place gets someone before any place gets its full team."""
    seats = [0] * len(needs)
    left = min(supply, sum(needs))
    while left:
        for i, need in enumerate(needs):
            if left and seats[i] < need:
                seats[i] += 1
                left -= 1
    return seats


class _Chooser:
    """Ranks volunteers for one shift by the rules in the module docstring."""

    def __init__(self, counts: Counter[str], preferences: Mapping[str, frozenset[str]]):
        self.counts, self.preferences = counts, preferences
        self._hash: dict[str, int] = {}

    def best(self, shift: ShiftPlan, candidates: Iterable[Volunteer], k: int) -> list[str]:
        preferred = frozenset().union(*(self.preferences.get(t, ()) for t in shift.task_kinds))
        mask, counts, hashes = _stable_hash(shift.key), self.counts, self._hash

        def rank(v: Volunteer) -> tuple[int, int, int]:
            h = hashes.get(v.id)
            if h is None:
                h = hashes[v.id] = _stable_hash(v.id)
            credit = SKILL_CREDIT if preferred and not preferred.isdisjoint(v.skills) else 0
            return counts[v.id] - credit, -credit, h ^ mask

        return [v.id for v in heapq.nsmallest(k, candidates, key=rank)]


def assign(shifts: Iterable[ShiftPlan], volunteers: Iterable[Volunteer],
           bookings: Iterable[Booking], rotation: Mapping[str, int] | None = None, *,
           unit_id: str | None = None, declined: Mapping[str, Collection[str]] | None = None,
           preferences: Mapping[str, frozenset[str]] = SKILL_PREFERENCES) -> Assignment:
    """Staff the shifts, earliest slot first, keeping whoever is already booked on them.

    ``bookings`` are all bookings of all pairings. Those on one of these shifts are kept
    as they are, not re-checked (an amendment keeps its people); when a head-count went
    down, the extra people with the most shifts are released. Short slots are spread
    (see _spread) and reported in ``understaffed`` with the exact missing count.
    ``rotation`` is shifts so far per volunteer (default: counted from ``bookings``).
    ``unit_id`` restricts to the order's unit (None: the caller already passed only that
    unit's volunteers); ``declined`` maps a shift key to people who declined it and
    are not asked again.
    """
    bookings = list(bookings)
    index = BookingIndex(bookings)
    counts = Counter(rotation) if rotation is not None else index.counts()
    pool = [v for v in volunteers if v.active and (unit_id is None or v.unit_id == unit_id)]
    chooser = _Chooser(counts, preferences)
    declined = declined or {}
    assigned: dict[str, list[str]] = {}
    understaffed: dict[str, int] = {}
    added: list[Booking] = []
    released: list[Booking] = []

    unique = {s.key: s for s in shifts}.values()
    ordered = sorted(unique, key=lambda s: (s.slot.sort_key(), s.slot.half, s.place_code, s.key))
    for slot, group in groupby(ordered, key=lambda s: s.slot):
        group = list(group)
        for shift in group:
            kept = index.on_shift(shift.key)
            if len(kept) > shift.head_count:
                # keep the least-used: releasing the busiest keeps the rotation fair
                kept.sort(key=lambda vid: (counts[vid], _stable_hash(vid)))
                for vid in kept[shift.head_count:]:
                    booking = Booking(vid, shift.slot, shift.key)
                    index.remove(booking)
                    counts[vid] -= 1
                    released.append(booking)
                kept = kept[:shift.head_count]
            assigned[shift.key] = kept
        eligible = {v.id: v for v in pool if why_not(v, slot, index) is None}
        needs = [s.head_count - len(assigned[s.key]) for s in group]
        for shift, seats in zip(group, _spread(needs, len(eligible)), strict=True):
            refused = declined.get(shift.key, ())
            candidates = [v for v in eligible.values() if v.id not in refused]
            for vid in chooser.best(shift, candidates, seats):
                booking = Booking(vid, shift.slot, shift.key)
                index.add(booking)
                counts[vid] += 1
                added.append(booking)
                assigned[shift.key].append(vid)
                del eligible[vid]
            missing = shift.head_count - len(assigned[shift.key])
            if missing > 0:
                understaffed[shift.key] = missing
    return Assignment(assigned, understaffed, added, released, dict(counts))


def reassign_shift(shift: ShiftPlan, current: list[str], leaving: str,
                   volunteers: Iterable[Volunteer], bookings: Iterable[Booking],
                   rotation: Mapping[str, int] | None = None, *, unit_id: str | None = None,
                   incoming: str | None = None, exclude: Collection[str] = (),
                   preferences: Mapping[str, frozenset[str]] = SKILL_PREFERENCES,
                   ) -> tuple[list[str], str | None]:
    """Replace one person on one shift (a replacement, or a volunteer declining).

    Only this shift is re-run: the best eligible volunteer by the usual ranking takes
    the leaver's place in the list, or ``incoming`` when a coordinator names someone
    (refused with the reason when they may not go). With nobody eligible the leaver is
    just removed and the replacement is None: the shift is one more short. ``exclude``
    holds people not to ask (those who declined this shift before).
    """
    if leaving not in current:
        raise RuleBroken("volunteer_id", f"{leaving} is not on shift {shift.key}")
    bookings = [b for b in bookings
                if not (b.volunteer_id == leaving and b.shift_key == shift.key)]
    index = BookingIndex(bookings)
    skip = set(current) | {leaving} | set(exclude)
    if incoming is not None:
        replacement = _check_named(incoming, shift, skip, volunteers, index, unit_id)
    else:
        counts = Counter(rotation) if rotation is not None else index.counts()
        candidates = [v for v in volunteers if v.id not in skip
                      and why_not(v, shift.slot, index, unit_id=unit_id) is None]
        best = _Chooser(counts, preferences).best(shift, candidates, 1)
        replacement = best[0] if best else None
    if replacement is None:
        return [vid for vid in current if vid != leaving], None
    return [replacement if vid == leaving else vid for vid in current], replacement


def _check_named(incoming: str, shift: ShiftPlan, skip: set[str],
                 volunteers: Iterable[Volunteer], index: BookingIndex,
                 unit_id: str | None) -> str:
    if incoming in skip:
        raise RuleBroken("incoming", f"{incoming} is already on this shift or leaving it")
    volunteer = next((v for v in volunteers if v.id == incoming), None)
    if volunteer is None:
        raise RuleBroken("incoming", f"unknown volunteer {incoming}")
    reason = why_not(volunteer, shift.slot, index, unit_id=unit_id)
    if reason:
        raise RuleBroken("incoming", f"{incoming} {reason}")
    return incoming


def swap(shift_a: ShiftPlan, volunteer_a: str, shift_b: ShiftPlan, volunteer_b: str,
         volunteers: Iterable[Volunteer], bookings: Iterable[Booking], *,
         unit_id: str | None = None) -> tuple[Booking, Booking]:
    """Exchange two people between two shifts, only if both stay within the rules.

    Returns the two new bookings (volunteer_a on shift_b, volunteer_b on shift_a); the
    caller drops the two old ones. Raises RuleBroken with the reason otherwise.
    """
    if shift_a.key == shift_b.key:
        raise RuleBroken("shift", "a swap needs two different shifts")
    if volunteer_a == volunteer_b:
        raise RuleBroken("volunteer_id", "a swap needs two different volunteers")
    bookings = list(bookings)
    on = {(b.volunteer_id, b.shift_key) for b in bookings}
    for vid, mine, other in ((volunteer_a, shift_a, shift_b), (volunteer_b, shift_b, shift_a)):
        if (vid, mine.key) not in on:
            raise RuleBroken("volunteer_id", f"{vid} is not on shift {mine.key}")
        if (vid, other.key) in on:
            raise RuleBroken("volunteer_id", f"{vid} is already on shift {other.key}")
    leaving = {(volunteer_a, shift_a.key), (volunteer_b, shift_b.key)}
    index = BookingIndex(b for b in bookings if (b.volunteer_id, b.shift_key) not in leaving)
    by_id = {v.id: v for v in volunteers}
    new = (Booking(volunteer_a, shift_b.slot, shift_b.key),
           Booking(volunteer_b, shift_a.slot, shift_a.key))
    for booking in new:
        volunteer = by_id.get(booking.volunteer_id)
        if volunteer is None:
            raise RuleBroken("volunteer_id", f"unknown volunteer {booking.volunteer_id}")
        reason = why_not(volunteer, booking.slot, index, unit_id=unit_id)
        if reason:
            raise RuleBroken("volunteer_id", f"{booking.volunteer_id} {reason}")
        index.add(booking)
    return new
