"""A volunteer declines a shift, or a coordinator replaces them: only that shift re-runs
(the domain's reassign_shift); everyone else keeps their place."""

from __future__ import annotations

from datetime import datetime, tzinfo

from services.common.errors import Conflict, Refused
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters import mapping
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import DECLINED, SCHEDULED
from services.dispatch.adapters.staffing_store import SqlStaffing
from services.dispatch.domain import Booking, RuleBroken, reassign_shift, shift_end
from services.dispatch.use_cases.shifts import on_shift, shift_by_key, sign_bookings


def decline(uow: UnitOfWork, key: str, volunteer_id: str, incoming: str | None, *,
            now: datetime, tz: tzinfo, actor: str | None = None) -> dict:
    """The volunteer declines the shift: the best eligible volunteer (or the
    coordinator's ``incoming`` pick) takes their place, and they are not asked again for
    it. With nobody eligible the shift is one more short and shift_understaffed says so."""
    return _take_off(uow, key, volunteer_id, incoming, "incoming_volunteer_id",
                     status=DECLINED, reason="replaced" if incoming else "declined",
                     now=now, tz=tz, actor=actor)


def replace(uow: UnitOfWork, key: str, volunteer_id: str, replacement: str | None, *,
            now: datetime, tz: tzinfo, actor: str | None = None) -> dict:
    """A coordinator takes the volunteer off the shift for ``replacement``, or for the
    next in the fair rotation. As after a decline, the rotation does not put them back
    on this shift (the coordinator had a reason); their other shifts stay."""
    return _take_off(uow, key, volunteer_id, replacement, "replacement_id",
                     status=DECLINED, reason="replaced", now=now, tz=tz, actor=actor)


def _take_off(uow: UnitOfWork, key: str, volunteer_id: str, incoming: str | None,
              incoming_field: str, *, status: str, reason: str, now: datetime, tz: tzinfo,
              actor: str | None) -> dict:
    """Only this shift re-runs (the domain's reassign_shift); everyone else keeps their
    place. ``incoming_field`` names the request field of the coordinator's pick; the
    bookings changed name ``actor`` (the account asking)."""
    session, store = uow.session, SqlStaffing(uow.session)
    unit_id = shift_by_key(session, key).unit_id
    lock_units(session, [unit_id])
    shift = shift_by_key(session, key, lock=True)
    if shift.status != SCHEDULED:
        raise Conflict("shift_key", f"shift {key} is {shift.status}")
    plan = mapping.shift_plan(shift)
    if shift_end(plan.slot, tz) <= now:
        raise Conflict("shift_key", f"shift {key} has ended")
    current = on_shift(session, key)
    staff = store.load_staffing(unit_id, [shift.day])
    try:
        new, replacement = reassign_shift(
            plan, current, volunteer_id, staff.volunteers, staff.bookings, staff.rotation,
            unit_id=unit_id, incoming=incoming, exclude=store.declined_on([key]).get(key, ()))
    except RuleBroken as exc:
        field = incoming_field if exc.field == "incoming" else exc.field
        raise Refused([(field, exc.reason)]) from None
    events = uow.events
    ref = mapping.shift_ref(shift)
    store.set_status([(key, volunteer_id)], status)
    events.add("volunteer_unassigned", {**ref, "volunteer_id": volunteer_id,
                                        "reason": reason}, key)
    if replacement is not None:
        store.book([Booking(replacement, plan.slot, key)])
        events.add("volunteer_assigned", {**ref, "volunteer_id": replacement,
                                          "replaces": volunteer_id}, key)
    sign_bookings(session, [(key, v) for v in (volunteer_id, replacement) if v], actor)
    missing = shift.head_count - len(new)
    store.set_missing({key: missing})
    if missing > 0:
        events.add("shift_understaffed", {**ref, "head_count": shift.head_count,
                                          "assigned": len(new), "missing": missing}, key)
    return {"shift_key": key, "left": volunteer_id, "replacement": replacement,
            "volunteers": new, "missing": missing}
