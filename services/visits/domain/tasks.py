"""Splitting a grid's households among the volunteers of a door_to_door shift.

Rules, in order of importance:
1. Deterministic: the same households and volunteers give the same split, whatever the
   order they are passed in (households are walked sorted by building, address, code;
   volunteers sorted by id).
2. Capped: with `per_volunteer`, nobody gets more than that; the households beyond
   `per_volunteer × volunteers` (the tail of the walking order, so whole buildings as far
   as possible) stay unassigned for a later shift.
3. Buildings stay together: a building goes to one volunteer, unless it is larger than a
   fair share (⌈households ÷ volunteers⌉); then it is cut into contiguous runs, of
   near-equal size or of a fair share and a remainder, whichever balances better. A
   building is also cut when the cap leaves no volunteer enough room for it whole.
4. Balanced: the whole pieces (buildings or runs) are placed largest first on the least
   loaded volunteer, then pieces are moved or swapped between two volunteers while that
   brings their loads closer. That never leaves the busiest volunteer more than the
   smallest piece they hold above the least busy one (so ≤ 1 when every building has
   one household, and never more than a fair share). When the gap is still above what
   the total allows (0, or 1 when it does not divide evenly), a branch-and-bound search
   over the pieces looks for a smaller one, within a fixed number of steps so a large
   grid cannot stall a shift's assignment; its result is deterministic too.
5. Near each other: balancing alone would deal equal pieces round-robin (building 1, 4,
   7… to the first volunteer). Pieces of equal size are interchangeable for the loads, so
   they are dealt again in walking order: each volunteer takes the next pieces of the
   sizes they hold, and a street of one-household buildings becomes one block each.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class HouseholdSlot:
    code: str
    building_code: str
    address: str = ""


def walking_order(households: Iterable[HouseholdSlot]) -> list[HouseholdSlot]:
    """Households in the order a volunteer walks them: building by building."""
    return sorted(households, key=lambda h: (h.building_code, h.address, h.code))


def split_households(households: Sequence[HouseholdSlot], volunteers: Sequence[str], *,
                     per_volunteer: int | None = None) -> dict[str, list[str]]:
    """Household codes per volunteer (every volunteer is a key, possibly with [])."""
    if per_volunteer is not None and (isinstance(per_volunteer, bool)
                                      or not isinstance(per_volunteer, int)
                                      or per_volunteer < 0):
        raise ValueError("per_volunteer must be a whole number of at least 0, or None")
    people = sorted(set(volunteers))
    split: dict[str, list[str]] = {v: [] for v in people}
    ordered = walking_order(households)
    _no_duplicates(ordered)
    if not people or not ordered:
        return split

    cap = len(ordered) if per_volunteer is None else per_volunteer
    ordered = ordered[:cap * len(people)]
    if not ordered:
        return split
    fair = math.ceil(len(ordered) / len(people))
    floor_gap = 0 if len(ordered) % len(people) == 0 else 1
    holding: list[list[Piece]] = []
    for even in (True, False):
        if holding and _spread(holding) <= floor_gap:
            break
        pieces = _pieces(ordered, fair, even=even)
        candidate = _place(pieces, len(people), cap)
        _balance(candidate)
        candidate = _search(pieces, candidate, cap) or candidate
        if not holding or _spread(candidate) < _spread(holding):
            holding = candidate
    holding = _localize(holding)
    for person, held in zip(people, holding, strict=True):
        # Pieces are (first index, codes); sorting by index restores the walking order.
        split[person] = [code for _, codes in sorted(held) for code in codes]
    return split


def reassignments(held: Mapping[str, Hashable], split: Mapping[Hashable, list[str]]
                  ) -> tuple[dict[str, Hashable], list[str]]:
    """What a new split changes for households that already have an open task.
    `held`: household code → who holds its task now; `split`: who gets which codes.
    → (code → new holder, for the tasks that change hands; codes the split leaves out,
    whose tasks are to be released). Tasks that stay with their holder are in neither."""
    owner = {code: who for who, codes in split.items() for code in codes}
    moves = {code: owner[code] for code in sorted(held)
             if code in owner and owner[code] != held[code]}
    dropped = sorted(code for code in held if code not in owner)
    return moves, dropped


def unassigned(households: Iterable[HouseholdSlot], split: dict[str, list[str]]) -> list[str]:
    """Codes left out of a split (by the cap), in walking order."""
    taken = {code for codes in split.values() for code in codes}
    return [h.code for h in walking_order(households) if h.code not in taken]


Piece = tuple[int, tuple[str, ...]]   # (position of its first household, codes in order)


def _no_duplicates(ordered: list[HouseholdSlot]) -> None:
    seen: set[str] = set()
    for h in ordered:
        if h.code in seen:
            raise ValueError(f"household {h.code!r} is listed twice")
        seen.add(h.code)


def _pieces(ordered: list[HouseholdSlot], fair: int, *, even: bool) -> list[Piece]:
    """Buildings as pieces; a building above the fair share cut into runs: near-equal
    ones (even), or fair-share ones and a remainder, which can top up a volunteer whose
    whole buildings fall short (30 + 2 households for 3: 11, 11, 8 + 2)."""
    pieces: list[Piece] = []
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end].building_code == ordered[start].building_code:
            end += 1
        size = end - start
        runs = math.ceil(size / fair)
        base, extra = divmod(size, runs)
        at = start
        for r in range(runs):
            if even:
                length = base + (1 if r < extra else 0)
            else:
                length = min(fair, end - at)
            pieces.append((at, tuple(h.code for h in ordered[at:at + length])))
            at += length
        start = end
    return pieces


def _place(pieces: list[Piece], people: int, cap: int) -> list[list[Piece]]:
    """Largest piece first onto the least-loaded volunteer with room for it whole; a piece
    nobody has room for is cut to fill the least-loaded volunteer, the rest goes on."""
    holding: list[list[Piece]] = [[] for _ in range(people)]
    loads = [0] * people
    queue = sorted(pieces, key=lambda p: (-len(p[1]), p[0]))
    while queue:
        start, codes = queue.pop(0)
        fits = [i for i in range(people) if loads[i] + len(codes) <= cap]
        if fits:
            who = min(fits, key=lambda i: (loads[i], i))
            holding[who].append((start, codes))
            loads[who] += len(codes)
            continue
        who = min(range(people), key=lambda i: (loads[i], i))
        room = cap - loads[who]
        if room <= 0:
            # Callers take at most cap × people households, so this cannot happen.
            raise AssertionError("no room left for a household")
        holding[who].append((start, codes[:room]))
        loads[who] += room
        rest = (start + room, codes[room:])
        queue.append(rest)
        queue.sort(key=lambda p: (-len(p[1]), p[0]))
    return holding


def _balance(holding: list[list[Piece]]) -> None:
    """Move or swap pieces between two volunteers while that narrows the gap between
    them. Every accepted step lowers the sum of squared loads, so it ends; a step only
    ever leaves the receiver below the giver's old load, so the cap stays respected."""
    def load(i: int) -> int:
        return sum(len(codes) for _, codes in holding[i])

    improved = True
    while improved:
        improved = False
        order = sorted(range(len(holding)), key=lambda i: (-load(i), i))
        for heavy in order:
            for light in reversed(order):
                gap = load(heavy) - load(light)
                if gap <= 1:
                    continue
                step = _best_step(holding[heavy], holding[light], gap)
                if step is None:
                    continue
                give, take = step
                holding[heavy].remove(give)
                holding[light].append(give)
                if take is not None:
                    holding[light].remove(take)
                    holding[heavy].append(take)
                improved = True
                break
            if improved:
                break


