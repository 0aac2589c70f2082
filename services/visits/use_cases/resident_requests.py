"""Residents' requests (困难诉求): raised in a visit or directly, then assigned (转办),
resolved, closed or reopened, with a history row per step naming the account that took
it (`actor`: the caller's account id; null for the overdue sweep and for a phone's visit
that came through the broker); overdue ones escalate one level up the area tree per
service-level period (domain.requests decides). Events name the actor too (an id)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.db import Database
from services.common.errors import Conflict, NotFound, Refused
from services.common.outbox import Outbox
from services.common.unit_of_work import UnitOfWork
from services.visits import service_levels
from services.visits.adapters.models import Request as RequestRow
from services.visits.adapters.models import RequestHistory
from services.visits.adapters.places import area_path
from services.visits.domain import requests as domain

SWEEP_BATCH = 200


def request_by_id(session: Session, request_id: str, *, lock: bool = False) -> RequestRow:
    row = session.get(RequestRow, request_id, with_for_update=lock or None)
    if row is None:
        raise NotFound("request", request_id)
    return row


def _domain(row: RequestRow) -> domain.Request:
    return domain.Request(row.id, row.category, row.urgency, row.raised_at, row.due_at,
                          status=row.status, assignee=row.assignee,
                          assigned_to=row.assigned_to,
                          escalation_level=row.escalation_level, version=row.version,
                          accepted_at=row.accepted_at, accepted_by=row.accepted_by)


def _refused(exc: domain.RequestError) -> Refused:
    return Refused([(exc.field or "status", exc.reason)])


def _history(session: Session, row: RequestRow, entry: domain.HistoryEntry,
             level: int | None = None) -> None:
    session.add(RequestHistory(request_id=row.id, at=entry.at, action=entry.action,
                               status=row.status, assignee=row.assignee,
                               assigned_to=row.assigned_to, actor=entry.actor,
                               level=level, note=entry.note))


def _ref(row: RequestRow, at: datetime, actor: str | None) -> dict:
    return {"request_id": row.id, "grid_code": row.grid_code,
            "household_code": row.household_code, "campaign_id": row.campaign_id,
            "category": row.category, "urgency": row.urgency, "status": row.status,
            "raised_at": row.raised_at, "due_at": row.due_at, "at": at,
            "version": row.version, "actor": actor}


def new_request(*, grid_code: str, household_code: str | None, category: str,
                urgency: str, note: str | None, raised_at: datetime,
                campaign_id: str | None = None, visit_id: str | None = None,
                actor: str | None = None) -> tuple[dict, dict, dict]:
    """A request as the domain raises it, not yet written: → (its row, its first history
    row, its request_raised payload). actor: the account raising it."""
    request_id = f"req-{uuid.uuid4().hex}"
    try:
        req = domain.raise_request(request_id, category, urgency, raised_at, note=note,
                                   actor=actor, sla=service_levels.configured())
    except domain.RequestError as exc:
        raise _refused(exc) from None
    entry = req.history[-1]
    row = {"id": request_id, "grid_code": grid_code, "household_code": household_code,
           "campaign_id": campaign_id, "visit_id": visit_id, "category": category,
           "urgency": urgency, "note": entry.note, "status": req.status,
           "raised_at": raised_at, "due_at": req.due_at, "escalation_level": 0,
           "next_escalation_at": req.due_at, "version": req.version}
    history = {"request_id": request_id, "at": entry.at, "action": entry.action,
               "status": req.status, "assignee": None, "assigned_to": None,
               "actor": actor, "level": None, "note": entry.note}
    payload = {**_ref(RequestRow(**row), raised_at, actor), "visit_id": visit_id}
    return row, history, payload


def raise_request(uow: UnitOfWork, *, grid_code: str,
                  household_code: str | None, category: str, urgency: str,
                  note: str | None, raised_at: datetime, campaign_id: str | None = None,
                  visit_id: str | None = None, actor: str | None = None) -> RequestRow:
    values, history, payload = new_request(
        grid_code=grid_code, household_code=household_code, category=category,
        urgency=urgency, note=note, raised_at=raised_at, campaign_id=campaign_id,
        visit_id=visit_id, actor=actor)
    row = RequestRow(**values)
    uow.session.add(row)
    uow.session.flush()
    uow.session.add(RequestHistory(**history))
    uow.events.add("request_raised", payload, subject=row.id)
    return row


def change_request(uow: UnitOfWork, request_id: str, action: str, data: dict, *,
                   now: datetime, actor: str | None) -> RequestRow:
    """assign | resolve | close | reopen, as the domain allows; actor: the account."""
    row = request_by_id(uow.session, request_id, lock=True)
    req = _domain(row)
    note = data.get("note")
    try:
        if action == "assign":
            new = domain.assign(req, data.get("assignee"), now, actor, note,
                                assigned_to=data.get("assigned_to"),
                                grid_path=area_path(uow.session, row.grid_code))
        elif action == "resolve":
            new = domain.resolve(req, now, actor, note)
        elif action == "close":
            new = domain.close(req, now, data["closed_by"], note, actor=actor)
        elif action == "reopen":
            new = domain.reopen(req, now, actor, note)
        else:
            raise ValueError(action)
    except domain.RequestError as exc:
        raise _refused(exc) from None
    row.status, row.assignee, row.version = new.status, new.assignee, new.version
    row.assigned_to = new.assigned_to
    row.accepted_at, row.accepted_by = new.accepted_at, new.accepted_by
    if action == "resolve":
        row.resolved_at = now
    if action == "close":
        row.closed_at, row.closed_by = now, data["closed_by"]
    if action == "reopen":
        row.resolved_at = None
    _history(uow.session, row, new.history[-1])
    payload = _ref(row, now, actor)
    if action == "assign":
        uow.events.add("request_assigned", {**payload, "assignee": new.assignee,
                                            "assigned_to": new.assigned_to,
                                            "transferred": new.transferred},
                       subject=request_id)
    elif action == "resolve":
        uow.events.add("request_resolved", payload, subject=request_id)
    elif action == "close":
        uow.events.add("request_closed", {**payload, "closed_by": data["closed_by"]},
                       subject=request_id)
    else:
        uow.events.add("request_reopened", payload, subject=request_id)
    return row


def accept_request(uow: UnitOfWork, request_id: str, *, now: datetime, actor: str | None,
                   handles: tuple[str, ...] | None, note: str | None = None) -> RequestRow:
    """Its request handler takes the request on (domain.accept). `handles`: the units and
    departments the caller handles (None: any, AUTH off); a request transferred away from
    them since they opened it is a conflict, as is one resolved or closed. Accepting
    again changes nothing. No event: the status stays assigned, and the step is in the
    request's history."""
    row = request_by_id(uow.session, request_id, lock=True)
    if handles is not None and row.assigned_to not in handles:
        holder = row.assigned_to or "no unit or department"
        raise Conflict("assigned_to", f"the request is assigned to {holder}, not to one "
                                      "you handle")
    req = _domain(row)
    try:
        new = domain.accept(req, now, actor, note)
    except domain.RequestError as exc:
        raise Conflict(exc.field or "status", exc.reason) from None
    if new is req:
        return row
    row.accepted_at, row.accepted_by, row.version = new.accepted_at, new.accepted_by, \
        new.version
    _history(uow.session, row, new.history[-1])
    return row


