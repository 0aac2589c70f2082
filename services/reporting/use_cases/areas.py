"""The area tree as reporting keeps it (a copy of the registry's), read for the API."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.common.errors import NotFound
from services.reporting.adapters.models import Area


def area_by_code(session: Session, code: str) -> Area:
    area = session.get(Area, code)
    if area is None:
        raise NotFound("area", code)
    return area


def top_areas(session: Session, scope: tuple[str, ...] | None) -> list[Area]:
    """The top of the tree a caller may read: the cities (`scope` None), or the areas of
    the caller's grants (a report reader of a street starts at that street); an area
    inside another of them is reached from that one, so it is not a top."""
    query = select(Area).order_by(Area.code)
    if scope is None:
        return list(session.execute(query.where(Area.parent_code.is_(None))).scalars())
    found = list(session.execute(query.where(Area.code.in_(scope))).scalars())
    codes = {a.code for a in found}
    return [a for a in found if not codes & set(a.path.split("/")[:-1])]


def with_children(session: Session, code: str) -> tuple[Area, list[Area]]:
    area = area_by_code(session, code)
    children = session.execute(select(Area).where(Area.parent_code == code)
                               .order_by(Area.code)).scalars()
    return area, list(children)
