"""Visits over HTTP: capture and read them; a shift's tasks (what the phone shows) and a
volunteer's own; discrepancies and hazards (narrowed to the caller's subtrees). Who may
act on which household is decided before these run (api_routes.py, scopes.py,
owners.py); a visit names the account that captured it, and a volunteer captures only as
themselves."""

from __future__ import annotations

from sqlalchemy import select

from services.common.auth import READ, Forbidden
from services.common.backbone import Backbone
from services.common.errors import NotFound
from services.common.guard import area_scope, who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.visits import clock
from services.visits.adapters.models import Shift, ShiftVolunteer, Visit
from services.visits.entrypoints import schemas, scopes
from services.visits.entrypoints.owners import author, check_visitor
from services.visits.use_cases import reads
from services.visits.use_cases.capture import capture_visit


def capture(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.VisitCreate().load(read_json(request))
    caller = who(request)
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        check_visitor(uow.session, caller, data)
        visit, created = capture_visit(uow, data, source="api", now=clock.now(),
                                       tz=clock.tz(), recorded_by=author(caller))
        return (201 if created else 200), reads.visit_view(visit)


def get(backbone: Backbone, request, visit_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound("visit", visit_id)
        return reads.visit_view(visit)


def household_visits(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return {"household_code": code, "visits": reads.household_visits(session, code)}


def _own_only(session, caller, shift: Shift) -> tuple[str, ...] | None:
    """The volunteer ids whose tasks alone the caller reads on the shift; None when an
    area or unit grant of theirs holds the whole shift (its grid, its unit)."""
    if caller.everywhere or caller.covers_unit(shift.unit_id, READ) or \
            caller.covers_area(scopes.shift_path(session, shift), READ):
        return None
    return caller.volunteer_ids


def shift_tasks(backbone: Backbone, request, key: str) -> dict:
    args = query_args(request, schemas.TasksQuery())
    with backbone.db.transaction() as session:
        only = _own_only(session, who(request), scopes.shift_row(session, key))
        if only is not None and args["volunteer_id"] not in (None, *only):
            raise Forbidden("a volunteer reads only their own tasks")
        return reads.shift_tasks(session, key, args["volunteer_id"], args["campaign_id"],
                                 only=only)


def volunteer_tasks(backbone: Backbone, request, volunteer_id: str) -> dict:
    """A volunteer's tasks ("my tasks"): their shifts from `since` (default today), each
    with only their own tasks, in walking order."""
    args = query_args(request, schemas.VolunteerTasksQuery())
    since = args["since"] or clock.today()
    with backbone.db.transaction() as session:
        keys = session.execute(
            select(Shift.key).join(ShiftVolunteer, ShiftVolunteer.shift_key == Shift.key)
            .where(ShiftVolunteer.volunteer_id == volunteer_id, Shift.day >= since)
            .order_by(Shift.day, Shift.half, Shift.key).limit(args["limit"])).scalars().all()
        shifts = [reads.shift_tasks(session, key, volunteer_id, args["campaign_id"],
                                    door=False) for key in keys]
        # every shift's households and campaigns at once: no query per shift or household
        campaigns = reads.described(session, shifts)
        return {"volunteer_id": volunteer_id, "shifts": shifts, "campaigns": campaigns}


def discrepancies(backbone: Backbone, request) -> dict:
    args = query_args(request, schemas.FindingsQuery())
    scope = area_scope(who(request))
    with backbone.db.transaction() as session:
        return {"discrepancies": reads.discrepancies(session, scope=scope, **args)}


def hazards(backbone: Backbone, request) -> dict:
    args = query_args(request, schemas.HazardsQuery())
    scope = area_scope(who(request))
    with backbone.db.transaction() as session:
        return {"hazards": reads.hazards(session, scope=scope, **args)}
