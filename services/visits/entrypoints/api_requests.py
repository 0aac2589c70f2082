"""Residents' requests (困难诉求) over HTTP: raise, list (narrowed to the caller's
subtrees, and to the requests assigned to a request handler's unit or department; or
those the caller raised, `?mine=raised`), read, accept (the handler takes it on) and move
them along; each step names the caller's account. Notes are free text: they
stay in visits (never in an event), are shown only to callers in scope, with ID and
phone numbers masked."""

from __future__ import annotations

from sqlalchemy import and_, exists, not_, or_, select

from services.common.auth import REQUEST_HANDLER, Forbidden
from services.common.backbone import Backbone
from services.common.guard import area_scope, who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.visits import clock
from services.visits.adapters.models import Area, Household, Request, RequestHistory, Visit
from services.visits.adapters.places import grid_within, grids_under
from services.visits.domain.requests import ACTIVE
from services.visits.entrypoints import schemas
from services.visits.entrypoints.errors import Refused
from services.visits.entrypoints.owners import author
from services.visits.entrypoints.scopes import grid_path
from services.visits.use_cases.reads import masked_text
from services.visits.use_cases.resident_requests import (
    accept_request,
    change_request,
    raise_request,
    request_by_id,
    request_view,
)

ACTIONS = {"assign": schemas.RequestAssign, "resolve": schemas.RequestNote,
           "close": schemas.RequestClose, "reopen": schemas.RequestNote}


def _shown(row, now, history=None) -> dict:
    view = request_view(row, now, history)
    view["note"] = masked_text(view["note"])
    for step in view.get("history", ()):
        step["note"] = masked_text(step["note"])
    return view


def create(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.RequestCreate().load(read_json(request))
    now = clock.now()
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        session = uow.session
        grid = data.get("grid_code")
        code = data.get("household_code")
        if code:
            household = session.get(Household, code)
            if household is None:
                raise Refused([("household_code", f"unknown household {code}")])
            if grid and grid != household.grid_code:
                raise Refused([("grid_code", f"household {code} is in grid "
                                             f"{household.grid_code}, not {grid}")])
            grid = household.grid_code
        else:
            area = session.get(Area, grid)
            if area is None or area.level != "grid":
                raise Refused([("grid_code", f"unknown grid {grid}")])
        row = raise_request(uow, grid_code=grid, household_code=code,
                            category=data["category"], urgency=data["urgency"],
                            note=data.get("note"), raised_at=now,
                            actor=author(who(request)))
        return 201, _shown(row, now)


def list_all(backbone: Backbone, request) -> dict:
    args = query_args(request, schemas.RequestsQuery())
    caller = who(request)
    # ?mine=raised: the caller's own (a volunteer holds no area: only this list is theirs)
    visible = _raised_by(caller) if args["mine"] == "raised" else _visible(caller)
    now = clock.now()
    with backbone.db.transaction() as session:
        query = select(Request)
        if visible is not None:
            query = query.where(visible)
        if args["grid"]:
            grids, _ = grids_under(session, [args["grid"]])
            query = query.where(Request.grid_code.in_(grids or [args["grid"]]))
        if args["status"]:
            query = query.where(Request.status == args["status"])
        overdue = and_(Request.status.in_(ACTIVE), Request.due_at < now)
        if args["overdue"] is True:
            query = query.where(overdue)
        elif args["overdue"] is False:
            query = query.where(not_(overdue))
        rows = session.execute(query.order_by(Request.due_at, Request.id)
                               .limit(args["limit"]).offset(args["offset"])).scalars()
        return {"requests": [_shown(r, now) for r in rows]}


def _raised_by(caller):
    """SQL: the requests raised on a visit the caller made (their volunteer ids) or
    recorded (their account), or raised by them directly (the history's first step
    names them). Driven from requests (far fewer than visits): each request's visit is
    found by its key."""
    account = caller.subject
    made = [Visit.recorded_by == account]
    if caller.volunteer_ids:
        made.append(Visit.visitor_id.in_(caller.volunteer_ids))
    on_visit = exists().where(Visit.visit_id == Request.visit_id, or_(*made))
    directly = exists().where(RequestHistory.request_id == Request.id,
                              RequestHistory.action == "raised",
                              RequestHistory.actor == account)
    return or_(on_visit, directly)


def _visible(caller):
    """SQL: the requests the caller sees (None: all, AUTH off): those in the subtrees of
    their area grants, and those assigned to the unit or department of their request
    handler grants. Neither: 403, as for any list asked without a place."""
    if caller.everywhere:
        return None
    handled = caller.units(role=REQUEST_HANDLER)
    seen = [Request.assigned_to.in_(handled)] if handled else []
    if caller.areas() or not handled:
        # area_scope refuses (403) a caller holding no area grant and handling nothing
        seen.append(grid_within(Request.grid_code, area_scope(caller)))
    return or_(*seen)


def get(backbone: Backbone, request, request_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        row = request_by_id(session, request_id)
        history = session.execute(select(RequestHistory)
                                  .where(RequestHistory.request_id == request_id)
                                  .order_by(RequestHistory.id)).scalars().all()
        return _shown(row, clock.now(), history)


def _closes_as_the_grid(session, caller, request_id: str, data: dict) -> None:
    """Closing as `grid_leader` (which may close an unresolved request) is the grid's: a
    caller admitted only as the request's handler closes a resolved one, as the resident
    confirmed it to them."""
    if caller.everywhere or data.get("closed_by") != "grid_leader":
        return
    row = request_by_id(session, request_id)
    if not caller.covers_area(grid_path(session, row.grid_code)):
        raise Forbidden("only the request's grid closes it as grid_leader; a request "
                        "handler closes it as confirmed by the resident")


def accept(backbone: Backbone, request, request_id: str) -> dict:
    """The assigned request handler takes the request on; again: the same answer."""
    data = schemas.RequestNote().load(read_json(request))
    now = clock.now()
    caller = who(request)
    handles = None if caller.everywhere else caller.units(role=REQUEST_HANDLER)
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        row = accept_request(uow, request_id, now=now, actor=author(caller),
                             handles=handles, note=data.get("note"))
        return _shown(row, now)


def change(backbone: Backbone, request, request_id: str, action: str) -> dict:
    data = ACTIONS[action]().load(read_json(request))
    now = clock.now()
    caller = who(request)
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        if action == "close":
            _closes_as_the_grid(uow.session, caller, request_id, data)
        row = change_request(uow, request_id, action, data, now=now, actor=author(caller))
        return _shown(row, now)
