"""Buildings (楼栋) over HTTP: each sits in one grid."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.registry.entrypoints import schemas
from services.registry.entrypoints.views import building_view
from services.registry.use_cases import buildings


def create_building(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.BuildingCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, building_view(*buildings.create_building(uow, data, who(request).subject))


def get_building(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return building_view(*buildings.get_building(session, code))


def update_building(backbone: Backbone, request, code: str) -> dict:
    data = schemas.BuildingUpdate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return building_view(*buildings.update_building(uow, code, data, who(request).subject))


def grid_buildings(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        grid, rows = buildings.grid_buildings(session, code)
        return {"grid_code": grid.code,
                "buildings": [{**building_view(b, grid.code), "households": n}
                              for b, n in rows]}
