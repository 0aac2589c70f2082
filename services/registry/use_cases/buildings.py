"""Buildings (楼栋): each sits in one grid."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.common.errors import Conflict
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import Area, Building, Household
from services.registry.adapters.payloads import building_payload
from services.registry.use_cases import place_trail
from services.registry.use_cases.lookups import (
    apply_changes,
    area_code,
    building_by_code,
    expect_version,
    grid_by_code,
    unique,
)


def create_building(uow: UnitOfWork, data: dict, actor: str | None = None
                    ) -> tuple[Building, str]:
    """The new building and its grid's code; `actor`: the account registering it."""
    session = uow.session
    grid = grid_by_code(session, data["grid_code"], "grid_code")
    taken = f"building {data['code']} already exists"
    if session.execute(select(Building.id).where(Building.code == data["code"])).first():
        raise Conflict("code", taken)
    building = Building(code=data["code"], name=data["name"], grid_id=grid.id, version=1)
    with unique(session, "code", taken):
        session.add(building)
    place_trail.record(session, "building", building.code, actor, place_trail.REGISTERED)
    uow.events.add("building_registered", building_payload(building, grid.code),
                   subject=building.code)
    return building, grid.code


def update_building(uow: UnitOfWork, code: str, data: dict, actor: str | None = None
                    ) -> tuple[Building, str]:
    # Moving a building to another grid would move its households and residents too;
    # that re-drawing of grids is not offered here (see the issue note).
    session = uow.session
    building = building_by_code(session, code, lock=True)
    expect_version(data.pop("version", None), building.version)
    grid_code = area_code(session, building.grid_id)
    changed = apply_changes(session, building, data)
    if changed:
        place_trail.record(session, "building", building.code, actor, changed)
        uow.events.add("building_updated", building_payload(building, grid_code),
                       subject=building.code)
    return building, grid_code


def get_building(session: Session, code: str) -> tuple[Building, str]:
    building = building_by_code(session, code)
    return building, area_code(session, building.grid_id)


def grid_buildings(session: Session, code: str) -> tuple[Area, list[tuple[Building, int]]]:
    """A grid's buildings, each with its number of households."""
    grid = grid_by_code(session, code)
    rows = session.execute(
        select(Building, func.count(Household.id))
        .outerjoin(Household, Household.building_id == Building.id)
        .where(Building.grid_id == grid.id)
        .group_by(Building.id).order_by(Building.code)
    ).all()
    return grid, [(b, n) for b, n in rows]
