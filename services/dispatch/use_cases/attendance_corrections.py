"""A check-in recorded after the shift ended: an explicit correction with a reason, by
someone entitled to make it (the shift's unit coordinator, or a community or city admin
over its place: `write` on the shift, docs/shifts.md), kept in attendance_corrections and
published as a volunteer_checked_in with basis `correction`, so figures count it and say
it was corrected."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from services.common.auth import Principal
from services.common.errors import Conflict, refuse_if
from services.common.free_text import mask_identifiers
from services.common.slots import (
    AttendanceRules,
    attendance_rules,
    checkin_window,
    checkout_window,
    hhmm,
)
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters.locks import lock_units
from services.dispatch.adapters.models import SCHEDULED, Attendance, AttendanceCorrection, Shift
from services.dispatch.use_cases.attendance import (
    CORRECTION,
    attendance_view,
    mark,
    no_show_recorded,
)
from services.dispatch.use_cases.people import volunteer_by_id
from services.dispatch.use_cases.shifts import shift_by_key


def _time_problems(data: dict, shift, tz: tzinfo, rules: AttendanceRules
                   ) -> list[tuple[str, str]]:
    opens, closes = checkin_window(shift.day, shift.half, tz, rules)
    hours = f"{shift.day} {hhmm(opens, tz)}–{hhmm(closes, tz)} local"
    problems = []
    arrived = data["checked_in_at"].astimezone(tz)
    if not opens <= arrived < closes:
        problems.append(("checked_in_at", f"{arrived.isoformat()} is outside shift "
                                          f"{shift.key}'s check-in window ({hours}): give "
                                          "the time the volunteer really arrived"))
    left = data.get("checked_out_at")
    if left is not None:
        _, out_closes = checkout_window(shift.day, shift.half, tz, rules)
        left = left.astimezone(tz)
        if left <= arrived:
            problems.append(("checked_out_at", "must be after checked_in_at"))
        elif left > out_closes:
            problems.append(("checked_out_at", f"{left.isoformat()} is after the check-out "
                                               f"window closed ({hhmm(out_closes, tz)})"))
    return problems


def _locked_shift(session: Session, key: str) -> Shift:
    """The shift, locked in dispatch's one order (adapters/locks.py): its unit first,
    then the shift, FOR NO KEY UPDATE. FOR UPDATE on the shift alone excluded the KEY
    SHARE every scan or visit writing attendance on it takes, so a correction waiting on
    the attendance row a consumer's batch held, while that batch waited to write another
    row on the shift, was a deadlock; and the unit first makes a correction wait behind
    a staffing change of the unit, never across it."""
    lock_units(session, [shift_by_key(session, key).unit_id])
    return session.execute(select(Shift).where(Shift.key == key)
                           .with_for_update(key_share=True)
                           .execution_options(populate_existing=True)).scalar_one()


def correct_checkin(uow: UnitOfWork, key: str, data: dict, caller: Principal, source: str,
                    *, now: datetime, tz: tzinfo, rules: AttendanceRules | None = None
                    ) -> dict:
    """Record that the volunteer was present on the ended shift; → the attendance with
    the correction. Refused, naming the field, when the shift has not ended (a check-in
    is what is needed then), the times are outside the shift's, or they are present
    already."""
    session, rules = uow.session, rules or attendance_rules()
    shift = _locked_shift(session, key)
    volunteer_id = data["volunteer_id"]
    volunteer = volunteer_by_id(session, volunteer_id)
    if shift.status != SCHEDULED:
        raise Conflict("shift_key", f"shift {key} is {shift.status}")
    _, closes = checkin_window(shift.day, shift.half, tz, rules)
    if now < closes:
        raise Conflict("shift_key", f"shift {key} has not ended (it ends at "
                                    f"{closes.isoformat()}): check the volunteer in "
                                    f"(POST /shifts/{key}/checkins)")
    problems = []
    if volunteer.unit_id != shift.unit_id:
        problems.append(("volunteer_id", f"{volunteer_id} belongs to unit {volunteer.unit_id}, "
                                         f"not {shift.unit_id}"))
    refuse_if(problems + _time_problems(data, shift, tz, rules))
    present = session.get(Attendance, (key, volunteer_id), with_for_update={"key_share": True})
    if present is not None and present.checked_in_at is not None:
        raise Conflict("volunteer_id", f"{volunteer_id} is present on shift {key} already "
                                       f"(since {present.checked_in_at.isoformat()}, by "
                                       f"{present.basis}): nothing to correct")
    arrived = data["checked_in_at"].astimezone(UTC)
    left = data.get("checked_out_at")
    correction = {
        "shift_key": key, "volunteer_id": volunteer_id, "checked_in_at": arrived,
        "checked_out_at": left.astimezone(UTC) if left is not None else None,
        "reason": mask_identifiers(data["reason"].strip())[:500],
        "was_no_show": no_show_recorded(session, key, volunteer_id) is not None,
        "corrected_at": now, "subject": caller.subject[:200], "role": caller.role[:200],
        "token_id": caller.token_id[:64], "source": source[:300]}
    correction_id = session.execute(insert(AttendanceCorrection).values(**correction)
                                    .returning(AttendanceCorrection.id)).scalar_one()
    row, _ = mark(uow, shift, volunteer_id, "in", arrived,
                  f"correction:{correction_id}", basis=CORRECTION,
                  correction_id=correction_id, actor=caller.subject)
    if left is not None:
        row, _ = mark(uow, shift, volunteer_id, "out", left.astimezone(UTC),
                      f"correction:{correction_id}", actor=caller.subject)
    return {**attendance_view(row), "correction": {
        "id": correction_id, "reason": correction["reason"],
        "was_no_show": correction["was_no_show"], "corrected_at": now,
        "role": caller.role}}
