"""Areas over HTTP: city → district → street → community → grid."""

from __future__ import annotations

from services.common.backbone import Backbone
from services.common.guard import who
from services.common.unit_of_work import UnitOfWork
from services.common.web import query_args, read_json
from services.registry.entrypoints import schemas
from services.registry.entrypoints.views import area_view
from services.registry.use_cases import areas


def create_area(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.AreaCreate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return 201, area_view(*areas.create_area(uow, data, who(request).subject))


def get_area(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        return area_view(*areas.get_area(session, code))


def update_area(backbone: Backbone, request, code: str) -> dict:
    data = schemas.AreaUpdate().load(read_json(request))
    with UnitOfWork.begin(backbone.db, backbone.outbox) as uow:
        return area_view(*areas.update_area(uow, code, data, who(request).subject))


def area_children(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        area, parent_code, children = areas.area_children(session, code)
        return {"area": area_view(area, parent_code),
                "children": [area_view(child, area.code) for child in children]}
