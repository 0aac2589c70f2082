"""Residents' requests (困难诉求): service levels, lifecycle and escalation.

Lifecycle (every change returns a new Request with version + 1 and a history entry):

    open ──assign──▶ assigned ──assign (another assignee: 转办, transferred)──▶ assigned
      │                 │ └─accept (its handler takes it on; status unchanged)
      │                 │
      └────resolve──────┴──▶ resolved ──close (resident confirms / grid leader)──▶ closed
                                 │
                                 └──reopen (resident not satisfied)──▶ assigned

Decisions:
- resolve works from open too: a grid worker may settle a small request on the spot.
- close: the resident (confirming) or the grid leader closes a resolved request. The
  grid leader may also close an open or assigned one (duplicate, withdrawn, handled
  elsewhere) but must say why in a note. A resident cannot close an unresolved request:
  withdrawing goes through the grid leader so it is recorded who decided.
- reopen: resolved → assigned to the same assignee (or open if it was resolved without
  one), with a note saying what is still wrong. The original due time stands, so a
  reopened request that is already late is escalated at once.
- Closed is final.
- accept: the request handler of the unit or department it is assigned to takes it on
  (the field app's "accept"): the status stays assigned, `accepted_at`/`accepted_by` say
  when and who. Accepting an accepted request changes nothing (a phone may send it
  twice). A transfer (转办) clears them: the new handler accepts in turn; a reopened
  request keeps them (it goes back to the same handler).

Escalation: a request still open or assigned after its due time is overdue. The first
overdue check escalates it one level up the area tree (grid → community); each further
full service-level period overdue escalates one more level (→ street → district →
city). `escalation` returns one level at a time, so every level is told in turn even
when a check comes late; call it again until it returns None to catch up. Above the
city there is nowhere to go: the first escalation of a request whose grid has no parent
is reported with area None, and then nothing more.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import MappingProxyType

from services.common.free_text import mask_identifiers
from services.common.vocab import REQUEST_ACTIVE_STATUSES as ACTIVE
from services.common.vocab import REQUEST_CATEGORIES as CATEGORIES
from services.common.vocab import REQUEST_CLOSERS as CLOSERS
from services.common.vocab import URGENCIES

NOTE_MAX = 1000

# Hours from raising to the due time. Health and home safety come first; social
# security cases go through offices with their own lead times.
DEFAULT_SLA_HOURS: Mapping[tuple[str, str], int] = MappingProxyType({
    ("medical", "critical"): 2, ("medical", "high"): 6,
    ("medical", "normal"): 24, ("medical", "low"): 72,
    ("supplies", "critical"): 4, ("supplies", "high"): 12,
    ("supplies", "normal"): 24, ("supplies", "low"): 72,
    ("elderly_care", "critical"): 4, ("elderly_care", "high"): 12,
    ("elderly_care", "normal"): 48, ("elderly_care", "low"): 120,
    ("social_security", "critical"): 24, ("social_security", "high"): 48,
    ("social_security", "normal"): 120, ("social_security", "low"): 168,
    ("housing_safety", "critical"): 2, ("housing_safety", "high"): 12,
    ("housing_safety", "normal"): 48, ("housing_safety", "low"): 120,
    ("other", "critical"): 12, ("other", "high"): 24,
    ("other", "normal"): 72, ("other", "low"): 168,
})


class RequestError(ValueError):
    """A request change that is not allowed; `field` names the input at fault, if any."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.reason = reason
        self.field = field


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    action: str  # raised, assigned, transferred, accepted, resolved, closed, reopened, escalated
    actor: str | None
    note: str | None = None


@dataclass(frozen=True)
class Request:
    request_id: str
    category: str
    urgency: str
    raised_at: datetime
    due_at: datetime
    status: str = "open"
    assignee: str | None = None
    assigned_to: str | None = None
    """the code of the unit or department assigned (a request handler's grant names it)."""
    transferred: bool = False
    """the latest assignment moved it from another assignee (转办)."""
    escalation_level: int = 0
    version: int = 1
    history: tuple[HistoryEntry, ...] = ()
    accepted_at: datetime | None = None
    accepted_by: str | None = None

    @property
    def changed_at(self) -> datetime:
        return self.history[-1].at if self.history else self.raised_at


def sla_hours(category: str, urgency: str,
              sla: Mapping[tuple[str, str], int] = DEFAULT_SLA_HOURS) -> int:
    _check_kind(category, urgency)
    hours = sla.get((category, urgency))
    if hours is None:
        raise RequestError(f"no service level for {category}/{urgency}", "urgency")
    return hours


