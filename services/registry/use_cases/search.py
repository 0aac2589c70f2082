"""Who lives where, filtered by place, tags and statuses, paged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from services.common.errors import NotFound, Refused
from services.registry.adapters.models import Area, Household, Resident
from services.registry.use_cases.lookups import area_by_code, grid_by_code, household_by_code


@dataclass
class Page:
    total: int
    # (resident, their household or None, its grid's code or None)
    rows: list[tuple[Resident, Household | None, str | None]]


def _ref(find: Callable, session: Session, code: str, param: str):
    """A filter naming a place that does not exist is a bad parameter, not an empty page:
    a misspelt grid code must not look like a grid with nobody in it."""
    try:
        return find(session, code)
    except NotFound as exc:
        raise Refused([(param, f"no {exc.what} has this code")]) from None


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


def search_residents(session: Session, q: dict, where: list) -> Page:
    """`q`: the filters, `limit` and `offset`; `where`: conditions on the residents joined
    to their grid as `Area` (the caller's scope, entrypoints/scopes.py)."""
    conds = _conditions(session, q) + list(where)
    total = session.execute(_joined(select(func.count(Resident.id)).select_from(Resident))
                            .where(*conds)).scalar_one()
    rows = session.execute(_joined(select(Resident, Household, Area.code)).where(*conds)
                           .order_by(Resident.id).limit(q["limit"]).offset(q["offset"])
                           ).all()
    return Page(total, [tuple(r) for r in rows])
