"""Dispatch's copy of communities and grids, kept from the registry's events.

Dispatch never reads the registry's tables (docs/architecture.md rule 1). Events may come twice
(the inbox drops the second) or out of order: a row is replaced only by a higher
``version``, so a late area_registered never undoes an area_updated. Each row keeps its
area path (codes from the city down), which access checks match tokens against.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from services.dispatch.adapters.models import Community, Grid


def _upsert(session: Session, model, values: dict) -> bool:
    """Insert, or overwrite an older version; False when what we hold is as new or newer.
    The same version is taken once more for a row kept without its path (before dispatch
    kept paths): the registry announcing its areas again fills them in."""
    stmt = insert(model).values(**values)
    done = session.execute(
        stmt.on_conflict_do_update(
            index_elements=[model.code],
            set_={k: stmt.excluded[k] for k in values if k != "code"},
            where=or_(model.version < stmt.excluded.version,
                      and_(model.version == stmt.excluded.version, model.path.is_(None))),
        ).returning(model.code)
    ).first()
    return done is not None


def apply_area(session: Session, data: dict) -> bool:
    """Apply one registry area payload; True when it changed dispatch's copy.

    Only communities and grids matter here: cities, districts and streets are ignored.
    """
    if data["level"] == "community":
        return _upsert(session, Community, {
            "code": data["code"], "area_id": data["area_id"], "name": data["name"],
            "parent_code": data["parent_code"], "path": list(data["path"]),
            "version": data["version"]})
    if data["level"] == "grid":
        if not data["parent_code"]:
            return False
        return _upsert(session, Grid, {
            "code": data["code"], "area_id": data["area_id"], "name": data["name"],
            "community_code": data["parent_code"], "path": list(data["path"]),
            "version": data["version"]})
    return False


def community_grids(session: Session, community_code: str) -> list[str]:
    return list(session.execute(
        select(Grid.code).where(Grid.community_code == community_code).order_by(Grid.code)
    ).scalars())
