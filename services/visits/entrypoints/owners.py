"""What the owner-only roles own in visits (services/common/auth.py, the table in
docs/access-control.md): the `own=` resolvers of api_routes.py answer a resource's owners
as `(role, key)` pairs, and guard.py asks them only of a caller holding such a grant.

- A volunteer (`("volunteer", <volunteer id>)`) owns the households of their tasks, the
  tasks themselves (a shift they are on, their own list) and the visits they made. Tasks
  are visits' own (split from the shifts dispatch's events staff), so no other service is
  asked.
- A request handler (`("request_handler", <unit id or department code>)`) owns the
  requests assigned to that code (`requests.assigned_to`).
- A volunteer also reads the requests raised on the visits they made (their progress).

Also here: who a visit names as its visitor, and who recorded a write (`author`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from services.common.auth import CAPTURE, REQUEST_HANDLER, VOLUNTEER, Forbidden, Principal
from services.common.errors import NotFound
from services.common.web import read_json
from services.visits.adapters.models import (
    OPEN,
    Household,
    Request,
    ShiftVolunteer,
    Task,
    Visit,
)
from services.visits.entrypoints.scopes import grid_path

Owners = set[tuple[str, str]]


def author(caller: Principal) -> str | None:
    """The account id a write records (a person's, or an integrator's service account);
    none when the service runs with AUTH off (no account is calling)."""
    return None if caller.everywhere else caller.subject


def _when(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


# -- resolvers: (service, request, **path values) → owners -----------------------------------
def visited_household(service, request) -> Owners:
    """POST /visits: the volunteers whose task holds the household in the body (in its
    campaign): an open task, the task this very visit closed (a phone sends it again),
    or one that was theirs when the visit was made (a phone's late send: the shift ended
    meanwhile). A body that names no household owns nothing; the schema refuses it for
    others."""
    data = read_json(request)
    code, campaign = data.get("household_code"), data.get("campaign_id")
    if not isinstance(code, str) or not code:
        return set()
    held = [Task.status == OPEN]
    if isinstance(data.get("visit_id"), str):
        held.append(Task.visit_id == data["visit_id"])       # the visit that closed it
    visited_at = _when(data.get("visited_at"))
    if visited_at is not None:
        held.append(and_(Task.assigned_at <= visited_at, Task.closed_at >= visited_at))
    query = select(Task.volunteer_id).where(Task.household_code == code, or_(*held))
    if isinstance(campaign, str):
        query = query.where(Task.campaign_id == campaign)
    with service.store.db.transaction() as session:
        return {(VOLUNTEER, v) for v in session.execute(query.distinct()).scalars()}


def shift_volunteers(service, request, key: str) -> Owners:
    """GET /shifts/<key>/tasks: the volunteers on the shift (or once on it); each sees
    only their own tasks there (api_visits.shift_tasks)."""
    with service.store.db.transaction() as session:
        return {(VOLUNTEER, v) for v in session.execute(
            select(ShiftVolunteer.volunteer_id).where(ShiftVolunteer.shift_key == key))
            .scalars()}


def visitor(service, request, visit_id: str) -> Owners:
    """GET /visits/<id>: the volunteer who made it."""
    with service.store.db.transaction() as session:
        row = session.get(Visit, visit_id)
        if row is None:
            raise NotFound("visit", visit_id)
        return {(VOLUNTEER, row.visitor_id)}


def volunteer(service, request, volunteer_id: str) -> Owners:
    """GET /volunteers/<id>/tasks: that volunteer alone."""
    return {(VOLUNTEER, volunteer_id)}


def request_handler(service, request, request_id: str) -> Owners:
    """A request: the unit or department it is assigned to (转办), if any."""
    with service.store.db.transaction() as session:
        row = session.get(Request, request_id)
        if row is None:
            raise NotFound("request", request_id)
        return {(REQUEST_HANDLER, row.assigned_to)} if row.assigned_to else set()


def request_readers(service, request, request_id: str) -> Owners:
    """GET /requests/<id>: its handler (request_handler), and the volunteer who made the
    visit that raised it: the person who raised a request follows its progress."""
    with service.store.db.transaction() as session:
        row = session.get(Request, request_id)
        if row is None:
            raise NotFound("request", request_id)
        owners = {(REQUEST_HANDLER, row.assigned_to)} if row.assigned_to else set()
        if row.visit_id is not None:
            visitor = session.execute(select(Visit.visitor_id)
                                      .where(Visit.visit_id == row.visit_id)).scalar()
            if visitor is not None:
                owners.add((VOLUNTEER, visitor))
        return owners


# -- checks in the adapters ------------------------------------------------------------------
def check_visitor(session: Session, caller: Principal, data: dict) -> None:
    """A volunteer captures only as themselves (issue 13): a caller holding volunteer
    grants names one of their own volunteer ids as the visitor, unless an area grant of
    theirs holds the household (a grid worker recording a volunteer's visit)."""
    mine = caller.volunteer_ids
    if not mine or data["visitor_id"] in mine:
        return
    household = session.get(Household, data["household_code"])
    if household is not None and caller.covers_area(grid_path(session, household.grid_code),
                                                    CAPTURE):
        return
    raise Forbidden("a volunteer captures only as themselves "
                    f"(visitor_id must be {', '.join(mine)})")
