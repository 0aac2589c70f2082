"""Visits over HTTP: capture and read them; a shift's tasks (what the phone shows);
discrepancies and hazards (narrowed to the caller's subtree). Who may act on which
household is decided before these run (service.py, scopes.py)."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.errors import NotFound
from services.common.guard import area_scope, who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.visits import clock
from services.visits.adapters.models import Visit
from services.visits.entrypoints import schemas
from services.visits.use_cases import reads
from services.visits.use_cases.capture import capture_visit


def capture(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.VisitCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        visit, created = capture_visit(uow, data, source="api", now=clock.now(),
                                       tz=clock.tz())
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


def shift_tasks(backbone: Backbone, request, key: str) -> dict:
    args = query_args(request, schemas.TasksQuery())
    with backbone.db.transaction() as session:
        return reads.shift_tasks(session, key, args["volunteer_id"], args["campaign_id"])


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
