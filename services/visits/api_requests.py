"""Residents' requests (困难诉求) over HTTP: raise, list, read, and move them along."""

from __future__ import annotations

from sqlalchemy import and_, not_, select

from services.common.store import Backbone
from services.common.web import read_json

from . import clock, schemas
from .api_common import query_args
from .domain.requests import ACTIVE
from .errors import Refused
from .models import Area, Household, Request, RequestHistory
from .places import grids_under
from .resident_requests import change_request, raise_request, request_by_id, request_view

ACTIONS = {"assign": schemas.RequestAssign, "resolve": schemas.RequestNote,
           "close": schemas.RequestClose, "reopen": schemas.RequestNote}


def create(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.RequestCreate().load(read_json(request))
    now = clock.now()
    with backbone.db.transaction() as session:
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
        row = raise_request(session, backbone.outbox, grid_code=grid, household_code=code,
                            category=data["category"], urgency=data["urgency"],
                            note=data.get("note"), raised_at=now)
        return 201, request_view(row, now)


def list_all(backbone: Backbone, request) -> dict:
    args = query_args(request, schemas.RequestsQuery())
    now = clock.now()
    with backbone.db.transaction() as session:
        query = select(Request)
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
        return {"requests": [request_view(r, now) for r in rows]}


def get(backbone: Backbone, request, request_id: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        row = request_by_id(session, request_id)
        history = session.execute(select(RequestHistory)
                                  .where(RequestHistory.request_id == request_id)
                                  .order_by(RequestHistory.id)).scalars().all()
        return request_view(row, clock.now(), history)


def change(backbone: Backbone, request, request_id: str, action: str) -> dict:
    data = ACTIONS[action]().load(read_json(request))
    now = clock.now()
    with backbone.db.transaction() as session:
        row = change_request(session, backbone.outbox, request_id, action, data, now=now)
        return request_view(row, now)