def escalate_overdue(uow: UnitOfWork, row: RequestRow, now: datetime,
                     sla: dict | None = None) -> int:
    """Escalate as many levels as are due now, one event per level. → levels."""
    sla = sla or service_levels.configured()
    hours = domain.sla_hours(row.category, row.urgency, sla)
    path = area_path(uow.session, row.grid_code)
    req = _domain(row)
    levels = 0
    while True:
        step = domain.escalation(req, now, path, req.escalation_level, hours)
        if step is None:
            break
        if step[0] >= max(1, len(path) - 1):
            row.next_escalation_at = None          # the top: nowhere further to go
        else:
            row.next_escalation_at = row.due_at + timedelta(hours=hours * step[0])
        level, target = step
        req = domain.escalate(req, level, target, now)
        row.escalation_level, row.escalated_to, row.escalated_at = level, target, now
        row.version = req.version
        _history(uow.session, row, req.history[-1], level=level)
        uow.events.add("request_overdue", {**_ref(row, now, None), "escalated_to": target,
                                           "level": level}, subject=row.id)
        levels += 1
    return levels


def sweep_overdue(db: Database, outbox: Outbox, *, now: datetime,
                  limit: int = SWEEP_BATCH) -> int:
    """The timer's work: open or assigned requests past their due time. → escalations."""
    with UnitOfWork.begin(db, outbox) as uow:
        rows = uow.session.execute(
            select(RequestRow).where(RequestRow.status.in_(domain.ACTIVE),
                                     RequestRow.next_escalation_at < now)
            .order_by(RequestRow.next_escalation_at).limit(limit)
            .with_for_update(skip_locked=True)).scalars().all()
        return sum(escalate_overdue(uow, row, now) for row in rows)


def request_view(row: RequestRow, now: datetime, history: list | None = None) -> dict:
    view = {"request_id": row.id, "grid_code": row.grid_code,
            "household_code": row.household_code, "campaign_id": row.campaign_id,
            "visit_id": row.visit_id, "category": row.category, "urgency": row.urgency,
            "note": row.note, "status": row.status, "assignee": row.assignee,
            "assigned_to": row.assigned_to,
            "raised_at": row.raised_at, "due_at": row.due_at,
            "overdue": row.status in domain.ACTIVE and now > row.due_at,
            "resolved_at": row.resolved_at, "closed_at": row.closed_at,
            "closed_by": row.closed_by, "escalation_level": row.escalation_level,
            "escalated_to": row.escalated_to, "accepted_at": row.accepted_at,
            "accepted_by": row.accepted_by, "version": row.version}
    if history is not None:
        view["history"] = [{"at": h.at, "action": h.action, "status": h.status,
                            "assignee": h.assignee, "assigned_to": h.assigned_to,
                            "actor": h.actor, "level": h.level, "note": h.note}
                           for h in history]
    return view
