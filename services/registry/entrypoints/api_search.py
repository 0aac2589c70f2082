"""GET /residents: who lives where, filtered by place, tags and statuses, paged."""

from __future__ import annotations

from collections.abc import Callable

from marshmallow import ValidationError
from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from services.common.backbone import Backbone
from services.common.guard import area_scope, who
from services.common.web import NotFound, query_args
from services.registry.adapters.models import Area, Household, Resident
from services.registry.entrypoints import schemas, scopes
from services.registry.entrypoints.api_lookups import area_by_code, grid_by_code, household_by_code
from services.registry.entrypoints.api_views import resident_view


def _ref(find: Callable, session: Session, code: str, param: str):
    """A filter naming a place that does not exist is a bad parameter, not an empty page:
    a misspelt grid code must not look like a grid with nobody in it."""
    try:
        return find(session, code)
    except NotFound as exc:
        raise ValidationError({param: [f"no {exc.what} has this code"]}) from None


def _conditions(session: Session, q: dict) -> list:
    conds = []
    if "grid" in q:
        conds.append(Household.grid_id == _ref(grid_by_code, session, q["grid"], "grid").id)
    if "area" in q:
        path = _ref(area_by_code, session, q["area"], "area").path
        conds.append(or_(Area.path == path, Area.path.startswith(path + "/", autoescape=True)))
    if "household" in q:
        household = _ref(household_by_code, session, q["household"], "household")
        conds.append(Resident.household_id == household.id)
    if q.get("tag"):
        conds.append(Resident.tags.op("@>")(cast(sorted(set(q["tag"])), ARRAY(String))))
    if "test_result" in q:
        conds.append(Resident.latest_test_result == q["test_result"])
    if "tested_before" in q:
        conds.append(or_(Resident.latest_test_date.is_(None),
                         Resident.latest_test_date < q["tested_before"]))
    if "vaccination" in q:
        conds.append(Resident.vaccination == q["vaccination"])
    if "registration_code_applied" in q:
        conds.append(Resident.registration_code_applied.is_(q["registration_code_applied"]))
    if "returned_since" in q:
        conds.append(Resident.returned_on >= q["returned_since"])
    if "moved_out" in q:
        conds.append(Resident.household_id.is_(None) if q["moved_out"]
                     else Resident.household_id.is_not(None))
    return conds


def _joined(query):
    # outer joins: residents moved out of the area have no household and no grid
    return (query.outerjoin(Household, Household.id == Resident.household_id)
            .outerjoin(Area, Area.id == Household.grid_id))


def search_residents(backbone: Backbone, request) -> dict:
    """Narrowed to the caller's subtree: a grid worker searching the whole city finds
    their grid's residents, not a 403."""
    q = query_args(request, schemas.ResidentSearch(), repeatable=("tag",))
    scope = area_scope(who(request))
    with backbone.db.transaction() as session:
        conds = _conditions(session, q)
        if scope is not None:
            conds.append(scopes.residents_within(scopes.root_path(session, scope), Area))
        total = session.execute(_joined(select(func.count(Resident.id)).select_from(Resident))
                                .where(*conds)).scalar_one()
        rows = session.execute(_joined(select(Resident, Household, Area.code)).where(*conds)
                               .order_by(Resident.id).limit(q["limit"]).offset(q["offset"])
                               ).all()
        return {"total": total, "limit": q["limit"], "offset": q["offset"],
                "items": [resident_view(r, h, grid_code) for r, h, grid_code in rows]}
