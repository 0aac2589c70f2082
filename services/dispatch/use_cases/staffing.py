"""Writing back what the domain's assignment rules decided: bookings, released people,
missing counts, and the events that say so.

The caller holds the unit's row lock (FOR NO KEY UPDATE, adapters/locks.py), so two
orders, amendments or declines of the same unit never staff from the same stale bookings:
no double booking. The reads and writes are a `StaffingStore`'s (SQL:
adapters/staffing_store.py), the events go to the unit of work's stager.
"""

from __future__ import annotations

from services.common.unit_of_work import EventSink
from services.dispatch.adapters.models import RELEASED
from services.dispatch.domain import Assignment
from services.dispatch.use_cases.stores import StaffingStore


def missing_of(refs: dict[str, dict], result: Assignment) -> dict[str, int]:
    """Shift key → people still missing, for every shift in ``refs``."""
    return {key: result.understaffed.get(key, 0) for key in refs}


def announce_staffed(events: EventSink, refs: dict[str, dict],
                     before: dict[str, tuple[int, int]], missing: dict[str, int]) -> None:
    """shift_staffed for each shift that was short before and is full now, so downstream
    clears its understaffed flag. ``before`` is the store's shortfalls() read before the
    change."""
    for key, count in missing.items():
        head_count, was = before.get(key, (0, 0))
        if was > 0 and count == 0:
            events.add("shift_staffed", {**refs[key], "head_count": head_count,
                                         "assigned": head_count}, key)


def apply_assignment(store: StaffingStore, events: EventSink, refs: dict[str, dict],
                     result: Assignment, *, update_missing: bool = True,
                     replaces: dict[str, str] | None = None) -> None:
    """Write what `assign` decided for the shifts in ``refs`` (shift key → shift event
    fields) and stage its events: volunteer_unassigned for people released by a lower
    head-count, volunteer_assigned per new booking (``replaces``: shift key → the person
    who left it), shift_understaffed per short shift, shift_staffed per shift short
    before and full now. ``update_missing`` false: the caller inserted the shifts with
    their counts already (new shifts: nothing was short before)."""
    before: dict[str, tuple[int, int]] = {}
    missing = missing_of(refs, result)
    if update_missing:
        before = store.shortfalls(refs)
        store.set_missing(missing)
    store.set_status([(b.shift_key, b.volunteer_id) for b in result.released], RELEASED)
    for b in result.released:
        events.add("volunteer_unassigned", {**refs[b.shift_key], "volunteer_id": b.volunteer_id,
                                            "reason": "head_count_reduced"}, b.shift_key)
    store.book(result.bookings_added)
    replaces = replaces or {}
    for b in result.bookings_added:
        events.add("volunteer_assigned", {**refs[b.shift_key], "volunteer_id": b.volunteer_id,
                                          "replaces": replaces.get(b.shift_key)}, b.shift_key)
    for key, short in result.understaffed.items():
        if key in refs:
            on_it = len(result.assigned[key])
            events.add("shift_understaffed", {**refs[key], "head_count": on_it + short,
                                              "assigned": on_it, "missing": short}, key)
    announce_staffed(events, refs, before, missing)
