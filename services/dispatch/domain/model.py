"""Dispatch vocabulary as frozen values: slots, orders, planned shifts, volunteers, bookings.

No database, no broker: the service layer maps its rows onto these and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.common.vocab import HALVES

# A 'day' slot occupies both halves; this is what makes it overlap an 'am' or 'pm' slot.
HALVES_TAKEN = {"am": ("am",), "pm": ("pm",), "day": ("am", "pm")}
# Chronological order within one day; a 'day' slot starts with the morning.
HALF_ORDER = {"am": 0, "day": 0, "pm": 1}


class RuleBroken(ValueError):
    """A request the rules refuse, with the field it concerns and a reason for people."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


@dataclass(frozen=True, order=True)
class Slot:
    """A date and a part of it: 'am', 'pm' or the whole 'day'."""

    day: date
    half: str

    def __post_init__(self) -> None:
        if self.half not in HALVES:
            raise ValueError(f"half must be one of {HALVES}, not {self.half!r}")

    @property
    def halves(self) -> tuple[str, ...]:
        """The half-days this slot occupies ('day' → both)."""
        return HALVES_TAKEN[self.half]

    @property
    def week(self) -> tuple[int, int]:
        """ISO (year, week): weekly limits count shifts per ISO week."""
        year, week, _ = self.day.isocalendar()
        return year, week

    def overlaps(self, other: Slot) -> bool:
        return self.day == other.day and bool(set(self.halves) & set(other.halves))

    def sort_key(self) -> tuple[date, int]:
        return self.day, HALF_ORDER[self.half]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.half}"


@dataclass(frozen=True)
class OrderSpec:
    """A pairing order (下沉指令): what the unit commits to send, where and when.

    Head-count rule: ``head_count`` is the number of people per batch (one slot). Unless
    ``head_count_per_place`` is true it is split as evenly as possible across the places,
    so '8 people every half day, 6 batches' over 3 grids is 6 slots x (3+3+2) = 48
    person-times. With ``head_count_per_place`` every place gets ``head_count`` people
    ('8 people in each of 20 grids' → 160 people per slot).

    Exactly one of ``batches`` (N consecutive slots from ``start``) and ``end`` (the last
    day, inclusive) bounds the period. ``places`` are grid or site codes; empty means all
    grids of the community.
    """

    order_id: str
    unit_id: str
    community_code: str
    start: date
    end: date | None
    batches: int | None
    slot_kind: str
    head_count: int
    task_kinds: tuple[str, ...]
    places: tuple[str, ...] = ()
    head_count_per_place: bool = False


@dataclass(frozen=True)
class ShiftPlan:
    """One shift (批次/班次) an order produces.

    A shift carries *all* the task kinds of its order: an order such as 'information
    checks, fire-safety checks and residence-code registration' does not say who does
    which, and splitting the head-count per kind would make shifts of zero or one person.
    The team on site divides the work.
    """

    key: str
    slot: Slot
    place_code: str
    task_kinds: tuple[str, ...]
    head_count: int


def shift_key(order_id: str, slot: Slot, place_code: str) -> str:
    """Deterministic, so a re-planned (amended) order finds its existing shifts again."""
    return f"{order_id}:{slot.day.isoformat()}:{slot.half}:{place_code}"


@dataclass(frozen=True)
class Volunteer:
    """A member of a unit who can be dispatched (党员干部/志愿者).

    ``weekdays`` uses date.weekday() numbering (0 = Monday); ``halves`` holds 'am' and/or
    'pm'; ``weekly_limit`` is the most shifts per ISO week across all pairings (a 'day'
    shift counts as one; 0 means none).
    """

    id: str
    unit_id: str
    party_member: bool = False
    skills: frozenset[str] = frozenset()
    weekdays: frozenset[int] = frozenset(range(7))
    halves: frozenset[str] = frozenset({"am", "pm"})
    blackout: frozenset[date] = frozenset()
    weekly_limit: int = 5
    active: bool = True


@dataclass(frozen=True)
class Booking:
    """A volunteer put on a shift; kept across all pairings to prevent double booking."""

    volunteer_id: str
    slot: Slot
    shift_key: str


@dataclass(frozen=True)
class PlanDiff:
    """What an amendment does to the shifts of an order (see scheduling.diff_plans)."""

    added: list[ShiftPlan] = field(default_factory=list)
    removed: list[ShiftPlan] = field(default_factory=list)
    changed: list[ShiftPlan] = field(default_factory=list)
    frozen: list[ShiftPlan] = field(default_factory=list)
