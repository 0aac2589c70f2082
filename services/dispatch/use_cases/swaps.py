"""Two volunteers of one unit exchange their shifts (调班): only if both stay within the
rules after the exchange (availability, weekly limits, nobody in two places at once)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from services.common.errors import Conflict, Refused
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters import mapping
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import RELEASED, SCHEDULED, Shift
from services.dispatch.adapters.staffing_store import SqlStaffing
from services.dispatch.domain import RuleBroken, shift_start, swap
from services.dispatch.use_cases.shifts import on_shift, shift_by_key, sign_bookings


def _open(shift: Shift, field: str, now: datetime, tz: tzinfo) -> None:
    if shift.status != SCHEDULED:
        raise Conflict(field, f"shift {shift.key} is {shift.status}")
    if shift_start(mapping.shift_plan(shift).slot, tz) <= now:
        # people of a shift under way may have checked in: replace someone instead
        raise Conflict(field, f"shift {shift.key} has begun; replace the volunteer instead")


def swap_shifts(uow: UnitOfWork, key: str, volunteer_id: str, other_key: str,
                other_volunteer_id: str, *, now: datetime, tz: tzinfo,
                actor: str | None = None) -> dict:
    """``volunteer_id`` leaves shift ``key`` for ``other_key`` and ``other_volunteer_id``
    the other way round. Each leaves with volunteer_unassigned (reason swapped) and joins
    with volunteer_assigned naming whom they replace; head-counts do not change."""
    if key == other_key:
        raise Refused([("other_shift_key", "a swap needs two different shifts")])
    session, store = uow.session, SqlStaffing(uow.session)
    first, second = shift_by_key(session, key), shift_by_key(session, other_key)
    if first.unit_id != second.unit_id:
        raise Refused([("other_shift_key", f"shift {other_key} belongs to unit "
                                           f"{second.unit_id}, not {first.unit_id}: people "
                                           "swap within their unit")])
    unit_id = first.unit_id
    lock_units(session, [unit_id])
    # both rows locked in key order, so two swaps over the same shifts cannot deadlock
    locked = {k: shift_by_key(session, k, lock=True) for k in sorted((key, other_key))}
    first, second = locked[key], locked[other_key]
    _open(first, "shift_key", now, tz)
    _open(second, "other_shift_key", now, tz)
    staff = store.load_staffing(unit_id, [first.day, second.day])
    try:
        new = swap(mapping.shift_plan(first), volunteer_id, mapping.shift_plan(second),
                   other_volunteer_id, staff.volunteers, staff.bookings, unit_id=unit_id)
    except RuleBroken as exc:
        raise Refused([(_field(exc, other_volunteer_id), exc.reason)]) from None
    store.set_status([(key, volunteer_id), (other_key, other_volunteer_id)], RELEASED)
    store.book(new)
    sign_bookings(session, [(key, volunteer_id), (other_key, other_volunteer_id),
                            (key, other_volunteer_id), (other_key, volunteer_id)], actor)
    events = uow.events
    for shift, leaving, coming in ((first, volunteer_id, other_volunteer_id),
                                   (second, other_volunteer_id, volunteer_id)):
        ref = mapping.shift_ref(shift)
        events.add("volunteer_unassigned", {**ref, "volunteer_id": leaving,
                                            "reason": "swapped"}, shift.key)
        events.add("volunteer_assigned", {**ref, "volunteer_id": coming,
                                          "replaces": leaving}, shift.key)
    return {"shifts": [{"shift_key": s.key, "volunteers": on_shift(session, s.key)}
                       for s in (first, second)]}


def _field(exc: RuleBroken, other_volunteer_id: str) -> str:
    """The request field a refusal concerns: the domain says volunteer_id for both."""
    if exc.field == "shift":
        return "other_shift_key"
    if exc.reason.startswith(f"{other_volunteer_id} "):
        return "other_volunteer_id"
    return exc.field
