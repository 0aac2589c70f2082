"""Areas over HTTP: city → district → street → community → grid."""

from __future__ import annotations

from sqlalchemy import select

from services.common.backbone import Backbone
from services.common.web import Conflict, query_args, read_json
from services.registry.adapters.models import Area
from services.registry.adapters.payloads import area_event, area_payload
from services.registry.domain.rules import RuleBroken, check_parent, child_path
from services.registry.entrypoints import schemas
from services.registry.entrypoints.api_lookups import (
    area_by_code,
    area_code,
    expect_version,
    unique,
)
from services.registry.entrypoints.api_views import area_view


def create_area(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.AreaCreate().load(read_json(request))
    with backbone.db.transaction() as session:
        parent = area_by_code(session, data["parent_code"]) if data["parent_code"] else None
        try:
            check_parent(data["level"], parent.level if parent else None)
            path = child_path(parent.path if parent else None, data["code"])
        except RuleBroken as exc:
            raise Conflict(exc.field, exc.reason) from None
        taken = f"area {data['code']} already exists"
        if session.execute(select(Area.id).where(Area.code == data["code"])).first():
            raise Conflict("code", taken)
        area = Area(code=data["code"], level=data["level"], name=data["name"],
                    parent_id=parent.id if parent else None, path=path,
                    leader_name=data["leader_name"], version=1)
        with unique(session, "code", taken):
            session.add(area)
        parent_code = parent.code if parent else None
        backbone.outbox.add(session, area_event(area.level, True),
                            area_payload(area, parent_code), subject=area.code)
        return 201, area_view(area, parent_code)


def get_area(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        area = area_by_code(session, code)
        return area_view(area, area_code(session, area.parent_id))


def update_area(backbone: Backbone, request, code: str) -> dict:
    data = schemas.AreaUpdate().load(read_json(request))
    with backbone.db.transaction() as session:
        area = area_by_code(session, code, lock=True)
        expect_version(data.pop("version", None), area.version)
        changed = {k: v for k, v in data.items() if getattr(area, k) != v}
        parent_code = area_code(session, area.parent_id)
        if changed:
            for key, value in changed.items():
                setattr(area, key, value)
            area.version += 1
            session.flush()
            backbone.outbox.add(session, area_event(area.level, False),
                                area_payload(area, parent_code), subject=area.code)
        return area_view(area, parent_code)


def area_children(backbone: Backbone, request, code: str) -> dict:
    query_args(request, schemas.NoQuery())
    with backbone.db.transaction() as session:
        area = area_by_code(session, code)
        children = session.execute(
            select(Area).where(Area.parent_id == area.id).order_by(Area.code)).scalars()
        return {"area": area_view(area, area_code(session, area.parent_id)),
                "children": [area_view(child, area.code) for child in children]}