SEARCH_STEPS = 10_000


def _spread(holding: list[list[Piece]]) -> int:
    loads = [sum(len(codes) for _, codes in held) for held in holding]
    return max(loads) - min(loads)


def _search(pieces: list[Piece], holding: list[list[Piece]],
            cap: int) -> list[list[Piece]] | None:
    """A placement of the whole pieces with a smaller gap than `holding`, if one is found
    within SEARCH_STEPS; None otherwise."""
    people = len(holding)
    total = sum(len(codes) for _, codes in pieces)
    floor_gap = 0 if total % people == 0 else 1
    best_gap = _spread(holding)
    if best_gap <= floor_gap or people == 1:
        return None
    order = sorted(pieces, key=lambda p: (-len(p[1]), p[0]))
    sizes = [len(codes) for _, codes in order]
    left_after = [sum(sizes[i + 1:]) for i in range(len(sizes))]
    loads = [0] * people
    chosen = [0] * len(order)
    best: list[int] | None = None
    steps = 0

    def bound(i: int) -> int:
        # Final max ≥ the current max and the average; final min ≤ the current min plus
        # everything left, and ≤ what the others share once one volunteer holds the max.
        top = max(loads)
        low = min(min(loads) + left_after[i - 1] if i else total, (total - top) // (people - 1))
        return max(top, -(-total // people)) - low

    def walk(i: int) -> bool:
        nonlocal best_gap, best, steps
        steps += 1
        if steps > SEARCH_STEPS:
            return True
        if i == len(order):
            gap = max(loads) - min(loads)
            if gap < best_gap:
                best_gap, best = gap, chosen.copy()
            return best_gap <= floor_gap
        tried: set[int] = set()
        for who in sorted(range(people), key=lambda k: (loads[k], k)):
            # Two volunteers with the same load are interchangeable: try one of them.
            if loads[who] in tried or loads[who] + sizes[i] > cap:
                continue
            tried.add(loads[who])
            loads[who] += sizes[i]
            chosen[i] = who
            if bound(i + 1) < best_gap and walk(i + 1):
                loads[who] -= sizes[i]
                return True
            loads[who] -= sizes[i]
        return False

    walk(0)
    if best is None:
        return None
    found: list[list[Piece]] = [[] for _ in range(people)]
    for piece, who in zip(order, best, strict=True):
        found[who].append(piece)
    return found


def _localize(holding: list[list[Piece]]) -> list[list[Piece]]:
    """The same piece sizes per volunteer (so the same loads), re-dealt in walking order:
    the current volunteer takes each next piece of a size they still need, otherwise the
    next volunteer needing that size does."""
    need = [Counter(len(codes) for _, codes in held) for held in holding]
    dealt: list[list[Piece]] = [[] for _ in holding]
    current = 0
    for piece in sorted(p for held in holding for p in held):
        size = len(piece[1])
        while not +need[current]:
            current += 1
        who = next(i for i in (*range(current, len(need)), *range(current))
                   if need[i][size] > 0)
        dealt[who].append(piece)
        need[who][size] -= 1
    return dealt


def _best_step(heavy: list[Piece], light: list[Piece],
               gap: int) -> tuple[Piece, Piece | None] | None:
    """The move (or swap) whose transfer is closest to half the gap, if any narrows it.
    A transfer t narrows the gap when 0 < t < gap; ties go to the earliest pieces."""
    best: tuple[tuple[int, int, int], tuple[Piece, Piece | None]] | None = None
    for give in sorted(heavy):
        candidates: list[Piece | None] = [None, *sorted(light)]
        for take in candidates:
            moved = len(give[1]) - (len(take[1]) if take is not None else 0)
            if not 0 < moved < gap:
                continue
            score = (abs(gap - 2 * moved), give[0], take[0] if take is not None else -1)
            if best is None or score < best[0]:
                best = (score, (give, take))
    return best[1] if best else None
