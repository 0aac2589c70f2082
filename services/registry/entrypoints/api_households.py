"""Households (户) over HTTP: at an address in a building, and a grid's list with counts."""

from __future__ import annotations

from marshmallow import ValidationError
from sqlalchemy import select

from services.common.backbone import Backbone
from services.common.free_text import mask_identifiers
from services.common.web import Conflict, query_args, read_json
from services.registry.adapters.models import Building, Household, Resident
from services.registry.adapters.payloads import household_payload
from services.registry.domain.rules import grid_tally
from services.registry.entrypoints import schemas
from services.registry.entrypoints.api_lookups import (
    area_code,
    building_by_code,
    expect_version,
    grid_by_code,
    household_by_code,
    unique,
)
from services.registry.entrypoints.api_views import area_view, household_view, resident_view


def _codes(session, household: Household) -> tuple[str, str]:
    building_code = session.execute(
        select(Building.code).where(Building.id == household.building_id)).scalar_one()
    return building_code, area_code(session, household.grid_id)


def create_household(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.HouseholdCreate().load(read_json(request))
    with backbone.db.transaction() as session:
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
        backbone.outbox.add(session, "household_registered",
                            household_payload(household, building.code, grid_code),
                            subject=household.code)
        return 201, household_view(household, building.code, grid_code)


def get_household(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        household = household_by_code(session, code)
        building_code, grid_code = _codes(session, household)
        residents = session.execute(select(Resident).where(Resident.household_id == household.id)
                                    .order_by(Resident.id)).scalars()
        return {**household_view(household, building_code, grid_code),
                "residents": [resident_view(r, household, grid_code) for r in residents]}


def update_household(backbone: Backbone, request, code: str) -> dict:
    data = schemas.HouseholdUpdate().load(read_json(request))
    with backbone.db.transaction() as session:
        household = household_by_code(session, code, lock=True)
        expect_version(data.pop("version", None), household.version)
        if "address" in data:
            data["address"] = mask_identifiers(data["address"])
        building_code, grid_code = _codes(session, household)
        changed = {k: v for k, v in data.items() if getattr(household, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(household, key, value)
            household.version += 1
            session.flush()
            backbone.outbox.add(session, "household_updated",
                                household_payload(household, building_code, grid_code),
                                subject=household.code)
        return household_view(household, building_code, grid_code)


def grid_households(backbone: Backbone, request, code: str) -> dict:
    """Every household of a grid with its resident and tag counts, and the grid's totals.

    A grid holds 300-500 households, so the list is not paged; the filters narrow the
    list, never the totals.
    """
    query = query_args(request, schemas.GridHouseholds())
    with backbone.db.transaction() as session:
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
            raise ValidationError({"building": [f"grid {grid.code} has no building "
                                                f"{query['building']}"]})
        households = [
            {**household_view(h, building_code, grid.code),
             "residents": per[h.id]["residents"], "tag_counts": per[h.id]["tags"]}
            for h, building_code in rows
            if query.get("kind", h.kind) == h.kind
            and query.get("building", building_code) == building_code
        ]
        return {"grid": area_view(grid, area_code(session, grid.parent_id)),
                "totals": totals, "households": households}
