"""Households (户) over HTTP: at an address in a building, and a grid's list with counts."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.registry.entrypoints import schemas
from services.registry.entrypoints.views import area_view, household_view, resident_view
from services.registry.use_cases import households
from services.registry.use_cases.households import Placed


def _view(placed: Placed) -> dict:
    return household_view(placed.household, placed.building_code, placed.grid_code)


def create_household(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.HouseholdCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, _view(households.create_household(uow, data, who(request).subject))


def get_household(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        placed, residents = households.get_household(session, code)
        return {**_view(placed),
                "residents": [resident_view(r, placed.household, placed.grid_code)
                              for r in residents]}


def update_household(backbone: Backbone, request, code: str) -> dict:
    data = schemas.HouseholdUpdate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return _view(households.update_household(uow, code, data, who(request).subject))


def grid_households(backbone: Backbone, request, code: str) -> dict:
    query = query_args(request, schemas.GridHouseholds())
    with backbone.db.transaction() as session:
        found = households.grid_households(session, code, query)
        return {"grid": area_view(found.grid, found.parent_code), "totals": found.totals,
                "households": [{**household_view(h, building_code, found.grid.code),
                                "residents": counts["residents"],
                                "tag_counts": counts["tags"]}
                               for h, building_code, counts in found.households]}
