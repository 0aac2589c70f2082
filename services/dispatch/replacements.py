"""A volunteer declines a shift, or a coordinator replaces them: only that shift re-runs
(the domain's reassign_shift); everyone else keeps their place."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.outbox import Outbox
from services.common.web import Conflict

from . import mapping
from .domain import Booking, RuleBroken, reassign_shift, shift_end
from .errors import Refused
from .models import DECLINED, SCHEDULED, Unit
from .shifts import on_shift, shift_by_key
from .staffing import Events, book, declined_on, load_staffing, set_missing, set_status

# the domain names the coordinator's pick 'incoming'; the API calls it this
_FIELDS = {"incoming": "incoming_volunteer_id"}


def decline(session: Session, outbox: Outbox, key: str, volunteer_id: str,
            incoming: str | None, *, now: datetime, tz: tzinfo) -> dict:
    """Take ``volunteer_id`` off the shift and put the best eligible volunteer (or the
    coordinator's ``incoming`` pick) in their place. With nobody eligible the shift is one
    more short and shift_understaffed says so. The leaver is not asked again for it."""
    unit_id = shift_by_key(session, key).unit_id
    session.execute(select(Unit.id).where(Unit.id == unit_id).with_for_update())
    shift = shift_by_key(session, key, lock=True)
    if shift.status != SCHEDULED:
        raise Conflict("shift_key", f"shift {key} is {shift.status}")
    plan = mapping.shift_plan(shift)
    if shift_end(plan.slot, tz) <= now:
        raise Conflict("shift_key", f"shift {key} has ended")
    current = on_shift(session, key)
    staff = load_staffing(session, unit_id, [shift.day])
    try:
        new, replacement = reassign_shift(
            plan, current, volunteer_id, staff.volunteers, staff.bookings, staff.rotation,
            unit_id=unit_id, incoming=incoming, exclude=declined_on(session, [key]).get(key, ()))
    except RuleBroken as exc:
        raise Refused([(_FIELDS.get(exc.field, exc.field), exc.reason)]) from None
    events = Events(outbox)
    ref = mapping.shift_ref(shift)
    set_status(session, [(key, volunteer_id)], DECLINED)
    events.add("volunteer_unassigned", {**ref, "volunteer_id": volunteer_id,
                                        "reason": "replaced" if incoming else "declined"}, key)
    if replacement is not None:
        book(session, [Booking(replacement, plan.slot, key)])
        events.add("volunteer_assigned", {**ref, "volunteer_id": replacement,
                                          "replaces": volunteer_id}, key)
    missing = shift.head_count - len(new)
    set_missing(session, {key: missing})
    if missing > 0:
        events.add("shift_understaffed", {**ref, "head_count": shift.head_count,
                                          "assigned": len(new), "missing": missing}, key)
    events.write(session)
    return {"shift_key": key, "left": volunteer_id, "replacement": replacement,
            "volunteers": new, "missing": missing}