def due_at(category: str, urgency: str, raised_at: datetime,
           sla: Mapping[tuple[str, str], int] = DEFAULT_SLA_HOURS) -> datetime:
    _aware(raised_at, "raised_at")
    return raised_at + timedelta(hours=sla_hours(category, urgency, sla))


def raise_request(request_id: str, category: str, urgency: str, raised_at: datetime, *,
                  actor: str | None = None, note: str | None = None,
                  sla: Mapping[tuple[str, str], int] = DEFAULT_SLA_HOURS) -> Request:
    """A new open request (version 1), due by its category's service level."""
    if not isinstance(request_id, str) or not request_id:
        raise RequestError("must be non-empty text", "request_id")
    due = due_at(category, urgency, raised_at, sla)
    return Request(request_id, category, urgency, raised_at, due,
                   history=(HistoryEntry(raised_at, "raised", actor, _note(note)),))


def department_problem(assigned_to: str, grid_path: Sequence[str]) -> str | None:
    """A department is named `<area code>:<department>` (accounts grants request_handler
    for it so, e.g. `4401:housing`): departments of different cities share names, so a
    request goes only to a department of an area on its own grid's path (itself or
    above), never to another city's. A unit id (no colon) is not judged here."""
    if ":" not in assigned_to:
        return None
    area, _, department = assigned_to.partition(":")
    if not area or not department or ":" in department:
        return "a department is named <area code>:<department>, e.g. 4401:housing"
    if area not in grid_path:
        return (f"department {assigned_to} belongs to area {area}, which is not on this "
                "request's grid path (a request goes to a department of its own area "
                "or one above it)")
    return None


def assign(req: Request, assignee: str | None, at: datetime, actor: str | None,
           note: str | None = None, *, assigned_to: str | None = None,
           grid_path: Sequence[str] = ()) -> Request:
    """open → assigned; assigned to someone else → assigned, transferred (转办).

    `assigned_to` is the code of the unit or department (what a request handler's grant
    names: they see and act on the request), `assignee` what people read (a name); one
    of them is enough, the code standing for the name when none is typed. A department
    (`<area code>:<department>`) must be of an area on `grid_path`, the request's grid's
    path from the city down (department_problem)."""
    if assigned_to is not None and (not isinstance(assigned_to, str)
                                    or not assigned_to.strip()):
        raise RequestError("must be a unit id or department code", "assigned_to")
    assigned_to = assigned_to.strip() if assigned_to else None
    problem = department_problem(assigned_to, grid_path) if assigned_to else None
    if problem:
        raise RequestError(problem, "assigned_to")
    if assignee is None and assigned_to is not None:
        assignee = assigned_to
    if not isinstance(assignee, str) or not assignee.strip():
        raise RequestError("must name a unit or department", "assignee")
    # a department is named, but people type a contact's number into it too: it goes into
    # request_assigned events as well as the database
    assignee = mask_identifiers(assignee.strip())
    if req.status not in ACTIVE:
        raise RequestError(f"a {req.status} request cannot be assigned", "status")
    if req.status == "assigned" and (req.assignee, req.assigned_to) == (assignee,
                                                                       assigned_to):
        raise RequestError(f"already assigned to {assignee}",
                           "assigned_to" if assigned_to else "assignee")
    transferred = req.status == "assigned"
    kept = {} if assigned_to == req.assigned_to else {"accepted_at": None,
                                                       "accepted_by": None}
    return _change(req, at, "transferred" if transferred else "assigned", actor, note,
                   status="assigned", assignee=assignee, assigned_to=assigned_to,
                   transferred=transferred, **kept)


class NotAcceptable(RequestError):
    """The request is in no state to be accepted (a conflict with its state, not bad
    input)."""


def accept(req: Request, at: datetime, actor: str | None, note: str | None = None) -> Request:
    """assigned → assigned, accepted by its handler (`actor`). Already accepted: the same
    request, unchanged (the caller tells by identity). Not assigned to a unit or
    department, resolved or closed: NotAcceptable."""
    if req.status != "assigned":
        raise NotAcceptable(f"a {req.status} request cannot be accepted"
                            + (": it is accepted once assigned (转办) to a unit or "
                               "department" if req.status == "open" else ""), "status")
    if req.assigned_to is None:
        raise NotAcceptable("assigned by name only: no request handler holds it",
                            "assigned_to")
    if req.accepted_at is not None:
        return req
    return _change(req, at, "accepted", actor, note, accepted_at=at, accepted_by=actor)


