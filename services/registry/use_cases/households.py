"""Households (户): at an address in a building, and a grid's list with counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.errors import Conflict, Refused
from services.common.free_text import mask_identifiers
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import Area, Building, Household, Resident
from services.registry.adapters.payloads import household_payload
from services.registry.domain.rules import grid_tally
from services.registry.use_cases import place_trail
from services.registry.use_cases.lookups import (
    apply_changes,
    area_code,
    building_by_code,
    expect_version,
    grid_by_code,
    household_by_code,
    unique,
)


@dataclass
class Placed:
    """A household and the codes of where it sits."""
    household: Household
    building_code: str
    grid_code: str


@dataclass
class GridList:
    grid: Area
    parent_code: str | None
    totals: dict
    # (household, building code, {"residents": n, "tags": {tag: n}}), filtered
    households: list[tuple[Household, str, dict]]


def _placed(session: Session, household: Household) -> Placed:
    building_code = session.execute(
        select(Building.code).where(Building.id == household.building_id)).scalar_one()
    return Placed(household, building_code, area_code(session, household.grid_id))


def create_household(uow: UnitOfWork, data: dict, actor: str | None = None) -> Placed:
    """`actor`: the account registering it."""
    session = uow.session
    building = building_by_code(session, data["building_code"])
    grid_code = area_code(session, building.grid_id)
    taken = f"household {data['code']} already exists"
    if session.execute(select(Household.id).where(Household.code == data["code"])).first():
        raise Conflict("code", taken)
    # grid_id is copied from the building so per-grid counts need no extra join
    # an address is free text: kept, and in household events
    household = Household(code=data["code"], kind=data["kind"],
                          address=mask_identifiers(data["address"]),
                          building_id=building.id, grid_id=building.grid_id, version=1)
    with unique(session, "code", taken):
        session.add(household)
    place_trail.record(session, "household", household.code, actor, place_trail.REGISTERED)
    uow.events.add("household_registered",
                   household_payload(household, building.code, grid_code),
                   subject=household.code)
    return Placed(household, building.code, grid_code)


def update_household(uow: UnitOfWork, code: str, data: dict, actor: str | None = None
                     ) -> Placed:
    session = uow.session
    household = household_by_code(session, code, lock=True)
    expect_version(data.pop("version", None), household.version)
    if "address" in data:
        data["address"] = mask_identifiers(data["address"])
    placed = _placed(session, household)
    changed = apply_changes(session, household, data)
    if changed:
        place_trail.record(session, "household", household.code, actor, changed)
        uow.events.add("household_updated",
                       household_payload(household, placed.building_code, placed.grid_code),
                       subject=household.code)
    return placed


def get_household(session: Session, code: str) -> tuple[Placed, list[Resident]]:
    """The household and the residents living there."""
    household = household_by_code(session, code)
    placed = _placed(session, household)
    residents = session.execute(select(Resident).where(Resident.household_id == household.id)
                                .order_by(Resident.id)).scalars().all()
    return placed, list(residents)


def grid_households(session: Session, code: str, query: dict) -> GridList:
    """Every household of a grid with its resident and tag counts, and the grid's totals.

    A grid holds 300-500 households, so the list is not paged; the filters (`kind`,
    `building`) narrow the list, never the totals.
    """
    grid = grid_by_code(session, code)
    rows = session.execute(
        select(Household, Building.code).join(Building, Building.id == Household.building_id)
        .where(Household.grid_id == grid.id).order_by(Household.code)).all()
    people = session.execute(
        select(Resident.household_id, Resident.tags)
        .join(Household, Household.id == Resident.household_id)
        .where(Household.grid_id == grid.id)).all()
    per, totals = grid_tally([(h.id, h.kind) for h, _ in rows], [tuple(p) for p in people])
    if "building" in query and not session.execute(
            select(Building.id).where(Building.code == query["building"],
                                      Building.grid_id == grid.id)).first():
        raise Refused([("building", f"grid {grid.code} has no building {query['building']}")])
    households = [(h, building_code, per[h.id]) for h, building_code in rows
                  if query.get("kind", h.kind) == h.kind
                  and query.get("building", building_code) == building_code]
    return GridList(grid, area_code(session, grid.parent_id), totals, households)
