"""HTTP use cases of the registry: each one transaction, events through the outbox."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from services.common.store import Backbone
from services.common.web import Conflict, NotFound, read_json

from . import schemas
from .domain import RuleBroken, check_parent, child_path
from .models import Area
from .payloads import area_event, area_payload


def health(backbone: Backbone) -> tuple[int, dict]:
    checks = {}
    try:
        with backbone.db.transaction() as session:
            session.execute(text("select 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        backbone.relay.publisher.declare_exchange(f"{backbone.service}.events")
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        backbone.relay.publisher.close()
        checks["broker"] = f"unreachable: {type(exc).__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return (200 if healthy else 503), {"status": "ok" if healthy else "degraded", **checks}


def _area(session: Session, code: str) -> Area:
    area = session.execute(select(Area).where(Area.code == code)).scalar_one_or_none()
    if area is None:
        raise NotFound("area", code)
    return area


def _area_view(area: Area, parent_code: str | None) -> dict:
    return {**area_payload(area, parent_code), "leader_name": area.leader_name}


def _parent_code(session: Session, area: Area) -> str | None:
    if area.parent_id is None:
        return None
    return session.get(Area, area.parent_id).code


def create_area(backbone: Backbone, request) -> tuple[int, dict]:
    data = schemas.AreaCreate().load(read_json(request))
    with backbone.db.transaction() as session:
        parent = None
        if data["parent_code"]:
            parent = session.execute(
                select(Area).where(Area.code == data["parent_code"])).scalar_one_or_none()
            if parent is None:
                raise NotFound("area", data["parent_code"])
        try:
            check_parent(data["level"], parent.level if parent else None)
            path = child_path(parent.path if parent else None, data["code"])
        except RuleBroken as exc:
            raise Conflict(exc.field, exc.reason) from None
        if session.execute(select(Area.id).where(Area.code == data["code"])).first():
            raise Conflict("code", f"area {data['code']} already exists")
        area = Area(code=data["code"], level=data["level"], name=data["name"],
                    parent_id=parent.id if parent else None, path=path,
                    leader_name=data["leader_name"], version=1)
        session.add(area)
        session.flush()
        parent_code = parent.code if parent else None
        backbone.outbox.add(session, area_event(area.level, True),
                            area_payload(area, parent_code), subject=area.code)
        return 201, _area_view(area, parent_code)


def get_area(backbone: Backbone, code: str) -> dict:
    with backbone.db.transaction() as session:
        area = _area(session, code)
        return _area_view(area, _parent_code(session, area))


def update_area(backbone: Backbone, request, code: str) -> dict:
    data = schemas.AreaUpdate().load(read_json(request))
    with backbone.db.transaction() as session:
        area = _area(session, code)
        changed = {k: v for k, v in data.items() if getattr(area, k) != v}
        parent_code = _parent_code(session, area)
        if changed:
            for key, value in changed.items():
                setattr(area, key, value)
            area.version += 1
            session.flush()
            backbone.outbox.add(session, area_event(area.level, False),
                                area_payload(area, parent_code), subject=area.code)
        return _area_view(area, parent_code)