def resolve(req: Request, at: datetime, actor: str | None, note: str | None = None) -> Request:
    """open/assigned → resolved, waiting for the resident's confirmation."""
    if req.status not in ACTIVE:
        raise RequestError(f"a {req.status} request cannot be resolved", "status")
    return _change(req, at, "resolved", actor, note, status="resolved")


def close(req: Request, at: datetime, closed_by: str, note: str | None = None, *,
          actor: str | None = None) -> Request:
    """resolved → closed by the resident or the grid leader; open/assigned → closed by
    the grid leader only, with a note."""
    if closed_by not in CLOSERS:
        raise RequestError(f"must be one of: {', '.join(CLOSERS)}", "closed_by")
    if req.status == "closed":
        raise RequestError("already closed", "status")
    if req.status in ACTIVE:
        if closed_by != "grid_leader":
            raise RequestError("only the grid leader can close a request that is not "
                               "resolved", "closed_by")
        if not (note and note.strip()):
            raise RequestError("say why a request that is not resolved is closed", "note")
    return _change(req, at, "closed", actor or closed_by, note, status="closed")


def reopen(req: Request, at: datetime, actor: str | None, note: str) -> Request:
    """resolved → assigned (same assignee; open if it had none): the resident did not
    confirm. The note says what is still wrong."""
    if req.status != "resolved":
        raise RequestError(f"only a resolved request can be reopened, not a {req.status} one",
                           "status")
    if not (note and note.strip()):
        raise RequestError("say why the request is reopened", "note")
    return _change(req, at, "reopened", actor, note,
                   status="assigned" if req.assignee else "open", transferred=False)


def is_overdue(req: Request, now: datetime) -> bool:
    _aware(now, "now")
    return req.status in ACTIVE and now > req.due_at


def escalation(req: Request, now: datetime, area_path: list[str], escalation_level: int,
               sla_hours: int) -> tuple[int, str | None] | None:
    """The next (level, area code) to escalate to now, or None.

    area_path: area codes from the city down to the request's grid, the grid included
    (registry's `path`). Level 1 is the grid's parent (the community), level 2 the one
    above, and so on; the level due is 1 + whole SLA periods since the due time.
    """
    if isinstance(sla_hours, bool) or not isinstance(sla_hours, int) or sla_hours < 1:
        raise RequestError("must be a whole number of hours of at least 1", "sla_hours")
    if escalation_level < 0:
        raise RequestError("cannot be negative", "escalation_level")
    if not is_overdue(req, now):
        return None
    due_level = 1 + int((now - req.due_at) // timedelta(hours=sla_hours))
    top = max(1, len(area_path) - 1)
    if escalation_level >= min(due_level, top):
        return None
    level = escalation_level + 1
    target = area_path[-1 - level] if len(area_path) > level else None
    return level, target


def escalate(req: Request, level: int, area_code: str | None, at: datetime) -> Request:
    """Record an escalation returned by `escalation` on the request."""
    if level != req.escalation_level + 1:
        raise RequestError(f"must be {req.escalation_level + 1}, one above the current",
                           "level")
    return _change(req, at, "escalated", None, f"level {level}: {area_code or 'top'}",
                   escalation_level=level)


def median_hours(durations: Iterable[tuple[datetime, datetime]]) -> float | None:
    """Median hours from start to end (e.g. raised → resolved); None when empty."""
    hours = [(end - start) / timedelta(hours=1) for start, end in durations]
    return statistics.median(hours) if hours else None


def _change(req: Request, at: datetime, action: str, actor: str | None, note: str | None,
            **changes) -> Request:
    _aware(at, "at")
    if at < req.raised_at:
        raise RequestError("is before the request was raised", "at")
    entry = HistoryEntry(at, action, actor, _note(note))
    return replace(req, version=req.version + 1, history=(*req.history, entry), **changes)


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str):
        raise RequestError("must be text", "note")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise RequestError(f"must be at most {NOTE_MAX} characters", "note")
    # every note of a request (its own, each step's) is kept: identifiers never in clear
    return mask_identifiers(note) or None


def _check_kind(category: str, urgency: str) -> None:
    if category not in CATEGORIES:
        raise RequestError(f"must be one of: {', '.join(CATEGORIES)}", "category")
    if urgency not in URGENCIES:
        raise RequestError(f"must be one of: {', '.join(URGENCIES)}", "urgency")


def _aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise RequestError("must be a date-time with a time zone offset", name)
