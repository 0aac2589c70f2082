"""Visits recorded on a shift are evidence that the visitor was there (docs/shifts.md):
the first in-person visit of a volunteer of the shift's unit, within the shift's visit
hours, counts them present (volunteer_checked_in, basis `visit`) when they had not
checked in. A volunteer who knocked on 40 doors without scanning is delivered, never a
silent no-show; one already recorded as a no-show is counted delivered with
`revokes_no_show`, so the change is visible in the figures' history."""

from __future__ import annotations

import logging
from datetime import UTC, tzinfo

from sqlalchemy.orm import Session

from services.common.envelope import Envelope
from services.common.outbox import Outbox
from services.common.slots import AttendanceRules, attendance_rules, visit_window

from .attendance import VISIT, mark
from .models import SCHEDULED, Attendance, Shift, Volunteer

log = logging.getLogger(__name__)
VISITS_BINDINGS = [("visits.events", "visit_recorded")]
_PRESENT = "dispatch.present_by_visit"      # session.info: (shift, volunteer) present


def _why_not(session: Session, data: dict, tz: tzinfo, rules: AttendanceRules
             ) -> tuple[Shift | None, str]:
    if not data.get("shift_key") or data["method"] != "in_person":
        return None, ""                        # a phone call proves nobody's presence
    shift = session.get(Shift, data["shift_key"])
    if shift is None or shift.status != SCHEDULED:
        return None, f"shift {data['shift_key']} is unknown or not scheduled"
    volunteer = session.get(Volunteer, data["visitor_id"])
    if volunteer is None or volunteer.unit_id != shift.unit_id:
        return None, f"visitor {data['visitor_id']} is not a volunteer of unit {shift.unit_id}"
    opens, closes = visit_window(shift.day, shift.half, tz, rules)
    if not opens <= data["visited_at"] <= closes:
        return None, "visited outside the shift's hours"
    return shift, ""


def presence_from_visit(session: Session, outbox: Outbox, data: dict, *, tz: tzinfo,
                        rules: AttendanceRules | None = None) -> bool:
    """→ True when the visit made its visitor present."""
    # a volunteer sends dozens of visits per shift: once they are present, the rest of
    # the transaction's visits of theirs on it cost no query (a new batch starts afresh)
    settled = session.info.setdefault(_PRESENT, set())
    pair = (data.get("shift_key"), data["visitor_id"])
    if pair in settled:
        return False
    shift, why = _why_not(session, data, tz, rules or attendance_rules())
    if shift is None:
        if why:
            log.info("visit %s shows no presence: %s", data["visit_id"], why)
        return False
    present = session.get(Attendance, pair)
    if present is not None and present.checked_in_at is not None:
        settled.add(pair)
        return False
    _, first = mark(session, outbox, shift, data["visitor_id"], "in",
                    data["visited_at"].astimezone(UTC),      # UTC on the wire, as scans
                    f"visit:{data['visit_id']}", basis=VISIT)
    settled.add(pair)
    return first


def visits_handlers(outbox: Outbox, tz) -> dict:
    def on_visit_recorded(session: Session, env: Envelope, data: dict) -> None:
        presence_from_visit(session, outbox, data, tz=tz())

    return {"visits.visit_recorded": on_visit_recorded}
