"""Visits recorded on a shift are evidence that the visitor was there (docs/shifts.md):
the first in-person visit of a volunteer of the shift's unit, within the shift's visit
hours, counts them present (volunteer_checked_in, basis `visit`) when they had not
checked in. A volunteer who knocked on 40 doors without scanning is delivered, never a
silent no-show; one already recorded as a no-show is counted delivered with
`revokes_no_show`, so the change is visible in the figures' history.

Every visit comes here, and most show nothing new (the volunteer is present already, or
it was a phone call), so the consumer runs the inbox's batch mode: the batch's ids are
claimed in one statement, and the handler only reads and stages, without a savepoint
per visit; the staged presences are written when the batch ends (`VisitPresence`), one
per (shift, volunteer), in that order."""

from __future__ import annotations

import logging
from datetime import UTC, tzinfo

from sqlalchemy.orm import Session

from services.common import fastload
from services.common.backbone import Backbone
from services.common.inbound import Incoming, Result
from services.common.inbox import Inbox
from services.common.outbox import Outbox
from services.common.slots import AttendanceRules, attendance_rules, visit_window
from services.common.unit_of_work import UnitOfWork
from services.dispatch.adapters.models import SCHEDULED, Attendance, Shift, Volunteer
from services.dispatch.use_cases.attendance import VISIT, mark

log = logging.getLogger(__name__)
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


def _shows_presence(session: Session, data: dict, tz: tzinfo, rules: AttendanceRules,
                    settled: set) -> Shift | None:
    """The shift the visit makes its visitor present on, or None; reads only."""
    # a volunteer sends dozens of visits per shift: once they are present, the rest of
    # the transaction's visits of theirs on it cost no query (a new batch starts afresh)
    pair = (data.get("shift_key"), data["visitor_id"])
    if pair in settled:
        return None
    shift, why = _why_not(session, data, tz, rules)
    if shift is None:
        if why:
            log.info("visit %s shows no presence: %s", data["visit_id"], why)
        return None
    present = session.get(Attendance, pair)
    if present is not None and present.checked_in_at is not None:
        settled.add(pair)
        return None
    return shift


def _mark_present(uow: UnitOfWork, shift: Shift, data: dict) -> bool:
    _, first = mark(uow, shift, data["visitor_id"], "in",
                    data["visited_at"].astimezone(UTC),      # UTC on the wire, as scans
                    f"visit:{data['visit_id']}", basis=VISIT)
    return first


def presence_from_visit(uow: UnitOfWork, data: dict, *, tz: tzinfo,
                        rules: AttendanceRules | None = None) -> bool:
    """One visit at once (the consumer stages a batch's: VisitPresence).
    → True when the visit made its visitor present."""
    settled = uow.session.info.setdefault(_PRESENT, set())
    shift = _shows_presence(uow.session, data, tz, rules or attendance_rules(), settled)
    if shift is None:
        return False
    first = _mark_present(uow, shift, data)
    settled.add((shift.key, data["visitor_id"]))
    return first


class VisitPresence:
    """A batch of visit_recorded: the handler stages the first visit that makes each
    (shift, volunteer) present, and the inbox's batch hooks (services/common/inbox.py
    `BatchHooks`) write them after the last message, in the batch's transaction. Only the
    staging is per visit: what it read is all a refused or failed visit leaves behind."""

    def __init__(self, outbox: Outbox, tz: tzinfo) -> None:
        self.outbox, self.tz = outbox, tz
        self.rules = attendance_rules()
        self.before_batch(None)

    def before_batch(self, session: Session | None) -> None:
        # the inbox may run the batch again in a new transaction: start from nothing
        self.settled: set = set()
        self.staged: dict[tuple[str, str], tuple[Shift, dict]] = {}

    def after_batch(self, session: Session) -> None:
        # in key order, so two batches lock attendance rows alike; their events reach
        # the outbox in one statement
        with UnitOfWork.within(session, self.outbox) as uow:
            for pair in sorted(self.staged):
                shift, data = self.staged[pair]
                _mark_present(uow, shift, data)
        self.staged = {}

    def stage(self, session: Session, data: dict) -> None:
        """One visit_recorded (its handler: entrypoints/handlers.py VISITS_EVENTS): it
        reads and stages; a visit that raises has staged nothing."""
        shift = _shows_presence(session, data, self.tz, self.rules, self.settled)
        if shift is not None:
            pair = (shift.key, data["visitor_id"])
            self.staged[pair] = (shift, data)
            self.settled.add(pair)


def presence_batch(backbone: Backbone, messages: list[Incoming], presence: VisitPresence,
                   handlers: dict) -> list[Result]:
    """A batch of visits' visit_recorded in one inbox transaction, batch mode, with the
    fast validators (the same results and rejections as marshmallow); `handlers` stage
    into `presence`, which writes after the last message."""
    inbox = Inbox("visits", backbone.tables, backbone.outbox, handlers,
                  batch_mode=True, envelope_loader=fastload.envelope,
                  payload_loader=fastload.load, retention=backbone.retention)
    return inbox.process_batch(backbone.db, messages, presence)
