"""Areas: city → district → street → community → grid, each under the level above it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.errors import Conflict
from services.common.unit_of_work import UnitOfWork
from services.registry.adapters.models import Area
from services.registry.adapters.payloads import area_event, area_payload
from services.registry.domain.rules import RuleBroken, check_parent, child_path
from services.registry.use_cases import place_trail
from services.registry.use_cases.lookups import (
    apply_changes,
    area_by_code,
    area_code,
    expect_version,
    unique,
)


def create_area(uow: UnitOfWork, data: dict, actor: str | None = None
                ) -> tuple[Area, str | None]:
    """The new area and its parent's code; `actor`: the account registering it."""
    session = uow.session
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
    place_trail.record(session, "area", area.code, actor, place_trail.REGISTERED)
    uow.events.add(area_event(area.level, True), area_payload(area, parent_code),
                   subject=area.code)
    return area, parent_code


def update_area(uow: UnitOfWork, code: str, data: dict, actor: str | None = None
                ) -> tuple[Area, str | None]:
    """The area after the change (a new version and an event only if something changed)."""
    session = uow.session
    area = area_by_code(session, code, lock=True)
    expect_version(data.pop("version", None), area.version)
    parent_code = area_code(session, area.parent_id)
    changed = apply_changes(session, area, data)
    if changed:
        place_trail.record(session, "area", area.code, actor, changed)
        uow.events.add(area_event(area.level, False), area_payload(area, parent_code),
                       subject=area.code)
    return area, parent_code


def get_area(session: Session, code: str) -> tuple[Area, str | None]:
    area = area_by_code(session, code)
    return area, area_code(session, area.parent_id)


def area_children(session: Session, code: str) -> tuple[Area, str | None, list[Area]]:
    area, parent_code = get_area(session, code)
    children = session.execute(
        select(Area).where(Area.parent_id == area.id).order_by(Area.code)).scalars().all()
    return area, parent_code, list(children)
